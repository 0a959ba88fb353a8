package pipeline

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/normalize"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// SyncOptions says how a sync treats the catalogues.
type SyncOptions struct {
	Prune bool // delete obsolete entries instead of keeping them
	// Progress, if not nil, is told how far the reading of the pages and
	// the writing of the catalogues are.
	Progress func(ProgressStep)
}

// ProgressStep is how far a long run is: done of total units in a stage.
type ProgressStep struct {
	Stage       string // "reading", "writing", "rendering"
	Done, Total int
	Unit        string // "pages", "sections"
}

// SyncResult says what a sync did.
type SyncResult struct {
	Written   []string    // catalogues whose bytes changed
	Unchanged []string    // catalogues left as they were
	Refused   source.List // catalogues left alone, and why
	Pages     int         // pages read and recomputed; the others were known from the cache
}

// Sync brings every catalogue up to date with the content and writes those
// that changed, holding the project's lock. It plans every file first (see
// PlanSync), so a catalogue that cannot be read stops the run before
// anything is written, and a catalogue a person saved meanwhile is left
// alone and reported (a *ChangedError).
func Sync(cfg Config, opt SyncOptions) (SyncResult, error) {
	lock, err := LockProject(cfg, "xlate sync")
	if err != nil {
		return SyncResult{}, err
	}
	defer lock.Unlock()
	plan, res, err := PlanSync(cfg, opt)
	if err != nil {
		return res, err
	}
	defer plan.Close()
	if err := plan.Apply(); err != nil {
		return res, err
	}
	plan.record()
	return res, nil
}

// PlanSync works out what a sync writes, without writing anything. The
// caller holds the project's lock.
//
// A sync is incremental: a page is read and recomputed only when its
// content changed, when its section changed in some catalogue (a person
// edited it), or when some catalogue has no section for it; every other
// section is copied from the old catalogue byte for byte. That is what a
// full sync would write there too, since a sync is idempotent and the
// entries of a page depend only on that page (see catalog.Alignment; the
// translation memory, which draws on every page, is asked only for
// entries of recomputed pages). The cache says where each section lies
// and what it counts. Without the cache, or after a change of the
// program, the configuration or the corrections glossary, every page is
// recomputed.
func PlanSync(cfg Config, opt SyncOptions) (*Plan, SyncResult, error) {
	var res SyncResult
	s := &syncer{cfg: cfg, opt: opt, plan: &Plan{}}
	if opt.Progress != nil {
		s.plan.Progress = func(done, total int) {
			opt.Progress(ProgressStep{Stage: "writing", Done: done, Total: total, Unit: "sections"})
		}
	}
	removeTemps(cfg.Path(cfg.Locales))
	// The cache's files are written the same way by every command; one
	// that another run is writing now is only a cache entry lost.
	removeTemps(cfg.CacheDir())
	err := s.run(&res)
	if err != nil {
		s.plan.Close()
	}
	return s.plan, res, err
}

// syncer is the state of one sync.
type syncer struct {
	cfg  Config
	opt  SyncOptions
	plan *Plan
	old  syncState
	next syncState

	derive    map[language.Tag]catalog.Derivation
	pages     []string          // content pages, in order
	files     pageFiles         // and their files
	renamed   segment.Pages     // the pages not named after their files
	pageData  map[string][]byte // bytes of pages read to stamp them
	processed map[string]bool   // pages to recompute
	inContent map[string]bool
	all       bool // recompute every page
	cats      []*catFile
	settle    []string   // large files written, to wait for before stamping them
	stamps    []func()   // stamp the files written, once they settled
	mu        sync.Mutex // for the plan's lists, while catalogues are made side by side
}

// catFile is one catalogue as the sync sees it.
type catFile struct {
	tag     language.Tag
	name    string // as diagnostics name it
	path    string
	exists  bool
	stamp   stamp
	f       *os.File // open for copying sections
	bom     int      // length of the byte-order mark
	crlf    bool
	regions []regionState // of the old file
	byPage  map[string]int
	twice   bool // a page has two regions (see regionsOf)
	known   bool // the file is as the last sync wrote it
	checked bool // a build read its regions of no page and found no fault

	fixed  *catalog.Catalog                // its head, obsolete section and closing comments, as read
	briefs map[string][]catalog.MemoryUnit // memory briefs of the regions read, by page
	memo   *catalog.Memory                 // its translation memory, once made
	out    *catOut                         // what the sync makes of it
}

