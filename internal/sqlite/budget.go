package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

var _ outlay.BudgetService = (*DB)(nil)

// budgetLineEntity names budget lines in the audit log.
const budgetLineEntity = "budget_line"

const budgetLineColumns = `b.id, b.fy, b.code, b.name, b.category, b.expense_type, b.cost_centre, b.gl_account,
	b.owner_email, b.planned, b.q1, b.q2, b.q3, b.q4, b.quarters_set, b.justification, b.created_at, b.updated_at,
	(SELECT count(*) FROM spend_allocations a WHERE a.budget_line_id = b.id)`

func scanBudgetLine(row interface{ Scan(...any) error }) (*outlay.BudgetLine, error) {
	var b outlay.BudgetLine
	var created, updated string
	if err := row.Scan(&b.ID, &b.FY, &b.Code, &b.Name, &b.Category, &b.ExpenseType, &b.CostCentre, &b.GLAccount,
		&b.OwnerEmail, &b.Planned, &b.Quarters[0], &b.Quarters[1], &b.Quarters[2], &b.Quarters[3], &b.QuartersSet,
		&b.Justification, &created, &updated, &b.AllocationCount); err != nil {
		return nil, err
	}
	b.CreatedAt, b.UpdatedAt = parseTime(created), parseTime(updated)
	return &b, nil
}

// budgetLineAudit is what the audit log keeps of a line, with the API's field names and
// amounts as decimal strings in the base currency.
func budgetLineAudit(b *outlay.BudgetLine, currency string) map[string]any {
	quarters := make([]string, 4)
	for i, q := range b.Quarters {
		quarters[i] = money.Decimal(q, currency)
	}
	return map[string]any{
		"fy": b.FY, "code": b.Code, "name": b.Name, "category": b.Category, "expense_type": b.ExpenseType,
		"cost_centre": b.CostCentre, "gl_account": b.GLAccount, "owner_email": b.OwnerEmail,
		"planned": money.Decimal(b.Planned, currency), "currency": currency, "quarters": quarters,
		"quarters_explicit": b.QuartersSet, "justification": b.Justification,
	}
}

