package server_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// stepTimeout bounds one step of a browser test, so a selector that never matches fails
// the test at once with the step's name instead of at the end of the test's deadline.
const stepTimeout = 10 * time.Second

// tab drives one browser tab through Outlay the way a user does.
type tab struct {
	t   *testing.T
	ctx context.Context
	h   *harness
}

func newTab(t *testing.T, h *harness) *tab {
	t.Helper()
	return &tab{t: t, ctx: newBrowser(t), h: h}
}

// fail ends the test with what the user was looking at: the address and the page's text.
func (p *tab) fail(what string, err error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(text) > 1500 {
		text = text[:1500] + "…"
	}
	p.t.Fatalf("%s: %v\nat %s\n--- page text ---\n%s", what, err, loc, text)
}

// do runs steps that return nothing.
func (p *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.fail(what, err)
	}
}

// run runs one action and returns its value.
func run[T any](p *tab, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.fail(what, err)
	}
	return v
}

// text is the visible text of the first element that sel matches, spaces squeezed.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return squeeze(run(p, "read text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// value is the current value of a form control.
func (p *tab) value(sel string) string {
	p.t.Helper()
	return run(p, "read value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// attr is an attribute of the first element that sel matches, "" when it has none.
func (p *tab) attr(sel, name string) string {
	p.t.Helper()
	return run(p, "read "+name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// visible reports whether the element is rendered now (by the rule WaitVisible uses:
// it has a box), without waiting for it to become so.
func (p *tab) visible(sel string) bool {
	p.t.Helper()
	return run(p, "visibility of "+sel, chromedp.Evaluate[bool](
		`(function(el){ return !!el && Boolean(el.offsetWidth || el.offsetHeight || el.getClientRects().length); })(document.querySelector(`+jsString(sel)+`))`))
}

// location is the path of the page the tab shows.
func (p *tab) location() string {
	p.t.Helper()
	return strings.TrimPrefix(run(p, "read location", chromedp.Location()), p.h.URL)
}

// fill types text into an empty input, key by key, as a user does.
func fill(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(sel), text)
}

// refill replaces what an input holds (a default the form came with): select all,
// delete, type. (chromedp v0.23's SetValue(sel, "") sets the value "undefined": the
// empty string does not reach the page, so SetValue cannot clear a field.)
func refill(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.CSS(sel), text),
	)
}

// set picks a value of a select or a date input (typing into a date input depends on
// the browser's locale, so it is set rather than typed).
func set(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetValue(chromedp.CSS(sel), value)
}

func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }

// loaded waits for a page that has an element sel (one the page before did not have)
// to be loaded. Visible is not enough: Chrome sends DOM.documentUpdated once when the
// page commits and again at DOMContentLoaded, and the second one discards every node id
// handed out before it, so a field found in between cannot then be typed into ("Could
// not find node with given id"). After the load event no further update comes.
func loaded(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Poll[chromedp.Void](`document.readyState === 'complete'`, chromedp.WithPollingTimeout(stepTimeout)),
	)
}

