package normalize

import "unsafe"

// slab hands out pieces of arrays that it allocates many pieces at a time.
// It holds what a changed block makes that lives as long as the result: the
// block's texts, its offset map and the map's spans. A page with damage in
// every paragraph makes thousands of these, and as allocations of their own
// they were a good part of the work of repairing it: a call into the
// allocator each, and the assist to the garbage collector that allocating
// pays while a collection runs.
//
// A piece is handed out once, with its length as its capacity, so that
// appending past it moves it elsewhere and never over a neighbour. The
// arrays grow from about a kilobyte to slabBytes, so that a page with one
// repair takes little memory, and a piece larger than a quarter of that
// gets an array of its own. A slab lives as long as one run: the result
// keeps what it handed out, and the next run starts another.
type slab[T any] struct {
	free []T // what is left of the last array
	next int // the length of the next array
}

// slabBytes is the size of the largest arrays of a slab.
const slabBytes = 16 << 10

// take returns an empty piece with room for n values.
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		limit := slabBytes / int(unsafe.Sizeof(*new(T)))
		if n > limit/4 {
			return make([]T, 0, n)
		}
		s.next = min(limit, max(2*s.next, limit/16, 4*n))
		s.free = make([]T, s.next)
	}
	p := s.free[:0:n]
	s.free = s.free[n:]
	return p
}

// one returns a piece of one zero value.
func (s *slab[T]) one() *T {
	return &s.take(1)[:1][0]
}

// slabString returns b as a string, without a copy: b, a piece of a slab,
// must never be written again.
func slabString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// copyToSlab returns a copy of b, as a string, in a piece of s.
func copyToSlab(s *slab[byte], b []byte) string {
	return slabString(append(s.take(len(b)), b...))
}
