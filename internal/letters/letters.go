// Package letters writes the emails Outlay sends: reminders before a key date, the
// "deadline passed" notice, the weekly digest, the quarterly finance pack's cover note,
// password reset links and an admin's test email. Each is a Letter with a subject, a
// plain-text part and an HTML part, made from domain values alone: the package knows
// nothing of storage, HTTP or SMTP, so what an email says is tested as a pure function.
package letters

import (
	"time"

	"outlay/internal/money"
)

// Letter is an email's content.
type Letter struct {
	Subject string
	Text    string // the plain-text part
	HTML    string // the HTML part: the same content, inline styles only
}

// KeyDate is one key date as a reminder, a notice and a digest describe it.
type KeyDate struct {
	Kind      string    // renewal.ReminderContract or renewal.ReminderLicence
	ID        int64     // the contract's or licence's id, for links
	What      string    // renewal.WhatCancelBy, WhatTermEnd or WhatLicenceExpiry
	KeyDate   time.Time // civil date
	DaysLeft  int       // from the day of the email to KeyDate; negative once passed
	Title     string    // the contract's title or the licence's product
	Reference string    // the contract's reference, if any
	Vendor    string
	// RenewalType is auto, manual or none for a contract, "" for a licence.
	RenewalType string
	// TermStart and TermEnd are the current term of a contract, zero for a licence.
	TermStart, TermEnd time.Time
	// RenewsOn is the day an auto contract renews by itself when nobody acts.
	RenewsOn time.Time
	// Notice is the notice period in words ("3 months", "30 days"), "" when none.
	Notice string
	// Price is the current term's price (a licence: its seats at their unit price) in
	// its own currency; PriceBase is the same in the base currency, nil when the currency
	// is the base currency or no rate is known.
	Price     money.Money
	PriceBase *money.Money
	// RenewalPrice is what the next term of an auto contract will cost (uplift applied),
	// nil when not known.
	RenewalPrice *money.Money
	Owner        string
	BackupOwner  string
	Decision     string // renew, renegotiate, cancel or "" (none yet)
}

// Site is what every letter needs to know about the installation.
type Site struct {
	OrgName string // may be empty
	BaseURL string // e.g. https://outlay.example.com, without a trailing slash
}
