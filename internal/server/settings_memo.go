package server

import (
	"context"

	"outlay/internal/outlay"
)

// settingsMemo is the settings service as the server uses it: within one request (whose
// context memoSettings gives a memo) the settings are read from storage once, however
// many handlers, helpers and templates ask; a page asked up to seven times. A request
// that changes the settings reads them anew. The storage may use the same memo for the
// reads it makes itself.
type settingsMemo struct{ outlay.SettingsService }

// GetSettings returns the request's settings, reading them on first use.
func (m settingsMemo) GetSettings(ctx context.Context) (outlay.Settings, error) {
	return outlay.MemoSettings(ctx, func() (outlay.Settings, error) { return m.SettingsService.GetSettings(ctx) })
}

// UpdateSettings saves the settings and forgets the request's copy, so what the request
// shows next is what was stored (normalised by storage), not what was sent.
func (m settingsMemo) UpdateSettings(ctx context.Context, st outlay.Settings) error {
	err := m.SettingsService.UpdateSettings(ctx, st)
	outlay.ForgetSettings(ctx)
	return err
}
