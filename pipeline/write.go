package pipeline

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// tempMark is in the name of every temporary file xlate writes, so that a
// run can remove those a killed run left behind.
const tempMark = ".xlate-tmp-"

// createTemp creates a temporary file beside path, named after it.
func createTemp(path string, mode fs.FileMode) (*os.File, error) {
	return os.OpenFile(tempName(path), os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
}

// tempName returns a new name for a temporary file beside path.
func tempName(path string) string {
	var r [6]byte
	rand.Read(r[:])
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+tempMark+hex.EncodeToString(r[:]))
}

// removeTemps removes the temporary files a killed run left in dir.
func removeTemps(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, ".*"+tempMark+"*"))
	for _, n := range names {
		os.Remove(n)
	}
}

// writeFile writes data to path atomically (a temporary file in the same
// directory, then a rename), and not at all when the file already holds
// exactly data. It reports whether it wrote.
func writeFile(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp, err := createTemp(path, 0o644)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	return true, os.Rename(tmp.Name(), path)
}

// piece is part of the new bytes of a file: bytes made in memory, bytes
// made while the file is written (gen, on every core, so that a large
// file is never whole in memory), or a range of a file as it was read
// (kept open since, so that a rename of that path in the meantime changes
// nothing).
type piece struct {
	data   []byte
	gen    func(*bytes.Buffer)
	sum    *pieceSum // for gen: filled in as the piece is written
	src    *os.File
	off, n int64
}

// pieceSum is what a piece made while writing turned out to be.
type pieceSum struct {
	n     int64
	lines int
	hash  [32]byte
}

// Write is one file a plan replaces.
type Write struct {
	Path   string // as diagnostics name it
	path   string // where to write it
	pieces []piece
	exists bool
	was    stamp // the file as it was read
	// identity hashes the bytes of the file as its stamp does; nil: SHA-256
	identity func([]byte) [32]byte
}

// Plan is the files a run replaces, made before any is written, so that
// one function — Apply — touches the disk, and either every file is
// replaced or none.
type Plan struct {
	Writes []*Write
	// Progress, if not nil, is told how many sections (a page's part of a
	// file, made or copied) of all the files are written.
	Progress func(done, total int)
	open     []*os.File
	spills   []string // temporary files the plan reads from
	done     []func() // after a successful Apply: record what was written
}

// record runs what waits for the plan to be applied.
func (p *Plan) record() {
	for _, f := range p.done {
		f()
	}
}

// Close releases the files the plan reads from.
func (p *Plan) Close() {
	for _, f := range p.open {
		f.Close()
	}
	for _, name := range p.spills {
		os.Remove(name)
	}
	p.open, p.spills = nil, nil
}

// ChangedError is a file that changed on disk after the run read it: a
// person saved it meanwhile. The run leaves it alone.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed while xlate was reading it (saved by someone?); nothing was written: run xlate sync again", e.Path)
}