// budgetWhere renders a filter as a WHERE clause over budget_lines aliased b.
func budgetWhere(f outlay.BudgetLineFilter) (string, []any) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "b.id = ?"), append(args, *f.ID)
	}
	if f.FY != 0 {
		where, args = append(where, "b.fy = ?"), append(args, f.FY)
	}
	if f.Code != "" {
		where, args = append(where, "b.code = ?"), append(args, strings.ToUpper(strings.TrimSpace(f.Code)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + budgetLikePattern(q) + "%"
		where, args = append(where, `(b.code LIKE ? ESCAPE '\' OR b.name LIKE ? ESCAPE '\')`), append(args, like, like)
	}
	if f.Category != "" {
		where, args = append(where, "b.category = ?"), append(args, f.Category)
	}
	if f.ExpenseType != "" {
		where, args = append(where, "b.expense_type = ?"), append(args, f.ExpenseType)
	}
	return strings.Join(where, " AND "), args
}

// budgetLikePattern makes user text match literally inside a LIKE pattern.
func budgetLikePattern(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// budgetOrder maps the sort keys to SQL; user input never reaches the ORDER BY.
var budgetOrder = map[string]string{
	"code":         "b.code",
	"name":         "b.name COLLATE NOCASE",
	"category":     "b.category",
	"expense_type": "b.expense_type",
	"owner":        "b.owner_email",
	"planned":      "b.planned",
}

func budgetOrderBy(f outlay.BudgetLineFilter) string {
	col, ok := budgetOrder[f.Sort]
	if !ok {
		col = budgetOrder["code"]
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	// Ties fall back to year and code so that paging is stable.
	return " ORDER BY " + col + dir + ", b.fy, b.code, b.id"
}

// FindBudgetLineByID returns one line or ENOTFOUND.
func (d *DB) FindBudgetLineByID(ctx context.Context, id int64) (*outlay.BudgetLine, error) {
	return findBudgetLine(ctx, d.read, id)
}

func findBudgetLine(ctx context.Context, q queryer, id int64) (*outlay.BudgetLine, error) {
	b, err := scanBudgetLine(q.QueryRowContext(ctx, `SELECT `+budgetLineColumns+` FROM budget_lines b WHERE b.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Budget line not found.")
	}
	return b, err
}

// FindBudgetLines returns one page of lines and the total that match.
func (d *DB) FindBudgetLines(ctx context.Context, f outlay.BudgetLineFilter) ([]*outlay.BudgetLine, int, error) {
	return findBudgetLines(ctx, d.read, f)
}

func findBudgetLines(ctx context.Context, q queryer, f outlay.BudgetLineFilter) ([]*outlay.BudgetLine, int, error) {
	where, args := budgetWhere(f)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM budget_lines b WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+budgetLineColumns+` FROM budget_lines b WHERE `+where+
		budgetOrderBy(f)+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, scanBudgetLine)
	return out, total, err
}

// budgetContext is what a write needs from the settings: the base currency for amounts
// in messages and the audit log, and the fiscal year label.
type budgetContext struct {
	currency string
	label    func(fy int) string
}

func (tx *Tx) budgetContext(ctx context.Context) (budgetContext, error) {
	s, err := tx.getSettings(ctx)
	if err != nil {
		return budgetContext{}, err
	}
	return budgetContext{currency: s.BaseCurrency, label: s.Calendar().Label}, nil
}

// duplicateCode is the answer to a code the year already has.
func (bc budgetContext) duplicateCode(fy int, code string) error {
	return &outlay.Error{Code: outlay.ECONFLICT,
		Message: bc.label(fy) + " already has a budget line with the code " + code + ".",
		Fields:  map[string]string{"code": bc.label(fy) + " already has a line " + code}}
}

// CreateBudgetLine validates and stores a new line.
func (d *DB) CreateBudgetLine(ctx context.Context, b *outlay.BudgetLine) error {
	return d.inTx(ctx, func(tx *Tx) error { return createBudgetLine(ctx, tx, b, nil) })
}

// createBudgetLine inserts b; extra is merged into the audit entry (the source of a copy).
func createBudgetLine(ctx context.Context, tx *Tx, b *outlay.BudgetLine, extra map[string]any) error {
	bc, err := tx.budgetContext(ctx)
	if err != nil {
		return err
	}
	b.Normalize()
	if err := b.Validate(bc.currency); err != nil {
		return err
	}
	b.CreatedAt, b.UpdatedAt, b.AllocationCount = tx.now, tx.now, 0
	res, err := tx.ExecContext(ctx, `INSERT INTO budget_lines (fy, code, name, category, expense_type, cost_centre, gl_account,
		owner_email, planned, q1, q2, q3, q4, quarters_set, justification, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.FY, b.Code, b.Name, b.Category, b.ExpenseType, b.CostCentre, b.GLAccount, b.OwnerEmail, b.Planned,
		b.Quarters[0], b.Quarters[1], b.Quarters[2], b.Quarters[3], b.QuartersSet, b.Justification,
		formatTime(b.CreatedAt), formatTime(b.UpdatedAt))
	if isUniqueViolation(err) {
		return bc.duplicateCode(b.FY, b.Code)
	} else if err != nil {
		return err
	}
	if b.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := extendPaymentHorizon(ctx, tx); err != nil {
		return err
	}
	after := budgetLineAudit(b, bc.currency)
	for k, v := range extra {
		after[k] = v
	}
	return tx.audit(outlay.ActionCreate, budgetLineEntity, b.ID, nil, after)
}

// UpdateBudgetLine validates and saves every field of an existing line.
func (d *DB) UpdateBudgetLine(ctx context.Context, b *outlay.BudgetLine) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateBudgetLine(ctx, tx, b) })
}

func updateBudgetLine(ctx context.Context, tx *Tx, b *outlay.BudgetLine) error {
	bc, err := tx.budgetContext(ctx)
	if err != nil {
		return err
	}
	b.Normalize()
	if err := b.Validate(bc.currency); err != nil {
		return err
	}
	before, err := findBudgetLine(ctx, tx, b.ID)
	if err != nil {
		return err
	}
	if before.FY != b.FY && before.AllocationCount > 0 {
		return &outlay.Error{Code: outlay.ECONFLICT,
			Message: "Spend is charged to this line in " + bc.label(before.FY) + ", so it cannot move to another fiscal year. Create a line in " + bc.label(b.FY) + " instead.",
			Fields:  map[string]string{"fy": "spend is charged to this line in " + bc.label(before.FY)}}
	}
	if b.Code != before.Code {
		if msg, err := codeLeftInUse(ctx, tx, b.ID, before.Code); err != nil {
			return err
		} else if msg != "" {
			return &outlay.Error{Code: outlay.ECONFLICT, Message: msg + ".", Fields: map[string]string{"code": msg}}
		}
	}
	b.CreatedAt, b.UpdatedAt, b.AllocationCount = before.CreatedAt, tx.now, before.AllocationCount
	_, err = tx.ExecContext(ctx, `UPDATE budget_lines SET fy = ?, code = ?, name = ?, category = ?, expense_type = ?,
		cost_centre = ?, gl_account = ?, owner_email = ?, planned = ?, q1 = ?, q2 = ?, q3 = ?, q4 = ?,
		quarters_set = ?, justification = ?, updated_at = ? WHERE id = ?`,
		b.FY, b.Code, b.Name, b.Category, b.ExpenseType, b.CostCentre, b.GLAccount, b.OwnerEmail, b.Planned,
		b.Quarters[0], b.Quarters[1], b.Quarters[2], b.Quarters[3], b.QuartersSet, b.Justification,
		formatTime(b.UpdatedAt), b.ID)
	if isUniqueViolation(err) {
		return bc.duplicateCode(b.FY, b.Code)
	} else if err != nil {
		return err
	}
	if b.FY > before.FY {
		if err := extendPaymentHorizon(ctx, tx); err != nil {
			return err
		}
	}
	return tx.audit(outlay.ActionUpdate, budgetLineEntity, b.ID, budgetLineAudit(before, bc.currency), budgetLineAudit(b, bc.currency))
}

// DeleteBudgetLine removes a line with no spend charged to it. The allocations are
// counted first so the refusal can say why; the foreign key would refuse it anyway.
func (d *DB) DeleteBudgetLine(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return deleteBudgetLine(ctx, tx, id) })
}

