package main

import (
	"context"
	"io"

	"outlay/internal/importer"
	"outlay/internal/outlay"
)

// settingsImporter is the importer whose file cap is the "Largest import file" setting
// as it is when each import starts, so an administrator's change applies to the next
// upload without a restart: the server caps the upload at the same setting.
type settingsImporter struct {
	work     outlay.UnitOfWork
	settings outlay.SettingsService
	// progress, when set, is told how many rows are done (the CLI shows it).
	progress func(done, total int)
}

var _ outlay.Importer = settingsImporter{}

// newImporter builds the importer for one import with the cap from the settings.
func (si settingsImporter) newImporter(ctx context.Context) (*importer.Importer, error) {
	st, err := si.settings.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	im := importer.New(si.work, importer.Limits{MaxBytes: st.ImportMaxBytes()})
	im.Progress = si.progress
	return im, nil
}

// Import runs one import with the cap the settings hold now.
func (si settingsImporter) Import(ctx context.Context, kind outlay.ImportKind, file outlay.ImportFile, dryRun bool) (*outlay.ImportResult, error) {
	im, err := si.newImporter(ctx)
	if err != nil {
		return nil, err
	}
	return im.Import(ctx, kind, file, dryRun)
}

// Template writes kind's template workbook.
func (si settingsImporter) Template(ctx context.Context, w io.Writer, kind outlay.ImportKind) error {
	im, err := si.newImporter(ctx)
	if err != nil {
		return err
	}
	return im.Template(ctx, w, kind)
}