// press presses one key that types a character, as a keyboard does: a keyDown that
// carries the text, then a keyUp. (chromedp.KeyEvent sends the character in a separate
// char event, which a page's preventDefault on keydown cannot stop, unlike a real key.)
func press(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			ev := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code,
				WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
			if typ == input.DispatchKeyEventTypeKeyDown {
				ev.Text, ev.UnmodifiedText = key, key
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// keyDates reads the key-date boxes of a contract page: label → date, and
// label+" (box)" → all the text of the box (the key date's box also says how far off it is).
func (p *tab) keyDates() map[string]string {
	p.t.Helper()
	nodes := run(p, "find key dates", chromedp.Nodes(chromedp.CSSAll(".keydates .kd")))
	out := map[string]string{}
	for _, n := range nodes {
		// The labels are set in capitals by the style sheet; innerText would return them so.
		label := squeeze(run(p, "key date label", chromedp.TextContent(chromedp.CSS(".kd-label"), chromedp.FromNode(n))))
		value := squeeze(run(p, "key date value", chromedp.Text(chromedp.CSS(".kd-value"), chromedp.FromNode(n))))
		box := squeeze(run(p, "key date box", chromedp.Text(chromedp.NodeIDs{n.NodeID})))
		out[label] = value
		out[label+" (box)"] = box
	}
	return out
}

// fieldValues reads a definition list of a show page as term → description.
func (p *tab) fieldValues() map[string]string {
	p.t.Helper()
	nodes := run(p, "find fields", chromedp.Nodes(chromedp.CSSAll("dl.fields > div")))
	out := map[string]string{}
	for _, n := range nodes {
		dt := squeeze(run(p, "field term", chromedp.TextContent(chromedp.CSS("dt"), chromedp.FromNode(n))))
		dd := squeeze(run(p, "field value", chromedp.Text(chromedp.CSS("dd"), chromedp.FromNode(n))))
		out[dt] = dd
	}
	return out
}

var spaces = regexp.MustCompile(`\s+`)

func squeeze(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

func expectContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q does not contain %q", what, got, want)
	}
}

// TestBrowserFirstRunToContract is the acceptance flow of a new installation, done in a
// real browser: set up the first administrator, sign out and in again, add a vendor, add
// an auto-renewing contract and read its key dates, then send a broken contract and see
// the messages beside the fields, with what was typed kept. "Today" is 2026-11-25.
func TestBrowserFirstRunToContract(t *testing.T) {
	start := time.Now()
	h := newHarness(t)
	p := newTab(t, h)
	lap := time.Now()
	t.Logf("browser started in %v", lap.Sub(start).Round(time.Millisecond))
	phase := func(name string) {
		now := time.Now()
		t.Logf("%-28s %v", name, now.Sub(lap).Round(time.Millisecond))
		lap = now
	}

	const (
		name     = "Ada Lovelace"
		email    = "ada@example.com"
		password = "analytical engine notes"
		vendor   = "Northwind Cloud"
	)

	// A new user opens the site and is led to create the first administrator.
	p.do("open the site",
		chromedp.Navigate(h.URL+"/"),
		loaded(`form[action="/setup"]`),
	)
	expect(t, "address after opening /", p.location(), "/setup")
	expectContains(t, "set-up page", p.text("main .lead"), "Create the first administrator")
	if p.visible("nav.mainnav") {
		t.Error("the set-up page shows the navigation")
	}
	p.do("create the first administrator",
		fill("#f-name", name),
		fill("#f-email", email),
		fill("#f-password", password),
		fill("#f-password_confirm", password),
		click(`form[action="/setup"] button[type="submit"]`),
		loaded("nav.mainnav"),
	)
	// Signed in at once, on the dashboard.
	expect(t, "address after set-up", p.location(), "/")
	expect(t, "heading after set-up", p.text("main h1"), "Dashboard")
	expect(t, "flash after set-up", p.text(".flash"), "Welcome to Outlay. Start by adding your vendors.")
	expectContains(t, "top bar after set-up", p.text(".usermenu"), name)
	phase("set-up")

	// Sign out with the top bar's button, and sign in again through the form.
	expect(t, "sign-out button", p.text(".usermenu button"), "Sign out")
	p.do("sign out",
		click(".usermenu button"),
		loaded(`form[action="/login"]`),
	)
	expect(t, "address after sign-out", p.location(), "/login")
	if p.visible("nav.mainnav") {
		t.Error("the sign-in page shows the navigation")
	}
	p.do("sign in",
		fill("#f-email", email),
		fill("#f-password", password),
		click(`form[action="/login"] button[type="submit"]`),
		loaded("nav.mainnav"),
	)
	expect(t, "address after sign-in", p.location(), "/")
	expect(t, "heading after sign-in", p.text("main h1"), "Dashboard")
	expectContains(t, "footer after sign-in", p.text("footer"), "signed in as "+email)
	phase("sign out and in")

	// Vendors, through the navigation; a new vendor.
	p.do("go to vendors",
		click(`nav.mainnav a[href="/vendors"]`),
		loaded(`form.filters[action="/vendors"]`),
	)
	expect(t, "current navigation entry", p.text(`nav.mainnav a[aria-current="page"]`), "Vendors")
	p.do("open the new vendor form",
		click(`.page-head a[href="/vendors/new"]`),
		loaded("#f-category"),
	)
	expect(t, "vendor form heading", p.text("main h1"), "New vendor")
	p.do("fill and save the vendor",
		fill("#f-name", vendor),
		set("#f-category", "cloud"),
		set("#f-criticality", "high"),
		fill("#f-website", "https://northwind.example"),
		fill("#f-contact_name", "Grace Hopper"),
		fill("#f-contact_email", "grace@northwind.example"),
		click(`main form.form button[type="submit"]`),
		loaded("dl.fields"),
	)
	expect(t, "flash after saving the vendor", p.text(".flash"), "Vendor saved.")
	expectContains(t, "vendor page heading", p.text("main h1"), vendor)
	vendorPath := p.location()
	if !regexp.MustCompile(`^/vendors/\d+$`).MatchString(vendorPath) {
		t.Fatalf("vendor page address %q", vendorPath)
	}
	vendorID := strings.TrimPrefix(vendorPath, "/vendors/")
	vf := p.fieldValues()
	expect(t, "vendor category", vf["Category"], "Cloud")
	expect(t, "vendor criticality", vf["Criticality"], "High")
	expect(t, "vendor account manager", vf["Account manager"], "Grace Hopper")
	phase("vendor")

	// Contracts → New contract, an auto-renewing contract with 3 months' notice.
	p.do("go to contracts",
		click(`nav.mainnav a[href="/contracts"]`),
		loaded(`form.filters[action="/contracts"]`),
		click(`.page-head a[href="/contracts/new"]`),
		loaded("#f-vendor_id"),
	)
	expect(t, "contract form heading", p.text("main h1"), "New contract")
	// The vendor field suggests names from the server as one types; choosing one keeps
	// its id.
	p.do("choose the vendor from the suggestions",
		fill("#f-vendor_id", "north"),
		chromedp.WaitVisible(chromedp.CSS(`.picker-list [role="option"]`)),
	)
	expect(t, "suggestion", p.text(`.picker-list [role="option"]`), vendor)
	p.do("click the suggestion", click(`.picker-list [role="option"]`))
	expect(t, "vendor field after choosing", p.value("#f-vendor_id"), vendor)
	expect(t, "vendor id after choosing", p.value(`input[type="hidden"][name="vendor_id"]`), vendorID)
	if p.visible(".picker-list") {
		t.Error("the suggestions stay open after a choice")
	}
	p.do("fill the contract",
		fill("#f-title", "Cloud hosting"),
		fill("#f-reference", "NW-2026-001"),
		set("#f-kind", "subscription"),
		refill("#f-owner_email", email),
		set("#f-renewal_type", "auto"),
		refill("#f-notice_value", "3"),
		set("#f-notice_unit", "months"),
		refill("#f-currency", "EUR"),
		set("#f-start_date", "2026-04-01"),
		set("#f-end_date", "2027-03-31"),
		fill("#f-price", "12000.00"),
		set("#f-billing", "annual"),
	)
	p.do("save the contract",
		click(`main form.form button[type="submit"]`),
		loaded(".keydates"),
	)
	expect(t, "flash after saving the contract", p.text(".flash"), "Contract saved.")
	expectContains(t, "contract heading", p.text("main h1"), "Cloud hosting")
	kd := p.keyDates()
	expect(t, "Cancel by", kd["Cancel by"], "2027-01-01")
	expect(t, "Renews on", kd["Renews on"], "2027-04-01")
	expect(t, "Key date", kd["Key date"], "2027-01-01")
	expectContains(t, "key date box", kd["Key date (box)"], "in 37 days")
	cf := p.fieldValues()
	expect(t, "contract vendor", cf["Vendor"], vendor)
	expect(t, "contract reference", cf["Reference"], "NW-2026-001")
	expect(t, "contract notice period", cf["Notice period"], "3 months")
	expect(t, "contract currency", cf["Currency"], "EUR")
	expectContains(t, "terms table", p.text("table.data tbody"), "12,000.00")
	phase("contract")

	// A broken contract: a price with three decimals in EUR, an end before the start.
	p.do("open a new contract again",
		click(`nav.mainnav a[href="/contracts"]`),
		loaded(`form.filters[action="/contracts"]`),
		click(`.page-head a[href="/contracts/new"]`),
		loaded("#f-vendor_id"),
	)
	// The whole name typed, without choosing a suggestion, names the vendor too.
	p.do("send a broken contract",
		fill("#f-vendor_id", vendor),
		fill("#f-title", "Broken contract"),
		set("#f-start_date", "2026-04-01"),
		set("#f-end_date", "2026-03-01"),
		fill("#f-price", "12.345"),
		click(`main form.form button[type="submit"]`),
		loaded("[data-error-summary]"),
	)
	expect(t, "address after the refused contract", p.location(), "/contracts")
	expect(t, "error summary heading", p.text("[data-error-summary] h2"), "Please fix 2 fields")
	expect(t, "message beside the price", p.text("#e-price"), "EUR allows at most 2 decimals")
	expect(t, "message beside the end date", p.text("#e-end_date"), "must be on or after the start date")
	expect(t, "price marked invalid", p.attr("#f-price", "aria-invalid"), "true")
	expectContains(t, "price described by its message", p.attr("#f-price", "aria-describedby"), "e-price")
	expect(t, "end date marked invalid", p.attr("#f-end_date", "aria-invalid"), "true")
	expect(t, "title kept", p.value("#f-title"), "Broken contract")
	expect(t, "price kept", p.value("#f-price"), "12.345")
	expect(t, "start date kept", p.value("#f-start_date"), "2026-04-01")
	expect(t, "end date kept", p.value("#f-end_date"), "2026-03-01")
	expect(t, "vendor kept", p.value("#f-vendor_id"), vendor)
	expect(t, "vendor id found from the name", p.value(`input[type="hidden"][name="vendor_id"]`), vendorID)
	// outlay.js moves the focus to the summary when the page has loaded; wait for it.
	focusCtx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	_, err := chromedp.Run(focusCtx, chromedp.Poll[bool](
		`document.activeElement !== null && document.activeElement.hasAttribute('data-error-summary')`,
		chromedp.WithPollingTimeout(5*time.Second)))
	cancel()
	if err != nil {
		active := run(p, "read the focused element", chromedp.Evaluate[string](
			`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`))
		t.Errorf("the error summary did not receive the focus (%v); focused: %s", err, active)
	}
	phase("refused contract")
	t.Logf("total %v", time.Since(start).Round(time.Millisecond))
}

// TestBrowserKeyboardAndPhone checks two small comforts: "/" jumps to the search box of a
// list, and on a phone-wide screen the navigation folds behind a "Menu" toggle.
func TestBrowserKeyboardAndPhone(t *testing.T) {
	start := time.Now()
	h := newHarness(t)
	u := h.user("editor")
	p := newTab(t, h)

	p.do("sign in",
		chromedp.Navigate(h.URL+"/login"),
		loaded(`form[action="/login"]`),
		fill("#f-email", u.Email),
		fill("#f-password", testPassword),
		click(`form[action="/login"] button[type="submit"]`),
		loaded("nav.mainnav"),
		chromedp.Navigate(h.URL+"/vendors"),
		loaded(`form.filters[action="/vendors"]`),
	)

	// "/" focuses the search box, and is not typed into it.
	slash := press("/", "Slash", 191)
	p.do("press /", slash)
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.id === 'q'`,
		chromedp.WithPollingTimeout(5*time.Second)))
	cancel()
	if err != nil {
		active := run(p, "read the focused element", chromedp.Evaluate[string](
			`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`))
		t.Errorf(`"/" did not focus the search box (%v); focused: %s`, err, active)
	}
	expect(t, `search box after "/"`, p.value("#q"), "")
	// Once in the box, "/" is just a character.
	p.do("type in the search box", press("a", "KeyA", 65), slash, press("b", "KeyB", 66))
	expect(t, "search box after typing", p.value("#q"), "a/b")

	// At desktop width the navigation is out, and there is no toggle.
	if !p.visible(`nav.mainnav a[href="/contracts"]`) {
		t.Error("desktop: the navigation is hidden")
	}
	if p.visible(".nav-toggle-label") {
		t.Error("desktop: the Menu toggle shows")
	}

	// A 390 px wide phone: the navigation folds behind "Menu".
	p.do("phone-wide screen",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(h.URL+"/vendors"),
		loaded(".nav-toggle-label"),
	)
	expect(t, "toggle", p.text(".nav-toggle-label"), "Menu")
	for _, sel := range []string{`nav.mainnav a[href="/vendors"]`, `nav.mainnav a[href="/contracts"]`, ".usermenu button"} {
		if p.visible(sel) {
			t.Errorf("phone: %s shows before the menu is opened", sel)
		}
	}
	p.do("open the menu",
		click(".nav-toggle-label"),
		chromedp.WaitVisible(chromedp.CSS(`nav.mainnav a[href="/contracts"]`)),
	)
	if !p.visible(".usermenu button") {
		t.Error("phone: the Sign out button is hidden with the menu open")
	}
	p.do("follow a link of the menu",
		click(`nav.mainnav a[href="/contracts"]`),
		loaded(`form.filters[action="/contracts"]`),
	)
	if p.visible(`nav.mainnav a[href="/vendors"]`) {
		t.Error("phone: the menu is still open on the next page")
	}
	t.Logf("total %v", time.Since(start).Round(time.Millisecond))
}
