package server_test

import (
	"context"
	"io"
	"sync"

	"outlay/internal/outlay"
)

// fakeImporter stands in for the importer where a test needs the doors' own behaviour
// and not the rows' meaning: a result it chooses, a file it cannot read, an import that
// holds its slot until the test lets it go. It records what it was given.
type fakeImporter struct {
	mu sync.Mutex
	// result answers each Import; nil answers one created record.
	result func(kind outlay.ImportKind, body []byte, dryRun bool) (*outlay.ImportResult, error)
	// hold, when set, keeps each Import waiting until it is closed; entered gets a
	// value as each Import starts waiting.
	hold    chan struct{}
	entered chan struct{}
	calls   []fakeCall
}

// fakeCall is one Import the fake was given.
type fakeCall struct {
	Kind   outlay.ImportKind
	Name   string
	Body   string
	DryRun bool
	User   string
}

func (f *fakeImporter) Import(ctx context.Context, kind outlay.ImportKind, file outlay.ImportFile, dryRun bool) (*outlay.ImportResult, error) {
	body, err := io.ReadAll(io.NewSectionReader(file.Body, 0, file.Size))
	if err != nil {
		return nil, err
	}
	call := fakeCall{Kind: kind, Name: file.Name, Body: string(body), DryRun: dryRun}
	if u := outlay.UserFromContext(ctx); u != nil {
		call.User = u.Email
	}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	result, hold, entered := f.result, f.hold, f.entered
	f.mu.Unlock()
	if hold != nil {
		if entered != nil {
			entered <- struct{}{}
		}
		select {
		case <-hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if result != nil {
		return result(kind, body, dryRun)
	}
	return &outlay.ImportResult{Kind: kind, DryRun: dryRun, Rows: 1, Problems: []outlay.ImportProblem{},
		Created: []outlay.ImportRecord{{Row: 2, Label: "Acme Cloud"}}}, nil
}

func (f *fakeImporter) Template(ctx context.Context, w io.Writer, kind outlay.ImportKind) error {
	_, err := io.WriteString(w, "template of "+string(kind))
	return err
}

// Calls returns what the fake was given so far.
func (f *fakeImporter) Calls() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

// withImporter wires im as the server's importer.
func withImporter(im outlay.Importer) harnessOption {
	return func(w *harnessWiring) { w.services.Imports = im }
}
