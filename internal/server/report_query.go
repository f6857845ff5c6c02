package server

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// packQueryFrom reads which finance pack is asked for (?fy=&quarter=&basis=) the one
// way the Reports page, its download and the API read it. Left out, the fiscal year is
// the current one, the quarter the current quarter (the pack of a quarter still
// running shows it to date) and the basis the setting's. "FY2027" and "Q2" are read as
// 2027 and 2. What cannot be read is reported by field, and the default is kept in its
// place so a page can still show the form.
func packQueryFrom(q url.Values, st outlay.Settings, now time.Time) (outlay.PackQuery, outlay.FieldErrors) {
	bad := outlay.FieldErrors{}
	cal := st.Calendar()
	fy, quarter := cal.Quarter(now.UTC()) // the calendar day of the rules, as today() is
	pq := outlay.PackQuery{FY: fy, Quarter: quarter, Basis: st.Basis, Now: now}
	if v := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(q.Get("fy"))), "FY"); v != "" {
		if n, ok := budgetParseFY(v); ok {
			pq.FY = n
		} else {
			bad.Add("fy", "must be a fiscal year, such as "+strconv.Itoa(fy))
		}
	}
	if v := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(q.Get("quarter"))), "Q"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 4 {
			pq.Quarter = n
		} else {
			bad.Add("quarter", "must be 1, 2, 3 or 4")
		}
	}
	switch v := strings.ToLower(strings.TrimSpace(q.Get("basis"))); v {
	case "":
	case outlay.BasisCash, outlay.BasisAccrual:
		pq.Basis = v
	default:
		bad.Add("basis", "must be cash or accrual")
	}
	return pq, bad
}

// packSettings are the settings with the pack's basis in place of the setting's, so
// the figures a preview reads are those of the basis asked for.
func packSettings(st outlay.Settings, q outlay.PackQuery) outlay.Settings {
	if q.Basis != "" {
		st.Basis = q.Basis
	}
	return st
}
