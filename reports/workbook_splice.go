package reports

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// sheetDataEnd is where a sheet's own rows end in its worksheet part, and where the
// rows kept in its rowFile go.
var sheetDataEnd = []byte("</sheetData>")

// spliceZip is the zip writer excelize writes the archive through: every part goes to
// the zip as excelize writes it, and the worksheet parts of sheets with a rowFile get
// its rows just before their </sheetData>. A part that should have rows and comes
// without a </sheetData>, or does not come at all, fails the file: the rows are never
// silently left out.
type spliceZip struct {
	zw   *zip.Writer
	rows map[string]*rowFile // by part name
	part *spliceWriter       // the part being written, if it takes rows
	done map[string]bool     // the parts that took their rows
}

// Create starts the next part, finishing the one before.
func (z *spliceZip) Create(name string) (io.Writer, error) {
	if err := z.endPart(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	if r, ok := z.rows[name]; ok && !z.done[name] {
		if z.done == nil {
			z.done = map[string]bool{}
		}
		z.done[name] = true
		z.part = &spliceWriter{w: w, rows: r, name: name}
		return z.part, nil
	}
	return w, nil
}

// AddFS adds the files of fsys, as zip.Writer does.
func (z *spliceZip) AddFS(fsys fs.FS) error {
	if err := z.endPart(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close finishes the last part and the archive.
func (z *spliceZip) Close() error {
	if err := z.endPart(); err != nil {
		return err
	}
	var names []string
	for n := range z.rows {
		if !z.done[n] {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		sort.Strings(names)
		return fmt.Errorf("reports: no worksheet part %s for the rows kept aside", strings.Join(names, ", "))
	}
	return z.zw.Close()
}

func (z *spliceZip) endPart() error {
	if z.part == nil {
		return nil
	}
	p := z.part
	z.part = nil
	return p.end()
}

// spliceWriter passes a worksheet part through to the zip and puts its rowFile's rows
// before the first </sheetData>. Until it is found, the last bytes that could begin
// it are held back, since a write may end in the middle of it.
type spliceWriter struct {
	w       io.Writer
	rows    *rowFile
	name    string
	held    []byte
	spliced bool
}

func (s *spliceWriter) Write(p []byte) (int, error) {
	if s.spliced {
		return s.w.Write(p)
	}
	buf := append(s.held, p...)
	if i := bytes.Index(buf, sheetDataEnd); i >= 0 {
		if _, err := s.w.Write(buf[:i]); err != nil {
			return 0, err
		}
		if err := s.rows.copyTo(s.w); err != nil {
			return 0, err
		}
		s.spliced, s.held = true, nil
		if _, err := s.w.Write(buf[i:]); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	keep := min(len(buf), len(sheetDataEnd)-1)
	if _, err := s.w.Write(buf[:len(buf)-keep]); err != nil {
		return 0, err
	}
	s.held = append(s.held[:0:0], buf[len(buf)-keep:]...)
	return len(p), nil
}

func (s *spliceWriter) end() error {
	if !s.spliced {
		return errors.New("reports: worksheet part " + s.name + " has no </sheetData> for its rows")
	}
	return nil
}

// copyTo writes the rows kept in the file to w.
func (r *rowFile) copyTo(w io.Writer) error {
	if err := r.w.Flush(); err != nil {
		return err
	}
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, r.f)
	return err
}
