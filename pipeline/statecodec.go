package pipeline

import (
	"encoding/binary"
	"errors"
)

// The cache's states hold tens of thousands of stamps and regions. Gob
// writes a fixed-size array one element at a time, 32 steps for each
// hash, and most stamps of outputs have none; so stamps and regions encode
// themselves, as varints and the hash's bytes only when there is one. A
// no-change run reads its states whole, and this is most of what it
// reads.

var errBadState = errors.New("malformed cache state")

// stateReader reads the fields a value wrote with the append functions
// below; the first fault sticks.
type stateReader struct {
	b   []byte
	err error
}

func (r *stateReader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errBadState
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.err = errBadState
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// hash reads a hash written by appendHash.
func (r *stateReader) hash(h *[32]byte) {
	switch r.int() {
	case 0:
		*h = [32]byte{}
	case 1:
		copy(h[:], r.bytes(32))
	default:
		r.err = errBadState
	}
}

func (r *stateReader) done() error {
	if r.err == nil && len(r.b) > 0 {
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

func (s stamp) GobEncode() ([]byte, error) {
	b := appendInts(make([]byte, 0, 24), s.Size, s.ModTime, boolInt(s.Settled))
	return appendHash(b, s.Hash), nil
}

func (s *stamp) GobDecode(data []byte) error {
	r := stateReader{b: data}
	s.Size, s.ModTime, s.Settled = r.int(), r.int(), r.int() == 1
	r.hash(&s.Hash)
	return r.done()
}

func (g regionState) GobEncode() ([]byte, error) {
	b := binary.AppendVarint(make([]byte, 0, 64+len(g.Page)), int64(len(g.Page)))
	b = append(b, g.Page...)
	c := g.Counts
	b = appendInts(b, g.Start, g.End, int64(g.Line), int64(g.Lines),
		int64(c.Messages), int64(c.Own), int64(c.Rewritten), int64(c.Translated),
		int64(c.Missing), int64(c.Suggested), int64(c.Fuzzy), int64(c.Obsolete),
		g.MemOff, g.MemLen)
	return appendHash(b, g.Hash), nil
}

func (g *regionState) GobDecode(data []byte) error {
	r := stateReader{b: data}
	g.Page = string(r.bytes(int(r.int())))
	g.Start, g.End = r.int(), r.int()
	g.Line, g.Lines = int(r.int()), int(r.int())
	c := &g.Counts
	for _, p := range []*int{&c.Messages, &c.Own, &c.Rewritten, &c.Translated, &c.Missing, &c.Suggested, &c.Fuzzy, &c.Obsolete} {
		*p = int(r.int())
	}
	g.MemOff, g.MemLen = r.int(), r.int()
	r.hash(&g.Hash)
	return r.done()
}
