package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/web"
)

// Page is what every page template receives: the frame (user, navigation, breadcrumb,
// flash) and the page's own Data.
type Page struct {
	Title     string
	Bare      bool // sign-in and set-up pages: no navigation
	User      *outlay.User
	Nav       []NavItem
	Crumbs    []Crumb
	Flash     string
	FlashKind string // success, error, info
	RequestID string
	// Mail is the admins' banner about outgoing mail; nil for everyone else and when
	// there is nothing to say.
	Mail *MailBanner
	// Build names the running build in the footer ("0.10.0 (c91ceca)"), for admins only:
	// they are the ones who upgrade it, and to everyone else it tells an attacker which
	// version's weaknesses to try.
	Build string
	Data  any
}

// buildLabel names a build in a few characters: "0.10.0 (c91ceca)". The commit is left
// out when the version already holds it, as git describe's "0.10.0-3-gc91ceca" or its
// bare "c91ceca" do.
func buildLabel(version, commit string) string {
	if len(commit) > 7 {
		commit = commit[:7]
	}
	if commit == "" || strings.Contains(version, commit) {
		return version
	}
	return version + " (" + commit + ")"
}

// NavItem is one entry of the top navigation.
type NavItem struct {
	Label, Href string
	Current     bool
}

// Crumb is one step of the breadcrumb; the last one has no Href.
type Crumb struct{ Label, Href string }

// sections are the top navigation's entries, with the minimum role that sees each.
var sections = []struct{ Key, Label, Href, Role string }{
	{"home", "Dashboard", "/", outlay.RoleViewer},
	{"vendors", "Vendors", "/vendors", outlay.RoleViewer},
	{"contracts", "Contracts", "/contracts", outlay.RoleViewer},
	{"renewals", "Renewals", "/renewals", outlay.RoleViewer},
	{"licences", "Licences", "/licences", outlay.RoleViewer},
	{"budget", "Budget", "/budget", outlay.RoleViewer},
	{"spend", "Spend", "/spend", outlay.RoleViewer},
	{"reports", "Reports", "/reports", outlay.RoleViewer},
	{"imports", "Import", "/imports", outlay.RoleEditor},
	{"users", "Users", "/admin/users", outlay.RoleAdmin},
	{"audit", "Audit log", "/admin/audit", outlay.RoleViewer},
	{"settings", "Settings", "/admin/settings", outlay.RoleAdmin},
	{"notifications", "Notifications", "/notifications", outlay.RoleAdmin},
}

const (
	sessionFlash     = "flash"
	sessionFlashKind = "flash_kind"
)

// page starts a Page for the current request: section is the navigation key to mark.
// It takes the flash message out of the session, so it shows exactly once.
func (s *Server) page(c *gin.Context, title, section string, crumbs ...Crumb) Page {
	p := Page{Title: title, User: currentUser(c), Crumbs: crumbs, RequestID: c.GetString(ctxRequestID)}
	if p.User != nil {
		for _, sec := range sections {
			if outlay.RoleAtLeast(p.User.Role, sec.Role) {
				p.Nav = append(p.Nav, NavItem{Label: sec.Label, Href: sec.Href, Current: sec.Key == section})
			}
		}
	}
	if p.User.IsAdmin() {
		p.Mail = s.mailBanner(c)
		p.Build = buildLabel(s.version(), s.cfg.Commit)
	}
	ctx := c.Request.Context()
	p.Flash = s.sessions.PopString(ctx, sessionFlash)
	p.FlashKind = s.sessions.PopString(ctx, sessionFlashKind)
	if p.FlashKind == "" {
		p.FlashKind = "success"
	}
	return p
}

// flash stores a message for the next page, shown after a redirect.
func (s *Server) flash(c *gin.Context, kind, msg string) {
	s.sessions.Put(c.Request.Context(), sessionFlash, msg)
	s.sessions.Put(c.Request.Context(), sessionFlashKind, kind)
}

// redirect answers a successful POST with 303 See Other, so a reload does not post again.
func redirect(c *gin.Context, to string) { c.Redirect(http.StatusSeeOther, to) }

