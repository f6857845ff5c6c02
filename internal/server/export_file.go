package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// Building a workbook is the most expensive thing a request can start: it reads every
// matching row on one pooled connection and keeps a CPU busy for seconds on a large
// book. A few at a time keep the read pool and the CPUs for everyone else; a request
// that finds every slot taken waits a little, then gets 429 with Retry-After.
const (
	exportSlots      = 2
	exportWait       = 5 * time.Second
	exportRetryAfter = 10 // seconds
)

// exportGate bounds how many workbooks are built at once. The zero value is ready: it
// lives in the Server and needs no set-up in New.
type exportGate struct {
	once  sync.Once
	slots chan struct{}
	wait  time.Duration // how long a request waits for a slot; zero means exportWait
}

// enter takes a slot, waiting a short while for one; ok is false when none came free
// in time or the request was abandoned. leave gives the slot back.
func (g *exportGate) enter(ctx context.Context) (leave func(), ok bool) {
	g.once.Do(func() { g.slots = make(chan struct{}, exportSlots) })
	leave = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return leave, true
	default:
	}
	wait := g.wait
	if wait == 0 {
		wait = exportWait
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return leave, true
	case <-t.C:
		return nil, false
	case <-ctx.Done():
		return nil, false
	}
}

// errExportsBusy is the answer when every export slot stays taken.
var errExportsBusy = outlay.Errorf(outlay.ETHROTTLED,
	"Outlay is preparing other exports right now. Please try again in a few seconds.")

// sendExport builds a workbook with build under the export limit into a temporary file,
// then sends the file with its Content-Length. The workbook is never held in memory,
// and the file is gone when the handler returns, whether the build failed, the client
// went away or all went well. build reads what it needs itself, so the data is read
// only once a slot is held.
func (s *Server) sendExport(c *gin.Context, name string, meta reports.Meta, build func(io.Writer) error) {
	s.sendExportAs(c, fmt.Sprintf("outlay-%s-%s.xlsx", name, meta.GeneratedAt.UTC().Format("2006-01-02")), build)
}

// sendExportAs is sendExport with the download's file name given whole, for a workbook
// whose name says its period rather than its day ("outlay-FY2027-Q2.xlsx").
func (s *Server) sendExportAs(c *gin.Context, file string, build func(io.Writer) error) {
	ctx := c.Request.Context()
	leave, ok := s.exports.enter(ctx)
	if !ok {
		if ctx.Err() != nil {
			s.cancelled(c, ctx.Err()) // nobody is left to read an error page
			return
		}
		c.Header("Retry-After", strconv.Itoa(exportRetryAfter))
		s.fail(c, errExportsBusy)
		return
	}
	started := time.Now()
	f, size, err := buildExportFile(build)
	s.health.metrics.observeExport(c, err, time.Since(started))
	// The slot bounds the building; a slow download must not keep others waiting.
	leave()
	if ctx.Err() != nil {
		if f != nil {
			f.Close()
		}
		s.cancelled(c, ctx.Err()) // nobody is left to read an error page
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	s.sendWorkbookFile(c, file, f, size)
}

// sendWorkbookFile sends a built workbook as the download file, with its length.
func (s *Server) sendWorkbookFile(c *gin.Context, file string, f io.Reader, size int64) {
	h := c.Writer.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	h.Set("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, f); err != nil {
		s.log.Info("download cut short", "request_id", c.GetString(ctxRequestID), "path", loggedPath(c.Request), "err", err)
	}
}

// buildExportFile runs build into a new temporary file and returns the file, rewound,
// with its size. The file's name is removed at once (an open file stays readable on
// Unix), so nothing is left behind even if the process is killed mid-download; where an
// open file cannot be removed, Close removes it.
func buildExportFile(build func(io.Writer) error) (*tempFile, int64, error) {
	f, err := os.CreateTemp("", "outlay-export-*.xlsx")
	if err != nil {
		return nil, 0, err
	}
	tf := &tempFile{File: f, removed: os.Remove(f.Name()) == nil}
	size, err := tf.fill(build)
	if err != nil {
		tf.Close()
		return nil, 0, err
	}
	return tf, size, nil
}

// tempFile is a temporary file that Close removes if that was not done already.
type tempFile struct {
	*os.File
	removed bool
}

// fill writes the file with build and rewinds it, returning its size.
func (t *tempFile) fill(build func(io.Writer) error) (int64, error) {
	bw := bufio.NewWriterSize(t.File, 64<<10)
	if err := build(bw); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	size, err := t.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, err
	}
	_, err = t.Seek(0, io.SeekStart)
	return size, err
}

