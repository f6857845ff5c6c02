package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/reports"
)

// recalcProfile is a LibreOffice user profile that recalculates every formula of an
// OOXML file on load (OOXMLRecalcMode 0, "always"); by default LibreOffice shows the
// cached values, and a test of them would prove nothing.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// csvEverySheet is the CSV filter's options: comma, double quotes, UTF-8, from line 1,
// cell values as stored rather than as shown (token 9 false: full precision), and
// token 12 -1: every sheet to its own file, <name>-<sheet>.csv (LibreOffice 7.2+).
const csvEverySheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// The pack opened in a real spreadsheet program, every formula recalculated there,
// shows the pack's figures to the cent.
func TestQuarterlyPackRecalculatedByLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is missing: .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice is not installed (apt-get install -y libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	var pack bytes.Buffer
	if err := reports.QuarterlyPack(&pack, testPack(), reports.PackOptions{}); err != nil {
		t.Fatal(err)
	}
	packFile := filepath.Join(dir, "pack.xlsx")
	if err := os.WriteFile(packFile, pack.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The proof that recalculation is forced: a formula whose cached value is wrong.
	wrongFile := filepath.Join(dir, "wrong.xlsx")
	wrong := excelize.NewFile()
	defer wrong.Close()
	sw, err := wrong.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{2, 3, excelize.Cell{Formula: "A1+B1", Value: 999}}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := wrong.SaveAs(wrongFile); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--norestore", "--nologo",
		"--convert-to", csvEverySheet, "--outdir", out, packFile, wrongFile)
	cmd.Env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"))
	cmd.Dir = dir
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, output)
	}

	if got := readCSV(t, filepath.Join(out, "wrong-Sheet1.csv")); len(got) == 0 || len(got[0]) < 3 || got[0][2] != "5" {
		t.Fatalf("LibreOffice kept the cached 999 of A1+B1 (got %q): recalculation on load is not forced, the test would prove nothing", got)
	}

	rows := readCSV(t, filepath.Join(out, "pack-Summary.csv"))
	if len(rows) < 6 {
		t.Fatalf("Summary.csv has %d rows", len(rows))
	}
	heads := rows[4]
	col := map[string]int{}
	for i, h := range heads {
		col[h] = i
	}
	seen := 0
	for _, r := range rows[5:] {
		want, ok := summaryWant[r[0]]
		if !ok {
			continue
		}
		seen++
		for i, h := range summaryMoneyHeads {
			c, ok := col[h]
			if !ok {
				t.Fatalf("Summary.csv has no column %q: %q", h, heads)
			}
			got, err := strconv.ParseFloat(r[c], 64)
			if err != nil || !sameCents(got, want[i]) {
				t.Errorf("LibreOffice's %s %s = %q, Outlay's %v", r[0], h, r[c], want[i])
			}
		}
		if r[0] == "INF-CLOUD" {
			// The CSV writes percentages as shown, whatever token 9 says.
			if got := r[col["Variance %"]]; got != "50%" && got != "0.5" {
				t.Errorf("LibreOffice's INF-CLOUD variance %% = %q", r[col["Variance %"]])
			}
		}
		if r[0] == "SW-LIC" && r[col["Variance %"]] != "" {
			t.Errorf("LibreOffice's SW-LIC variance %% = %q, want empty (no plan)", r[col["Variance %"]])
		}
	}
	if seen != len(summaryWant) {
		t.Errorf("found %d of the Summary's %d rows in LibreOffice's CSV", seen, len(summaryWant))
	}
	// The chart's block follows the subtotals there too.
	found := false
	for _, r := range rows {
		if len(r) >= 4 && r[0] == "Cloud" && r[1] == "13000" && r[2] == "4600" && r[3] == "13900" {
			found = true
		}
	}
	if !found {
		t.Errorf("the chart's Cloud figures are not 13000, 4600, 13900 in LibreOffice")
	}
	// Spend's totals are recalculated as well.
	spend := readCSV(t, filepath.Join(out, "pack-Spend.csv"))
	last := spend[len(spend)-1]
	if last[0] != "Total" || last[len(last)-1] != "2153.7" {
		t.Errorf("LibreOffice's Spend total row %q", last)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		entries, _ := os.ReadDir(filepath.Dir(path))
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%v (the folder holds %q)", err, names)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
