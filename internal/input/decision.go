package input

// Decision is a renewal decision as chosen in the form, sent to the API or read from an
// imported contract row; the kind is the domain's rule (outlay.Decision.Validate).
type Decision struct {
	Decision string `form:"decision" json:"decision" `
	Note     string `form:"note" json:"note" validate:"max=2000,multiline"`
}
