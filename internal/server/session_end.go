package server

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// endSessionsOf ends every stored session of the user except the one whose token is keep
// ("" keeps none), so that a password change or a deactivation takes effect on every
// device at once. It goes through scs (the store must be iterable, as sqlite3store is)
// rather than SQL on the session table, which belongs to the session store.
func (s *Server) endSessionsOf(ctx context.Context, userID int64, keep string) error {
	return s.sessions.Iterate(ctx, func(sctx context.Context) error {
		if s.sessions.GetInt64(sctx, sessionUser) != userID || (keep != "" && s.sessions.Token(sctx) == keep) {
			return nil
		}
		return s.sessions.Destroy(sctx)
	})
}

// failHash answers a request whose password could not be hashed or checked: when too
// many are being checked at once the person is asked to retry shortly (429), not shown
// an internal error.
func (s *Server) failHash(c *gin.Context, err error) {
	if errors.Is(err, password.ErrBusy) {
		c.Header("Retry-After", "1")
		err = outlay.Errorf(outlay.ETHROTTLED, "Many passwords are being checked at this moment. Please try again in a few seconds.")
	}
	s.fail(c, err)
}
