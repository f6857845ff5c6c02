package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

// Vendor storage, still being written; this file is deleted when it lands.

var errPending = outlay.Errorf(outlay.EINTERNAL, "not yet")

func (d *DB) FindVendorByID(ctx context.Context, id int64) (*outlay.Vendor, error) {
	return nil, errPending
}
func (d *DB) FindVendors(ctx context.Context, f outlay.VendorFilter) ([]*outlay.Vendor, int, error) {
	return nil, 0, errPending
}
func (d *DB) CreateVendor(ctx context.Context, v *outlay.Vendor) error { return errPending }
func (d *DB) UpdateVendor(ctx context.Context, v *outlay.Vendor) error { return errPending }
func (d *DB) ArchiveVendor(ctx context.Context, id int64) error        { return errPending }