// render executes a page template into a buffer first, so a template error becomes a
// clean 500 page instead of half a page.
func (s *Server) render(c *gin.Context, status int, name string, p Page) {
	t, ok := s.templates[name]
	if !ok {
		s.log.Error("unknown template", "name", name)
		c.String(http.StatusInternalServerError, internalMessage+" Request id: "+c.GetString(ctxRequestID))
		return
	}
	// A list that cut its search term says so, whenever the page was put together, and
	// answers 400: what it shows is not what was asked for, though it is shown to help.
	if n := c.GetString(ctxListNotice); n != "" {
		if p.Flash == "" {
			p.Flash, p.FlashKind = n, "error"
		}
		if status == http.StatusOK {
			status = http.StatusBadRequest
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err, "request_id", c.GetString(ctxRequestID))
		if name != "error" {
			p.Data = errorView{Heading: "Something went wrong", Message: internalMessage, Back: "/", BackLabel: "Back to the dashboard"}
			s.render(c, http.StatusInternalServerError, "error", p)
			return
		}
		c.String(http.StatusInternalServerError, internalMessage+" Request id: "+c.GetString(ctxRequestID))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// parseTemplates parses each page template together with the layout and the partials,
// once at start.
func parseTemplates() (map[string]*template.Template, error) {
	pages, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(web.FS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// templateFuncs are the helpers templates may call.
var templateFuncs = template.FuncMap{
	"money": func(amount int64, currency string) string { return money.Format(amount, currency) },
	"date":  outlay.FormatDate,
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"timep": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"relDays":     relDays,
	"dueClass":    dueClass,
	"statusBadge": statusBadge,
	"human":       humanize,
	"thousands":   thousands,
	"field":       newFieldView,
	"selectField": func(f *Form, name, label string, options []Option, required bool, help string) fieldView {
		v := newFieldView(f, name, label, "", required, help)
		v.Options = options
		return v
	},
	"sortArgs": func(l *List, key, label string, class ...string) sortArgs {
		a := sortArgs{List: l, Key: key, Label: label}
		if len(class) > 0 {
			a.Class = class[0]
		}
		return a
	},
	"canEdit":   func(u *outlay.User) bool { return u.CanEdit() },
	"isAdmin":   func(u *outlay.User) bool { return u.IsAdmin() },
	"pctBasis":  func(bp int64) string { return money.FormatFixed(bp, 2) }, // basis points as "3.50"
	"rate":      func(micros int64) string { return money.FormatFixed(micros, outlay.RateDigits) },
	"int64":     func(n int) int64 { return int64(n) },
	"variance":  func(amount int64, currency string) moneyArg { return moneyArg{amount, currency} },
	"committed": budgetCommitted,
	"budgetRow": budgetRow,
}

// relDays writes a distance in days as people say it: "in 23 days", "today", "5 days late".
func relDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n > 1:
		return fmt.Sprintf("in %s days", thousands(int64(n)))
	case n == -1:
		return "1 day late"
	}
	return fmt.Sprintf("%s days late", thousands(int64(-n)))
}

// dueClass picks the colour class of a key date: red when late, amber within the window.
func dueClass(n, window int) string {
	switch {
	case n < 0:
		return "due due-late"
	case n == 0:
		return "due due-today"
	case n <= window:
		return "due due-soon"
	}
	return "due"
}

// statusBadge picks the badge class of a derived contract status or vendor status.
func statusBadge(status string) string {
	switch status {
	case "active":
		return "badge badge-green"
	case "notice":
		return "badge badge-amber"
	case "notice_missed":
		return "badge badge-red"
	case "cancelled", "ended", "inactive", "archived":
		return "badge badge-grey"
	case "upcoming", "prospect":
		return "badge badge-blue"
	}
	return "badge"
}

// humanize turns an API field or enum name into words: owner_email -> "Owner email".
func humanize(s string) string {
	s = strings.NewReplacer("first_term.", "", "_", " ", ".", " ").Replace(s)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// thousands writes an integer with comma thousands separators.
func thousands(n int64) string { return money.Format(n, "JPY") }

// moneyArg carries an amount and its currency into a partial template.
type moneyArg struct {
	Amount   int64
	Currency string
}
