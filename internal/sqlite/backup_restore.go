package sqlite

import (
	"context"
	"errors"
	"fmt"

	"outlay/internal/outlay"
)

// ErrWrongKey means the key file does not open the licence keys of the database: a
// restore put the key of another installation (or of another backup) beside it.
var ErrWrongKey = errors.New("the key file does not decrypt the licence keys in this database")

// CheckLicenceKeys tries to decrypt every stored licence key with the key file, and
// returns how many there are. A restore calls it before it reports success, because a
// wrong key file would otherwise show only when an administrator reveals a key, perhaps
// months later. It reads every key into memory first, so no Rows stays open while it
// decrypts.
func (d *DB) CheckLicenceKeys(ctx context.Context) (int, error) {
	type sealed struct {
		id     int64
		cipher []byte
	}
	rows, err := d.read.QueryContext(ctx, `SELECT id, key_cipher FROM licences WHERE key_cipher IS NOT NULL`)
	if err != nil {
		return 0, err
	}
	all, err := collect(rows, func(row interface{ Scan(...any) error }) (sealed, error) {
		var s sealed
		return s, row.Scan(&s.id, &s.cipher)
	})
	if err != nil {
		return 0, err
	}
	bad := 0
	for _, s := range all {
		if _, err := d.box.OpenSealed(s.cipher, licenceKeyAD(s.id)); err != nil {
			bad++
		}
	}
	if bad > 0 {
		return len(all), fmt.Errorf("%d of %d licence keys: %w", bad, len(all), ErrWrongKey)
	}
	return len(all), nil
}

// ForgetLicenceKeys removes every stored licence key, for a restore without the key file
// (`outlay restore --without-key`): the ciphertexts can never be opened again, and a
// licence without a key reads honestly "no key" and can be given one. One audit entry
// says how many were removed.
func (d *DB) ForgetLicenceKeys(ctx context.Context) (int, error) {
	var n int64
	err := d.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE licences SET key_cipher = NULL WHERE key_cipher IS NOT NULL`)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.Audit(outlay.ActionUpdate, "licence", 0, nil,
			map[string]any{"keys_removed": n, "reason": "restored from a backup without its key file"})
	})
	return int(n), err
}
