package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"outlay/internal/outlay"
)

// stashTTL is how long an uploaded spreadsheet waits for its commit. An hour is long
// enough to read a preview and short enough that forgotten uploads do not pile up.
const stashTTL = time.Hour

// importStash keeps an uploaded spreadsheet between its preview and its commit, so the
// confirm does not upload the file again. Each upload is a file in a private folder
// (0700, files 0600) under a random 128-bit token, owned by the user who sent it: the
// session holds none of it, and another user's token is as good as none. A token's
// files are <token>.upload (the bytes, removed once committed) and <token>.json (who,
// what, when and, after the commit, what was created, for the summary page).
type importStash struct {
	dir string
	mu  sync.Mutex // orders a claim against a sweep
}

// stashed is what <token>.json holds.
type stashed struct {
	Token   string               `json:"-"`
	Owner   int64                `json:"owner"`
	Kind    outlay.ImportKind    `json:"kind"`
	Name    string               `json:"name"`
	Size    int64                `json:"size"`
	Created time.Time            `json:"created"`
	Result  *outlay.ImportResult `json:"result,omitempty"` // set once committed
}

// Committed reports whether the upload has been imported.
func (st *stashed) Committed() bool { return st.Result != nil }

// Expired reports whether the upload is past its hour at now.
func (st *stashed) Expired(now time.Time) bool { return now.Sub(st.Created) >= stashTTL }

// newImportStash opens the private folder, creating it when needed; an empty dir is a
// new folder under the system's temporary directory.
func newImportStash(dir string) (*importStash, error) {
	if dir == "" {
		d, err := os.MkdirTemp("", "outlay-imports-")
		if err != nil {
			return nil, fmt.Errorf("import folder: %w", err)
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("import folder: %w", err)
	}
	// MkdirAll keeps the mode of a folder that exists: make sure nobody else reads it.
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("import folder: %w", err)
	}
	return &importStash{dir: dir}, nil
}

// errStashGone is a token that names no upload of this user: never sent, another
// user's, or already swept away.
var errStashGone = outlay.Errorf(outlay.ENOTFOUND,
	"This upload is not there: it may have expired (uploads are kept for an hour) or belong to someone else. Upload the file again.")

// errStashExpired is an upload of this user older than an hour.
var errStashExpired = errors.New("import upload expired")

// create makes a new upload file for owner in the folder, 0600, under a fresh token.
// The caller writes the bytes, then calls keep, or removes the token with drop.
func (st *importStash) create() (token string, f *os.File, err error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	token = hex.EncodeToString(b[:])
	f, err = os.OpenFile(st.path(token, ".upload"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	return token, f, err
}

// keep records who sent the upload and what it is, making the token usable.
func (st *importStash) keep(meta *stashed) error {
	return st.writeMeta(meta)
}

// open finds token's upload for owner at now. A token of someone else, or none, is
// errStashGone; an expired one is errStashExpired, and its files are removed.
func (st *importStash) open(token string, owner int64, now time.Time) (*stashed, error) {
	if !validToken(token) {
		return nil, errStashGone
	}
	b, err := os.ReadFile(st.path(token, ".json"))
	if err != nil {
		return nil, errStashGone
	}
	var meta stashed
	if err := json.Unmarshal(b, &meta); err != nil || meta.Owner != owner {
		return nil, errStashGone
	}
	meta.Token = token
	if meta.Expired(now) {
		st.drop(token)
		return nil, errStashExpired
	}
	return &meta, nil
}

// body opens the upload's bytes for reading.
func (st *importStash) body(token string) (*os.File, error) {
	return os.Open(st.path(token, ".upload"))
}

// claim takes the upload for a commit: the file is renamed, so a second commit of the
// same token (a double click) finds nothing to import. release gives it back when the
// commit wrote nothing; ok is false when someone else holds it already.
func (st *importStash) claim(token string) (f *os.File, release func(), ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	claimed := st.path(token, ".claimed")
	if err := os.Rename(st.path(token, ".upload"), claimed); err != nil {
		return nil, nil, false
	}
	f, err := os.Open(claimed)
	if err != nil {
		os.Rename(claimed, st.path(token, ".upload"))
		return nil, nil, false
	}
	return f, func() { f.Close(); os.Rename(claimed, st.path(token, ".upload")) }, true
}

// committed records the result of the commit and removes the uploaded bytes: what was
// imported is in the database now, and the summary needs only the result.
func (st *importStash) committed(meta *stashed, res *outlay.ImportResult) error {
	meta.Result = res
	err := st.writeMeta(meta)
	for _, ext := range []string{".claimed", ".upload"} {
		if rmErr := os.Remove(st.path(meta.Token, ext)); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) && err == nil {
			err = rmErr
		}
	}
	return err
}

// drop removes every file of token.
func (st *importStash) drop(token string) {
	for _, ext := range []string{".upload", ".claimed", ".json", ".json.tmp"} {
		os.Remove(st.path(token, ext))
	}
}

// sweep removes every upload older than an hour at now: nothing waits for them. Files
// whose record cannot be read are judged by their modification time.
func (st *importStash) sweep(now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	entries, err := os.ReadDir(st.dir)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	for _, e := range entries {
		token, _, _ := strings.Cut(e.Name(), ".")
		if seen[token] {
			continue
		}
		seen[token] = true
		created := time.Time{}
		if b, err := os.ReadFile(st.path(token, ".json")); err == nil {
			var meta stashed
			if json.Unmarshal(b, &meta) == nil {
				created = meta.Created
			}
		}
		if created.IsZero() {
			info, err := e.Info()
			if err != nil {
				continue
			}
			created = info.ModTime()
		}
		if now.Sub(created) >= stashTTL {
			st.drop(token)
		}
	}
}

// writeMeta writes <token>.json through a temporary file, so a reader never sees half.
func (st *importStash) writeMeta(meta *stashed) error {
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	tmp := st.path(meta.Token, ".json.tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, st.path(meta.Token, ".json"))
}

func (st *importStash) path(token, ext string) string { return filepath.Join(st.dir, token+ext) }

// validToken reports whether s has a token's form (32 lower-case hex digits), so that
// nothing else is ever joined to the folder's path.
func validToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// copyCapped copies r to w, failing with errTooLarge past max bytes.
func copyCapped(w io.Writer, r io.Reader, max int64) (int64, error) {
	n, err := io.Copy(w, io.LimitReader(r, max+1))
	if err != nil {
		return n, err
	}
	if n > max {
		return n, errTooLarge
	}
	return n, nil
}

// errTooLarge is an upload over the cap.
var errTooLarge = errors.New("upload over the cap")
