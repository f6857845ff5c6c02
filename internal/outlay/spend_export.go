package outlay

// SpendCharge is one allocation of a spend entry with what finance files it under: the
// budget line's cost centre and GL account, and the contract's reference. The spend
// export writes one row per charge, so a filter by budget line adds up to exactly what
// the spend page says was charged to that line.
type SpendCharge struct {
	// Entry is shared by the charges of one entry; its Allocations are not filled.
	Entry             *SpendEntry
	Allocation        Allocation
	CostCentre        string
	GLAccount         string
	ContractReference string
}
