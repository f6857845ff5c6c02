package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// draft is a spend entry while the spend stage builds it: charged to budget codes (the
// fiscal year's line is known only once the date is final) and not yet numbered.
type draft struct {
	s      Spend
	vendor int
	shares []share
	order  int    // creation order, which breaks ties between entries of one day
	credit *draft // the invoice a credit note corrects
	reason string // why a credit note was issued
}

// share is a weight of a spend entry charged to a budget code.
type share struct {
	code   int
	weight int64
}

// foreignCurrencies are the currencies with rates: USD and GBP against EUR, each with
// its starting rate in micros.
var foreignCurrencies = []struct {
	code   string
	micros int64
}{{"USD", 921_400}, {"GBP", 1_168_300}}

// makeRates writes one rate per currency for the first of every month from the start of
// the last fiscal year to today, wandering by up to 1.5 % a month.
func (g *gen) makeRates() {
	r := stream(streamRates)
	g.rateBook = map[string][]*outlay.Rate{}
	for _, fc := range foreignCurrencies {
		rate := fc.micros
		for m := firstOfMonth(g.from); !m.After(g.today); m = m.AddDate(0, 1, 0) {
			rt := &outlay.Rate{ID: int64(len(g.ds.Rates) + 1), Currency: fc.code, EffectiveFrom: m, RateMicros: rate}
			g.ds.Rates = append(g.ds.Rates, rt)
			g.rateBook[fc.code] = append(g.rateBook[fc.code], rt)
			rate = rate * int64(1_000_000+between(r, -15_000, 15_000)) / 1_000_000
		}
	}
}

// roughBase converts an amount to EUR cents at the rate of its date, in int64: good
// enough to size budget plans, which is all the generator needs it for (storage
// converts the entries themselves exactly).
func (g *gen) roughBase(amount int64, cur string, date time.Time) int64 {
	rates := g.rateBook[cur]
	if len(rates) == 0 {
		return amount
	}
	i := sort.Search(len(rates), func(i int) bool { return rates[i].EffectiveFrom.After(date) })
	return amount * rates[max(i-1, 0)].RateMicros / 1_000_000
}

func (g *gen) makeSpend() {
	r := stream(streamSpend)
	g.contractInvoices(r)
	g.licenceInvoices(r)
	// Contract and licence invoices leave room for the other spend; when they do not
	// (a long window with a January fiscal year), a deterministic sample of them stays.
	if limit := g.spec.Spend * 88 / 100; len(g.drafts) > limit {
		keep := r.Perm(len(g.drafts))[:limit]
		sort.Ints(keep)
		kept := make([]*draft, len(keep))
		for i, k := range keep {
			kept[i] = g.drafts[k]
		}
		g.drafts = kept
	}
	g.creditNotes(r)
	g.otherSpend(r, g.spec.Spend-len(g.drafts))
	for _, d := range g.drafts {
		if d.credit == nil && permille(r, 50) {
			g.split(r, d)
		}
	}
	sort.Slice(g.drafts, func(i, j int) bool {
		a, b := g.drafts[i], g.drafts[j]
		if !a.s.Date.Equal(b.s.Date) {
			return a.s.Date.Before(b.s.Date)
		}
		return a.order < b.order
	})
	g.number()
	nCodes := int64(len(g.codes))
	for _, d := range g.drafts {
		fyIdx := int64(g.cal.Year(d.s.Date) - g.fy0)
		for _, sh := range d.shares {
			d.s.Lines = append(d.s.Lines, Line{BudgetLineID: fyIdx*nCodes + int64(sh.code) + 1, Weight: sh.weight})
		}
		g.ds.Spend = append(g.ds.Spend, &d.s)
	}
}

func (g *gen) add(d *draft) {
	d.order = len(g.drafts)
	g.drafts = append(g.drafts, d)
}

// invoiceDay is when the payment of a billing period that starts on due is invoiced: a
// few days into the period, never after its end, so that the invoice marks the period
// as invoiced.
func invoiceDay(r *rand.Rand, due, periodEnd time.Time) time.Time {
	return addDays(due, between(r, 0, min(12, renewal.DaysBetween(due, periodEnd))))
}

