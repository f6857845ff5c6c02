package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// openAPIDocument is the API's OpenAPI 3.1 document, written by hand beside the handlers
// it describes and embedded, so the binary serves the document of its own version.
// api_doc_test.go holds it to the router (every /api/v1 route documented, nothing
// documented that is not registered, each with the role the route requires) and to real
// answers of the handlers.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiDocJSON answers GET /api/v1/openapi.json with the document. It is public: it holds
// no secrets, and a client needs it before it has a token.
func (s *Server) apiDocJSON(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openAPIDocument)
}

// apiDocPage answers GET /api/docs with the document as a page, drawn on the server from
// the same JSON (no script, no CDN), for people who read before they script.
func (s *Server) apiDocPage(c *gin.Context) {
	p := s.page(c, "API", "")
	p.Data = s.apiDoc
	s.render(c, http.StatusOK, "api_doc", p)
}

// The document as far as the page shows it: openapi.json read into these at start.
type (
	oaDoc struct {
		Info struct {
			Title, Version, Summary, Description string
		}
		Servers []struct{ URL string }
		Tags    []struct{ Name string }
		Paths   map[string]map[string]json.RawMessage
		// Components are the shared parts that operations refer to by $ref.
		Components struct {
			Parameters map[string]oaParam
			Responses  map[string]oaResponse
			Schemas    map[string]oaSchema
		}
	}
	oaOperation struct {
		OperationID string `json:"operationId"`
		Tags        []string
		Summary     string
		Description string
		Role        string `json:"x-outlay-role"`
		Parameters  []oaParam
		RequestBody *struct {
			Required bool
			Content  map[string]struct{ Schema oaSchema }
		} `json:"requestBody"`
		Responses map[string]oaResponse
	}
	oaParam struct {
		Ref         string `json:"$ref"`
		Name, In    string
		Required    bool
		Description string
		Schema      oaSchema
	}
	oaResponse struct {
		Ref         string `json:"$ref"`
		Description string
		Content     map[string]struct{ Schema oaSchema }
	}
	oaSchema struct {
		Ref                  string `json:"$ref"`
		Type                 any    // a name, or a list of names in 3.1
		Format               string
		Description          string
		Enum                 []any
		Const                any
		Items                *oaSchema
		AnyOf                []oaSchema `json:"anyOf"`
		Properties           map[string]oaSchema
		Required             []string
		AdditionalProperties any `json:"additionalProperties"`
		// PropertyOrder is the properties in the order the document lists them, which
		// is the order of the JSON the handlers write.
		PropertyOrder []string `json:"-"`
	}
)

