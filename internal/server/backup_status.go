package server

import (
	"context"
	"fmt"
	"time"

	"outlay/internal/outlay"
)

// backupRuns is how many backup runs the Notifications page lists, and the dashboard
// reads to find the last good one among failures.
const backupRuns = 10

// backupUnfinishedAfter is how long a run may show as under way before it counts as
// one that never finished (its process died mid-copy).
const backupUnfinishedAfter = time.Hour

// backupStatus is what admins see of the backups: the newest run, the newest good one,
// and a warning when the last backup failed or the last good one is older than
// outlay.BackupStaleAfter. The dashboard shows it at the top, the Notifications page
// above its table of runs.
type backupStatus struct {
	Last     *outlay.BackupRun
	LastGood *outlay.BackupRun
	Age      string // of the last good backup, in words: "3 hours"
	Size     string // of the last good backup: "3.4 MB"
	Warn     string // "" when all is well
	Running  bool   // the newest run is under way
}

// backupRow is one backup run in the Notifications page's table.
type backupRow struct {
	*outlay.BackupRun
	Kind     string // in words
	Size     string
	Duration string
	Result   string // ok, failed, running, did not finish
	Badge    string
}

var backupKindLabels = map[string]string{
	outlay.BackupNightly: "Nightly", outlay.BackupManual: "By hand", outlay.BackupPreMigration: "Before a migration",
}

// findBackupStatus reads the latest runs and judges them as of now.
func (s *Server) findBackupStatus(ctx context.Context) (backupStatus, []*outlay.BackupRun, error) {
	runs, err := s.backups.FindBackupRuns(ctx, backupRuns)
	if err != nil {
		return backupStatus{}, nil, err
	}
	return judgeBackups(runs, s.Now()), runs, nil
}

// judgeBackups decides what the newest runs (newest first) say as of now. When every
// listed run failed, the last good one is older than the list, and is reported as
// missing: ten failures in a row deserve the warning either way.
func judgeBackups(runs []*outlay.BackupRun, now time.Time) backupStatus {
	var st backupStatus
	if len(runs) == 0 {
		st.Warn = "No backup has been taken yet. outlay serve takes one at start and every night at 02:00; see the README, Backups and restore."
		return st
	}
	st.Last = runs[0]
	for _, r := range runs {
		if r.OK {
			st.LastGood = r
			break
		}
	}
	if g := st.LastGood; g != nil {
		st.Age, st.Size = ageWords(now.Sub(g.StartedAt)), outlay.ByteSize(g.SizeBytes)
	}
	last := st.Last
	switch {
	case last.FinishedAt == nil && now.Sub(last.StartedAt) < backupUnfinishedAfter:
		st.Running = true
	case last.FinishedAt == nil:
		st.Warn = fmt.Sprintf("The last backup, started %s ago, never finished (the process stopped during it).", ageWords(now.Sub(last.StartedAt)))
	case !last.OK:
		st.Warn = fmt.Sprintf("The last backup failed %s ago: %s.", ageWords(now.Sub(last.StartedAt)), last.Error)
	}
	switch {
	case st.Warn != "" && st.LastGood != nil:
		st.Warn += fmt.Sprintf(" The last good backup is %s old.", st.Age)
	case st.Warn != "":
		st.Warn += " No backup has succeeded recently."
	case st.LastGood == nil && !st.Running:
		st.Warn = "No backup has succeeded recently."
	case st.LastGood != nil && now.Sub(st.LastGood.StartedAt) > outlay.BackupStaleAfter:
		st.Warn = fmt.Sprintf("The last good backup is %s old: none for more than two days. Is outlay serve running at night?", st.Age)
	}
	return st
}

func backupRows(runs []*outlay.BackupRun, now time.Time) []backupRow {
	out := make([]backupRow, 0, len(runs))
	for _, r := range runs {
		row := backupRow{BackupRun: r, Kind: backupKindLabels[r.Kind]}
		switch {
		case r.FinishedAt == nil && now.Sub(r.StartedAt) < backupUnfinishedAfter:
			row.Result, row.Badge = "running", "badge badge-blue"
		case r.FinishedAt == nil:
			row.Result, row.Badge = "did not finish", "badge badge-red"
		case r.OK:
			row.Result, row.Badge = "ok", "badge badge-green"
			row.Size, row.Duration = outlay.ByteSize(r.SizeBytes), r.Duration.Round(time.Millisecond).String()
		default:
			row.Result, row.Badge = "failed", "badge badge-red"
			row.Duration = r.Duration.Round(time.Millisecond).String()
		}
		out = append(out, row)
	}
	return out
}

// ageWords says how long ago, roughly, as a dashboard should: "5 minutes", "3 hours",
// "2 days".
func ageWords(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}