// catOut is what a sync makes of one catalogue, page by page.
type catOut struct {
	made     map[string]*made // new sections, by page
	restored map[string]bool  // obsolete entries back in the content
	gone     []*catalog.Entry // entries newly obsolete
	spill    *os.File         // made sections, when the pages are too many to keep in memory
	spilled  int64
}

// made is a section made anew: in memory, to be made while writing, or in
// the spill file.
type made struct {
	counts catalog.Counts
	briefs func() []byte // the memory briefs of its entries, encoded
	gen    func(*bytes.Buffer)
	sum    pieceSum
	off    int64 // in the spill file, when spilled
	summed bool
}

// region returns the region of a page.
func (cf *catFile) region(page string) (regionState, bool) {
	i, ok := cf.regionIndex(page)
	if !ok {
		return regionState{}, false
	}
	return cf.regions[i], true
}

// regionIndex returns the index in regions of a page's region.
func (cf *catFile) regionIndex(page string) (int, bool) {
	if cf.byPage == nil {
		cf.byPage = make(map[string]int, len(cf.regions))
		cf.twice = false
		for i, r := range cf.regions {
			if _, ok := cf.byPage[r.Page]; ok && isPage(r.Page) {
				cf.twice = true
			}
			cf.byPage[r.Page] = i
		}
	}
	i, ok := cf.byPage[page]
	return i, ok
}

// regionsOf returns the indexes of the regions of some pages, and with
// others those of no page, in file order: a build's chunk of pages looks
// up its hundred regions instead of testing ten thousand. Not when a page
// has two regions (a file not as xlate lays it out), which only testing
// every region finds.
func (cf *catFile) regionsOf(pages map[string]bool, others bool) ([]int, bool) {
	cf.regionIndex("") // the index, made
	if cf.twice {
		return nil, false
	}
	at := make([]int, 0, len(pages)+4)
	for p := range pages {
		if i, ok := cf.byPage[p]; ok && isPage(p) {
			at = append(at, i)
		}
	}
	if others {
		for i, r := range cf.regions {
			if !isPage(r.Page) {
				at = append(at, i)
			}
		}
	}
	slices.Sort(at)
	return at, true
}

func (s *syncer) run(res *SyncResult) error {
	cfg := s.cfg
	// the program's hash (its whole executable, when the cache has no
	// stamp of it) is taken while the project is listed
	programDone := make(chan [32]byte, 1)
	go func() { programDone <- programHash(cfg) }()
	set, err := discoverCatalogs(cfg)
	if err != nil {
		<-programDone
		return err
	}
	if err := set.broken.Err(); err != nil {
		<-programDone
		return err
	}
	res.Refused = set.refused
	if s.pages, s.files, err = contentPages(cfg); err != nil {
		<-programDone
		return err
	}
	program := <-programDone
	key := hashOf(program[:], []byte(cfg.identity()), correctionsBytes(cfg), deriveBytes(cfg))
	if !readState(cfg, syncStateFile, &s.old) || s.old.Key != key {
		s.old = syncState{}
	}
	s.next = syncState{Key: key, Pages: map[string]pageState{}, Catalogs: map[string]catalogState{}}
	s.plan.done = append(s.plan.done, func() {
		settleAfter(s.settle)
		for _, f := range s.stamps {
			f()
		}
		writeState(cfg, syncStateFile, &s.next)
	})

	s.renamed = s.files.renamed()
	s.all = s.old.Pages == nil
	if err := s.stampPages(); err != nil {
		return err
	}
	for i, tag := range set.langs {
		cf, err := s.openCatalog(tag, set.names[i], set.exists[i])
		if err != nil {
			return err
		}
		s.cats = append(s.cats, cf)
	}
	s.choosePages()
	if s.nothingToDo() {
		for _, cf := range s.cats {
			res.Unchanged = append(res.Unchanged, cf.name)
			s.next.Catalogs[cf.name] = catalogState{Stamp: cf.stamp, BOM: cf.bom, CRLF: cf.crlf, Regions: cf.regions}
		}
		return nil
	}
	err = s.recompute(res)
	if errors.Is(err, errReadWhole) {
		// a catalogue must be read whole, so every page is recomputed
		s.all = true
		s.choosePages()
		*res = SyncResult{Refused: res.Refused}
		err = s.recompute(res)
	}
	return err
}

