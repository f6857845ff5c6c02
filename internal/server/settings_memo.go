package server

import (
	"context"
	"slices"
	"sync"

	"outlay/internal/outlay"
)

// settingsMemo is the settings service as the server uses it: within one request the
// settings are read from storage once, however many handlers, helpers and templates ask
// (a page asked up to seven times). A request that changes the settings reads them anew.
// Outside a request (no memo in the context) it reads straight through.
type settingsMemo struct{ outlay.SettingsService }

// settingsCell holds one request's settings once read.
type settingsCell struct {
	mu  sync.Mutex
	st  outlay.Settings
	set bool
}

type settingsKey struct{}

// withSettingsMemo gives a request its own settings memo.
func withSettingsMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, settingsKey{}, &settingsCell{})
}

// GetSettings returns the request's settings, reading them on first use. A failed read
// is not remembered, so a later ask tries again.
func (m settingsMemo) GetSettings(ctx context.Context) (outlay.Settings, error) {
	cell, _ := ctx.Value(settingsKey{}).(*settingsCell)
	if cell == nil {
		return m.SettingsService.GetSettings(ctx)
	}
	cell.mu.Lock()
	defer cell.mu.Unlock()
	if !cell.set {
		st, err := m.SettingsService.GetSettings(ctx)
		if err != nil {
			return st, err
		}
		cell.st, cell.set = st, true
	}
	return cloneSettings(cell.st), nil
}

// UpdateSettings saves the settings and forgets the request's copy, so what the request
// shows next is what was stored (normalised by storage), not what was sent.
func (m settingsMemo) UpdateSettings(ctx context.Context, st outlay.Settings) error {
	err := m.SettingsService.UpdateSettings(ctx, st)
	if cell, _ := ctx.Value(settingsKey{}).(*settingsCell); cell != nil {
		cell.mu.Lock()
		cell.set = false
		cell.mu.Unlock()
	}
	return err
}

// cloneSettings copies the lists too, so a caller that changes its copy does not change
// what the rest of the request reads.
func cloneSettings(st outlay.Settings) outlay.Settings {
	st.ReminderOffsets = slices.Clone(st.ReminderOffsets)
	st.FinanceEmails = slices.Clone(st.FinanceEmails)
	return st
}
