package server

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// tempFolder points the temporary folder at an empty directory and returns a check that
// nothing was left in it.
func tempFolder(t *testing.T) func(when string) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return func(when string) {
		t.Helper()
		names, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 0 {
			t.Errorf("%s: %s left in the temporary folder", when, names[0].Name())
		}
	}
}

func TestBuildExportFileRemovesTheFileWhenTheBuildFails(t *testing.T) {
	empty := tempFolder(t)
	broken := errors.New("the database went away")
	f, _, err := buildExportFile(func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("x", 200<<10)); err != nil {
			return err
		}
		return broken
	})
	if !errors.Is(err, broken) || f != nil {
		t.Fatalf("buildExportFile = %v, %v; want the build's error and no file", f, err)
	}
	empty("after a failed build")
}

func TestBuildExportFileHandsBackTheWholeFile(t *testing.T) {
	empty := tempFolder(t)
	want := strings.Repeat("workbook ", 30<<10)
	f, size, err := buildExportFile(func(w io.Writer) error {
		_, err := io.WriteString(w, want)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The name is gone at once; the open file still reads.
	empty("while the file is open")
	got, err := io.ReadAll(f)
	if err != nil || string(got) != want || size != int64(len(want)) {
		t.Fatalf("read %d bytes (size %d, err %v), want %d", len(got), size, err, len(want))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	empty("after Close")
}
