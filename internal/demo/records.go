package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// product is something a vendor sells and the budget area it is charged to.
type product struct{ name, area string }

// vendorInfo is what the generator knows about a vendor beyond the stored record.
type vendorInfo struct {
	v        *outlay.Vendor
	currency string // what the vendor invoices in
	prefix   string // of contract references, such as "MS" in MS-2024-0117
	short    string // the name's first word, for generic product names
	area     string
	products []product
	weight   int64 // popularity: how often the vendor gets contracts and invoices
	style    int   // how the vendor numbers its invoices
	seq      int   // the vendor's last invoice number
	refSeq   int   // the vendor's last contract reference number
	// contracts are indexes of the vendor's contracts.
	contracts []int
}

// contractInfo is what the generator knows about a contract beyond the stored record.
type contractInfo struct {
	vendor  int
	code    int // budget code index
	product string
	po      bool // its invoices quote a purchase order
	service bool // its invoices carry the billing period as service period
}

// licenceInfo is what the generator knows about a licence beyond the stored record.
type licenceInfo struct {
	vendor int
	code   int
}

func (g *gen) makeVendors() error {
	r := stream(streamVendors)
	taken := map[string]bool{}
	add := func(vi *vendorInfo) {
		vi.v.ID = int64(len(g.vendors) + 1)
		vi.weight = 2_000_000 / int64(len(g.vendors)+8)
		vi.style = r.IntN(4)
		vi.seq = between(r, 100, 9_000)
		vi.refSeq = between(r, 1, 300)
		taken[strings.ToLower(vi.v.Name)] = true
		g.vendors = append(g.vendors, vi)
		g.ds.Vendors = append(g.ds.Vendors, vi.v)
	}
	for _, line := range strings.Split(seedVendors, "\n") {
		if len(g.vendors) == g.spec.Vendors {
			break
		}
		f := strings.Split(line, "|")
		vi := &vendorInfo{prefix: f[1], short: strings.Fields(f[0])[0], area: f[3]}
		for _, p := range strings.Split(f[6], "; ") {
			name, area, ok := strings.Cut(p, ">")
			if !ok {
				area = vi.area
			}
			vi.products = append(vi.products, product{name, area})
		}
		vi.v, vi.currency = g.vendor(r, f[0], f[2], f[4], "https://"+f[5], true), f[4]
		add(vi)
	}
	if len(g.vendors) == g.spec.Vendors {
		return nil
	}
	// Every prefix × stem pair, shuffled: as many distinct made-up names as needed.
	combos := make([][2]int, 0, len(fakePrefixes)*len(fakeStems))
	for i := range fakePrefixes {
		for j := range fakeStems {
			combos = append(combos, [2]int{i, j})
		}
	}
	r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
	for _, c := range combos {
		if len(g.vendors) == g.spec.Vendors {
			return nil
		}
		prefix, stem := fakePrefixes[c[0]], fakeStems[c[1]]
		cur := []string{"EUR", "GBP", "USD"}[weighted(r, 72, 12, 16)]
		name := prefix + " " + stem.word
		if suffix := pick(r, legalSuffixes[cur]); suffix != "" {
			name += " " + suffix
		}
		if taken[strings.ToLower(name)] {
			continue
		}
		vi := &vendorInfo{prefix: strings.ToUpper(prefix[:3]), short: prefix, area: stem.area}
		for _, p := range genericProducts[stem.area] {
			vi.products = append(vi.products, product{strings.ReplaceAll(p, "{S}", prefix), stem.area})
		}
		vi.v, vi.currency = g.vendor(r, name, stem.category, cur, "https://www."+slug(name)+".example", false), cur
		add(vi)
	}
	return fmt.Errorf("demo: only %d vendor names for %d vendors", len(g.vendors), g.spec.Vendors)
}