// contractInvoices bills every contract's payment schedule from the start of the last
// fiscal year to today, each invoice dated in its billing period; about one in fifty is
// missing (not yet entered), which leaves it committed.
func (g *gen) contractInvoices(r *rand.Rand) {
	for ci, c := range g.ds.Contracts {
		info := g.cinfo[ci]
		for _, t := range c.Terms {
			po := ""
			if info.po {
				po = fmt.Sprintf("PO-%d-%05d", t.StartDate.Year(), between(r, 1, 99_999))
			}
			for _, p := range renewal.Schedule(t.StartDate, t.EndDate, t.Price, t.Billing) {
				if p.Due.Before(g.from) {
					continue
				}
				if p.Due.After(g.today) {
					break
				}
				date := invoiceDay(r, p.Due, p.PeriodEnd)
				if date.After(g.today) || permille(r, 20) || p.Amount == 0 {
					continue
				}
				d := &draft{vendor: info.vendor, shares: []share{{info.code, 1}}, s: Spend{
					Date: date, VendorID: c.VendorID, Description: c.Title + " — " + periodLabel(p.PeriodStart, p.PeriodEnd),
					PONumber: po, Amount: p.Amount, Currency: c.Currency, ContractID: c.ID,
				}}
				if info.service {
					d.s.ServiceFrom, d.s.ServiceTo = p.PeriodStart, p.PeriodEnd
				}
				g.add(d)
			}
		}
	}
}

// licenceInvoices bills the licences bought outside a contract: seats × unit price per
// billing period, or one invoice for a perpetual licence.
func (g *gen) licenceInvoices(r *rand.Rand) {
	for li, l := range g.ds.Licences {
		if l.ContractID != nil {
			continue // billed through its contract
		}
		info := g.linfo[li]
		amount := l.UnitPrice * max(l.SeatsPurchased, 1)
		what := seats(l.SeatsPurchased) + " seats"
		if l.Kind == "site" {
			amount, what = l.UnitPrice, "site licence"
		}
		bill := func(due, periodEnd time.Time, service bool) {
			date := invoiceDay(r, due, periodEnd)
			if due.Before(g.from) || date.After(g.today) || permille(r, 20) {
				return
			}
			d := &draft{vendor: info.vendor, shares: []share{{info.code, 1}}, s: Spend{
				Date: date, VendorID: l.VendorID, Description: l.Product + " — " + what + " — " + periodLabel(due, periodEnd),
				Amount: amount, Currency: l.Currency, LicenceID: l.ID,
			}}
			if service {
				d.s.ServiceFrom, d.s.ServiceTo = due, periodEnd
			}
			g.add(d)
		}
		if l.Kind == "perpetual" {
			bill(l.StartDate, l.StartDate, false)
			continue
		}
		service := permille(r, 500)
		for _, p := range renewal.Schedule(l.StartDate, l.ExpiryDate, 0, l.Billing) {
			if p.Due.After(g.today) {
				break
			}
			bill(p.Due, p.PeriodEnd, service)
		}
	}
}

// creditNotes adds a few credit notes (about 0.6 % of the entries): part or all of an
// earlier contract or licence invoice refunded, a few weeks after it.
func (g *gen) creditNotes(r *rand.Rand) {
	want := max(1, g.spec.Spend*6/1000)
	invoices := len(g.drafts)
	for made, tries := 0, 0; made < want && tries < want*20 && invoices > 0; tries++ {
		o := g.drafts[r.IntN(invoices)]
		date := addDays(o.s.Date, between(r, 5, 45))
		amount := -(o.s.Amount * int64(between(r, 10, 100)) / 100)
		if date.After(g.today) || amount > -100 {
			continue
		}
		g.add(&draft{vendor: o.vendor, shares: o.shares, credit: o, reason: pick(r, creditReasons), s: Spend{
			Date: date, VendorID: o.s.VendorID, Amount: amount, Currency: o.s.Currency,
			ContractID: o.s.ContractID, LicenceID: o.s.LicenceID, PONumber: o.s.PONumber,
		}})
		made++
	}
}

// otherSpend adds n invoices outside contracts and licences: hardware orders, consulting
// days, cloud usage, roaming, contractors' time. Inactive vendors invoiced only in the
// last fiscal year.
func (g *gen) otherSpend(r *rand.Rand, n int) {
	var eligible []int
	for i, vi := range g.vendors {
		if vi.v.Status != "prospect" {
			eligible = append(eligible, i)
		}
	}
	pk := newPicker(eligible, func(i int) int64 { return g.vendors[i].weight })
	for range n {
		vi := pk.pick(r)
		v := g.vendors[vi]
		last := g.today
		if v.v.Status == "inactive" {
			last = minDate(g.lastEnd, g.today)
		}
		date := addDays(g.from, r.IntN(renewal.DaysBetween(g.from, last)+1))
		p := pick(r, v.products)
		eur := logUniform(r, 40_00, 40_000_00)
		if permille(r, 20) {
			eur = logUniform(r, 40_000_00, 400_000_00)
		}
		cur := v.currency
		if cur != "EUR" && permille(r, 100) {
			cur = "EUR"
		}
		d := &draft{vendor: vi, shares: []share{{g.codeFor(r, p.area), 1}}, s: Spend{
			Date: date, VendorID: v.v.ID, Description: otherDescription(r, fill(r, p.name), p.area, date),
			Amount: max(100, toLocal(eur, cur)), Currency: cur,
		}}
		if permille(r, 500) {
			d.s.PONumber = fmt.Sprintf("PO-%d-%05d", date.Year(), between(r, 1, 99_999))
		}
		if permille(r, 150) {
			d.s.ServiceFrom = firstOfMonth(date)
			d.s.ServiceTo = addDays(renewal.AddMonths(d.s.ServiceFrom, between(r, 1, 3)), -1)
		}
		if len(v.contracts) > 0 && permille(r, 80) {
			ci := pick(r, v.contracts)
			d.s.ContractID = int64(ci + 1)
			d.shares = []share{{g.cinfo[ci].code, 1}}
			d.s.Description = "Additional work — " + g.ds.Contracts[ci].Title
		}
		g.add(d)
	}
}

