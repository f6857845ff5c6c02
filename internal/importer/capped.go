package importer

import (
	"context"
	"io"

	"outlay/internal/outlay"
)

// Capped is the importer whose file cap is the "Largest import file" setting as it is
// when each import starts, so an administrator's change applies to the next upload
// without a restart (the server caps the upload body at the same setting). cmd/outlay
// wires it, and the server's tests wire it the same way.
type Capped struct {
	Work     outlay.UnitOfWork
	Settings outlay.SettingsService
	// Progress, when set, is told how many rows are done (the CLI shows it).
	Progress func(done, total int)
}

var _ outlay.Importer = Capped{}

// importer builds the importer for one import with the cap from the settings.
func (c Capped) importer(ctx context.Context) (*Importer, error) {
	st, err := c.Settings.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	im := New(c.Work, Limits{MaxBytes: st.ImportMaxBytes()})
	im.Progress = c.Progress
	return im, nil
}

// Import runs one import with the cap the settings hold now.
func (c Capped) Import(ctx context.Context, kind outlay.ImportKind, file outlay.ImportFile, dryRun bool) (*outlay.ImportResult, error) {
	im, err := c.importer(ctx)
	if err != nil {
		return nil, err
	}
	return im.Import(ctx, kind, file, dryRun)
}

// Template writes kind's template workbook.
func (c Capped) Template(ctx context.Context, w io.Writer, kind outlay.ImportKind) error {
	im, err := c.importer(ctx)
	if err != nil {
		return err
	}
	return im.Template(ctx, w, kind)
}
