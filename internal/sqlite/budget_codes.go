package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

// checkBudgetLineCode refuses a contract's or licence's budget line code that no budget
// line has, once any budget line exists: a payment charged to a code no line carries
// would count against nothing and vanish from every budget figure. Before the first
// budget line there is nothing to check against, so codes may be typed ahead. Codes are
// stable across years, so a line of any year makes the code valid.
func checkBudgetLineCode(ctx context.Context, tx *Tx, code string) error {
	if code == "" {
		return nil
	}
	var anyLine, known bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM budget_lines), EXISTS (SELECT 1 FROM budget_lines WHERE code = ?)`,
		code).Scan(&anyLine, &known)
	if err != nil {
		return err
	}
	if anyLine && !known {
		return &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"budget_line_code": "no budget line has the code " + code + "; add it under Budget first"}}
	}
	return nil
}