// vendor makes a vendor record; seed vendors (well-known names) are all active and
// more often critical.
func (g *gen) vendor(r *rand.Rand, name, category, cur, website string, seed bool) *outlay.Vendor {
	v := &outlay.Vendor{Name: name, Category: category, Status: "active", Website: website}
	if seed {
		v.Criticality = outlay.VendorCriticalities[weighted(r, 10, 35, 40, 15)]
	} else {
		v.Status = outlay.VendorStatuses[weighted(r, 88, 7, 5)]
		v.Criticality = outlay.VendorCriticalities[weighted(r, 40, 42, 15, 3)]
	}
	domain := slug(name) + ".example"
	first, last := pick(r, firstNames), pick(r, lastNames)
	v.ContactName = first + " " + last
	v.ContactEmail = strings.ToLower(first + "." + last + "@" + domain)
	// Numbers from the ranges reserved for fiction (Ofcom, NANP 555-01xx, ARCEP).
	switch cur {
	case "GBP":
		v.ContactPhone = fmt.Sprintf("+44 20 7946 0%03d", r.IntN(1000))
	case "USD":
		v.ContactPhone = fmt.Sprintf("+1 202 555 01%02d", r.IntN(100))
	default:
		v.ContactPhone = fmt.Sprintf("+33 1 99 00 %02d %02d", r.IntN(100), r.IntN(100))
	}
	v.SupportContact = pick(r, []string{
		"https://support." + domain,
		"support@" + domain + ", 24×7",
		"Partner portal; P1 cases by phone",
	})
	if permille(r, 120) {
		v.Notes = pick(r, vendorNotes)
	}
	return v
}

