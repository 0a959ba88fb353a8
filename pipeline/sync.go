package pipeline

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// SyncOptions says how a sync treats the catalogues.
type SyncOptions struct {
	Prune bool // delete obsolete entries instead of keeping them
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
	removeTemps(cfg.Path(cfg.Locales))
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

	pages     []string          // content pages, in order
	pageData  map[string][]byte // bytes of pages read to stamp them
	processed map[string]bool   // pages to recompute
	all       bool              // recompute every page
	cats      []*catFile
	settle    []string // large files written, to wait for before stamping them
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
	known   bool                        // the file is as the last sync wrote it
	parsed  map[string][]*catalog.Entry // entries of the regions read, by page
}

func (cf *catFile) region(page string) (regionState, bool) {
	if cf.byPage == nil {
		cf.byPage = make(map[string]int, len(cf.regions))
		for i, r := range cf.regions {
			cf.byPage[r.Page] = i
		}
	}
	i, ok := cf.byPage[page]
	if !ok {
		return regionState{}, false
	}
	return cf.regions[i], true
}

func (s *syncer) run(res *SyncResult) error {
	cfg := s.cfg
	program := programHash()
	key := hashOf(program[:], []byte(fmt.Sprintf("%#v", cfg)), correctionsBytes(cfg))
	if !readState(cfg, syncStateFile, &s.old) || s.old.Key != key {
		s.old = syncState{}
	}
	s.next = syncState{Key: key, Pages: map[string]pageState{}, Catalogs: map[string]catalogState{}}
	s.plan.done = append(s.plan.done, func() { writeState(cfg, syncStateFile, &s.next) })

	set, err := discoverCatalogs(cfg)
	if err != nil {
		return err
	}
	if err := set.broken.Err(); err != nil {
		return err
	}
	res.Refused = set.refused
	if s.pages, err = contentPages(cfg); err != nil {
		return err
	}
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
	for _, page := range s.pages {
		path := s.cfg.Path(pageFile(s.cfg, page))
		st, err := stat(path)
		if err != nil {
			return err
		}
		prev, known := s.old.Pages[page]
		if known && unchanged(st, prev.Stamp) {
			st.Hash = prev.Stamp.Hash
			s.next.Pages[page] = pageState{Stamp: st, Blocks: prev.Blocks}
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st.Hash = sha256.Sum256(data)
		if known && st.Hash == prev.Stamp.Hash {
			s.next.Pages[page] = pageState{Stamp: st, Blocks: prev.Blocks}
			continue
		}
		s.pageData[page] = data
		s.processed[page] = true
		s.next.Pages[page] = pageState{Stamp: st, Blocks: -1}
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
	st, err := stat(cf.path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(cf.path)
	if err != nil {
		return nil, err
	}
	s.plan.open = append(s.plan.open, f)
	cf.f = f
	prev, known := s.old.Catalogs[name]
	if known && unchanged(st, prev.Stamp) && prev.Regions != nil {
		cf.stamp, cf.known = st, true
		cf.stamp.Hash = prev.Stamp.Hash
		cf.bom, cf.crlf, cf.regions = prev.BOM, prev.CRLF, prev.Regions
		return cf, nil
	}
	data, err := os.ReadFile(cf.path)
	if err != nil {
		return nil, err
	}
	file, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	cf.bom = len(data) - len(file.Text)
	if i := strings.IndexByte(file.Text, '\n'); i > 0 && file.Text[i-1] == '\r' {
		cf.crlf = true
	}
	was := map[string][32]byte{}
	for _, r := range prev.Regions {
		was[r.Page] = r.Hash
	}
	seen := map[string]bool{}
	for _, r := range catalog.Regions(file.Text) {
		h := sha256.Sum256([]byte(file.Text[r.Start:r.End]))
		if seen[r.Page] {
			s.all = true // a page with two sections: not as xlate lays a file out
		}
		seen[r.Page] = true
		if old, ok := was[r.Page]; (!ok || old != h) && isPage(r.Page) {
			s.processed[r.Page] = true
		}
		cf.regions = append(cf.regions, regionState{Page: r.Page, Start: int64(r.Start), End: int64(r.End), Line: r.Line, Lines: r.Lines, Hash: h})
	}
	if prev.Regions == nil {
		s.all = true // nothing is known of the sections
	}
	st.Hash = layoutHash(cf.bom, cf.regions)
	cf.stamp = st
	for i, r := range cf.regions {
		// what a section counts is known only for a section as recorded
		for _, p := range prev.Regions {
			if p.Page == r.Page && p.Hash == r.Hash {
				cf.regions[i].Counts = p.Counts
			}
		}
	}
	return cf, nil
}

func isPage(page string) bool {
	return page != "" && page != catalog.Obsolete && page != catalog.Trailer
}

// choosePages adds to the pages to recompute those the catalogues need: a
// page gone from the content (its entries become obsolete), a page some
// catalogue has no section for, or every page when nothing is known.
func (s *syncer) choosePages() {
	inContent := map[string]bool{}
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

// recompute reads the pages to recompute and their sections, syncs them,
// and plans every catalogue whose bytes change.
func (s *syncer) recompute(res *SyncResult) error {
	cfg := s.cfg
	var names []string
	for _, p := range s.pages {
		if s.processed[p] {
			names = append(names, p)
		}
	}
	res.Pages = len(names)
	var pages []*Page
	if len(names) > 0 {
		n, err := Normalizer(cfg)
		if err != nil {
			return err
		}
		if pages, err = loadPages(cfg, n, names, s.pageData); err != nil {
			return err
		}
	}
	s.pageData = nil
	for _, pg := range pages {
		ps := s.next.Pages[pg.Name]
		ps.Blocks = len(pg.Blocks)
		s.next.Pages[pg.Name] = ps
	}
	var cats []*catalog.Catalog
	for _, cf := range s.cats {
		c, err := s.readRegions(cf)
		if err != nil {
			return err
		}
		cats = append(cats, c)
	}
	cpages := catalogPages(pages)
	pages = nil
	proj := catalog.NewProject(cfg.Source, cpages, cats)
	synced, err := proj.Sync(catalog.SyncOptions{Prune: s.opt.Prune, Memory: s.memory})
	if err != nil {
		return err
	}
	for i, cf := range s.cats {
		s.assemble(cf, synced[i], res)
	}
	return nil
}

// readRegions reads, from one catalogue, the head, the obsolete section,
// the closing comments and the sections of the pages to recompute.
func (s *syncer) readRegions(cf *catFile) (*catalog.Catalog, error) {
	c := catalog.Empty(cf.name, cf.tag)
	if !cf.exists {
		return c, nil
	}
	c.BOM, c.CRLF = cf.bom > 0, cf.crlf
	for _, r := range cf.regions {
		if isPage(r.Page) && !s.processed[r.Page] {
			continue
		}
		buf := make([]byte, r.End-r.Start)
		if _, err := cf.f.ReadAt(buf, int64(cf.bom)+r.Start); err != nil {
			return nil, err
		}
		part, err := catalog.ParseRegion(cf.name, cf.tag, string(buf), catalog.Region{Page: r.Page, Line: r.Line})
		if err != nil {
			if s.all {
				// read whole, the file may still be fine (a marker line
				// inside a multi-line value); else this is its error
				return s.wholeCatalog(cf.tag)
			}
			return nil, errReadWhole
		}
		c.Append(part)
		cf.keep(r.Page, part.Entries)
	}
	return c, nil
}

func (cf *catFile) keep(page string, entries []*catalog.Entry) {
	if cf.parsed == nil {
		cf.parsed = map[string][]*catalog.Entry{}
	}
	cf.parsed[page] = entries
}

// memoryFile holds the briefs of a catalogue's translation memory, region
// by region (see regionState.MemOff).
func (s *syncer) memoryFile(cf *catFile) string {
	return filepath.Join(s.cfg.CacheDir(), "memory-"+cf.tag.String())
}

// memory makes the translation memory of a language as its catalogue was
// read: the briefs of each region from the cache, or from the region read.
func (s *syncer) memory(tag language.Tag) (*catalog.Memory, error) {
	var cf *catFile
	for _, c := range s.cats {
		if c.tag == tag {
			cf = c
		}
	}
	if cf == nil || !cf.exists {
		return catalog.NewMemory(nil, nil), nil
	}
	mf, _ := os.Open(s.memoryFile(cf))
	if mf != nil {
		defer mf.Close()
	}
	var units []catalog.MemoryUnit
	for _, r := range cf.regions {
		if !isPage(r.Page) && r.Page != catalog.Obsolete {
			continue
		}
		if es, ok := cf.parsed[r.Page]; ok {
			units = append(units, catalog.MemoryUnits(es)...)
			continue
		}
		if us, ok := readBriefs(mf, r); ok {
			units = append(units, us...)
			continue
		}
		es, err := s.regionEntries(cf, r.Page)
		if err != nil {
			return nil, err
		}
		units = append(units, catalog.MemoryUnits(es)...)
	}
	return catalog.NewMemory(units, func(id string) (*catalog.Entry, error) {
		page, _, _ := strings.Cut(id, ".")
		for _, p := range []string{page, catalog.Obsolete} {
			es, err := s.regionEntries(cf, p)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				if e.ID == id {
					return e, nil
				}
			}
		}
		return nil, fmt.Errorf("%s: no entry %s", cf.name, id)
	}), nil
}

// regionEntries reads the entries of one region of a catalogue as read.
func (s *syncer) regionEntries(cf *catFile, page string) ([]*catalog.Entry, error) {
	if es, ok := cf.parsed[page]; ok {
		return es, nil
	}
	r, ok := cf.region(page)
	if !ok {
		return nil, nil
	}
	buf := make([]byte, r.End-r.Start)
	if _, err := cf.f.ReadAt(buf, int64(cf.bom)+r.Start); err != nil {
		return nil, err
	}
	part, err := catalog.ParseRegion(cf.name, cf.tag, string(buf), catalog.Region{Page: r.Page, Line: r.Line})
	if err != nil {
		return nil, err
	}
	cf.keep(page, part.Entries)
	return part.Entries, nil
}

// readBriefs reads the memory briefs of a region from the memory file.
func readBriefs(mf *os.File, r regionState) ([]catalog.MemoryUnit, bool) {
	if mf == nil || r.MemLen < 32 {
		return nil, false
	}
	buf := make([]byte, r.MemLen)
	if _, err := mf.ReadAt(buf, r.MemOff); err != nil || !bytes.Equal(buf[:32], r.Hash[:]) {
		return nil, false
	}
	us, err := catalog.DecodeUnits(buf[32:])
	return us, err == nil
}

// saveBriefs stores the memory briefs of the regions of a catalogue that
// the memory file lacks, after the sync that wrote them: units gives the
// briefs of a region the sync made. The file only grows; when more than
// half of it is briefs of regions gone, it is written anew.
func (s *syncer) saveBriefs(cf *catFile, regions []regionState, units func(page string) ([]catalog.MemoryUnit, bool)) {
	path := s.memoryFile(cf)
	old, _ := os.Open(path)
	if old != nil {
		defer old.Close()
	}
	var live int64
	var fresh bytes.Buffer
	size := int64(0)
	if old != nil {
		if fi, err := old.Stat(); err == nil {
			size = fi.Size()
		}
	}
	for i, r := range regions {
		if !isPage(r.Page) && r.Page != catalog.Obsolete {
			continue
		}
		if _, ok := readBriefs(old, r); ok {
			live += r.MemLen
			continue
		}
		us, ok := units(r.Page)
		if !ok {
			continue
		}
		blob := append(r.Hash[:], catalog.EncodeUnits(us)...)
		regions[i].MemOff, regions[i].MemLen = size+int64(fresh.Len()), int64(len(blob))
		fresh.Write(blob)
		live += int64(len(blob))
	}
	if size+int64(fresh.Len()) > 2*live+1<<20 {
		// mostly briefs of regions gone: write the live ones anew
		var all bytes.Buffer
		for i, r := range regions {
			if r.MemLen == 0 {
				continue
			}
			var blob []byte
			if r.MemOff >= size {
				blob = fresh.Bytes()[r.MemOff-size : r.MemOff-size+r.MemLen]
			} else if b := make([]byte, r.MemLen); old != nil {
				if _, err := old.ReadAt(b, r.MemOff); err == nil {
					blob = b
				}
			}
			if blob == nil {
				regions[i].MemOff, regions[i].MemLen = 0, 0
				continue
			}
			regions[i].MemOff = int64(all.Len())
			all.Write(blob)
		}
		os.MkdirAll(s.cfg.CacheDir(), 0o755)
		writeFile(path, all.Bytes())
		return
	}
	if fresh.Len() == 0 {
		return
	}
	os.MkdirAll(s.cfg.CacheDir(), 0o755)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		clearBriefs(regions, size)
		return
	}
	defer f.Close()
	if _, err := f.WriteAt(fresh.Bytes(), size); err != nil {
		clearBriefs(regions, size)
	}
}

// clearBriefs forgets the briefs that could not be written.
func clearBriefs(regions []regionState, from int64) {
	for i := range regions {
		if regions[i].MemOff >= from {
			regions[i].MemOff, regions[i].MemLen = 0, 0
		}
	}
}

// wholeCatalog reads a catalogue whole: for the translation memory, which
// draws on every page.
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

// assemble lays a catalogue out anew — the head, each page's section in
// content order, the obsolete section and the closing comments — taking
// every section it did not recompute from the old file, and plans the
// write if the bytes differ from the old ones.
func (s *syncer) assemble(cf *catFile, c *catalog.Catalog, res *SyncResult) {
	byPage := map[string][]*catalog.Entry{}
	var obsolete []*catalog.Entry
	for _, e := range c.Entries {
		if e.Obsolete {
			obsolete = append(obsolete, e)
		} else {
			byPage[e.Path[0]] = append(byPage[e.Path[0]], e)
		}
	}
	conv := func(b *bytes.Buffer, from int) {
		if cf.crlf {
			crlf := bytes.ReplaceAll(b.Bytes()[from:], []byte("\n"), []byte("\r\n"))
			b.Truncate(from)
			b.Write(crlf)
		}
	}
	// a part is an old region copied, or a region made anew
	type part struct {
		r   regionState
		gen func(*bytes.Buffer)
		sum *pieceSum
	}
	var parts []part
	var total catalog.Counts
	add := func(page string, n catalog.Counts, gen func(*bytes.Buffer)) {
		parts = append(parts, part{r: regionState{Page: page, Counts: n}, gen: func(b *bytes.Buffer) {
			from := b.Len()
			gen(b)
			conv(b, from)
		}, sum: &pieceSum{}})
		total = total.Add(n)
	}
	for _, p := range s.pages {
		if !s.processed[p] {
			if r, ok := cf.region(p); ok {
				parts = append(parts, part{r: r})
				total = total.Add(r.Counts)
			}
			continue
		}
		if es := byPage[p]; len(es) > 0 {
			add(p, catalog.Count(es), func(b *bytes.Buffer) { c.FormatSection(b, p, es) })
		}
	}
	if len(obsolete) > 0 {
		add(catalog.Obsolete, catalog.Count(obsolete), func(b *bytes.Buffer) { c.FormatObsolete(b, obsolete) })
	}
	var tail bytes.Buffer
	c.FormatTrailer(&tail) // a blank line, then the comments
	if tail.Len() > 0 {
		add(catalog.Trailer, catalog.Counts{}, func(b *bytes.Buffer) { b.Write(tail.Bytes()[1:]) })
	}
	var head bytes.Buffer
	c.FormatHead(&head, catalog.Header(s.cfg.LanguageName(cf.tag), cf.tag, total))
	conv(&head, 0)
	headData := head.Bytes()
	bom := 0
	if c.BOM {
		bom = len("\ufeff")
	}
	gap := []byte("\n")
	if cf.crlf {
		gap = []byte("\r\n")
	}

	// a catalogue that exists may come out the same: the new regions are
	// made now to tell (and kept, when they are few)
	if cf.exists {
		var b bytes.Buffer
		for i := range parts {
			pt := &parts[i]
			if pt.gen == nil {
				continue
			}
			b.Reset()
			pt.gen(&b)
			pt.sum.n, pt.sum.lines, pt.sum.hash = int64(b.Len()), bytes.Count(b.Bytes(), []byte("\n")), sha256.Sum256(b.Bytes())
			if b.Len() < keepMade {
				data := bytes.Clone(b.Bytes())
				pt.gen = func(b *bytes.Buffer) { b.Write(data) }
			}
		}
	}

	// the pieces of the new file; its regions are known once written
	w := &Write{Path: cf.name, path: cf.path, exists: cf.exists, was: cf.stamp, identity: catalogIdentity}
	w.pieces = append(w.pieces, piece{data: headData})
	for _, pt := range parts {
		w.pieces = append(w.pieces, piece{data: gap})
		if pt.gen != nil {
			sum := pt.sum
			if cf.exists {
				sum = nil // known already
			}
			w.pieces = append(w.pieces, piece{gen: pt.gen, sum: sum})
		} else {
			w.pieces = append(w.pieces, piece{src: cf.f, off: int64(cf.bom) + pt.r.Start, n: pt.r.End - pt.r.Start})
		}
	}
	layout := func() []regionState {
		lines := bytes.Count(headData, []byte("\n"))
		off := int64(len(headData) - bom)
		regions := []regionState{{Page: "", Start: 0, End: off, Line: 1, Lines: lines, Hash: sha256.Sum256(headData[bom:])}}
		for _, pt := range parts {
			off += int64(len(gap))
			lines++
			r := pt.r
			n := r.End - r.Start
			if pt.gen != nil {
				n, r.Lines, r.Hash = pt.sum.n, pt.sum.lines, pt.sum.hash
			} else if old, ok := cf.region(r.Page); ok && old.Hash == r.Hash {
				r.MemOff, r.MemLen = old.MemOff, old.MemLen // a region copied keeps its briefs
			}
			r.Start, r.End, r.Line = off, off+n, lines+1
			regions = append(regions, r)
			off += n
			lines += r.Lines
		}
		return regions
	}
	units := func(page string) ([]catalog.MemoryUnit, bool) {
		switch {
		case page == catalog.Obsolete:
			return catalog.MemoryUnits(obsolete), true
		case s.processed[page]:
			return catalog.MemoryUnits(byPage[page]), true
		}
		if es, ok := cf.parsed[page]; ok {
			return catalog.MemoryUnits(es), true
		}
		return nil, false
	}
	if cf.exists {
		if regions := layout(); sameRegions(cf.regions, regions) {
			res.Unchanged = append(res.Unchanged, cf.name)
			s.plan.done = append([]func(){func() {
				s.saveBriefs(cf, regions, units)
				s.next.Catalogs[cf.name] = catalogState{Stamp: cf.stamp, BOM: cf.bom, CRLF: cf.crlf, Regions: regions}
			}}, s.plan.done...)
			return
		}
	}
	res.Written = append(res.Written, cf.name)
	s.plan.Writes = append(s.plan.Writes, w)
	s.plan.done = append([]func(){func() {
		regions := layout()
		s.saveBriefs(cf, regions, units)
		if r := regions[len(regions)-1]; r.End > settleSize {
			s.settle = append(s.settle, cf.path)
		}
		settleAfter(s.settle)
		st, err := stat(cf.path)
		if err != nil {
			return
		}
		st.Hash = layoutHash(bom, regions)
		s.next.Catalogs[cf.name] = catalogState{Stamp: st, BOM: bom, CRLF: cf.crlf, Regions: regions}
	}}, s.plan.done...)
}

// keepMade: a region made to compare it with the old one is kept if it is
// smaller, else made again while the file is written.
const keepMade = 1 << 20

// layoutHash identifies the bytes of a catalogue by its regions: each
// region's hash and place (the places tell the blank lines between them).
func layoutHash(bom int, regions []regionState) [32]byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d;", bom)
	for _, r := range regions {
		fmt.Fprintf(&b, "%q %d %d %x;", r.Page, r.Start, r.End, r.Hash)
	}
	return sha256.Sum256(b.Bytes())
}

// catalogIdentity is layoutHash of a catalogue's bytes.
func catalogIdentity(data []byte) [32]byte {
	text := strings.TrimPrefix(string(data), "\ufeff")
	var regions []regionState
	for _, r := range catalog.Regions(text) {
		regions = append(regions, regionState{Page: r.Page, Start: int64(r.Start), End: int64(r.End), Hash: sha256.Sum256([]byte(text[r.Start:r.End]))})
	}
	return layoutHash(len(data)-len(text), regions)
}

// sameRegions reports whether two layouts hold the same bytes.
func sameRegions(a, b []regionState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Page != b[i].Page || a[i].Hash != b[i].Hash || a[i].End-a[i].Start != b[i].End-b[i].Start {
			return false
		}
	}
	return true
}

// settleSize: a catalogue larger than this is worth waiting a clock tick
// for after writing it, so that the next run can trust its stamp instead
// of reading it again (a smaller one is read again faster than waited for).
const settleSize = 4 << 20

// settleAfter waits until the files just written are older than a clock
// tick, so that their stamps can vouch for them (see stamp.Settled).
func settleAfter(paths []string) {
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			if wait := time.Until(fi.ModTime().Add(settle)); wait > 0 {
				time.Sleep(wait)
			}
		}
	}
}
