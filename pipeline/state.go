package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xlate/pipeline/catalog"
)

// The cache is where a run keeps what it learned for the next one: the
// stamps of the files it read and wrote and, for every catalogue, where
// each page's section lies in it. It lives in .xlate/cache beside the
// configuration file, outside content/ and locales/. Deleting it changes
// no output, only speed: a run without it reads and recomputes everything.

// CacheDir is the project's cache directory.
func (c Config) CacheDir() string { return filepath.Join(c.Dir, ".xlate", "cache") }

// stamp identifies the bytes of a file: its size and modification time as
// a quick check, its hash as the proof.
type stamp struct {
	Size    int64
	ModTime int64 // nanoseconds
	Hash    [32]byte
	// Settled: the stat was taken well after the file's modification time,
	// so a later change shows in the time. A file changed within the same
	// clock tick as the stat could keep size and time; such a stamp is
	// proven by its hash next time instead.
	Settled bool
}

// regionState is where a region of a catalogue lies (see
// catalog.Regions), with the hash of its bytes and what its entries count.
type regionState struct {
	Page        string
	Start, End  int64 // byte offsets after the byte-order mark
	Line, Lines int
	Hash        [32]byte
	Counts      catalog.Counts
	// Memory is where the briefs of the region's reviewed translations
	// lie in the catalogue's memory file (see catalog.MemoryUnit); Len 0:
	// not there.
	MemOff, MemLen int64
}

// catalogState is what the last sync wrote to a catalogue.
type catalogState struct {
	Stamp   stamp
	BOM     int // length of the byte-order mark
	CRLF    bool
	Regions []regionState // in file order
	// packed holds the regions as the state encodes them, when it was
	// read without them (see buildState.packRegions); Regions is then nil
	// until unpack
	packed string
}

// hasRegions reports whether the state has regions, packed or not.
func (c *catalogState) hasRegions() bool { return c.Regions != nil || c.packed != "" }

// unpack decodes packed regions into Regions.
func (c *catalogState) unpack() {
	if c.packed == "" {
		return
	}
	r := stateReader{s: c.packed}
	c.Regions = make([]regionState, r.count())
	for i := range c.Regions {
		c.Regions[i] = r.region()
	}
	c.packed = "" // read before, to the end and without fault, by catalog()
}

// pageState is what the last sync read of a content page.
type pageState struct {
	Stamp  stamp
	Blocks int
}

// syncState is what the last sync read and wrote.
type syncState struct {
	Key      [32]byte // the program, the configuration and the glossary
	Pages    map[string]pageState
	Catalogs map[string]catalogState
}

const syncStateFile = "sync.state"

// readState reads a state the cache holds, or returns false.
func readState(cfg Config, name string, v any) bool {
	if d, ok := v.(stateDecoder); ok {
		// read straight into the string the state keeps pieces of
		f, err := os.Open(filepath.Join(cfg.CacheDir(), name))
		if err != nil {
			return false
		}
		defer f.Close()
		var b strings.Builder
		if fi, err := f.Stat(); err == nil {
			b.Grow(int(fi.Size()))
		}
		if _, err := io.Copy(&b, f); err != nil {
			return false
		}
		return d.decodeState(b.String()) == nil
	}
	data, err := os.ReadFile(filepath.Join(cfg.CacheDir(), name))
	if err != nil {
		return false
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v) == nil
}

// writeState stores a state in the cache. A cache that cannot be written
// costs only speed, so its errors are not the run's.
func writeState(cfg Config, name string, v any) {
	var data []byte
	if m, ok := v.(encoding.BinaryMarshaler); ok {
		data, _ = m.MarshalBinary()
	} else {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(v); err != nil {
			return
		}
		data = b.Bytes()
	}
	if err := os.MkdirAll(cfg.CacheDir(), 0o755); err != nil {
		return
	}
	writeFile(filepath.Join(cfg.CacheDir(), name), data)
}

// programHash identifies the running program: a new xlate may write
// differently, so nothing cached by another is trusted. It is the hash of
// the executable, which the cache keeps with the executable's stamp so
// that a run of the same program reads only that stamp.
func programHash(cfg Config) [32]byte {
	programOnce.Do(func() { programSum = readProgramHash(cfg) })
	return programSum
}

