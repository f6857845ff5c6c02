package letters

import (
	"testing"
	"time"

	"outlay/internal/money"
	"outlay/internal/renewal"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func usd(units int64) money.Money  { return money.Money{Amount: units * 100, Currency: "USD"} }
func eur(units int64) *money.Money { return &money.Money{Amount: units * 100, Currency: "EUR"} }

// acme is an auto contract whose cancel-by date is 30 days away, priced in USD with a
// base-currency value in EUR and a known price for the next term.
func acme() KeyDate {
	return KeyDate{
		Kind: renewal.ReminderContract, ID: 12, What: renewal.WhatCancelBy,
		KeyDate: day("2027-01-01"), DaysLeft: 30,
		Title: "Acme Cloud Platform", Reference: "AC-2024-17", Vendor: "Acme Corp",
		RenewalType: "auto", TermStart: day("2026-04-01"), TermEnd: day("2027-03-31"),
		RenewsOn: day("2027-04-01"), Notice: "3 months",
		Price: usd(12000), PriceBase: eur(11040), RenewalPrice: &money.Money{Amount: 1248000, Currency: "USD"},
		Owner: "Dana Ops", BackupOwner: "Sam Backup",
	}
}

// manual is a manual contract whose term ends in 14 days, priced in the base currency.
func manual() KeyDate {
	return KeyDate{
		Kind: renewal.ReminderContract, ID: 40, What: renewal.WhatTermEnd,
		KeyDate: day("2027-03-31"), DaysLeft: 14,
		Title: "Service desk support", Vendor: "Helpful Ltd",
		RenewalType: "manual", TermStart: day("2026-04-01"), TermEnd: day("2027-03-31"),
		Price: money.Money{Amount: 500000, Currency: "EUR"},
		Owner: "Dana Ops",
	}
}

// visio is a licence no contract covers, expiring in 7 days.
func visio() KeyDate {
	return KeyDate{
		Kind: renewal.ReminderLicence, ID: 7, What: renewal.WhatLicenceExpiry,
		KeyDate: day("2027-02-28"), DaysLeft: 7,
		Title: "Visio Plan 2", Vendor: "Microsoft",
		Price: usd(1800), PriceBase: eur(1656),
		Owner: "Lee Desk",
	}
}

func with(k KeyDate, f func(*KeyDate)) KeyDate { f(&k); return k }

func TestURLs(t *testing.T) {
	cases := []struct {
		site               Site
		contract, decision string
		licence            string
	}{
		{site, "https://outlay.example.com/contracts/12", "https://outlay.example.com/contracts/12#decision-h", "https://outlay.example.com/licences/12"},
		{Site{BaseURL: "https://outlay.example.com/"}, "https://outlay.example.com/contracts/12", "https://outlay.example.com/contracts/12#decision-h", "https://outlay.example.com/licences/12"},
		{Site{}, "/contracts/12", "/contracts/12#decision-h", "/licences/12"},
	}
	for _, c := range cases {
		if got := ContractURL(c.site, 12); got != c.contract {
			t.Errorf("ContractURL(%q) = %q, want %q", c.site.BaseURL, got, c.contract)
		}
		if got := DecisionURL(c.site, 12); got != c.decision {
			t.Errorf("DecisionURL(%q) = %q, want %q", c.site.BaseURL, got, c.decision)
		}
		if got := LicenceURL(c.site, 12); got != c.licence {
			t.Errorf("LicenceURL(%q) = %q, want %q", c.site.BaseURL, got, c.licence)
		}
	}
}

func TestReminder(t *testing.T) {
	cases := []struct {
		name   string
		k      KeyDate
		offset int
		site   Site
		want   check
	}{
		{
			name: "auto contract, price in two currencies", k: acme(), offset: 30, site: site,
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (30 days left)",
				both: []string{
					"Acme Cloud Platform from Acme Corp needs a decision: the last day to give notice is Friday 2027-01-01 (30 days left).",
					"If nobody acts, the contract renews by itself on 2027-04-01 for another term at USD 12,480.00.",
					"Acme Corp", "AC-2024-17", "2026-04-01 – 2027-03-31", "3 months",
					"USD 12,000.00 (EUR 11,040.00)", "Thursday 2027-04-01", "Dana Ops", "Sam Backup", "none yet",
					"Recording a renew or cancel decision stops these reminders; a renegotiate decision does not.",
					"in Outlay for Example GmbH.", "This is the reminder 30 days before the key date.",
				},
				text: []string{
					"Price:         USD 12,000.00 (EUR 11,040.00)\n",
					"Cancel by:     Friday 2027-01-01\n",
					"Renews on:     Thursday 2027-04-01\n",
					"Open the contract:\n  https://outlay.example.com/contracts/12\n",
					"Record a decision:\n  https://outlay.example.com/contracts/12#decision-h\n",
					"Open Outlay at https://outlay.example.com",
				},
				html: []string{
					`<a href="https://outlay.example.com/contracts/12" `,
					`<a href="https://outlay.example.com/contracts/12#decision-h" `,
					`>Price</th><td style="padding:4px 0;">USD 12,000.00 (EUR 11,040.00)</td>`,
				},
			},
		},
		{
			name: "one day left", k: with(acme(), func(k *KeyDate) { k.DaysLeft = 1 }), offset: 1, site: site,
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (1 day left)",
				both:    []string{"(1 day left)", "This is the reminder 1 day before the key date."},
				none:    []string{"1 days"},
			},
		},
		{
			name: "today", k: with(acme(), func(k *KeyDate) { k.DaysLeft = 0 }), offset: 0, site: site,
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (today)",
				both:    []string{"Friday 2027-01-01 (today)", "This is the reminder on the key date."},
				none:    []string{"0 days"},
			},
		},
		{
			name: "sent late: days left counted from the day of the email", k: with(acme(), func(k *KeyDate) { k.DaysLeft = 12 }), offset: 14, site: site,
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (12 days left)",
				both:    []string{"(12 days left)", "This is the reminder 14 days before the key date, sent late: Outlay was not running on its day"},
			},
		},
		{
			name: "auto contract, next price and renews-on not known", offset: 60, site: site,
			k: with(acme(), func(k *KeyDate) { k.RenewalPrice, k.RenewsOn, k.DaysLeft = nil, time.Time{}, 60 }),
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (60 days left)",
				both:    []string{"If nobody acts, the contract renews by itself for another term."},
				none:    []string{"Next term", "Renews on", " at USD"},
			},
		},
		{
			name: "manual contract in the base currency", k: manual(), offset: 14, site: site,
			want: check{
				subject: "Renew by 2027-03-31: Service desk support (14 days left)",
				both: []string{
					"its term ends on Wednesday 2027-03-31 (14 days left) and it continues only if someone renews it.",
					"If nobody acts, the contract ends on 2027-03-31 unless someone renews it.",
					"Helpful Ltd", "EUR 5,000.00", "manual (ends unless someone renews it)",
				},
				text: []string{"Term ends:    Wednesday 2027-03-31\n", "Price:        EUR 5,000.00\n"},
				none: []string{"EUR 5,000.00 (", "renews by itself", "Backup owner", "Reference", "Notice period", "Cancel by"},
			},
		},
		{
			name: "base value in the same currency is not repeated", offset: 14, site: site,
			k: with(manual(), func(k *KeyDate) { k.PriceBase = &money.Money{Amount: 500000, Currency: "EUR"} }),
			want: check{
				subject: "Renew by 2027-03-31: Service desk support (14 days left)",
				both:    []string{"EUR 5,000.00"},
				none:    []string{"EUR 5,000.00 ("},
			},
		},
		{
			name: "fixed-term contract", offset: 7, site: site,
			k: with(manual(), func(k *KeyDate) { k.RenewalType, k.DaysLeft = "none", 7 }),
			want: check{
				subject: "Ends on 2027-03-31: Service desk support (7 days left)",
				both:    []string{"If nobody acts, the contract ends on 2027-03-31.", "its fixed term ends on Wednesday 2027-03-31 (7 days left)."},
				none:    []string{"unless someone renews it."},
			},
		},
		{
			name: "licence", k: visio(), offset: 7, site: site,
			want: check{
				subject: "Licence expires 2027-02-28: Visio Plan 2 (7 days left)",
				both: []string{
					"The licence for Visio Plan 2 from Microsoft expires on Sunday 2027-02-28 (7 days left).",
					"If nobody acts, the licence expires on 2027-02-28.",
					"USD 1,800.00 (EUR 1,656.00)", "Lee Desk", "this licence in Outlay",
					"These reminders stop when the licence is archived or covered by a contract",
				},
				text: []string{"Product: Visio Plan 2\n", "Expires: Sunday 2027-02-28\n", "Open the licence:\n  https://outlay.example.com/licences/7\n"},
				html: []string{`<a href="https://outlay.example.com/licences/7" `},
				none: []string{"/contracts/", "Decision", "decision", "Current term"},
			},
		},
		{
			name: "title and vendor are escaped in HTML", offset: 30, site: Site{OrgName: "A & B", BaseURL: "https://outlay.example.com"},
			k: with(acme(), func(k *KeyDate) { k.Title, k.Vendor = "<script>alert(1)</script> A & B", `"Quotes" & Sons` }),
			want: check{
				subject: "Cancel by 2027-01-01: <script>alert(1)</script> A & B (30 days left)",
				text:    []string{"<script>alert(1)</script> A & B from \"Quotes\" & Sons needs a decision", "Outlay for A &"},
				html: []string{
					"&lt;script&gt;alert(1)&lt;/script&gt; A &amp; B from &#34;Quotes&#34; &amp; Sons needs a decision",
					"<title>Cancel by 2027-01-01: &lt;script&gt;alert(1)&lt;/script&gt; A &amp; B (30 days left)</title>",
					"Outlay for A &amp; B.",
				},
			},
		},
		{
			name: "no base URL: links are paths", k: acme(), offset: 30, site: Site{},
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (30 days left)",
				both:    []string{"in Outlay."},
				text:    []string{"Open the contract:\n  /contracts/12\n", "Record a decision:\n  /contracts/12#decision-h\n"},
				html:    []string{`<a href="/contracts/12" `, `<a href="/contracts/12#decision-h" `},
				none:    []string{"Open Outlay at", "http", "Outlay for"},
			},
		},
		{
			name: "renegotiating keeps the reminders going", offset: 30, site: site,
			k: with(acme(), func(k *KeyDate) { k.Decision = "renegotiate" }),
			want: check{
				subject: "Cancel by 2027-01-01: Acme Cloud Platform (30 days left)",
				both:    []string{"renegotiate (reminders continue)"},
				none:    []string{"none yet"},
			},
		},
		{
			name: "no title, no owner, no vendor; a line break in a title stays out of the subject", offset: 30, site: site,
			k: with(acme(), func(k *KeyDate) { k.Title, k.Owner, k.BackupOwner, k.Vendor = "", "", "", "" }),
			want: check{
				subject: "Cancel by 2027-01-01: contract 12 (30 days left)",
				both:    []string{"contract 12 needs a decision", "nobody yet"},
				none:    []string{" from ", "Vendor", "Backup owner"},
			},
		},
		{
			name: "line break in a title", offset: 30, site: site,
			k:    with(acme(), func(k *KeyDate) { k.Title = "Acme\r\nBcc: x@example.com" }),
			want: check{subject: "Cancel by 2027-01-01: Acme Bcc: x@example.com (30 days left)"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.want.run(t, Reminder(c.k, c.offset, c.site)) })
	}
}

