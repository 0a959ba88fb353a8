package catalog

import (
	"hash/maphash"
	"strings"
	"unsafe"

	"golang.org/x/text/language"

	"xlate/pipeline/source"
)

// Obsolete and Trailer name the obsolete section and a person's closing
// comments among the regions of a file.
const (
	Obsolete = "\x00obsolete"
	Trailer  = "\x00trailer"
)

// Region is a part of a catalogue file as xlate lays it out: the head (the
// header and a person's preamble), the section of one page, the obsolete
// section, or a person's closing comments. A region does not hold the
// blank line that separates it from the next.
type Region struct {
	Page       string // the page of a section, "" for the head, Obsolete or Trailer
	Start, End int    // byte offsets in the text
	Line       int    // the line Start is on, from 1
	Lines      int    // line breaks in the region
}

// Regions splits the text of a catalogue (without its byte-order mark) at
// the marker lines xlate writes before each page's section and before the
// obsolete section. A file xlate did not write is one region, the head.
func Regions[T string | []byte](text T) []Region {
	switch t := any(text).(type) {
	case string:
		return regions(t)
	case []byte:
		// a view of the bytes, read only here; the page names, which
		// outlive the call, are copied
		out := regions(unsafe.String(unsafe.SliceData(t), len(t)))
		for i := range out {
			out[i].Page = strings.Clone(out[i].Page)
		}
		return out
	}
	panic("unreachable")
}

func regions(text string) []Region {
	var out []Region
	cur := Region{Line: 1}
	line := 1
	for off := 0; off < len(text); {
		next := len(text)
		if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		if text[off] == '#' {
			page, ok := "", false
			switch rest := text[off:next]; {
			case strings.HasPrefix(rest, pageMarker):
				page, ok = strings.TrimRight(strings.TrimSuffix(strings.TrimRight(rest[len(pageMarker):], "\r\n"), " ───"), " "), true
			case strings.HasPrefix(rest, obsoleteMarker):
				page, ok = Obsolete, true
			}
			if ok {
				cur.End = trimBlank(text, cur.Start, off)
				out = append(out, cur)
				cur = Region{Page: page, Start: off, Line: line}
			}
		}
		off = next
		line++
	}
	cur.End = len(text)
	out = append(out, cur)
	if t, ok := trailer(text[cur.Start:cur.End], cur); ok {
		out[len(out)-1].End = trimBlank(text, cur.Start, t.Start)
		out = append(out, t)
	}
	for i := range out {
		out[i].Lines = strings.Count(text[out[i].Start:out[i].End], "\n")
	}
	return out
}

// trailer finds a person's closing comments at the end of the last region:
// comment lines after a blank line that follows the comments right below
// the last entry. A region whose last lines cannot be told apart so (a
// multi-line value whose lines look like comments) is left whole; a reader
// of the region still finds its closing comments.
func trailer(text string, last Region) (Region, bool) {
	if last.Page == "" {
		return Region{}, false
	}
	lines := strings.SplitAfter(text, "\n") // the last region's own text
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	blank := func(l string) bool { return strings.TrimSpace(l) == "" }
	comment := func(l string) bool {
		t := strings.TrimSpace(l)
		return strings.HasPrefix(t, "#") && !isToolLine(t)
	}
	// from the end: the closing comments, then the blank line before them
	i := len(lines)
	for i > 0 && comment(lines[i-1]) {
		i--
	}
	if i == len(lines) || i == 0 || !blank(lines[i-1]) {
		return Region{}, false
	}
	start := i
	for i > 0 && blank(lines[i-1]) {
		i--
	}
	// above the blank lines: a person's comments right below the last
	// entry, then the entry itself
	for i > 0 && comment(lines[i-1]) {
		i--
	}
	if i == 0 || strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") {
		return Region{}, false
	}
	off, line := last.Start, last.Line
	for _, l := range lines[:start] {
		off += len(l)
		line++
	}
	return Region{Page: Trailer, Start: off, End: last.End, Line: line}, true
}

// trimBlank returns the end of text[start:end] without the blank line
// (LF or CRLF) that separates it from the next region.
func trimBlank(text string, start, end int) int {
	switch tail := text[max(start, end-4):end]; {
	case strings.HasSuffix(tail, "\r\n\r\n"):
		return end - 2
	case strings.HasSuffix(tail, "\n\n"):
		return end - 1
	case tail == "\n" && start == end-1, tail == "\r\n" && start == end-2:
		return start
	}
	return end
}

