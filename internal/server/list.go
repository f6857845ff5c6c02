package server

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// Page sizes: lists in pages show 50 rows; the API lets clients choose up to 200.
const (
	pageSize       = 50
	apiDefaultSize = 50
	apiMaxSize     = 200
)

// maxSearch bounds a search term (in characters): longer than any name or reference,
// short enough that no LIKE pattern built from it is too complex for SQLite.
const maxSearch = 200

// ctxListNotice is the gin context key of a message about the list's own parameters (a
// search term that was cut), shown on the page like a flash.
const ctxListNotice = "list_notice"

// List is the state of a list page taken from its URL: filters, sort and page number all
// live in the query string, so a filtered list can be bookmarked and shared.
type List struct {
	Path    string
	Query   url.Values // every parameter of the request, filters included
	Sort    string
	Desc    bool
	Page    int
	PerPage int
	Total   int
}

// newList reads sort (one of allowed, else def), dir=desc and page from the request.
func newList(c *gin.Context, def string, defDesc bool, allowed ...string) *List {
	q := c.Request.URL.Query()
	l := &List{Path: c.Request.URL.Path, Query: q, Sort: def, Desc: defDesc, Page: 1, PerPage: pageSize}
	if s := q.Get("sort"); s != "" {
		for _, a := range allowed {
			if s == a {
				l.Sort, l.Desc = s, q.Get("dir") == "desc"
			}
		}
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 0 {
		l.Page = p
	}
	if q.Has("q") {
		q.Set("q", capSearch(c, q.Get("q")))
	}
	return l
}

// capSearch returns a page's search term, cut to its first maxSearch characters when
// longer, with a notice on the page that says so and status 400 (render); the API
// refuses such a term outright (newAPIList).
func capSearch(c *gin.Context, term string) string {
	if utf8.RuneCountInString(term) <= maxSearch {
		return term
	}
	c.Set(ctxListNotice, "The search term was cut to its first "+strconv.Itoa(maxSearch)+" characters.")
	return string([]rune(term)[:maxSearch])
}

// newAPIList reads sort, dir, page and per_page for an API list. An unknown sort column
// or an overlong search term is a 400 naming the parameter: a client's typo should not
// look like a list in another order, or like the whole list.
func newAPIList(c *gin.Context, def string, defDesc bool, allowed ...string) (*List, error) {
	bad := outlay.FieldErrors{}
	if s := c.Query("sort"); s != "" && !slices.Contains(allowed, s) {
		if len(allowed) == 0 {
			bad.Add("sort", "this list has one fixed order")
		} else {
			bad.Add("sort", "must be one of: "+strings.Join(allowed, ", "))
		}
	}
	if d := c.Query("dir"); d != "" && d != "asc" && d != "desc" {
		bad.Add("dir", "must be asc or desc")
	}
	if utf8.RuneCountInString(c.Query("q")) > maxSearch {
		bad.Add("q", "too long (at most "+strconv.Itoa(maxSearch)+" characters)")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	l := newList(c, def, defDesc, allowed...)
	l.PerPage = apiDefaultSize
	if n, err := strconv.Atoi(c.Query("per_page")); err == nil && n > 0 {
		l.PerPage = min(n, apiMaxSize)
	}
	return l, nil
}

// Offset is the number of rows before the current page. A page number typed into the
// URL so large that the product overflows is past the end of any list.
func (l *List) Offset() int {
	if l.PerPage > 0 && l.Page-1 > math.MaxInt/l.PerPage {
		return math.MaxInt
	}
	return (l.Page - 1) * l.PerPage
}

// Filter returns the value of a filter parameter.
func (l *List) Filter(name string) string { return l.Query.Get(name) }

func (l *List) with(set map[string]string) string {
	q := url.Values{}
	for k, v := range l.Query {
		q[k] = v
	}
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return l.Path
	}
	return l.Path + "?" + q.Encode()
}

// SortURL is the link of a column header: sorting by the column, or reversing it when it
// is already the sort. Sorting returns to the first page.
func (l *List) SortURL(key string) string {
	dir := ""
	if key == l.Sort && !l.Desc {
		dir = "desc"
	}
	return l.with(map[string]string{"sort": key, "dir": dir, "page": ""})
}

// AriaSort is the aria-sort value of a column header ("" when not sorted by it).
func (l *List) AriaSort(key string) string {
	if key != l.Sort {
		return ""
	}
	if l.Desc {
		return "descending"
	}
	return "ascending"
}

// Arrow is the visible sort marker of a column header.
func (l *List) Arrow(key string) string {
	switch l.AriaSort(key) {
	case "ascending":
		return "▲"
	case "descending":
		return "▼"
	}
	return ""
}

// ExportURL is the address of the list's export at path, with the same filters and sort
// but no page: an export holds every row that matches.
func (l *List) ExportURL(path string) string {
	q := url.Values{}
	for k, v := range l.Query {
		if k != "page" {
			q[k] = v
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Pages is the number of pages.
func (l *List) Pages() int {
	if l.PerPage <= 0 {
		return 1
	}
	return max(1, (l.Total+l.PerPage-1)/l.PerPage)
}

// HasPrev reports whether there is a page before this one.
func (l *List) HasPrev() bool { return l.Page > 1 }

// HasNext reports whether there is a page after this one.
func (l *List) HasNext() bool { return l.Page < l.Pages() }

// Prev is the previous page number.
func (l *List) Prev() int { return l.Page - 1 }

// Next is the next page number.
func (l *List) Next() int { return l.Page + 1 }

// PageURL is the link to page n with the same filters and sort.
func (l *List) PageURL(n int) string {
	if n <= 1 {
		return l.with(map[string]string{"page": ""})
	}
	return l.with(map[string]string{"page": strconv.Itoa(n)})
}

// PageNumbers lists the page links to show: the first, the last and two either side of
// the current page, with 0 standing for a gap.
func (l *List) PageNumbers() []int {
	last := l.Pages()
	var out []int
	prev := 0
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= l.Page-2 && n <= l.Page+2) {
			if prev != 0 && n > prev+1 {
				out = append(out, 0)
			}
			out = append(out, n)
			prev = n
		}
	}
	return out
}

// sortArgs carries a column header's arguments into the "sorthead" template.
type sortArgs struct {
	List       *List
	Key, Label string
	Class      string
}

// ListResponse is the envelope of every API list.
type ListResponse[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// newListResponse builds the envelope; Items is never null in JSON.
func newListResponse[T any](items []T, l *List) ListResponse[T] {
	if items == nil {
		items = []T{}
	}
	return ListResponse[T]{Items: items, Total: l.Total, Page: l.Page, PerPage: l.PerPage}
}
