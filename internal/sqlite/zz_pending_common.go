package sqlite

import "outlay/internal/outlay"

// Shared by the storage placeholders still being written; this file is deleted with the last one.

var errPending = outlay.Errorf(outlay.EINTERNAL, "not yet")
