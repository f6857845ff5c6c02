package sqlite

import (
	"context"
	"fmt"

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

// codeLeftInUse returns a message when removing line's code (by a rename or a delete)
// would leave contracts or licences charged to a code no budget line carries, which
// checkBudgetLineCode refuses for the same reason: their payments would vanish from every
// budget figure. Another line of any year with the code keeps it valid. Archived contracts
// and licences are out of the budget's view and do not count.
func codeLeftInUse(ctx context.Context, tx *Tx, lineID int64, code string) (string, error) {
	var others bool
	var contracts, licences int
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM budget_lines WHERE code = ? AND id <> ?),
		(SELECT count(*) FROM contracts WHERE budget_line_code = ? AND archived_at IS NULL),
		(SELECT count(*) FROM licences WHERE budget_line_code = ? AND archived_at IS NULL)`,
		code, lineID, code, code).Scan(&others, &contracts, &licences)
	if err != nil || others || contracts+licences == 0 {
		return "", err
	}
	return fmt.Sprintf("no other budget line has the code %s, and %s and %s are charged to it; charge them to another code first",
		code, budgetPlural(contracts, "contract", "contracts"), budgetPlural(licences, "licence", "licences")), nil
}
