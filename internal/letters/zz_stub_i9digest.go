package letters

// TEMPORARY (branch i9-digest): stand-ins for the letters helper's Digest and Pack, with
// the planned signatures, so that internal/remind compiles and its tests run before
// i9-letters lands. Delete this file when merging i9-letters.

import (
	"fmt"
	"strings"
	"time"

	"outlay/internal/money"
)

// DigestInput is an owner's weekly digest (stand-in).
type DigestInput struct {
	Name             string
	Week             time.Time
	Upcoming, Missed []KeyDate
}

// Digest is the weekly digest (stand-in).
func Digest(d DigestInput, s Site) Letter {
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s\n", d.Name)
	for _, k := range d.Missed {
		fmt.Fprintf(&b, "missed %s %s\n", k.KeyDate.Format("2006-01-02"), k.Title)
	}
	for _, k := range d.Upcoming {
		fmt.Fprintf(&b, "upcoming %s %s\n", k.KeyDate.Format("2006-01-02"), k.Title)
	}
	return Letter{Subject: "Weekly digest " + d.Week.Format("2006-01-02"), Text: b.String()}
}

// PackInput is the finance pack's cover note (stand-in).
type PackInput struct {
	FY, Quarter              int
	FileName                 string
	Basis                    string
	Budget, Actual, Forecast money.Money
}

// Pack is the finance pack's cover note (stand-in).
func Pack(p PackInput, s Site) Letter {
	return Letter{Subject: fmt.Sprintf("Finance pack FY%d Q%d", p.FY, p.Quarter),
		Text: fmt.Sprintf("%s %s budget %s actual %s forecast %s\n", p.FileName, p.Basis, p.Budget, p.Actual, p.Forecast)}
}
