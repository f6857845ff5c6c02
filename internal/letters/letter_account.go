package letters

import (
	"strings"
	"time"
)

// Test is the email an admin sends from the settings page to see that mail works end to
// end. It says when it was sent, to whom and from which installation, so that a message
// that arrives late, at the wrong address or from a copied installation shows it.
func Test(to string, at time.Time, s Site) Letter {
	facts := []fact{
		{"Sent at", at.Format("2006-01-02 15:04:05 MST")},
		{"Sent to", to},
	}
	if base := baseURL(s); base != "" {
		facts = append(facts, fact{"Outlay", base})
	}
	if org := strings.TrimSpace(s.OrgName); org != "" {
		facts = append(facts, fact{"Organisation", org})
	}
	return render(doc{
		Subject: "Outlay test email",
		Heading: "Mail from Outlay works",
		Blocks: []block{
			{Para: text("This is a test email from ", outlayName(s), ". It reached you, so ",
				"Outlay can send reminders, digests and password reset links to this address.")},
			{Facts: facts},
		},
		Footer: footer(s, "An admin sent this from the settings page. No reply is needed."),
	})
}

// PasswordReset carries a reset link to a user who asked for one. link is the full
// one-time address (it holds the token, so it appears in this email and nowhere else);
// valid is how long it works. The email says the link works once and to ignore it when
// the reader did not ask: then nothing changes.
func PasswordReset(name, link string, valid time.Duration, s Site) Letter {
	greeting := "Hello,"
	if name = strings.TrimSpace(name); name != "" {
		greeting = "Hello " + name + ","
	}
	return render(doc{
		Subject: "Reset your Outlay password",
		Heading: "Reset your Outlay password",
		Blocks: []block{
			{Para: text(greeting)},
			{Para: text("Someone asked to reset your password for ", outlayName(s),
				". To choose a new password, open this link:")},
			{Links: []anchor{{Label: "Choose a new password", Href: link}}},
			{Para: text("The link works once, for ", duration(valid), ". After that, ask for a new one on the sign-in page.")},
			{Para: text("If you did not ask for this, ignore this email: your password stays as it is.")},
		},
		Footer: footer(s, ""),
	})
}

// duration writes a validity in words: "1 hour", "30 minutes", "2 hours 30 minutes".
func duration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h > 0 && m > 0:
		return plural(h, "hour", "hours") + " " + plural(m, "minute", "minutes")
	case h > 0:
		return plural(h, "hour", "hours")
	default:
		return plural(max(m, 1), "minute", "minutes")
	}
}
