package sqlite

import "context"

// RefreshAllContractPaymentsBatch lets tests run the refresh with small batches, so the
// paging between transactions is exercised without thousands of contracts.
func (d *DB) RefreshAllContractPaymentsBatch(ctx context.Context, batch int) (int, error) {
	return d.refreshAllContractPayments(ctx, batch)
}
