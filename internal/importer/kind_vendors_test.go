package importer

import (
	"testing"

	"outlay/internal/outlay"
)

func TestImportVendors(t *testing.T) {
	e := newEnv(t)
	res := e.run(outlay.ImportVendors, false,
		map[string]string{"ID": "17", "Name": "Acme Cloud", "Category": "Cloud", "Status": "prospect", "Criticality": "high",
			"Contracts": "4", "Website": "https://acme.example", "Account manager": "Dana Reyes", "Email": "dana@acme.example",
			"Phone": "+44 20 7946 0000", "Support": "=HYPERLINK(\"x\")", "Archived": "", "Notes": "line one\nline two"},
		map[string]string{"Name": "Globex", "Category": "software"},
	)
	e.mustOK(res)
	if len(res.Created) != 2 || res.Created[0].Label != "Acme Cloud" || res.Created[0].Row != 6 || res.Created[1].Row != 7 {
		t.Fatalf("created %+v", res.Created)
	}
	v, err := e.db.FindVendorByID(e.ctx, res.Created[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := outlay.Vendor{Name: "Acme Cloud", Category: "cloud", Status: "prospect", Criticality: "high", Website: "https://acme.example",
		ContactName: "Dana Reyes", ContactEmail: "dana@acme.example", ContactPhone: "+44 20 7946 0000",
		SupportContact: "=HYPERLINK(\"x\")", Notes: "line one\nline two"}
	got := *v
	got.ID, got.CreatedAt, got.UpdatedAt, got.ContractCount = 0, want.CreatedAt, want.UpdatedAt, 0
	if got != want {
		t.Errorf("stored %+v\nwant   %+v", got, want)
	}
	if res.Created[0].Path != "/vendors/"+itoa(int(v.ID)) {
		t.Errorf("path %q", res.Created[0].Path)
	}
	g, _ := e.db.FindVendorByID(e.ctx, res.Created[1].ID)
	if g.Status != "active" || g.Criticality != "medium" {
		t.Errorf("blank status and criticality: %q %q, want the new form's active and medium", g.Status, g.Criticality)
	}
}

func TestImportVendorProblems(t *testing.T) {
	e := newEnv(t)
	e.mustOK(e.run(outlay.ImportVendors, false, map[string]string{"Name": "Initech", "Category": "software"}))
	before := e.counts()
	res := e.run(outlay.ImportVendors, false,
		map[string]string{"Name": "Acme", "Category": "cloud"},
		map[string]string{"Name": "ACME", "Category": "cloud"},
		map[string]string{"Name": "initech", "Category": "cloud"},
		map[string]string{"Name": "", "Category": "furniture", "Email": "not-an-email", "Website": "acme.example"},
	)
	hasProblem(t, res, 7, "Name", "row 6")
	hasProblem(t, res, 8, "Name", "")
	hasProblem(t, res, 9, "Name", "required")
	hasProblem(t, res, 9, "Email", "email")
	hasProblem(t, res, 9, "Website", "https://")
	hasProblem(t, res, 9, "Category", "")
	if len(res.Problems) != 6 {
		t.Errorf("problems %q", problems(res))
	}
	if after := e.counts(); after["vendors"] != before["vendors"] || after["audit_log"] != before["audit_log"] {
		t.Errorf("a refused import stored something: %v -> %v", before, after)
	}
	if len(res.Created) == 0 || res.Created[0].ID != 0 || res.Created[0].Path != "" {
		t.Errorf("a refused import's records keep ids: %+v", res.Created)
	}
}