// Apply writes every file of the plan: each to a temporary file beside it
// (beside the file a symbolic link points to, keeping the file's mode),
// synced to disk; then, when every one is complete and none of the files
// changed since it was read, renames them all into place. On any error
// nothing is replaced and no temporary file is left.
func (p *Plan) Apply() error {
	type tmp struct {
		w          *Write
		name, dest string
	}
	var tmps []tmp
	fail := func(err error) error {
		for _, t := range tmps {
			if t.name != "" {
				os.Remove(t.name)
			}
		}
		return err
	}
	// the files are written side by side; they are renamed only once all
	// are complete
	tmps = make([]tmp, len(p.Writes))
	errs := make([]error, len(p.Writes))
	tick := p.ticker()
	var wg sync.WaitGroup
	for i, w := range p.Writes {
		wg.Go(func() {
			tmps[i].w = w
			tmps[i].dest, tmps[i].name, errs[i] = writeTemp(w, tick)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fail(err)
	}
	for _, t := range tmps {
		if changedSince(t.w) {
			return fail(&ChangedError{Path: t.w.Path})
		}
	}
	for i, t := range tmps {
		if err := os.Rename(t.name, t.dest); err != nil {
			return fail(fmt.Errorf("%s: %w", t.w.Path, err))
		}
		tmps[i].name = "" // renamed: nothing to remove
	}
	dirs := map[string]bool{}
	for _, t := range tmps {
		dirs[filepath.Dir(t.dest)] = true
	}
	for d := range dirs {
		if f, err := os.Open(d); err == nil {
			f.Sync()
			f.Close()
		}
	}
	return nil
}

// ticker returns what counts the sections written for Progress.
func (p *Plan) ticker() func() {
	if p.Progress == nil {
		return func() {}
	}
	total := 0
	for _, w := range p.Writes {
		for _, pc := range w.pieces {
			if pc.section() {
				total++
			}
		}
	}
	var done atomic.Int64
	return func() { p.Progress(int(done.Add(1)), total) }
}

// section reports whether a piece is a page's part of a file (or another
// region), not a line break or a header made in memory.
func (pc piece) section() bool { return pc.gen != nil || pc.src != nil }

// writeTemp writes the new bytes of a file to a temporary file beside the
// file (beside the file a link points to), with the file's mode, synced to
// disk. It returns where the file goes and the temporary file's name (""
// if none was made).
func writeTemp(w *Write, tick func()) (dest, name string, err error) {
	dest = w.path
	mode := fs.FileMode(0o644)
	if w.exists {
		if real, err := filepath.EvalSymlinks(w.path); err == nil {
			dest = real
		}
		if fi, err := os.Stat(dest); err == nil {
			mode = fi.Mode().Perm()
		}
	} else if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return dest, "", err
	}
	f, err := createTemp(dest, mode)
	if err != nil {
		return dest, "", err
	}
	if err := writePieces(f, w.pieces, tick); err != nil {
		f.Close()
		return dest, f.Name(), fmt.Errorf("%s: %w", w.Path, err)
	}
	if err := errors.Join(f.Chmod(mode), f.Sync(), f.Close()); err != nil {
		return dest, f.Name(), fmt.Errorf("%s: %w", w.Path, err)
	}
	return dest, f.Name(), nil
}

func writePieces(f *os.File, pieces []piece, tick func()) error {
	made, written, stop := makeAhead(pieces)
	defer stop()
	for i, pc := range pieces {
		switch {
		case pc.gen != nil:
			b := <-made[i]
			_, err := f.Write(b.Bytes())
			bufs.Put(b)
			written()
			if err != nil {
				return err
			}
		case pc.src == nil:
			if _, err := f.Write(pc.data); err != nil {
				return err
			}
		default:
			// file to file: the system copies without the bytes passing here
			if _, err := pc.src.Seek(pc.off, io.SeekStart); err != nil {
				return err
			}
			if n, err := io.Copy(f, &io.LimitedReader{R: pc.src, N: pc.n}); err != nil || n != pc.n {
				return errors.Join(err, fmt.Errorf("the old file is shorter than it was"))
			}
		}
		if pc.section() {
			tick()
		}
	}
	return nil
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// makeAhead makes the pieces that are made while writing, in order, on
// every core, at most a few ahead of the writer; each piece's bytes arrive
// on its channel. The writer calls written after each, and stop when it
// is done (or gives up).
func makeAhead(pieces []piece) (made map[int]chan *bytes.Buffer, written, stop func()) {
	made = map[int]chan *bytes.Buffer{}
	var order []int
	for i, pc := range pieces {
		if pc.gen != nil {
			made[i] = make(chan *bytes.Buffer, 1)
			order = append(order, i)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	ahead := make(chan struct{}, 4*workers) // pieces started and not yet written
	quit := make(chan struct{})
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, i := range order {
			select {
			case ahead <- struct{}{}:
			case <-quit:
				return
			}
			select {
			case jobs <- i:
			case <-quit:
				return
			}
		}
	}()
	for w := 0; w < workers && len(order) > 0; w++ {
		go func() {
			for i := range jobs {
				b := bufs.Get().(*bytes.Buffer)
				b.Reset()
				pieces[i].gen(b)
				if sum := pieces[i].sum; sum != nil {
					sum.n, sum.lines, sum.hash = int64(b.Len()), bytes.Count(b.Bytes(), []byte("\n")), sha256.Sum256(b.Bytes())
				}
				made[i] <- b
			}
		}()
	}
	return made, func() { <-ahead }, func() { close(quit) }
}

// changedSince reports whether the file a write replaces is no longer the
// one the run read.
func changedSince(w *Write) bool {
	now, err := stat(w.path)
	switch {
	case err != nil:
		return w.exists || !isNotExist(err)
	case !w.exists:
		return true
	case now.Size != w.was.Size || now.ModTime != w.was.ModTime:
		return true
	case !w.was.Settled:
		// the time cannot tell: the bytes must
		data, err := os.ReadFile(w.path)
		if err != nil {
			return true
		}
		if w.identity != nil {
			return w.identity(data) != w.was.Hash
		}
		return sha256.Sum256(data) != w.was.Hash
	}
	return false
}

// relName is a path as diagnostics name it: relative to the project.
func relName(cfg Config, path string) string {
	if r, err := filepath.Rel(cfg.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}