var (
	programOnce sync.Once
	programSum  [32]byte
)

// programState is the hash of an executable as a run found it.
type programState struct {
	Path  string
	Stamp stamp
}

const programStateFile = "program.state"

func readProgramHash(cfg Config) [32]byte {
	exe, err := os.Executable()
	if err != nil {
		return [32]byte{}
	}
	st, err := stat(exe)
	if err != nil {
		return [32]byte{}
	}
	var was programState
	if readState(cfg, programStateFile, &was) && was.Path == exe && unchanged(st, was.Stamp) {
		return was.Stamp.Hash
	}
	f, err := os.Open(exe)
	if err != nil {
		return [32]byte{}
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	h.Sum(st.Hash[:0])
	if st.Settled {
		writeState(cfg, programStateFile, &programState{Path: exe, Stamp: st})
	}
	return st.Hash
}

// hashOf hashes parts, each with its length, so no two lists of parts
// hash alike.
func hashOf(parts ...[]byte) [32]byte {
	buf := make([]byte, 0, 256)
	for _, p := range parts {
		buf = appendPart(buf, p)
	}
	return sha256.Sum256(buf)
}

// partHasher hashes parts as hashOf does, a buffer at a time: for keys of
// tens of thousands of parts.
type partHasher struct {
	h   hash.Hash
	buf []byte
}

func newPartHasher() *partHasher {
	return &partHasher{h: sha256.New(), buf: make([]byte, 0, 4096)}
}

func (p *partHasher) add(part []byte) {
	p.flush()
	p.buf = appendPart(p.buf, part)
}

func (p *partHasher) addString(part string) {
	p.flush()
	p.buf = appendPart(p.buf, part)
}

func (p *partHasher) flush() {
	if len(p.buf) > 3500 {
		p.h.Write(p.buf)
		p.buf = p.buf[:0]
	}
}

func (p *partHasher) sum() [32]byte {
	p.h.Write(p.buf)
	return [32]byte(p.h.Sum(nil))
}

// appendPart adds a part of what hashOf hashes: its length, then its
// bytes. Gathering the parts in a buffer and hashing them at once keeps a
// small key off the heap: a build with nothing to do makes one for every
// page.
func appendPart[T string | []byte](buf []byte, p T) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(p)))
	return append(buf, p...)
}

// stat returns the stamp of a file without its hash.
func stat(path string) (stamp, error) {
	size, mod, err := statFile(path)
	if err != nil {
		return stamp{}, err
	}
	return stampAt(size, mod, time.Now().UnixNano()), nil
}

// stampAt is the stamp of a file of size bytes modified at mod, as a stat
// taken at now sees it (now no later than the stat).
func stampAt(size, mod, now int64) stamp {
	return stamp{Size: size, ModTime: mod, Settled: settled(mod, now)}
}

// settled reports whether a file modified at mod is a clock tick old at
// now, so that a later change shows in its time.
func settled(mod, now int64) bool { return now-mod >= int64(settle) }

// fileStat is what a stat tells of a file (see stamp), or its error;
// smaller than a stamp, since tens of thousands are taken at once.
type fileStat struct {
	size, mod int64
	settled   bool
	err       error
}

// stamp is the file's stamp without its hash.
func (f fileStat) stamp() stamp { return stamp{Size: f.size, ModTime: f.mod, Settled: f.settled} }

// statAll stats many files, each name in the directory root (or itself
// when absolute; an empty name is skipped), on every core. A build with
// nothing to do is mostly this, tens of thousands of stats, so each core
// keeps the directories it meets open and names a file from the one two
// levels up (see dirStatter): the system walks two names, not the whole
// path.
func statAll(root string, names []string) []fileStat {
	stats := make([]fileStat, len(names))
	// taken before any stat, so no file is called settled too early
	now := time.Now().UnixNano()
	// the cores take the names a run at a time, as they come free: a build
	// stats while it does other work on a core, and a core given a fixed
	// share would be left finishing it alone
	const run = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)/run+1) {
		wg.Go(func() {
			var ds dirStatter
			defer ds.close()
			for from := int(next.Add(run)) - run; from < len(names); from = int(next.Add(run)) - run {
				for i := from; i < min(from+run, len(names)); i++ {
					if names[i] == "" {
						continue
					}
					size, mod, err := ds.stat(root, names[i])
					if err != nil {
						stats[i].err = err
						continue
					}
					stats[i] = fileStat{size: size, mod: mod, settled: settled(mod, now)}
				}
			}
		})
	}
	wg.Wait()
	return stats
}

