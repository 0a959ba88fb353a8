package pipeline

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"xlate/pipeline/source"
)

// The cache's states hold tens of thousands of stamps, regions and names,
// and a run with nothing to do reads them whole: it is most of what such a
// run reads. Gob walks them by reflection and writes a fixed-size array a
// byte at a time, so the large states encode themselves: varints, a hash's
// bytes only when there is one, and strings read as pieces of one string
// made of the whole state at once.

var errBadState = errors.New("malformed cache state")

// stateReader reads what the append functions below wrote; the first
// fault sticks.
type stateReader struct {
	s   string
	err error
}

func (r *stateReader) int() int64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if len(r.s) == 0 || shift > 63 {
			r.fail()
			return 0
		}
		c := r.s[0]
		r.s = r.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	return int64(v>>1) ^ -int64(v&1) // zigzag, as binary.AppendVarint
}

// count reads a length, which cannot exceed what is left to read.
func (r *stateReader) count() int {
	n := r.int()
	if n < 0 || n > int64(len(r.s)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *stateReader) str() string {
	n := r.count()
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

// hash reads a hash written by appendHash.
func (r *stateReader) hash(h *[32]byte) {
	switch r.int() {
	case 0:
		*h = [32]byte{}
	case 1:
		if len(r.s) < 32 {
			r.fail()
			return
		}
		copy(h[:], r.s[:32])
		r.s = r.s[32:]
	default:
		r.fail()
	}
}

func (r *stateReader) fail() {
	if r.err == nil {
		r.err = errBadState
	}
	r.s = ""
}

func (r *stateReader) done() error {
	if r.err == nil && len(r.s) > 0 {
		return errBadState
	}
	return r.err
}

func appendInts(b []byte, vs ...int64) []byte {
	for _, v := range vs {
		b = binary.AppendVarint(b, v)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendVarint(b, int64(len(s))), s...)
}

// appendHash writes 0 for the zero hash, else 1 and its bytes.
func appendHash(b []byte, h [32]byte) []byte {
	if h == ([32]byte{}) {
		return append(b, 0)
	}
	return append(append(b, 2), h[:]...) // 2: the varint of 1
}

func boolInt(v bool) int64 {
	if v {
		return 1
	}
	return 0
}

func appendStamp(b []byte, s stamp) []byte {
	return appendHash(appendInts(b, s.Size, s.ModTime, boolInt(s.Settled)), s.Hash)
}

func (r *stateReader) stamp() stamp {
	s := stamp{Size: r.int(), ModTime: r.int(), Settled: r.int() == 1}
	r.hash(&s.Hash)
	return s
}

func appendRegion(b []byte, g regionState) []byte {
	b = appendString(b, g.Page)
	c := g.Counts
	b = appendInts(b, g.Start, g.End, int64(g.Line), int64(g.Lines),
		int64(c.Messages), int64(c.Own), int64(c.Rewritten), int64(c.Translated),
		int64(c.Missing), int64(c.Suggested), int64(c.Fuzzy), int64(c.Obsolete),
		g.MemOff, g.MemLen)
	return appendHash(b, g.Hash)
}

func (r *stateReader) region() regionState {
	var g regionState
	g.Page = r.str()
	g.Start, g.End = r.int(), r.int()
	g.Line, g.Lines = int(r.int()), int(r.int())
	c := &g.Counts
	for _, p := range []*int{&c.Messages, &c.Own, &c.Rewritten, &c.Translated, &c.Missing, &c.Suggested, &c.Fuzzy, &c.Obsolete} {
		*p = int(r.int())
	}
	g.MemOff, g.MemLen = r.int(), r.int()
	r.hash(&g.Hash)
	return g
}

func appendCatalog(b []byte, c catalogState) []byte {
	b = appendStamp(b, c.Stamp)
	b = appendInts(b, int64(c.BOM), boolInt(c.CRLF))
	if c.packed != "" {
		return append(b, c.packed...) // the count and the regions, as read
	}
	b = appendInts(b, int64(len(c.Regions)))
	for _, g := range c.Regions {
		b = appendRegion(b, g)
	}
	return b
}

// catalog reads a catalogue's state; with pack, its regions are read
// through (so that a fault is found now) but kept as they are encoded.
func (r *stateReader) catalog(pack bool) catalogState {
	c := catalogState{Stamp: r.stamp(), BOM: int(r.int()), CRLF: r.int() == 1}
	regions := r.s
	if n := r.count(); n > 0 {
		if pack {
			for range n {
				r.region()
			}
			c.packed = regions[:len(regions)-len(r.s)]
			return c
		}
		c.Regions = make([]regionState, n)
		for i := range c.Regions {
			c.Regions[i] = r.region()
		}
	}
	return c
}

func (s stamp) GobEncode() ([]byte, error) { return appendStamp(nil, s), nil }

func (s *stamp) GobDecode(data []byte) error {
	r := stateReader{s: string(data)}
	*s = r.stamp()
	return r.done()
}

func (g regionState) GobEncode() ([]byte, error) { return appendRegion(nil, g), nil }

func (g *regionState) GobDecode(data []byte) error {
	r := stateReader{s: string(data)}
	*g = r.region()
	return r.done()
}

// buildStateVersion changes when the layout below does.
const buildStateVersion = 5

func (s *buildState) MarshalBinary() ([]byte, error) {
	b := appendInts(nil, buildStateVersion)
	b = append(b, s.Site[:]...)
	b = append(b, s.Details[:]...)
	b = append(b, s.OthersKey[:]...)
	b = appendHash(b, s.Inputs)
	b = appendInts(b, int64(len(s.Catalogs)))
	for _, name := range slices.Sorted(maps.Keys(s.Catalogs)) {
		b = appendCatalog(appendString(b, name), s.Catalogs[name])
	}
	b = appendInts(b, int64(len(s.Pages)))
	for _, name := range slices.Sorted(maps.Keys(s.Pages)) {
		p := s.Pages[name]
		b = appendString(b, name)
		b = append(b, p.Key[:]...)
		b = appendInts(b, int64(p.Warnings), int64(p.Withheld), int64(len(p.Outputs)))
		for _, o := range p.Outputs {
			b = appendStamp(appendString(b, o.Path), o.Stamp)
		}
	}
	b = appendStamps(appendInts(b, int64(len(s.Others))), s.Others)
	return appendDiagnostics(b, s.Sample), nil
}

func appendDiagnostics(b []byte, l source.List) []byte {
	b = appendInts(b, int64(len(l)))
	for _, d := range l {
		b = appendString(b, d.Pos.File)
		b = appendInts(b, int64(d.Pos.Line), int64(d.Pos.Col), int64(d.Severity))
		b = appendString(appendString(appendString(b, d.Msg), d.Help), d.Check)
	}
	return b
}

func (r *stateReader) diagnostics() source.List {
	n := r.count()
	if n == 0 {
		return nil
	}
	l := make(source.List, 0, min(n, len(r.s)/5))
	for ; n > 0 && r.err == nil; n-- {
		var d source.Diagnostic
		d.Pos.File = r.str()
		d.Pos.Line, d.Pos.Col, d.Severity = int(r.int()), int(r.int()), source.Severity(r.int())
		d.Msg, d.Help, d.Check = r.str(), r.str(), r.str()
		l = append(l, d)
	}
	return l
}

func (s *buildState) UnmarshalBinary(data []byte) error { return s.decodeState(string(data)) }

func (s *buildState) decodeState(data string) error {
	r := stateReader{s: data}
	if r.int() != buildStateVersion || len(r.s) < 80 {
		return errBadState
	}
	copy(s.Site[:], r.s)
	copy(s.Details[:], r.s[32:])
	copy(s.OthersKey[:], r.s[48:])
	r.s = r.s[80:]
	r.hash(&s.Inputs)
	s.Catalogs = map[string]catalogState{}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		name := r.str()
		s.Catalogs[name] = r.catalog(s.packRegions)
	}
	n := r.count()
	s.Pages = make(map[string]pageBuild, n)
	for ; n > 0 && r.err == nil; n-- {
		name := r.str()
		var p pageBuild
		if len(r.s) < 32 {
			r.fail()
			break
		}
		copy(p.Key[:], r.s)
		r.s = r.s[32:]
		p.Warnings, p.Withheld = int(r.int()), int(r.int())
		p.first = s.outputs
		if outs := r.count(); outs > 0 {
			s.outputs += outs
			p.Outputs = make([]fileStamp, outs)
			for i := range p.Outputs {
				p.Outputs[i] = fileStamp{Path: r.str(), Stamp: r.stamp()}
			}
		}
		s.Pages[name] = p
	}
	s.Others = map[string]stamp{}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		o := r.str()
		s.Others[o] = r.stamp()
	}
	s.Sample = r.diagnostics()
	return r.done()
}

