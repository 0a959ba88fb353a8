package pipeline

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"xlate/pipeline/catalog"
)

// collect keeps what a chunk's sync made of a catalogue: the sections of
// the chunk's pages (spilled to a temporary file when there are several
// chunks), the obsolete entries taken back, the entries newly obsolete.
func (s *syncer) collect(cf *catFile, c *catalog.Catalog, chunk []string, spill bool) error {
	out := cf.out
	fixed := map[string]bool{}
	for _, e := range cf.fixed.Entries {
		fixed[e.ID] = true
	}
	byPage := map[string][]*catalog.Entry{}
	for _, e := range c.Entries {
		switch {
		case !e.Obsolete:
			byPage[e.Path[0]] = append(byPage[e.Path[0]], e)
			if fixed[e.ID] {
				out.restored[e.ID] = true
			}
		case !fixed[e.ID]:
			out.gone = append(out.gone, e)
		}
		// an entry of the head or the obsolete section that a page did not
		// take stays with them: the last step decides where it goes
	}
	conv := s.converter(cf)
	for _, p := range chunk {
		es := byPage[p]
		if len(es) == 0 {
			continue
		}
		m := &made{counts: catalog.Count(es), briefs: func() []byte { return catalog.EncodeUnits(catalog.MemoryUnits(es)) }}
		if spill {
			// the entries go once the section is spilled; their briefs stay
			blob := m.briefs()
			m.briefs = func() []byte { return blob }
		}
		gen := func(b *bytes.Buffer) {
			from := b.Len()
			cf.fixed.FormatSection(b, p, es)
			conv(b, from)
		}
		if !spill {
			m.gen = gen
			out.made[p] = m
			continue
		}
		var b bytes.Buffer
		gen(&b)
		if out.spill == nil {
			if err := os.MkdirAll(filepath.Dir(cf.path), 0o755); err != nil {
				return err
			}
			f, err := createTemp(cf.path, 0o600)
			if err != nil {
				return err
			}
			out.spill = f
			s.mu.Lock()
			s.plan.open = append(s.plan.open, f)
			s.plan.spills = append(s.plan.spills, f.Name())
			s.mu.Unlock()
		}
		if _, err := out.spill.Write(b.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", cf.name, err)
		}
		m.off, m.summed = out.spilled, true
		m.sum = pieceSum{n: int64(b.Len()), lines: bytes.Count(b.Bytes(), []byte("\n")), hash: sha256.Sum256(b.Bytes())}
		out.spilled += int64(b.Len())
		out.made[p] = m
	}
	return nil
}

// converter writes a catalogue's line ends: what was made since from
// becomes CRLF in a CRLF file.
func (s *syncer) converter(cf *catFile) func(b *bytes.Buffer, from int) {
	return func(b *bytes.Buffer, from int) {
		if cf.crlf {
			crlf := bytes.ReplaceAll(b.Bytes()[from:], []byte("\n"), []byte("\r\n"))
			b.Truncate(from)
			b.Write(crlf)
		}
	}
}

// obsolete returns the catalogue's obsolete entries after the sync: those
// that were obsolete and stay so, then those newly obsolete, each in the
// order of the old file, as a sync of the whole catalogue orders them.
func (s *syncer) obsolete(cf *catFile) []*catalog.Entry {
	if s.opt.Prune {
		return nil
	}
	var kept, gone []*catalog.Entry
	for _, e := range cf.fixed.Entries {
		switch {
		case cf.out.restored[e.ID]:
		case e.Obsolete:
			kept = append(kept, e)
		default:
			// an entry outside any section that no page took
			f := *e
			f.Obsolete = true
			gone = append(gone, &f)
		}
	}
	gone = append(gone, cf.out.gone...)
	// an entry's line says where it stood in the old file
	sort.SliceStable(gone, func(i, j int) bool { return gone[i].Line < gone[j].Line })
	return append(kept, gone...)
}