func TestPassed(t *testing.T) {
	cases := []struct {
		name string
		k    KeyDate
		site Site
		want check
	}{
		{
			name: "auto contract: it will renew", site: site,
			k: with(acme(), func(k *KeyDate) { k.DaysLeft = -3 }),
			want: check{
				subject: "Deadline passed: Acme Cloud Platform (cancel-by 2027-01-01)",
				both: []string{
					"The cancel-by date of Acme Cloud Platform from Acme Corp, Friday 2027-01-01 (3 days ago), passed with no decision recorded.",
					"the contract renews by itself on 2027-04-01 for another term at USD 12,480.00.",
					"USD 12,000.00 (EUR 11,040.00)", "Dana Ops", "Sam Backup",
					"This is the only notice after the date",
				},
				text: []string{"Record a decision:\n  https://outlay.example.com/contracts/12#decision-h\n"},
				html: []string{`<a href="https://outlay.example.com/contracts/12#decision-h" `},
				none: []string{"left)", "This is the reminder"},
			},
		},
		{
			name: "manual contract: ended unless renewed", site: site,
			k: with(manual(), func(k *KeyDate) { k.DaysLeft = -1 }),
			want: check{
				subject: "Deadline passed: Service desk support (term end 2027-03-31)",
				both: []string{
					"The term of Service desk support from Helpful Ltd ended on Wednesday 2027-03-31 (1 day ago) with no decision recorded.",
					"The contract has ended unless someone renewed it.",
				},
				none: []string{"renews by itself", "1 days"},
			},
		},
		{
			name: "fixed-term contract: ended", site: site,
			k: with(manual(), func(k *KeyDate) { k.RenewalType, k.DaysLeft = "none", -2 }),
			want: check{
				subject: "Contract ended: Service desk support (term end 2027-03-31)",
				both:    []string{"The contract has ended. If a new agreement follows"},
			},
		},
		{
			name: "licence: expired", site: Site{},
			k: with(visio(), func(k *KeyDate) { k.DaysLeft = -10 }),
			want: check{
				subject: "Licence expired: Visio Plan 2 (expiry 2027-02-28)",
				both:    []string{"The licence for Visio Plan 2 from Microsoft expired on Sunday 2027-02-28 (10 days ago).", "enter its new expiry date"},
				text:    []string{"Open the licence:\n  /licences/7\n"},
				html:    []string{`<a href="/licences/7" `},
				none:    []string{"/contracts/", "http", "Decision"},
			},
		},
		{
			name: "escaping", site: site,
			k: with(acme(), func(k *KeyDate) { k.Title, k.DaysLeft = "<script>x</script> A & B", -1 }),
			want: check{
				subject: "Deadline passed: <script>x</script> A & B (cancel-by 2027-01-01)",
				html:    []string{"Deadline passed: &lt;script&gt;x&lt;/script&gt; A &amp; B</h1>"},
				text:    []string{"Deadline passed: <script>x</script> A & B\n"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.want.run(t, Passed(c.k, c.site)) })
	}
}
