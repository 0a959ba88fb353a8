package normalize

// span is one replaced region: text[cur0:cur1] of the current text stands
// for input[orig0:orig1] of the original input.
type span struct{ cur0, cur1, orig0, orig1 int }

// offsetMap maps offsets of the current text back to the original input.
// Text outside every span is unchanged, so it maps by a constant shift from
// the span before it. Repairs are sparse, so the map stays small.
type offsetMap struct{ spans []span }

// last returns the index of the last span starting at or before c, or -1.
func (m *offsetMap) last(c int, strict bool) int {
	if strict {
		c-- // the last span starting before c: at or before c-1
	}
	// A binary search for the first span starting after c, written out:
	// a block's map has a few spans and is asked for every fix.
	lo, hi := 0, len(m.spans)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if m.spans[mid].cur0 > c {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo - 1
}

// start maps an offset that begins a region. A map without spans, such as
// the layout's of most texts and a block's before its edits are first
// applied, maps every offset to itself: that is answered inline, and only
// a map with spans is searched (startIn).
func (m *offsetMap) start(c int) int {
	if len(m.spans) == 0 {
		return c
	}
	return m.startIn(c)
}

func (m *offsetMap) startIn(c int) int {
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

// end maps an offset that ends a region; see start.
func (m *offsetMap) end(c int) int {
	if len(m.spans) == 0 {
		return c
	}
	return m.endIn(c)
}

func (m *offsetMap) endIn(c int) int {
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
	rule       RuleID
}

// apply rewrites the map for edits (sorted, non-overlapping, in current
// coordinates) made to the current text, with the new spans from the slab.
// An edit that overlaps or touches an earlier span absorbs it, and the
// whole of both becomes one span: a position inside it maps to where the
// span starts in the input, which is coarser but never wrong, and the text
// after it keeps its exact shift.
func (m *offsetMap) apply(edits []edit, spans *slab[span]) {
	if len(edits) == 0 {
		return
	}
	old := m.spans
	out := spans.take(len(old) + len(edits)) // a span for each at most
	delta, i := 0, 0
	for k := 0; k < len(edits); {
		u0, u1 := edits[k].start, edits[k].end
		o0, o1 := m.start(u0), m.end(u1)
		grow := 0 // change of length of the region [u0, u1)
		for ; k < len(edits) && edits[k].start <= u1; k++ {
			e := edits[k]
			grow += len(e.repl) - (e.end - e.start)
			u1 = max(u1, e.end)
			o0, o1 = min(o0, m.start(e.start)), max(o1, m.end(e.end))
		}
		// Spans wholly before the region keep their place.
		for i < len(old) && old[i].cur1 < u0 {
			s := old[i]
			out = append(out, span{s.cur0 + delta, s.cur1 + delta, s.orig0, s.orig1})
			i++
		}
		// Spans that overlap or touch the region join it, and so may
		// edits that now fall inside it.
		for {
			joined := false
			for i < len(old) && old[i].cur0 <= u1 {
				s := old[i]
				u0, u1 = min(u0, s.cur0), max(u1, s.cur1)
				o0, o1 = min(o0, s.orig0), max(o1, s.orig1)
				i++
				joined = true
			}
			for ; k < len(edits) && edits[k].start <= u1; k++ {
				e := edits[k]
				grow += len(e.repl) - (e.end - e.start)
				u1 = max(u1, e.end)
				o0, o1 = min(o0, m.start(e.start)), max(o1, m.end(e.end))
				joined = true
			}
			if !joined {
				break
			}
		}
		a := u0 + delta
		out = append(out, span{a, a + (u1 - u0) + grow, o0, o1})
		delta += grow
	}
	for ; i < len(old); i++ {
		s := old[i]
		out = append(out, span{s.cur0 + delta, s.cur1 + delta, s.orig0, s.orig1})
	}
	m.spans = out
}