func correctionsBytes(cfg Config) []byte {
	data, _ := os.ReadFile(cfg.Path(filepath.Join(cfg.Locales, CorrectionsFile)))
	return data
}

// stampPages stamps every content page, reading those the cache cannot
// vouch for, and marks those that changed.
func (s *syncer) stampPages() error {
	s.pageData = map[string][]byte{}
	s.processed = map[string]bool{}
	type read struct {
		st   stamp
		data []byte
		err  error
	}
	reads := make([]read, len(s.pages))
	// every page stamped, and read and hashed when the cache cannot vouch
	// for it, on every core (the cache is only read here)
	now := time.Now().UnixNano()
	parallelRanges(len(s.pages), func(from, to int) {
		var ds dirStatter
		defer ds.close()
		for i := from; i < to; i++ {
			name := s.files[s.pages[i]]
			if name == "" {
				continue
			}
			r := &reads[i]
			size, mod, err := ds.stat(s.cfg.Dir, name)
			if err != nil {
				r.err = err
				continue
			}
			r.st = stampAt(size, mod, now)
			if prev, known := s.old.Pages[s.pages[i]]; known && unchanged(r.st, prev.Stamp) {
				r.st.Hash = prev.Stamp.Hash
				continue
			}
			if r.data, r.err = readFile(s.cfg.Path(name)); r.err == nil {
				r.st.Hash = sha256.Sum256(r.data)
				if r.data == nil {
					r.data = []byte{} // read, though empty
				}
			}
		}
	})
	for i, page := range s.pages {
		if s.files[page] == "" {
			// the shell's texts: stamped by their hash alone
			st := interfaceStamp(s.cfg)
			if prev, known := s.old.Pages[page]; known && prev.Stamp.Hash == st.Hash {
				s.next.Pages[page] = pageState{Stamp: st, Blocks: prev.Blocks}
			} else {
				s.processed[page] = true
				s.next.Pages[page] = pageState{Stamp: st, Blocks: -1}
			}
			continue
		}
		r := reads[i]
		if r.err != nil {
			return r.err
		}
		prev, known := s.old.Pages[page]
		if known && r.st.Hash == prev.Stamp.Hash {
			s.next.Pages[page] = pageState{Stamp: r.st, Blocks: prev.Blocks}
			continue
		}
		s.pageData[page] = r.data
		s.processed[page] = true
		s.next.Pages[page] = pageState{Stamp: r.st, Blocks: -1}
	}
	return nil
}

// openCatalog finds where the regions of a catalogue lie: from the cache
// when the file is as the last sync wrote it, else by reading it; then
// the pages whose sections differ from what the cache recorded are pages
// a person changed.
func (s *syncer) openCatalog(tag language.Tag, name string, exists bool) (*catFile, error) {
	cf := &catFile{tag: tag, name: name, path: s.cfg.Path(name), exists: exists}
	if !exists {
		return cf, nil
	}
	f, err := os.Open(cf.path)
	if err != nil {
		return nil, err
	}
	s.plan.open = append(s.plan.open, f)
	cf.f = f
	prev := s.old.Catalogs[name]
	idx, known, recorded, err := indexCatalog(cf.path, name, prev)
	if err != nil {
		return nil, err
	}
	cf.stamp, cf.bom, cf.crlf, cf.regions, cf.known = idx.Stamp, idx.BOM, idx.CRLF, idx.Regions, known
	if known {
		return cf, nil
	}
	if prev.Regions == nil {
		s.all = true // nothing is known of the sections
	}
	seen := map[string]bool{}
	for _, r := range cf.regions {
		if seen[r.Page] {
			s.all = true // a page with two sections: not as xlate lays a file out
		}
		seen[r.Page] = true
		if !recorded[r.Page] && isPage(r.Page) { // not as recorded: a person changed it
			s.processed[r.Page] = true
		}
	}
	return cf, nil
}

