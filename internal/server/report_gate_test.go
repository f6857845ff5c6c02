package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"outlay/internal/outlay"
)

// heldWork holds each snapshot read until released, telling when one starts: a pack
// that takes as long as the test wants.
type heldWork struct {
	outlay.Work
	started chan struct{}
	release chan struct{}
}

func (w heldWork) View(ctx context.Context, fn func(tx outlay.ReadTx) error) error {
	w.started <- struct{}{}
	<-w.release
	return w.Work.View(ctx, fn)
}

// Packs beyond the export gate's two slots are told to come back (429 with Retry-After,
// JSON for the API, a page for the browser) while the two being built finish whole,
// and the API keeps answering meanwhile; once they are done, the next pack is built.
// The data is read only once a slot is held: the refused requests never start a read.
func TestPackDownloadsBeyondTheGateAre429(t *testing.T) {
	held := heldWork{started: make(chan struct{}, 10), release: make(chan struct{})}
	h := newHarness(t, func(w *harnessWiring) {
		held.Work = w.services.Work
		w.services.Work = held
	})
	h.Srv.SetExportWait(50 * time.Millisecond)
	api, u := h.apiClient("viewer")
	page, _ := h.signIn("viewer")
	seedReconcileData(t, h, outlay.NewContextWithUser(context.Background(), u))
	url := h.URL + "/api/v1/exports/quarterly?fy=2027&quarter=2"

	building := make(chan fetched, 2)
	for range 2 {
		go func() { building <- fetch(http.DefaultClient, url, api.token) }()
	}
	for range 2 {
		select {
		case <-held.started:
		case <-time.After(10 * time.Second):
			t.Fatal("the first two packs never started reading")
		}
	}
	refused := make(chan fetched, 3)
	for range 3 {
		go func() { refused <- fetch(http.DefaultClient, url, api.token) }()
	}
	for range 3 {
		r := <-refused
		if r.err != nil || r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" ||
			r.header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("beyond the gate: %v %d %v %s", r.err, r.status, r.header, r.body)
		}
	}
	if res := page.get("/reports/quarterly.xlsx?fy=2027&quarter=2"); res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("page beyond the gate: %d %v", res.Code, res.Header)
	} else {
		mustContain(t, "busy page", res.Body, "preparing other exports right now")
	}
	if res := api.get("/api/v1/budget-lines?fy=2027&quarter=2"); res.Code != http.StatusOK {
		t.Errorf("the API while two packs are built: %d", res.Code)
	}
	if n := len(held.started); n != 0 {
		t.Errorf("%d refused requests started reading", n)
	}
	close(held.release)
	for range 2 {
		r := <-building
		if r.err != nil || r.status != http.StatusOK {
			t.Fatalf("a pack being built: %v %d %s", r.err, r.status, r.body)
		}
		if sheets := openWorkbook(t, string(r.body)).GetSheetList(); len(sheets) != 8 {
			t.Errorf("a pack being built came out with sheets %v", sheets)
		}
	}
	if res := api.get("/api/v1/exports/quarterly?fy=2027&quarter=2"); res.Code != http.StatusOK {
		t.Errorf("the next pack: %d %s", res.Code, res.Body)
	}
}