// parallel calls f for 0 ≤ i < n on every core, each core a share of n.
func parallel(n int, f func(i int)) {
	parallelRanges(n, func(from, to int) {
		for i := from; i < to; i++ {
			f(i)
		}
	})
}

// readAhead reads n items a chunk of size at a time, read(from, to) on a
// goroutine of its own one chunk ahead of use, which takes the chunks in
// order: the next chunk is read while one is used. Both stop at the first
// error, which it returns.
func readAhead[T any](n, size int, read func(from, to int) (T, error), use func(T) error) error {
	type result struct {
		v   T
		err error
	}
	chunks := make(chan result, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		for from := 0; from < n; from += size {
			v, err := read(from, min(from+size, n))
			select {
			case chunks <- result{v, err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		if c.err != nil {
			return c.err
		}
		if err := use(c.v); err != nil {
			return err
		}
	}
	return nil
}

// parallelRanges splits 0 ≤ i < n into one range a core and calls f for
// each range on its own core.
func parallelRanges(n int, f func(from, to int)) {
	workers := min(runtime.GOMAXPROCS(0), n/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			f(w*n/workers, (w+1)*n/workers)
		})
	}
	wg.Wait()
}

// settle is longer than the clock tick of file modification times: a
// jiffy on Linux (1 to 10 ms), 15.6 ms for Windows' default timer, finer on
// macOS. A file system that keeps coarser times (FAT's two seconds) is
// outside what stamps can vouch for.
const settle = 20 * time.Millisecond

// unchanged reports whether a file whose stat is now is still the one a
// state stamped, without reading it.
func unchanged(now, was stamp) bool {
	return was.Settled && now.Size == was.Size && now.ModTime == was.ModTime
}

var errNotExist = fs.ErrNotExist

func isNotExist(err error) bool { return errors.Is(err, errNotExist) }

// inputsState is the stamps of every input a run read, so that the next
// run can tell, from their sizes and times alone, that nothing changed.
type inputsState struct {
	Stamps map[string]stamp
}

const inputsStateFile = "inputs.state"

// inputsKey identifies everything a check (or a build) reads: the
// program, the configuration, the corrections glossary, every content
// page and every file in the locales directory. It hashes only the files
// whose stamps the cache cannot vouch for.
func inputsKey(cfg Config) ([32]byte, error) {
	var old inputsState
	readState(cfg, inputsStateFile, &old)
	next := inputsState{Stamps: map[string]stamp{}}
	var files []string
	if pages, pf, err := contentPages(cfg); err == nil {
		for _, p := range pages {
			if pf[p] != "" { // the shell's texts are in the configuration and the program
				files = append(files, pf[p])
			}
		}
	}
	if entries, err := os.ReadDir(cfg.Path(cfg.Locales)); err == nil {
		for _, de := range entries {
			if !de.IsDir() && filepath.Ext(de.Name()) == ".toml" {
				files = append(files, filepath.Join(cfg.Locales, de.Name()))
			}
		}
	}
	program := programHash(cfg)
	parts := [][]byte{program[:], []byte(cfg.identity() + " " + cfg.Out)}
	changed := false
	for _, name := range files {
		path := cfg.Path(name)
		st, err := stat(path)
		if err != nil {
			return [32]byte{}, err
		}
		if was, ok := old.Stamps[name]; ok && unchanged(st, was) {
			st.Hash = was.Hash
		} else {
			data, err := os.ReadFile(path)
			if err != nil {
				return [32]byte{}, err
			}
			st.Hash = sha256.Sum256(data)
			changed = true
		}
		next.Stamps[name] = st
		parts = append(parts, []byte(name), st.Hash[:])
	}
	if changed || len(next.Stamps) != len(old.Stamps) {
		writeState(cfg, inputsStateFile, &next)
	}
	return hashOf(parts...), nil
}