// indexCatalog finds the regions of a catalogue file and the hash of
// each: from the record of an earlier run when the file is as that run
// saw it (known), else by reading it, when the regions as recorded
// (recorded, by page) keep what the record says they count and where their
// memory briefs lie.
func indexCatalog(path, name string, records ...catalogState) (idx catalogState, known bool, recorded map[string]bool, err error) {
	st, err := stat(path)
	if err != nil {
		return idx, false, nil, err
	}
	for _, rec := range records {
		if unchanged(st, rec.Stamp) && rec.hasRegions() {
			idx = rec // its regions still packed, if they are
			idx.Stamp = st
			idx.Stamp.Hash = rec.Stamp.Hash
			return idx, true, nil, nil
		}
	}
	// read through once, from a view of the file where the system gives
	// one: a catalogue is tens of megabytes, which a copy would page in
	data, release, err := viewFile(path)
	if err != nil {
		return idx, false, nil, err
	}
	faulted := whileViewing(func() { idx, recorded, err = indexData(name, data, records) })
	release()
	if faulted { // the file was cut short as it was read: read it again
		if data, err = readFile(path); err != nil {
			return idx, false, nil, err
		}
		idx, recorded, err = indexData(name, data, records)
	}
	if err != nil {
		return idx, false, nil, err
	}
	st.Hash = layoutHash(idx.BOM, idx.Regions)
	idx.Stamp = st
	return idx, false, recorded, nil
}

// indexData is indexCatalog's reading of a catalogue's bytes, which it
// does not keep.
func indexData(name string, data []byte, records []catalogState) (idx catalogState, recorded map[string]bool, err error) {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		_, err := source.Decode(name, bytes.Clone(data)) // the error, with its position
		return idx, nil, err
	}
	text := bytes.TrimPrefix(data, []byte("\ufeff"))
	idx.BOM = len(data) - len(text)
	if i := bytes.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		idx.CRLF = true
	}
	was := map[string]regionState{}
	for _, rec := range records {
		rec.unpack()
		for _, r := range rec.Regions {
			was[r.Page+"\x00"+string(r.Hash[:])] = r
		}
	}
	recorded = map[string]bool{}
	for _, r := range catalog.Regions(text) {
		rs := regionState{Page: r.Page, Start: int64(r.Start), End: int64(r.End), Line: r.Line, Lines: r.Lines, Hash: sha256.Sum256(text[r.Start:r.End])}
		if old, ok := was[rs.Page+"\x00"+string(rs.Hash[:])]; ok {
			rs.Counts, rs.MemOff, rs.MemLen = old.Counts, old.MemOff, old.MemLen
			recorded[rs.Page] = true
		}
		idx.Regions = append(idx.Regions, rs)
	}
	return idx, recorded, nil
}

func isPage(page string) bool {
	return page != "" && page != catalog.Obsolete && page != catalog.Trailer
}

// choosePages adds to the pages to recompute those the catalogues need: a
// page gone from the content (its entries become obsolete), a page some
// catalogue has no section for, or every page when nothing is known.
func (s *syncer) choosePages() {
	inContent := map[string]bool{}
	s.inContent = inContent
	for _, p := range s.pages {
		inContent[p] = true
		if s.all {
			s.processed[p] = true
		}
	}
	for _, cf := range s.cats {
		has := map[string]bool{}
		for _, r := range cf.regions {
			has[r.Page] = true
			if isPage(r.Page) && (!inContent[r.Page] || s.all) {
				s.processed[r.Page] = true
			}
		}
		for _, p := range s.pages {
			if !has[p] && s.next.Pages[p].Blocks != 0 {
				s.processed[p] = true
			}
		}
	}
}

// nothingToDo reports whether every catalogue is as the last sync wrote
// it and no page needs recomputing.
func (s *syncer) nothingToDo() bool {
	if len(s.processed) > 0 {
		return false
	}
	for _, cf := range s.cats {
		if cf.exists && !cf.known {
			return false
		}
		if r, ok := cf.region(catalog.Obsolete); s.opt.Prune && ok && r.Counts.Obsolete > 0 {
			return false
		}
	}
	return true
}

