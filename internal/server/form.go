package server

import (
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// Form carries what the user typed and the messages about it back into a template, so a
// refused form comes back exactly as it was sent, with each message beside its field.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string // a message for the whole form, shown at the top
	// Order lists field names in page order, so the summary at the top follows the form.
	Order []string
}

// newForm copies the posted fields named in order out of the request.
func newForm(c *gin.Context, order ...string) *Form {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: order}
	for _, name := range order {
		f.Values[name] = c.PostForm(name)
	}
	return f
}

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values[name] }

// Set sets a field's value (used to fill an edit form from a record).
func (f *Form) Set(name, value string) { f.Values[name] = value }

// Error returns a field's message.
func (f *Form) Error(name string) string { return f.Errors[name] }

// Fail records err on the form: field messages go beside their fields (renamed by
// rename, for domain names that differ from input names), the rest to the top.
// It reports whether err was one the form can show (EINVALID or ECONFLICT).
func (f *Form) Fail(err error, rename map[string]string) bool {
	code := outlay.ErrorCode(err)
	if code != outlay.EINVALID && code != outlay.ECONFLICT {
		return false
	}
	for k, v := range outlay.ErrorFields(err) {
		if r, ok := rename[k]; ok {
			k = r
		}
		f.Errors[k] = v
	}
	if len(outlay.ErrorFields(err)) == 0 || code == outlay.ECONFLICT {
		f.Message = outlay.ErrorMessage(err)
	}
	return true
}

// HasErrors reports whether anything is wrong with the form.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// FieldError is one line of the summary at the top of a form.
type FieldError struct{ Field, Label, Message string }

// ErrorList lists the field messages in page order.
func (f *Form) ErrorList() []FieldError {
	pos := map[string]int{}
	for i, n := range f.Order {
		pos[n] = i + 1
	}
	var out []FieldError
	for k, v := range f.Errors {
		out = append(out, FieldError{Field: k, Label: humanize(k), Message: v})
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := pos[out[i].Field], pos[out[j].Field]
		if pi == 0 {
			pi = 1 << 20
		}
		if pj == 0 {
			pj = 1 << 20
		}
		if pi != pj {
			return pi < pj
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// Option is one choice of a select.
type Option struct{ Value, Label string }

// options makes select options from enumeration values, labelled in words; blank, when
// given, is the label of a first empty choice ("Any status", "Choose…").
func options(values []string, blank string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{"", blank})
	}
	for _, v := range values {
		out = append(out, Option{v, humanize(v)})
	}
	return out
}

// fieldView is one field's arguments for the input, textarea and select templates.
type fieldView struct {
	Name, Label, Type, Value, Error, Help string
	Required                              bool
	Options                               []Option
}

func newFieldView(f *Form, name, label, typ string, required bool, help string) fieldView {
	if typ == "" {
		typ = "text"
	}
	v := fieldView{Name: name, Label: label, Type: typ, Required: required, Help: strings.TrimSpace(help)}
	if f != nil {
		v.Value, v.Error = f.Values[name], f.Errors[name]
	}
	return v
}