// UnmarshalJSON reads a schema and remembers the order of its properties.
func (s *oaSchema) UnmarshalJSON(b []byte) error {
	type plain oaSchema
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	var raw struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(b, &raw); err != nil || len(raw.Properties) == 0 {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(raw.Properties)))
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 {
				s.PropertyOrder = append(s.PropertyOrder, t)
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// apiDocView is what the API page shows: the operations by tag, then the schemas.
type apiDocView struct {
	Title, Version, Summary, Base string
	Description                   template.HTML
	Groups                        []apiDocGroup
	Schemas                       []apiDocSchema
}

type apiDocGroup struct {
	Tag        string
	Operations []apiDocOperation
}

type apiDocOperation struct {
	ID, Method, Path, Summary, Role string
	Description                     template.HTML
	Params                          []apiDocField
	Body                            *apiDocType
	BodyRequired                    bool
	BodyMedia                       string
	Responses                       []apiDocResponse
}

type apiDocResponse struct {
	Status      string
	Description template.HTML
	Type        *apiDocType
}

// apiDocType is a schema written for people: "Vendor" (a link), "list of Term",
// "string (date)", "one of: a, b".
type apiDocType struct {
	Text, Link string
}

type apiDocField struct {
	Name, In    string
	Description template.HTML
	Required    bool
	Type        apiDocType
}

type apiDocSchema struct {
	Name        string
	Description template.HTML
	Type        apiDocType // for a schema that is no object: an enum, a number
	Fields      []apiDocField
	Closed      bool // additionalProperties: false
}

// apiMethods are the operations' methods in the order the page lists them.
var apiMethods = []string{"get", "post", "put", "patch", "delete"}

// newAPIDocView reads the embedded document into the page's view. It fails at start,
// not on a request, when the document cannot be read.
func newAPIDocView() (*apiDocView, error) {
	var d oaDoc
	if err := json.Unmarshal(openAPIDocument, &d); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	v := &apiDocView{Title: d.Info.Title, Version: d.Info.Version, Summary: d.Info.Summary, Description: docText(d.Info.Description)}
	if len(d.Servers) > 0 {
		v.Base = d.Servers[0].URL
	}
	group := map[string]int{} // tag to index in v.Groups
	for _, t := range d.Tags {
		group[t.Name] = len(v.Groups)
		v.Groups = append(v.Groups, apiDocGroup{Tag: t.Name})
	}
	paths := make([]string, 0, len(d.Paths))
	for p := range d.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		item := d.Paths[p]
		var shared []oaParam
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &shared); err != nil {
				return nil, fmt.Errorf("openapi.json %s parameters: %w", p, err)
			}
		}
		for _, m := range apiMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			var op oaOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, fmt.Errorf("openapi.json %s %s: %w", m, p, err)
			}
			o := apiDocOperation{ID: op.OperationID, Method: strings.ToUpper(m), Path: v.Base + p,
				Summary: op.Summary, Description: docText(op.Description), Role: op.Role}
			for _, prm := range append(slices.Clone(shared), op.Parameters...) {
				if prm.Ref != "" {
					prm = d.Components.Parameters[refName(prm.Ref)]
				}
				o.Params = append(o.Params, apiDocField{Name: prm.Name, In: prm.In, Description: docText(prm.Description),
					Required: prm.Required, Type: docType(prm.Schema)})
			}
			if rb := op.RequestBody; rb != nil {
				for media, c := range rb.Content {
					t := docType(c.Schema)
					o.Body, o.BodyMedia, o.BodyRequired = &t, media, rb.Required
				}
			}
			codes := make([]string, 0, len(op.Responses))
			for code := range op.Responses {
				codes = append(codes, code)
			}
			slices.Sort(codes)
			for _, code := range codes {
				r := op.Responses[code]
				if r.Ref != "" {
					r = d.Components.Responses[refName(r.Ref)]
				}
				out := apiDocResponse{Status: code, Description: docText(r.Description)}
				for media, c := range r.Content {
					t := docType(c.Schema)
					if media != "application/json" {
						t = apiDocType{Text: media}
					}
					out.Type = &t
				}
				o.Responses = append(o.Responses, out)
			}
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			i, ok := group[tag]
			if !ok {
				i = len(v.Groups)
				group[tag] = i
				v.Groups = append(v.Groups, apiDocGroup{Tag: tag})
			}
			v.Groups[i].Operations = append(v.Groups[i].Operations, o)
		}
	}
	names := make([]string, 0, len(d.Components.Schemas))
	for n := range d.Components.Schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		sc := d.Components.Schemas[n]
		out := apiDocSchema{Name: n, Description: docText(sc.Description), Closed: sc.AdditionalProperties == false}
		if len(sc.Properties) == 0 {
			out.Type = docType(sc)
		}
		for _, name := range sc.PropertyOrder {
			f := sc.Properties[name]
			out.Fields = append(out.Fields, apiDocField{Name: name, Description: docText(f.Description),
				Required: slices.Contains(sc.Required, name), Type: docType(f)})
		}
		v.Schemas = append(v.Schemas, out)
	}
	return v, nil
}

// docText writes a description for the page: the document's descriptions are
// CommonMark, of which they use only `code`; everything else is escaped.
func docText(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return template.HTML(b.String())
}

// refName is the last part of a $ref: "#/components/schemas/Vendor" is "Vendor".
func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// docType writes a schema's type for people.
func docType(s oaSchema) apiDocType {
	if s.Ref != "" {
		n := refName(s.Ref)
		return apiDocType{Text: n, Link: "#schema-" + n}
	}
	if len(s.AnyOf) > 0 {
		var parts []string
		link := ""
		for _, a := range s.AnyOf {
			t := docType(a)
			parts = append(parts, t.Text)
			if t.Link != "" {
				link = t.Link
			}
		}
		return apiDocType{Text: strings.Join(parts, " or "), Link: link}
	}
	var types []string
	switch t := s.Type.(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			types = append(types, fmt.Sprint(x))
		}
	}
	if s.Items != nil {
		item := docType(*s.Items)
		for i, t := range types {
			if t == "array" {
				types[i] = "list of " + item.Text
			}
		}
		if len(types) == 0 {
			types = []string{"list of " + item.Text}
		}
		text := strings.Join(types, " or ")
		return apiDocType{Text: text, Link: item.Link}
	}
	text := strings.Join(types, " or ")
	if s.Format != "" {
		text += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, e := range s.Enum {
			vals[i] = fmt.Sprint(e)
		}
		text = "one of: " + strings.Join(vals, ", ")
	}
	if s.Const != nil {
		text = "always " + fmt.Sprint(s.Const)
	}
	if text == "" {
		text = "any"
	}
	return apiDocType{Text: text}
}