// errReadWhole says a catalogue cannot be read by regions.
var errReadWhole = errors.New("a catalogue must be read whole")

// chunkPages is how many pages a sync recomputes at a time: the sections
// of a chunk are made and written to a spill file before the next chunk
// is read, so memory holds one chunk, not the whole catalogues.
var chunkPages = 1000

// recompute reads the pages to recompute and their sections, chunk by
// chunk, syncs them, and plans every catalogue whose bytes change.
func (s *syncer) recompute(res *SyncResult) error {
	cfg := s.cfg
	var names []string
	for _, p := range s.pages {
		if s.processed[p] {
			names = append(names, p)
		}
	}
	res.Pages = len(names)
	var n *normalize.Normalizer
	if len(names) > 0 {
		var err error
		if n, err = Normalizer(cfg); err != nil {
			return err
		}
	}
	for _, cf := range s.cats {
		if err := s.readFixed(cf); err != nil {
			return err
		}
		cf.out = &catOut{made: map[string]*made{}, restored: map[string]bool{}}
	}
	var err error
	if s.derive, err = derivations(cfg); err != nil {
		return err
	}
	if s.first() && s.derive == nil {
		return s.firstSync(names, n, res)
	}
	chunks := (len(names) + chunkPages - 1) / chunkPages
	spill := chunks > 1
	for k := 0; k == 0 || k < chunks; k++ {
		chunk := names[min(k*chunkPages, len(names)):min((k+1)*chunkPages, len(names))]
		pages, err := s.loadChunk(n, chunk)
		if err != nil {
			return err
		}
		inChunk := map[string]bool{}
		for _, p := range chunk {
			inChunk[p] = true
		}
		if k == chunks-1 || chunks == 0 {
			// the sections of pages gone from the content go with the last
			for p := range s.processed {
				if !s.inContent[p] {
					inChunk[p] = true
				}
			}
		}
		var cats []*catalog.Catalog
		for _, cf := range s.cats {
			c, err := s.readChunk(cf, inChunk)
			if err != nil {
				return err
			}
			cats = append(cats, c)
		}
		proj := catalog.NewProject(cfg.Source, catalogPages(pages), cats)
		pages = nil
		synced, err := proj.Sync(catalog.SyncOptions{Prune: s.opt.Prune, Memory: s.memory, Derive: s.derive})
		if err != nil {
			return err
		}
		// each catalogue's sections are made side by side
		errs := make([]error, len(s.cats))
		var wg sync.WaitGroup
		for i, cf := range s.cats {
			wg.Go(func() {
				errs[i] = s.collect(cf, synced[i], chunk, spill)
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		s.progress(k*chunkPages+len(chunk), len(names))
	}
	for _, cf := range s.cats {
		s.assemble(cf, res)
	}
	return nil
}

func (s *syncer) progress(done, total int) {
	if s.opt.Progress != nil {
		s.opt.Progress(ProgressStep{Stage: "reading", Done: done, Total: total, Unit: "pages"})
	}
}

// first reports whether no catalogue exists yet: a project's first sync.
func (s *syncer) first() bool {
	for _, cf := range s.cats {
		if cf.exists {
			return false
		}
	}
	return true
}

// loadChunk reads, repairs and segments some pages, records how many
// blocks each has, and lets go of the bytes read to stamp them.
func (s *syncer) loadChunk(n *normalize.Normalizer, names []string) ([]*Page, error) {
	pages, err := loadPages(s.cfg, n, s.files, s.renamed, names, s.pageData)
	if err != nil {
		return nil, err
	}
	for _, pg := range pages {
		ps := s.next.Pages[pg.Name]
		ps.Blocks = len(pg.Blocks)
		s.next.Pages[pg.Name] = ps
		delete(s.pageData, pg.Name)
	}
	return pages, nil
}

// firstSync writes catalogues that do not exist yet, entry by entry as the
// files are written (see catalog.Project.FormatNew): memory holds the
// pages' blocks, not the catalogues.
func (s *syncer) firstSync(names []string, n *normalize.Normalizer, res *SyncResult) error {
	var pages []catalog.Page
	for k := 0; k < len(names); k += chunkPages {
		chunk, err := s.loadChunk(n, names[k:min(k+chunkPages, len(names))])
		if err != nil {
			return err
		}
		pages = append(pages, catalogPages(chunk)...)
		s.progress(len(pages), len(names))
	}
	cats := make([]*catalog.Catalog, len(s.cats))
	for i, cf := range s.cats {
		cats[i] = catalog.Empty(cf.name, cf.tag)
	}
	proj := catalog.NewProject(s.cfg.Source, pages, cats)
	for i, cf := range s.cats {
		conv := s.converter(cf)
		for pi, pg := range pages {
			if len(pg.Blocks) == 0 {
				continue
			}
			cf.out.made[pg.Name] = &made{
				counts: proj.CountNew(pi, cats[i]),
				briefs: func() []byte { return catalog.EncodeUnits(nil) }, // a new catalogue has no reviewed translation
				gen: func(b *bytes.Buffer) {
					from := b.Len()
					proj.FormatNew(b, pi, cats[i])
					conv(b, from)
				},
			}
		}
		s.assemble(cf, res)
	}
	return nil
}

// readFixed reads the regions of a catalogue that every chunk needs: the
// head, the obsolete section and the closing comments.
func (s *syncer) readFixed(cf *catFile) error {
	cf.fixed = catalog.Empty(cf.name, cf.tag)
	cf.briefs = map[string][]catalog.MemoryUnit{}
	if !cf.exists {
		return nil
	}
	cf.fixed.BOM, cf.fixed.CRLF = cf.bom > 0, cf.crlf
	for i, r := range cf.regions {
		if isPage(r.Page) {
			continue
		}
		part, err := s.parseRegion(cf, i)
		if err != nil {
			return err
		}
		cf.fixed.Append(part)
		if r.Page == catalog.Obsolete {
			cf.briefs[r.Page] = catalog.MemoryUnits(part.Entries)
		}
	}
	return nil
}

// parseRegion reads the i-th region of a catalogue as it was read.
func (s *syncer) parseRegion(cf *catFile, i int) (*catalog.Catalog, error) {
	r := cf.regions[i]
	buf := make([]byte, r.End-r.Start)
	if _, err := cf.f.ReadAt(buf, int64(cf.bom)+r.Start); err != nil {
		return nil, err
	}
	part, err := catalog.ParseRegion(cf.name, cf.tag, string(buf), catalog.Region{Page: r.Page, Line: r.Line})
	if err != nil {
		if s.all {
			// a file laid out otherwise than xlate lays it out (a marker
			// line inside a multi-line value): read whole, it may still be
			// fine, or give its own error
			if _, werr := s.wholeCatalog(cf.tag); werr != nil {
				return nil, werr
			}
			return nil, fmt.Errorf("%s: the file cannot be read section by section; %w", cf.name, err)
		}
		return nil, errReadWhole
	}
	return part, nil
}

// readChunk reads, from one catalogue, the sections of a chunk's pages,
// with the obsolete entries (which a page may take back).
func (s *syncer) readChunk(cf *catFile, pages map[string]bool) (*catalog.Catalog, error) {
	c := catalog.Empty(cf.name, cf.tag)
	c.BOM, c.CRLF = cf.bom > 0, cf.crlf
	for i, r := range cf.regions {
		if !isPage(r.Page) || !pages[r.Page] {
			continue
		}
		part, err := s.parseRegion(cf, i)
		if err != nil {
			return nil, err
		}
		c.Append(part)
	}
	for _, e := range cf.fixed.Entries {
		c.Add(e) // sync copies before it changes anything
	}
	return c, nil
}

// wholeCatalog reads a catalogue whole.
func (s *syncer) wholeCatalog(tag language.Tag) (*catalog.Catalog, error) {
	for _, cf := range s.cats {
		if cf.tag != tag {
			continue
		}
		if !cf.exists {
			return catalog.Empty(cf.name, tag), nil
		}
		data, err := os.ReadFile(cf.path)
		if err != nil {
			return nil, err
		}
		return catalog.Parse(cf.name, tag, data)
	}
	return nil, fmt.Errorf("no catalogue for %s", tag)
}
