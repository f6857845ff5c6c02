package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

// Contract storage, still being written; this file is deleted when it lands.

func (d *DB) FindContractByID(ctx context.Context, id int64) (*outlay.Contract, error) {
	return nil, errPending
}
func (d *DB) FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	return nil, 0, errPending
}
func (d *DB) CreateContract(ctx context.Context, c *outlay.Contract) error { return errPending }
func (d *DB) UpdateContract(ctx context.Context, c *outlay.Contract) error { return errPending }
func (d *DB) ArchiveContract(ctx context.Context, id int64) error          { return errPending }
func (d *DB) RenewContract(ctx context.Context, id int64) (*outlay.Term, error) {
	return nil, errPending
}
func (d *DB) DecideTerm(ctx context.Context, id int64, dec outlay.Decision) error { return errPending }