func deleteBudgetLine(ctx context.Context, tx *Tx, id int64) error {
	bc, err := tx.budgetContext(ctx)
	if err != nil {
		return err
	}
	b, err := findBudgetLine(ctx, tx, id)
	if err != nil {
		return err
	}
	refused := func(n int) error {
		what := "spend is"
		if n > 0 {
			what = budgetPlural(n, "spend allocation is", "spend allocations are")
		}
		return outlay.Errorf(outlay.ECONFLICT, "%s in %s cannot be deleted: %s charged to it. Move that spend to another line first.",
			b.Code, bc.label(b.FY), what)
	}
	if b.AllocationCount > 0 {
		return refused(b.AllocationCount)
	}
	if msg, err := codeLeftInUse(ctx, tx, id, b.Code); err != nil {
		return err
	} else if msg != "" {
		return outlay.Errorf(outlay.ECONFLICT, "%s in %s cannot be deleted: %s.", b.Code, bc.label(b.FY), msg)
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM budget_lines WHERE id = ?`, id)
	if isForeignKeyViolation(err) {
		return refused(0)
	} else if err != nil {
		return err
	}
	return tx.audit("delete", budgetLineEntity, id, budgetLineAudit(b, bc.currency), nil)
}

// budgetPlural writes "1 thing is" or "3 things are".
func budgetPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// copyableBudgetLines are fromFY's lines whose code toFY does not have yet.
const copyableBudgetLines = ` FROM budget_lines b WHERE b.fy = ? AND NOT EXISTS
	(SELECT 1 FROM budget_lines t WHERE t.fy = ? AND t.code = b.code)`

// checkBudgetCopyYears refuses a copy onto the same year or to a year out of range.
func checkBudgetCopyYears(fromFY, toFY int) error {
	f := outlay.FieldErrors{}
	if !outlay.ValidFiscalYear(fromFY) {
		f.Add("from_fy", "choose a fiscal year between 2000 and 2200")
	}
	if !outlay.ValidFiscalYear(toFY) {
		f.Add("to_fy", "choose a fiscal year between 2000 and 2200")
	} else if toFY == fromFY {
		f.Add("to_fy", "must differ from the year copied from")
	}
	return f.Err()
}

// PreviewBudgetCopy counts the lines CopyBudgetYear would copy and those it would skip.
func (d *DB) PreviewBudgetCopy(ctx context.Context, fromFY, toFY int) (toCopy, skipped int, err error) {
	if err := checkBudgetCopyYears(fromFY, toFY); err != nil {
		return 0, 0, err
	}
	var all int
	err = d.read.QueryRowContext(ctx, `SELECT (SELECT count(*)`+copyableBudgetLines+`),
		(SELECT count(*) FROM budget_lines WHERE fy = ?)`, fromFY, toFY, fromFY).Scan(&toCopy, &all)
	return toCopy, all - toCopy, err
}

// CopyBudgetYear creates toFY's lines from fromFY's with the same codes, plans and
// splits, each audited as a create that names the line it was copied from. Codes toFY
// already has are left alone, so copying twice creates nothing the second time.
func (d *DB) CopyBudgetYear(ctx context.Context, fromFY, toFY int) (int, error) {
	created := 0
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		created, err = copyBudgetLines(ctx, tx, fromFY, toFY)
		return err
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}

func copyBudgetLines(ctx context.Context, tx *Tx, fromFY, toFY int) (int, error) {
	if err := checkBudgetCopyYears(fromFY, toFY); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+budgetLineColumns+copyableBudgetLines+` ORDER BY b.code`, fromFY, toFY)
	if err != nil {
		return 0, err
	}
	lines, err := collect(rows, scanBudgetLine)
	if err != nil {
		return 0, err
	}
	for _, b := range lines {
		source := b.ID
		b.ID, b.FY = 0, toFY
		if err := createBudgetLine(ctx, tx, b, map[string]any{"copied_from": source}); err != nil {
			return 0, err
		}
	}
	return len(lines), nil
}

// FiscalYears lists the years that have budget lines, oldest first.
func (d *DB) FiscalYears(ctx context.Context) ([]int, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT DISTINCT fy FROM budget_lines ORDER BY fy`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var fy int
		if err := rows.Scan(&fy); err != nil {
			return nil, err
		}
		out = append(out, fy)
	}
	return out, rows.Err()
}

// BudgetCodes lists the distinct codes of every year, in order.
func (d *DB) BudgetCodes(ctx context.Context) ([]string, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT DISTINCT code FROM budget_lines ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	return out, rows.Err()
}
