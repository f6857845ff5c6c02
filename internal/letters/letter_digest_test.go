package letters

import (
	"strings"
	"testing"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

func TestDigestSubject(t *testing.T) {
	k := acme()
	cases := []struct {
		upcoming, missed int
		want             string
	}{
		{3, 1, "Outlay weekly: 3 key dates in the next 90 days, 1 missed"},
		{1, 0, "Outlay weekly: 1 key date in the next 90 days"},
		{0, 0, "Outlay weekly: no key dates in the next 90 days"},
		{0, 2, "Outlay weekly: no key dates in the next 90 days, 2 missed"},
		{2, 5, "Outlay weekly: 2 key dates in the next 90 days, 5 missed"},
	}
	for _, c := range cases {
		d := DigestInput{Week: day("2026-11-30")}
		for range c.upcoming {
			d.Upcoming = append(d.Upcoming, k)
		}
		for range c.missed {
			d.Missed = append(d.Missed, k)
		}
		if got := Digest(d, site).Subject; got != c.want {
			t.Errorf("%d upcoming, %d missed: subject %q, want %q", c.upcoming, c.missed, got, c.want)
		}
	}
}

func TestDigest(t *testing.T) {
	missed := with(acme(), func(k *KeyDate) { k.ID, k.Title, k.DaysLeft, k.KeyDate = 5, "Old Print Service", -3, day("2026-11-27") })
	// Given in an order that is not by date, to show the digest keeps the caller's order.
	upcoming := []KeyDate{
		visio(),
		with(manual(), func(k *KeyDate) { k.Decision = "renegotiate" }),
		with(acme(), func(k *KeyDate) { k.Title = "<script>x</script> A & B" }),
	}
	cases := []struct {
		name string
		in   DigestInput
		site Site
		want check
	}{
		{
			name: "missed first, then upcoming in the order given",
			in:   DigestInput{Name: "Dana Ops", Week: day("2026-11-30"), Missed: []KeyDate{missed}, Upcoming: upcoming},
			site: site,
			want: check{
				subject: "Outlay weekly: 3 key dates in the next 90 days, 1 missed",
				both: []string{
					"Hello Dana Ops,", "week of Monday 2026-11-30",
					"1 key date of yours was missed and still needs a decision, and 3 key dates are coming up in the next 90 days.",
					"Missed (1)", "Next 90 days (3)",
					"3 days ago", "Cancel by (renews 2027-04-01)", "Old Print Service",
					"7 days left", "Licence expires", "Visio Plan 2", "Microsoft",
					"14 days left", "Renew by", "Service desk support", "Helpful Ltd", "renegotiate (reminders continue)",
					"30 days left",
				},
				text: []string{
					"- 2026-11-27 (3 days ago) Cancel by (renews 2027-04-01): Old Print",
					"  https://outlay.example.com/contracts/5\n",
					"- 2027-02-28 (7 days left) Licence expires: Visio Plan 2, Microsoft\n  https://outlay.example.com/licences/7\n",
					"  https://outlay.example.com/contracts/40\n",
					"<script>x</script> A & B",
					"All key dates:\n  https://outlay.example.com/renewals\n",
					"https://outlay.example.com/profile",
				},
				html: []string{
					`<a href="https://outlay.example.com/contracts/5" style="color:#1a56db;">Old Print Service</a>`,
					`<a href="https://outlay.example.com/licences/7" style="color:#1a56db;">Visio Plan 2</a>`,
					`<a href="https://outlay.example.com/contracts/40" style="color:#1a56db;">Service desk support</a>`,
					`<a href="https://outlay.example.com/contracts/12" style="color:#1a56db;">&lt;script&gt;x&lt;/script&gt; A &amp; B</a>`,
					`<a href="https://outlay.example.com/renewals"`,
					`<a href="https://outlay.example.com/profile"`,
				},
				none: []string{"No key dates in the next 90 days."},
			},
		},
		{
			name: "nothing at all",
			in:   DigestInput{Week: day("2026-11-30")},
			site: Site{},
			want: check{
				subject: "Outlay weekly: no key dates in the next 90 days",
				both:    []string{"Hello,", "Nothing of yours needs a decision in the next 90 days.", "Next 90 days (0)", "No key dates in the next 90 days."},
				text:    []string{"All key dates:\n  /renewals\n", "profile page: /profile"},
				html:    []string{`<a href="/renewals"`, `<a href="/profile"`},
				none:    []string{"Missed", "Open Outlay at", "http", "<table style"},
			},
		},
		{
			name: "only missed",
			in:   DigestInput{Name: "Dana", Week: day("2026-11-30"), Missed: []KeyDate{missed, missed}},
			site: site,
			want: check{
				subject: "Outlay weekly: no key dates in the next 90 days, 2 missed",
				both:    []string{"2 key dates of yours were missed and still need a decision; nothing else is coming up", "Missed (2)", "No key dates in the next 90 days."},
			},
		},
		{
			name: "one upcoming",
			in:   DigestInput{Week: day("2026-11-30"), Upcoming: upcoming[:1]},
			site: site,
			want: check{
				subject: "Outlay weekly: 1 key date in the next 90 days",
				both:    []string{"1 key date of yours is coming up in the next 90 days.", "Next 90 days (1)"},
				none:    []string{"Missed", "1 key dates"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.want.run(t, Digest(c.in, c.site)) })
	}
}

// TestDigestOrder checks the sections' order in both parts: missed before upcoming,
// and within a section the caller's order.
func TestDigestOrder(t *testing.T) {
	a := with(acme(), func(k *KeyDate) { k.ID, k.Title = 1, "Alpha missed" })
	b := with(acme(), func(k *KeyDate) { k.ID, k.Title = 2, "Bravo later" })
	c := with(acme(), func(k *KeyDate) { k.ID, k.Title = 3, "Charlie sooner" })
	l := Digest(DigestInput{Week: day("2026-11-30"), Missed: []KeyDate{a}, Upcoming: []KeyDate{c, b}}, site)
	for part, body := range map[string]string{"text": l.Text, "HTML": l.HTML} {
		last := -1
		for _, w := range []string{"Missed (1)", "Alpha missed", "Next 90 days (2)", "Charlie sooner", "Bravo later"} {
			i := strings.Index(body, w)
			if i < 0 || i < last {
				t.Errorf("%s part: %q at %d, after %d; want the order missed, upcoming as given:\n%s", part, w, i, last, body)
			}
			last = i
		}
	}
}

func TestPack(t *testing.T) {
	eurm := func(minor int64) money.Money { return money.Money{Amount: minor, Currency: "EUR"} }
	cases := []struct {
		name string
		in   PackInput
		site Site
		want check
	}{
		{
			name: "quarter, accrual",
			in: PackInput{FY: 2027, Quarter: 2, FileName: "outlay-FY2027-Q2.xlsx", Basis: outlay.BasisAccrual,
				Budget: eurm(123456789), Actual: eurm(5000000), Forecast: eurm(100000005)},
			site: site,
			want: check{
				subject: "Finance pack FY2027 Q2 (IT spend)",
				both: []string{
					"The finance pack for FY2027 Q2 is attached as outlay-FY2027-Q2.xlsx.",
					"EUR 1,234,567.89", "EUR 50,000.00", "EUR 1,000,000.05", "accrual", "Outlay for Example GmbH",
				},
				text: []string{
					"Budget:   EUR 1,234,567.89\nActual:   EUR 50,000.00\nForecast: EUR 1,000,000.05\nAttached: outlay-FY2027-Q2.xlsx\n",
					"Reports in Outlay:\n  https://outlay.example.com/reports\n",
				},
				html: []string{
					`>Budget</th><td style="padding:4px 0;">EUR 1,234,567.89</td>`,
					`>Forecast</th><td style="padding:4px 0;">EUR 1,000,000.05</td>`,
					`<a href="https://outlay.example.com/reports"`,
				},
			},
		},
		{
			name: "cash, a currency without decimals, no base URL",
			in: PackInput{FY: 2026, Quarter: 4, FileName: "outlay-FY2026-Q4.xlsx", Basis: outlay.BasisCash,
				Budget: money.Money{Amount: 150000000, Currency: "JPY"}, Actual: money.Money{Amount: -2500, Currency: "JPY"}, Forecast: money.Money{Currency: "JPY"}},
			site: Site{},
			want: check{
				subject: "Finance pack FY2026 Q4 (IT spend)",
				both:    []string{"JPY 150,000,000", "JPY -2,500", "JPY 0", "cash (an invoice counts on its date)", "Its totals, in JPY:"},
				text:    []string{"Reports in Outlay:\n  /reports\n"},
				html:    []string{`<a href="/reports"`},
				none:    []string{"JPY 150,000,000.", "Open Outlay at", "http"},
			},
		},
		{
			name: "whole year, no file",
			in:   PackInput{FY: 2027, Basis: outlay.BasisCash, Budget: eurm(100), Actual: eurm(200), Forecast: eurm(300)},
			site: site,
			want: check{
				subject: "Finance pack FY2027 (IT spend)",
				both:    []string{"The finance pack for FY2027 is in Outlay.", "EUR 1.00", "EUR 2.00", "EUR 3.00"},
				none:    []string{"Q0", "Attached", "attached as"},
			},
		},
		{
			name: "file name escaped",
			in:   PackInput{FY: 2027, Quarter: 1, FileName: "<b>pack</b>.xlsx", Basis: outlay.BasisCash, Budget: eurm(0), Actual: eurm(0), Forecast: eurm(0)},
			site: site,
			want: check{
				subject: "Finance pack FY2027 Q1 (IT spend)",
				text:    []string{"attached as <b>pack</b>.xlsx."},
				html:    []string{"attached as &lt;b&gt;pack&lt;/b&gt;.xlsx."},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := Pack(c.in, c.site)
			c.want.run(t, l)
			if strings.Contains(l.HTML, "<b>pack") {
				t.Errorf("HTML part has the file name unescaped")
			}
		})
	}
}