// slug is a name in lower-case letters and digits, for made-up web domains.
func slug(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// makeCodes picks the size's budget codes: the first BudgetCodes of the catalogue.
func (g *gen) makeCodes() {
	g.byArea = map[string][]int{}
	for i, line := range strings.Split(budgetCodes, "\n") {
		if i == g.spec.BudgetCodes {
			break
		}
		f := strings.Split(line, "|")
		g.codes = append(g.codes, codeSpec{code: f[0], name: f[1], category: f[2], area: f[3], expenseType: f[4]})
		g.byArea[f[3]] = append(g.byArea[f[3]], i)
	}
}

// codeFor picks a budget code for spend in an area, falling back to a broader area when
// the dataset has no code for it.
func (g *gen) codeFor(r *rand.Rand, area string) int {
	for range 3 {
		if idx := g.byArea[area]; len(idx) > 0 {
			return pick(r, idx)
		}
		area = areaFallback[area]
	}
	return r.IntN(len(g.codes))
}

// Where a contract's current term stands today, which decides its status and whether
// its key date shows on the dashboard.
const (
	placeUpcoming = iota // signed, first term not started
	placeEnded           // the last term ended; often archived
	placeLate            // key date passed without a decision
	placeSoon            // key date within the next 90 days
	placeLater           // key date further out
)

func (g *gen) makeContracts() {
	r := stream(streamContracts)
	var eligible []int
	for i, vi := range g.vendors {
		if vi.v.Status != "prospect" {
			eligible = append(eligible, i)
		}
	}
	pk := newPicker(eligible, func(i int) int64 { return g.vendors[i].weight })
	termID := int64(0)
	for i := range g.spec.Contracts {
		vi := pk.pick(r)
		c, info := g.contract(r, int64(i+1), vi, &termID)
		g.vendors[vi].contracts = append(g.vendors[vi].contracts, i)
		g.ds.Contracts = append(g.ds.Contracts, c)
		g.cinfo = append(g.cinfo, info)
	}
}

// kindFor draws a contract kind that suits what is bought: a vendor's category, unless
// the product is of another nature (Webex from Cisco is a subscription, not hardware
// support; appliances from a software vendor are hardware).
func kindFor(r *rand.Rand, category, area string) string {
	switch {
	case area == "facility":
		return []string{"lease", "services"}[weighted(r, 70, 30)]
	case category == "hardware" && softwareArea(area):
		category = "software"
	case category == "software" && hardwareArea(area):
		category = "hardware"
	}
	switch category {
	case "software":
		return []string{"subscription", "support", "purchase"}[weighted(r, 70, 20, 10)]
	case "cloud":
		return []string{"subscription", "services"}[weighted(r, 80, 20)]
	case "hardware":
		if area == "laptop" || area == "print" || area == "server" || area == "mobile" {
			return []string{"support", "lease", "purchase"}[weighted(r, 50, 30, 20)]
		}
		return []string{"support", "subscription", "purchase"}[weighted(r, 70, 15, 15)]
	case "telecom":
		return []string{"services", "subscription"}[weighted(r, 60, 40)]
	case "other":
		return []string{"lease", "services"}[weighted(r, 70, 30)]
	}
	return []string{"services", "support"}[weighted(r, 90, 10)]
}

// softwareArea reports whether an area's spend is software, whoever sells it.
func softwareArea(area string) bool {
	switch area {
	case "collab", "busapp", "crm", "data", "hr", "finance", "itsm", "dev", "devops", "design", "pm", "backup":
		return true
	}
	return false
}

// hardwareArea reports whether an area's spend is equipment, whoever sells it.
func hardwareArea(area string) bool {
	switch area {
	case "network", "laptop", "server", "storage", "print":
		return true
	}
	return false
}

// fill replaces a generic product's placeholders.
func fill(r *rand.Rand, s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	return strings.NewReplacer("{n}", fmt.Sprint(between(r, 2, 14)), "{site}", pick(r, sites),
		"{dept}", pick(r, departments), "{role}", pick(r, roles)).Replace(s)
}

// contractTitle names a contract the way people do: "Microsoft 365 E3 subscription",
// "Cisco SmartNet support", "Office lease — Floor 3".
func contractTitle(r *rand.Rand, kind, p string) string {
	lower := strings.ToLower(p)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	switch kind {
	case "subscription":
		if has("contract", "commitment", "subscription", "plan", "access", "wan", "trunks") {
			return p
		}
		return []string{p + " subscription", p + " licences", p + " enterprise agreement", p + " — " + pick(r, departments)}[weighted(r, 50, 20, 15, 15)]
	case "support":
		if has("support", "care", "maintenance", "supportedge") {
			return p
		}
		return []string{p + " support", p + " maintenance"}[weighted(r, 70, 30)]
	case "lease":
		if has("lease", "colocation", "rack", "cage", "desks", "rooms", "office") {
			return p
		}
		return p + " lease"
	case "purchase":
		return []string{p + " purchase", p + " — perpetual licences"}[weighted(r, 70, 30)]
	}
	if permille(r, 300) {
		return p + " — " + pick(r, departments)
	}
	return p
}

// contract makes contract id of vendor vi with its terms, placed in time so that the
// dashboard has key dates in the next 90 days, a few late ones and some ended
// contracts, and returns what the spend stage needs to know of it.
func (g *gen) contract(r *rand.Rand, id int64, vi int, termID *int64) (*outlay.Contract, contractInfo) {
	v := g.vendors[vi]
	p := pick(r, v.products)
	name := fill(r, p.name)
	kind := kindFor(r, v.v.Category, p.area)
	c := &outlay.Contract{ID: id, VendorID: v.v.ID, Title: contractTitle(r, kind, name), Kind: kind,
		Currency: v.currency}
	if c.Currency == "USD" && permille(r, 300) || c.Currency == "GBP" && permille(r, 200) {
		c.Currency = "EUR" // billed by the vendor's European entity
	}
	info := contractInfo{vendor: vi, code: g.codeFor(r, p.area), product: name, po: permille(r, 700), service: permille(r, 600)}
	c.BudgetLineCode = g.codes[info.code].code
	owner := r.IntN(len(people))
	c.OwnerEmail = people[owner] + "@demo.example"
	if permille(r, 600) {
		c.BackupOwnerEmail = people[(owner+between(r, 1, len(people)-1))%len(people)] + "@demo.example"
	}

	switch kind {
	case "purchase":
		c.RenewalType = renewal.RenewalNone
	case "services":
		c.RenewalType = outlay.RenewalTypes[weighted(r, 50, 30, 20)]
	default:
		c.RenewalType = outlay.RenewalTypes[weighted(r, 75, 18, 7)]
	}
	place := weighted(r, 1, 6, 3, 22, 68)
	if v.v.Status == "inactive" {
		place = placeEnded
	}
	cancelled := false
	switch {
	case place == placeLate && c.RenewalType == renewal.RenewalNone:
		c.RenewalType = renewal.RenewalManual
	case place == placeEnded && c.RenewalType == renewal.RenewalAuto:
		// An auto contract that ended was cancelled; otherwise it would have rolled.
		if cancelled = permille(r, 500); !cancelled {
			c.RenewalType = renewal.RenewalNone
		}
	}
	c.NoticeUnit = renewal.UnitDays
	switch c.RenewalType {
	case renewal.RenewalAuto:
		if permille(r, 500) {
			c.NoticeValue = []int{30, 60, 90}[weighted(r, 25, 35, 40)]
		} else {
			c.NoticeUnit, c.NoticeValue = renewal.UnitMonths, []int{1, 2, 3}[weighted(r, 20, 30, 50)]
		}
		if permille(r, 300) {
			c.RenewalTermMonths = 12
		}
		if permille(r, 650) {
			c.UpliftBasisPoints = int64(between(r, 6, 28) * 25)
		}
	case renewal.RenewalManual:
		c.NoticeValue = []int{0, 30}[r.IntN(2)]
	}
	noticeDays := c.NoticeValue
	if c.NoticeUnit == renewal.UnitMonths {
		noticeDays *= 31
	}
	length := []int{12, 24, 36}[weighted(r, 60, 25, 15)]
	billing := billingFor(r, kind)

	start, history := g.placeTerm(r, c, place, length, noticeDays)
	if place == placeUpcoming {
		history = 0
	}
	anchor := renewal.AddMonths(start, -history*length)

	// Price of the first term, in the contract's currency; each later term rose by
	// 0–8 %, which gives the year-over-year history on the contract's page.
	annual := logUniform(r, 1_500_00, 250_000_00)
	if permille(r, 30) {
		annual = logUniform(r, 250_000_00, 2_000_000_00)
	}
	price := roundTo(toLocal(annual, c.Currency)*int64(length)/12, 100_00)
	for k := 0; k <= history; k++ {
		s, e := renewal.NextTerm(anchor, length, k)
		if k > 0 && permille(r, 750) {
			price = roundTo(renewal.ApplyUplift(price, int64(between(r, 1, 32)*25)), 100)
		}
		*termID++
		t := &outlay.Term{ID: *termID, ContractID: id, StartDate: s, EndDate: e, Price: price, Billing: billing}
		c.Terms = append(c.Terms, t)
		if k < history {
			// Past terms: manual contracts were renewed by someone, auto ones sometimes
			// had the renewal confirmed.
			if c.RenewalType == renewal.RenewalManual && permille(r, 600) || c.RenewalType == renewal.RenewalAuto && permille(r, 100) {
				t.Decision = g.decision(r, c, t, "renew")
			}
		}
	}
	cur := c.CurrentTerm()
	switch {
	case cancelled:
		cur.Decision = g.decision(r, c, cur, "cancel")
	case place == placeSoon:
		if k := weighted(r, 20, 12, 6, 62); k < 3 {
			cur.Decision = g.decision(r, c, cur, outlay.DecisionKinds[k])
		}
	case place == placeLater && permille(r, 30):
		cur.Decision = g.decision(r, c, cur, "renew")
	case place == placeLate && permille(r, 150):
		cur.Decision = g.decision(r, c, cur, "renegotiate")
	}
	if place == placeEnded && permille(r, 850) {
		at := minDate(addDays(cur.EndDate, between(r, 1, 45)), addDays(g.today, -1)).Add(15 * time.Hour)
		c.ArchivedAt = &at
	}
	if permille(r, 200) {
		c.Notes = pick(r, contractNotes)
	}
	if permille(r, 350) {
		c.Justification = fmt.Sprintf(pick(r, contractJustifications), pick(r, departments))
	}
	v.refSeq += between(r, 1, 9)
	c.Reference = fmt.Sprintf("%s-%d-%04d", v.prefix, c.Terms[0].StartDate.Year(), v.refSeq%10000)
	return c, info
}

// billingFor draws a billing frequency that suits the kind of contract.
func billingFor(r *rand.Rand, kind string) string {
	b := outlay.BillingPeriods // monthly, quarterly, annual, upfront
	switch kind {
	case "subscription":
		return b[weighted(r, 30, 20, 45, 5)]
	case "support":
		return b[weighted(r, 0, 20, 60, 20)]
	case "lease":
		return b[weighted(r, 60, 40, 0, 0)]
	case "purchase":
		return "upfront"
	}
	return b[weighted(r, 50, 35, 15, 0)]
}

// placeTerm chooses the start of the current term so that its key date falls where
// place says, and how many earlier terms the contract had. Starts fall on the first of
// a month (as most contracts do) or on a day up to the 28th, so that terms of whole
// months never meet month-end clamping and each contract's terms are one exact series.
func (g *gen) placeTerm(r *rand.Rand, c *outlay.Contract, place, length, noticeDays int) (time.Time, int) {
	history := weighted(r, 20, 35, 30, 15)
	switch place {
	case placeUpcoming:
		return firstOfMonth(g.today).AddDate(0, between(r, 1, 2), 0), 0
	case placeEnded:
		return renewal.AddMonths(firstOfMonth(addDays(g.today, -between(r, 15, 540))), -length), history
	}
	lo, hi := 91, max(91, length*30-noticeDays-31)
	switch place {
	case placeLate:
		lo, hi = -60, -1
	case placeSoon:
		lo, hi = 0, 90
	}
	key := addDays(g.today, between(r, lo, hi))
	// Work back from the key date to the term's end, then to its start.
	end := key
	if c.RenewalType == renewal.RenewalAuto {
		renews := addDays(key, noticeDays)
		if c.NoticeUnit == renewal.UnitMonths {
			renews = renewal.AddMonths(key, c.NoticeValue)
		}
		end = addDays(renews, -1)
	}
	s := renewal.AddMonths(addDays(end, 1), -length)
	clamped := time.Date(s.Year(), s.Month(), min(s.Day(), 28), 0, 0, 0, 0, time.UTC)
	cands := []time.Time{firstOfMonth(s), firstOfMonth(s).AddDate(0, 1, 0), clamped}
	if permille(r, 250) {
		cands = []time.Time{clamped, firstOfMonth(s), firstOfMonth(s).AddDate(0, 1, 0)}
	}
	notice := c.Notice()
	for _, cand := range cands {
		e := addDays(renewal.AddMonths(cand, length), -1)
		k := renewal.DaysBetween(g.today, renewal.KeyDate(c.RenewalType, e, notice))
		if !cand.After(g.today) && k >= lo && k <= hi {
			return cand, history
		}
	}
	return firstOfMonth(s), history
}

// decision records a decision on term t a few days or weeks before its key date, by
// the contract's owner, never later than yesterday.
func (g *gen) decision(r *rand.Rand, c *outlay.Contract, t *outlay.Term, kind string) *outlay.Decision {
	key := renewal.KeyDate(c.RenewalType, t.EndDate, c.Notice())
	day := minDate(addDays(key, -between(r, 1, 30)), addDays(g.today, -between(r, 1, 20)))
	day = maxDate(day, t.StartDate)
	at := day.Add(time.Duration(between(r, 8*60, 18*60)) * time.Minute)
	return &outlay.Decision{Kind: kind, Note: pick(r, decisionNotes[kind]), By: c.OwnerEmail, At: at}
}

func (g *gen) makeLicences() {
	r := stream(streamLicences)
	var eligible []int
	for i, vi := range g.vendors {
		if vi.v.Status == "active" && (vi.v.Category == "software" || vi.v.Category == "cloud") {
			eligible = append(eligible, i)
		}
	}
	if len(eligible) == 0 {
		for i := range g.vendors {
			eligible = append(eligible, i)
		}
	}
	pk := newPicker(eligible, func(i int) int64 { return g.vendors[i].weight })
	for i := range g.spec.Licences {
		vi := pk.pick(r)
		l, info := g.licence(r, int64(i+1), vi)
		g.ds.Licences = append(g.ds.Licences, l)
		g.linfo = append(g.linfo, info)
	}
}

// licence makes licence id of vendor vi: four in ten bought under one of the vendor's
// running contracts, whose dates, billing, owner and budget code it then shares.
func (g *gen) licence(r *rand.Rand, id int64, vi int) (*outlay.Licence, licenceInfo) {
	v := g.vendors[vi]
	l := &outlay.Licence{ID: id, VendorID: v.v.ID, Currency: v.currency}
	info := licenceInfo{vendor: vi}
	var under *outlay.Contract
	if permille(r, 400) && len(v.contracts) > 0 {
		ci := pick(r, v.contracts)
		k := g.ds.Contracts[ci]
		if k.ArchivedAt == nil && k.Kind != "lease" && k.Kind != "services" && !k.Terms[0].StartDate.After(g.today) {
			under = k
			l.ContractID = &k.ID
			l.Product = g.cinfo[ci].product
			l.Currency = k.Currency
			info.code = g.cinfo[ci].code
		}
	}
	if under == nil {
		p := pick(r, v.products)
		l.Product = fill(r, p.name)
		info.code = g.codeFor(r, p.area)
	}
	l.BudgetLineCode = g.codes[info.code].code

	l.Kind = outlay.LicenceKinds[weighted(r, 45, 10, 8, 7, 20, 10)]
	if under != nil && l.Kind == "perpetual" {
		l.Kind = "subscription"
	}
	switch l.Kind {
	case "per_user", "subscription":
		l.SeatsPurchased = logUniform(r, 5, 3_000)
	case "per_device":
		l.SeatsPurchased = logUniform(r, 10, 1_500)
	case "concurrent":
		l.SeatsPurchased = logUniform(r, 2, 200)
	case "perpetual":
		l.SeatsPurchased = logUniform(r, 1, 300)
	}
	// Most licences are well used, a fifth are below 70 % (shelfware), a few are
	// over-deployed (a compliance risk the licence page flags).
	if n := l.SeatsPurchased; n > 0 {
		switch weighted(r, 70, 22, 5, 3) {
		case 0:
			l.SeatsAssigned = n * int64(between(r, 70, 100)) / 100
		case 1:
			l.SeatsAssigned = n * int64(between(r, 30, 69)) / 100
		case 2:
			l.SeatsAssigned = n * int64(between(r, 0, 29)) / 100
		default:
			l.SeatsAssigned = max(n+1, n*int64(between(r, 101, 115))/100)
		}
	}

	length := []int{12, 24, 36}[weighted(r, 70, 20, 10)]
	switch {
	case under != nil:
		t := under.CurrentTerm()
		l.Billing, l.StartDate, l.ExpiryDate = t.Billing, t.StartDate, t.EndDate
		l.OwnerEmail = under.OwnerEmail
	case l.Kind == "perpetual":
		l.Billing, l.StartDate = "upfront", addDays(g.today, -between(r, 30, 1_500))
	default:
		l.Billing = []string{"monthly", "annual", "quarterly"}[weighted(r, 35, 55, 10)]
		if l.Kind == "site" {
			l.Billing = "annual"
		}
		switch weighted(r, 5, 15, 80) {
		case 0:
			l.ExpiryDate = addDays(g.today, -between(r, 1, 365))
			if permille(r, 500) {
				at := minDate(addDays(l.ExpiryDate, between(r, 1, 30)), addDays(g.today, -1)).Add(16 * time.Hour)
				l.ArchivedAt = &at
			}
		case 1:
			l.ExpiryDate = addDays(g.today, between(r, 0, 90))
		default:
			l.ExpiryDate = addDays(g.today, between(r, 91, length*30-6))
		}
		l.StartDate = renewal.AddMonths(addDays(l.ExpiryDate, 1), -length)
	}
	if l.OwnerEmail == "" {
		l.OwnerEmail = pick(r, people) + "@demo.example"
	}

	// Unit price per seat and billing period, from a yearly price per seat in EUR.
	yearly := logUniform(r, 15_00, 900_00)
	switch l.Kind {
	case "site":
		yearly = logUniform(r, 2_000_00, 80_000_00)
	case "perpetual":
		yearly = logUniform(r, 50_00, 2_000_00) // a one-off price
	}
	unit := toLocal(yearly, l.Currency)
	switch l.Billing {
	case "monthly":
		unit /= 12
	case "quarterly":
		unit /= 4
	case "upfront":
		if l.Kind != "perpetual" {
			unit = unit * int64(max(1, renewal.WholeMonths(l.StartDate, l.ExpiryDate))) / 12
		}
	}
	l.UnitPrice = max(unit, 1)
	if permille(r, 100) {
		l.Notes = pick(r, licenceNotes)
	}
	return l, info
}

// seats writes a seat count with thousands separators, as pages do.
func seats(n int64) string { return money.Format(n, "JPY") }