// ParseRegion reads one region of a catalogue file — its entries (every
// entry of the obsolete section is Obsolete), the preamble of the head, the
// closing comments of the trailer — from text, the region's bytes, which
// start on line r.Line of the file, so that positions point into the file.
func ParseRegion(name string, tag language.Tag, text string, r Region) (*Catalog, error) {
	a, err := parseRegion(name, tag, text, r)
	if err != nil {
		return nil, err
	}
	return a.c, nil
}

// Names gathers the table names of the regions of one file read apart, to
// tell whether a reading of the whole file could find a fault between two
// of them (a table defined twice, a message that is also a table, a
// top-level key set twice) that neither shows alone.
//
// A name is kept as its hash, so that memory holds no text of the regions
// read: two names of one hash are taken for one, which at worst has a file
// read whole that need not be.
type Names struct {
	seed    maphash.Seed
	seen    map[uint64]nameSeen
	regions int
}

type nameSeen struct {
	region  int
	defined bool // by a [table] header or a top-level key, not only as the parent of one
}

// NewNames returns Names that have seen no region.
func NewNames() *Names { return &Names{seed: maphash.MakeSeed(), seen: map[uint64]nameSeen{}} }

// ParseRegionNamed is ParseRegion that also adds the region's table names
// to ns. It reports apart false when a name of the region stood in an
// earlier one and one of the two defined it: the file must then be read
// whole to be judged.
func ParseRegionNamed(name string, tag language.Tag, text string, r Region, ns *Names) (c *Catalog, apart bool, err error) {
	a, err := parseRegion(name, tag, text, r)
	if err != nil {
		return nil, false, err
	}
	ns.regions++
	apart = true
	see := func(name string, defined bool) {
		n := maphash.String(ns.seed, name)
		was, ok := ns.seen[n]
		if ok && was.region != ns.regions && (was.defined || defined) {
			apart = false
		}
		if !was.defined {
			ns.seen[n] = nameSeen{region: ns.regions, defined: defined}
		}
	}
	for _, t := range a.tables {
		n := ""
		if t.entry != nil {
			n = t.entry.ID
		} else {
			n = strings.Join(t.path, ".")
		}
		see(n, t.explicit)
	}
	for k := range a.rootKeys {
		see(k, true)
	}
	return a.c, apart, nil
}

// parseText reads a catalogue, or a region of one that starts on line.
func parseText(name string, tag language.Tag, text string, line int, bom bool) (*Catalog, error) {
	a, err := assemble(name, tag, text, line, bom)
	if err != nil {
		return nil, err
	}
	return a.c, nil
}

// parseRegion is ParseRegion, giving the assembler for its tables.
func parseRegion(name string, tag language.Tag, text string, r Region) (*assembler, error) {
	a, err := assemble(name, tag, text, r.Line, false)
	if err == nil && r.Page == Trailer {
		a.c.preamble, a.c.trailer = nil, a.c.preamble
	}
	return a, err
}

// assemble reads a catalogue, or a region of one that starts on line.
func assemble(name string, tag language.Tag, text string, line int, bom bool) (*assembler, error) {
	r := &reader{name: name, text: text}
	lines, fault := r.scan(line)
	if fault != nil {
		pos := source.NewLines(text).Pos(name, fault.off)
		pos.Line += line - 1
		return nil, source.List{{Pos: pos, Msg: fault.msg, Help: fault.help}}
	}
	c := Empty(name, tag)
	c.BOM = bom
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		c.CRLF = true
	}
	a := &assembler{c: c, lines: source.NewLines(text), lineOffset: line - 1, tables: map[string]*table{}, rootKeys: map[string]int{}}
	if d := a.run(lines); d != nil {
		return nil, source.List{*d}
	}
	return a, nil
}

// Add adds an entry at the end.
func (c *Catalog) Add(e *Entry) { c.add(e) }

// Append adds the entries of a region read with ParseRegion after those of
// c, and its preamble and closing comments; c keeps its own path and tag.
func (c *Catalog) Append(r *Catalog) {
	for _, e := range r.Entries {
		c.add(e)
	}
	c.preamble = append(c.preamble, r.preamble...)
	c.trailer = r.trailer
	c.CRLF = c.CRLF || r.CRLF
}