// Close closes the file and removes it.
func (t *tempFile) Close() error {
	err := t.File.Close()
	if !t.removed {
		if rmErr := os.Remove(t.Name()); err == nil {
			err = rmErr
		}
	}
	return err
}

// exportMeta describes an export: the organisation, who asked, when, and the filter in
// words (sort and page left out: they do not change what the file contains).
func (s *Server) exportMeta(c *gin.Context, st outlay.Settings, title string, q url.Values) reports.Meta {
	meta := reports.Meta{OrgName: st.OrgName, Title: title, GeneratedAt: s.Now(), Filter: s.filterWords(c, q)}
	if u := currentUser(c); u != nil {
		meta.GeneratedBy = u.Email
	}
	return meta
}

// filterOrder puts the period first, then the records named, then the rest, so a filter
// line reads as a person writes it: "FY2027 · Q2 · INF-CLOUD · Acme Cloud".
var filterOrder = []string{"fy", "quarter", "budget_line_id", "code", "vendor_id", "vendor", "vendor_q", "contract_id", "licence_id"}

// filterWords writes a list's filter the way a person writes it: FY2027, Q2, a budget
// line by its code, a vendor by its name, a contract by its reference, a status by its
// label, a search in quotes; never "Fy: 2027" or "Budget line id: 3". A record that
// cannot be found (deleted since the link was made) is named by its number.
func (s *Server) filterWords(c *gin.Context, q url.Values) string {
	ctx := c.Request.Context()
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "sort" && k != "dir" && k != "page" && strings.TrimSpace(q.Get(k)) != "" {
			keys = append(keys, k)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(filterOrder, k); i >= 0 {
			return i
		}
		return len(filterOrder)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	id := func(v string) (int64, bool) {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil && n > 0
	}
	hasVendorID := q.Get("vendor_id") != "" || q.Get("vendor") != ""
	var parts []string
	for _, k := range keys {
		v := strings.TrimSpace(q.Get(k))
		word := ""
		switch k {
		case "fy":
			word = "FY" + strings.TrimPrefix(strings.ToUpper(v), "FY")
		case "quarter":
			word = "Q" + strings.TrimPrefix(strings.ToUpper(v), "Q")
		case "budget_line_id":
			word = "budget line #" + v
			if n, ok := id(v); ok {
				if l, err := s.budgetSvc.FindBudgetLineByID(ctx, n); err == nil {
					word = l.Code
				}
			}
		case "vendor_id", "vendor":
			word = "vendor #" + v
			if n, ok := id(v); ok {
				if vd, err := s.vendors.FindVendorByID(ctx, n); err == nil {
					word = vd.Name
				}
			}
		case "vendor_q":
			if hasVendorID {
				continue // the resolved vendor is named already
			}
			word = "vendor “" + v + "”"
		case "contract_id":
			word = "contract #" + v
			if n, ok := id(v); ok {
				if ct, err := s.contracts.FindContractByID(ctx, n); err == nil {
					word = ct.Title
					if ct.Reference != "" {
						word = ct.Reference + " " + ct.Title
					}
				}
			}
		case "licence_id":
			word = "licence #" + v
			if n, ok := id(v); ok {
				if l, err := s.licenceSvc.FindLicenceByID(ctx, n); err == nil {
					word = l.Product
				}
			}
		case "q":
			word = "matching “" + v + "”"
		case "code", "owner":
			word = v
		case "archived", "expiring":
			if v == "1" {
				word = k
			} else {
				word = k + " " + v
			}
		case "expense_type":
			word = map[string]string{"capex": "CapEx", "opex": "OpEx"}[v]
			if word == "" {
				word = v
			}
		default: // an enumeration: "status notice missed", "category cloud"
			word = strings.ReplaceAll(k, "_", " ") + " " + strings.ReplaceAll(v, "_", " ")
		}
		parts = append(parts, word)
	}
	return strings.Join(parts, " · ")
}

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