// buildDetailsVersion changes when the layout below does.
const buildDetailsVersion = 3

func (s *buildDetails) MarshalBinary() ([]byte, error) {
	b := appendInts(nil, buildDetailsVersion)
	b = append(b, s.ID[:]...)
	b = appendInts(b, int64(len(s.Pages)))
	for _, name := range slices.Sorted(maps.Keys(s.Pages)) {
		p := s.Pages[name]
		b = appendInts(appendString(b, name), int64(len(p.Titles)))
		for _, t := range p.Titles {
			b = appendString(appendString(appendString(b, t.Page), t.Title), t.Lang)
			b = appendInts(b, int64(t.Percent), boolInt(t.Published))
		}
		b = appendDiagnostics(b, p.Warnings)
		b = appendInts(b, int64(len(p.Lines)))
		for _, l := range p.Lines {
			b = appendInts(b, int64(l))
		}
	}
	return b, nil
}

func (s *buildDetails) UnmarshalBinary(data []byte) error { return s.decodeState(string(data)) }

func (s *buildDetails) decodeState(data string) error {
	r := stateReader{s: data}
	if r.int() != buildDetailsVersion || len(r.s) < 16 {
		return errBadState
	}
	copy(s.ID[:], r.s)
	r.s = r.s[16:]
	n := r.count()
	s.Pages = make(map[string]pageDetail, n)
	for ; n > 0 && r.err == nil; n-- {
		name := r.str()
		var p pageDetail
		if k := r.count(); k > 0 {
			p.Titles = make([]pageTitle, k)
			for i := range p.Titles {
				p.Titles[i] = pageTitle{Page: r.str(), Title: r.str(), Lang: r.str(), Percent: int(r.int()), Published: r.int() == 1}
			}
		}
		p.Warnings = r.diagnostics()
		if k := r.count(); k > 0 {
			p.Lines = make([]int, k)
			for i := range p.Lines {
				p.Lines[i] = int(r.int())
			}
		}
		s.Pages[name] = p
	}
	return r.done()
}

// inputsStateVersion changes when the layout below does.
const inputsStateVersion = 1

func (s *inputsState) MarshalBinary() ([]byte, error) {
	return appendStamps(appendInts(nil, inputsStateVersion, int64(len(s.Stamps))), s.Stamps), nil
}

// appendStamps writes stamps by name, in the names' order.
func appendStamps(b []byte, m map[string]stamp) []byte {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		b = appendStamp(appendString(b, name), m[name])
	}
	return b
}

func (s *inputsState) UnmarshalBinary(data []byte) error { return s.decodeState(string(data)) }

func (s *inputsState) decodeState(data string) error {
	r := stateReader{s: data}
	if r.int() != inputsStateVersion {
		return errBadState
	}
	n := r.count()
	s.Stamps = make(map[string]stamp, n)
	for ; n > 0 && r.err == nil; n-- {
		name := r.str()
		s.Stamps[name] = r.stamp()
	}
	return r.done()
}

// stateDecoder is a state that reads its own bytes, from a string its
// strings may be pieces of.
type stateDecoder interface{ decodeState(string) error }