// assemble lays a catalogue out anew — the head, each page's section in
// content order, the obsolete section and the closing comments — taking
// every section it did not recompute from the old file, and plans the
// write if the bytes differ from the old ones.
func (s *syncer) assemble(cf *catFile, res *SyncResult) {
	out := cf.out
	c := cf.fixed
	conv := s.converter(cf)
	// a part is an old region copied, or a region made anew
	type part struct {
		r regionState
		m *made
	}
	var parts []part
	var total catalog.Counts
	for _, p := range s.pages {
		if m, ok := out.made[p]; ok {
			parts = append(parts, part{r: regionState{Page: p, Counts: m.counts}, m: m})
			total = total.Add(m.counts)
		} else if r, ok := cf.region(p); ok && !s.processed[p] {
			parts = append(parts, part{r: r})
			total = total.Add(r.Counts)
		}
	}
	obsolete := s.obsolete(cf)
	if len(obsolete) > 0 {
		m := &made{counts: catalog.Count(obsolete), briefs: func() []byte { return catalog.EncodeUnits(catalog.MemoryUnits(obsolete)) }, gen: func(b *bytes.Buffer) {
			from := b.Len()
			c.FormatObsolete(b, obsolete)
			conv(b, from)
		}}
		parts = append(parts, part{r: regionState{Page: catalog.Obsolete, Counts: m.counts}, m: m})
		total = total.Add(m.counts)
	}
	var tail bytes.Buffer
	c.FormatTrailer(&tail) // a blank line, then the comments
	if tail.Len() > 0 {
		m := &made{gen: func(b *bytes.Buffer) {
			from := b.Len()
			b.Write(tail.Bytes()[1:])
			conv(b, from)
		}}
		parts = append(parts, part{r: regionState{Page: catalog.Trailer}, m: m})
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

	// a catalogue that exists may come out the same: what is made in
	// memory is made now to tell (and kept, when it is small)
	if cf.exists {
		var b bytes.Buffer
		for _, pt := range parts {
			if m := pt.m; m != nil && !m.summed {
				b.Reset()
				m.gen(&b)
				m.sum, m.summed = pieceSum{n: int64(b.Len()), lines: bytes.Count(b.Bytes(), []byte("\n")), hash: sha256.Sum256(b.Bytes())}, true
				if b.Len() < keepMade {
					data := bytes.Clone(b.Bytes())
					m.gen = func(b *bytes.Buffer) { b.Write(data) }
				}
			}
		}
	}

	// the pieces of the new file; its regions are known once written
	w := &Write{Path: cf.name, path: cf.path, exists: cf.exists, was: cf.stamp, identity: catalogIdentity}
	w.pieces = append(w.pieces, piece{data: headData})
	for _, pt := range parts {
		w.pieces = append(w.pieces, piece{data: gap})
		switch m := pt.m; {
		case m == nil:
			w.pieces = append(w.pieces, piece{src: cf.f, off: int64(cf.bom) + pt.r.Start, n: pt.r.End - pt.r.Start})
		case m.gen == nil:
			w.pieces = append(w.pieces, piece{src: out.spill, off: m.off, n: m.sum.n})
		case m.summed:
			w.pieces = append(w.pieces, piece{gen: m.gen})
		default:
			w.pieces = append(w.pieces, piece{gen: m.gen, sum: &m.sum})
			m.summed = true // once written
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
			if pt.m != nil {
				n, r.Lines, r.Hash = pt.m.sum.n, pt.m.sum.lines, pt.m.sum.hash
				r.MemOff, r.MemLen = 0, 0
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
	// the parts made anew, by page: units is asked once for each page
	var made map[string]int
	units := func(page string) ([]byte, bool) {
		if made == nil {
			made = make(map[string]int, len(parts))
			for i, pt := range parts {
				if pt.m != nil && pt.m.briefs != nil {
					if _, ok := made[pt.r.Page]; !ok {
						made[pt.r.Page] = i
					}
				}
			}
		}
		if i, ok := made[page]; ok {
			return parts[i].m.briefs(), true
		}
		if us, ok := cf.briefs[page]; ok {
			return catalog.EncodeUnits(us), true
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
		// stamped once every catalogue's briefs are saved: the time that
		// takes counts towards the wait for the files to settle
		s.stamps = append(s.stamps, func() {
			st, err := stat(cf.path)
			if err != nil {
				return
			}
			st.Hash = layoutHash(bom, regions)
			s.next.Catalogs[cf.name] = catalogState{Stamp: st, BOM: bom, CRLF: cf.crlf, Regions: regions}
		})
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
	text := bytes.TrimPrefix(data, []byte("\ufeff"))
	var regions []regionState
	for _, r := range catalog.Regions(text) {
		regions = append(regions, regionState{Page: r.Page, Start: int64(r.Start), End: int64(r.End), Hash: sha256.Sum256(text[r.Start:r.End])})
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