// otherDescription says what an invoice outside a contract was for, in the words of its
// budget area.
func otherDescription(r *rand.Rand, p, area string, date time.Time) string {
	month := date.Format("Jan 2006")
	switch area {
	case "laptop", "print", "network", "server", "storage":
		return []string{fmt.Sprintf("%d × %s", between(r, 1, 40), p), "Spare parts — " + p, "Installation — " + pick(r, sites)}[weighted(r, 60, 25, 15)]
	case "cloud", "devops", "data", "backup":
		return []string{p + " usage — " + month, p + " overage — " + month}[weighted(r, 80, 20)]
	case "consult", "msp":
		return []string{fmt.Sprintf("Consulting — %d days (%s)", between(r, 1, 25), pick(r, departments)),
			fmt.Sprintf("%s — change request #%d", p, between(r, 100, 999)), "Workshop — " + pick(r, departments)}[weighted(r, 50, 30, 20)]
	case "wan", "voice", "mobile":
		return []string{"Usage charges — " + month, "Installation fee — " + pick(r, sites), "Roaming charges — " + month}[weighted(r, 50, 20, 30)]
	case "staff":
		return fmt.Sprintf("Contractor — %s %s, %d days (%s)", pick(r, firstNames), pick(r, lastNames), between(r, 2, 22), month)
	case "facility":
		return []string{"Service charge — " + pick(r, sites), "Meeting room hire — " + pick(r, sites), "Archive retrieval"}[weighted(r, 50, 30, 20)]
	}
	return []string{p + " — additional licences", p + " — add-on", p + " — training"}[weighted(r, 60, 25, 15)]
}

// split charges part of an entry to a second budget code, preferably of the same
// category, as when a shared invoice is divided between two lines.
func (g *gen) split(r *rand.Rand, d *draft) {
	first := d.shares[0].code
	var same []int
	for i, c := range g.codes {
		if i != first && c.category == g.codes[first].category {
			same = append(same, i)
		}
	}
	second := (first + between(r, 1, len(g.codes)-1)) % len(g.codes)
	if len(same) > 0 && permille(r, 700) {
		second = pick(r, same)
	}
	if second == first {
		return
	}
	w := [][2]int64{{50, 50}, {60, 40}, {70, 30}, {80, 20}}[r.IntN(4)]
	d.shares = []share{{first, w[0]}, {second, w[1]}}
}

// number gives every entry its vendor's invoice number, in date order, so that numbers
// rise with dates. Each vendor has its own style and its numbers skip a few (the vendor
// invoices other customers too), so a number is unique per vendor.
func (g *gen) number() {
	r := stream(streamNumbers)
	for _, d := range g.drafts {
		v := g.vendors[d.vendor]
		v.seq += between(r, 1, 6)
		y := d.s.Date.Year()
		switch {
		case d.credit != nil:
			d.s.InvoiceNumber = fmt.Sprintf("CN-%d-%06d", y, v.seq)
			d.s.Description = "Credit note for " + d.credit.s.InvoiceNumber + " — " + d.reason
		case v.style == 0:
			d.s.InvoiceNumber = fmt.Sprintf("INV-%d-%06d", y, v.seq)
		case v.style == 1:
			d.s.InvoiceNumber = fmt.Sprintf("%d-%06d", y, v.seq)
		case v.style == 2:
			d.s.InvoiceNumber = fmt.Sprintf("%s-%06d", v.prefix, v.seq)
		default:
			d.s.InvoiceNumber = fmt.Sprintf("SI%07d", v.seq)
		}
	}
}

