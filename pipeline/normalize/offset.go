package normalize

import "sort"

// span is one replaced region: text[cur0:cur1] of the current text stands
// for input[orig0:orig1] of the original input.
type span struct{ cur0, cur1, orig0, orig1 int }

// offsetMap maps offsets of the current text back to the original input.
// Text outside every span is unchanged, so it maps by a constant shift from
// the span before it. Repairs are sparse, so the map stays small.
type offsetMap struct{ spans []span }

// last returns the index of the last span starting at or before c, or -1.
func (m *offsetMap) last(c int, strict bool) int {
	return sort.Search(len(m.spans), func(i int) bool {
		if strict {
			return m.spans[i].cur0 >= c
		}
		return m.spans[i].cur0 > c
	}) - 1
}

// start maps an offset that begins a region.
func (m *offsetMap) start(c int) int {
	i := m.last(c, false)
	if i < 0 {
		return c
	}
	s := m.spans[i]
	if c < s.cur1 || c == s.cur0 {
		return s.orig0
	}
	return s.orig1 + (c - s.cur1)
}

// end maps an offset that ends a region.
func (m *offsetMap) end(c int) int {
	i := m.last(c, true)
	if i < 0 {
		return c
	}
	s := m.spans[i]
	if c <= s.cur1 {
		return s.orig1
	}
	return s.orig1 + (c - s.cur1)
}

// edit replaces text[start:end] of the current text with repl.
type edit struct {
	start, end int
	repl       string
	rule       string
}

// apply rewrites the map for edits (sorted, non-overlapping, in current
// coordinates) made to the current text.
func (m *offsetMap) apply(edits []edit) {
	if len(edits) == 0 {
		return
	}
	old := m.spans
	out := make([]span, 0, len(old)+len(edits))
	delta, i := 0, 0
	for _, e := range edits {
		for i < len(old) && !(old[i].cur0 < e.end && old[i].cur1 > e.start) && old[i].cur0 <= e.start {
			s := old[i]
			out = append(out, span{s.cur0 + delta, s.cur1 + delta, s.orig0, s.orig1})
			i++
		}
		o0, o1 := m.start(e.start), m.end(e.end)
		for i < len(old) && old[i].cur0 < e.end && old[i].cur1 > e.start {
			o0, o1 = min(o0, old[i].orig0), max(o1, old[i].orig1)
			i++
		}
		a := e.start + delta
		out = append(out, span{a, a + len(e.repl), o0, o1})
		delta += len(e.repl) - (e.end - e.start)
	}
	for ; i < len(old); i++ {
		s := old[i]
		out = append(out, span{s.cur0 + delta, s.cur1 + delta, s.orig0, s.orig1})
	}
	m.spans = out
}