// periodLabel names a billing period: "Mar 2026", "Jan–Mar 2026", "Jul 2026 – Jun 2027",
// or its dates when it does not run from a month's first day to a month's last.
func periodLabel(from, to time.Time) string {
	whole := from.Day() == 1 && addDays(to, 1).Day() == 1
	switch {
	case whole && from.Year() == to.Year() && from.Month() == to.Month():
		return from.Format("Jan 2006")
	case whole && from.Year() == to.Year():
		return from.Format("Jan") + "–" + to.Format("Jan 2006")
	case whole:
		return from.Format("Jan 2006") + " – " + to.Format("Jan 2006")
	}
	return outlay.FormatDate(from) + " to " + outlay.FormatDate(to)
}

// makeBudget plans every code for the last, current and next fiscal year: the last
// year's plan is within about ten per cent of what was spent, the current one adds
// growth, the next one is a draft. Three in ten lines have an explicit quarterly split.
func (g *gen) makeBudget() {
	r := stream(streamBudget)
	n := len(g.codes)
	actual := make([]int64, n) // last fiscal year, EUR cents
	contracts := make([]int, n)
	for _, d := range g.drafts {
		if g.cal.Year(d.s.Date) != g.fy0 {
			continue
		}
		base := g.roughBase(d.s.Amount, d.s.Currency, d.s.Date)
		var sum int64
		for _, sh := range d.shares {
			sum += sh.weight
		}
		for _, sh := range d.shares {
			actual[sh.code] += base * sh.weight / sum
		}
	}
	for _, info := range g.cinfo {
		contracts[info.code]++
	}
	type code struct {
		owner    string
		plans    [3]int64
		growth   int
		explicit [3]bool
	}
	cs := make([]code, n)
	for i := range cs {
		c := &cs[i]
		c.owner = pick(r, people) + "@demo.example"
		base := actual[i]
		if base < 5_000_00 {
			base = logUniform(r, 5_000_00, 60_000_00)
		}
		c.growth = between(r, 0, 10)
		c.plans[0] = roundTo(base*int64(between(r, 92, 112))/100, 1_000_00)
		c.plans[1] = roundTo(base*int64(100+c.growth)/100, 1_000_00)
		c.plans[2] = roundTo(c.plans[1]*int64(between(r, 97, 108))/100, 1_000_00)
		for y := range c.explicit {
			c.explicit[y] = permille(r, 300)
		}
	}
	patterns := [][]int64{{40, 20, 20, 20}, {20, 30, 30, 20}, {10, 30, 30, 30}, {30, 30, 20, 20}, {25, 25, 25, 25}}
	for y := range 3 {
		for i, spec := range g.codes {
			c := cs[i]
			b := &outlay.BudgetLine{ID: int64(y*n + i + 1), FY: g.fy0 + y, Code: spec.code, Name: spec.name,
				Category: spec.category, ExpenseType: spec.expenseType, CostCentre: costCentre(spec.code),
				GLAccount: glAccount(spec), OwnerEmail: c.owner, Planned: c.plans[y]}
			if c.explicit[y] {
				var q [4]int64
				copy(q[:], money.Allocate(b.Planned, pick(r, patterns)))
				b.Quarters, b.QuartersSet = q, true
			} else {
				b.Quarters = outlay.DefaultQuarters(b.Planned)
			}
			switch y {
			case 0:
				b.Justification = fmt.Sprintf("Run cost of %s: %d contracts and the usage around them.", spec.name, contracts[i])
			case 1:
				b.Justification = fmt.Sprintf("Last year's run rate plus %d %% for growth and price rises.", c.growth)
			default:
				b.Justification = "Draft for the budget round; to be confirmed with finance."
			}
			g.ds.BudgetLines = append(g.ds.BudgetLines, b)
		}
	}
}

// costCentre is the IT cost centre of a code's domain (the part before the dash).
func costCentre(code string) string {
	for _, d := range []struct{ prefix, cc string }{
		{"INF-", "CC-4100"}, {"SW-", "CC-4200"}, {"SEC-", "CC-4300"}, {"TEL-", "CC-4400"},
		{"HW-", "CC-4500"}, {"SVC-", "CC-4600"}, {"STAFF-", "CC-4700"}, {"FAC-", "CC-4800"},
	} {
		if len(code) > len(d.prefix) && code[:len(d.prefix)] == d.prefix {
			return d.cc
		}
	}
	return "CC-4000"
}

// glAccount is the general-ledger account: fixed assets for CapEx, an expense account
// per category for OpEx.
func glAccount(c codeSpec) string {
	if c.expenseType == "capex" {
		return "0650"
	}
	switch c.category {
	case "software":
		return "6815"
	case "cloud":
		return "6816"
	case "hardware":
		return "6820"
	case "telecom":
		return "6805"
	case "services":
		return "6830"
	case "staff":
		return "6840"
	}
	return "6700"
}
