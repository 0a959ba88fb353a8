package pipeline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"xlate/pipeline/catalog"
)

// TestPartHasherIsHashOf: hashing parts a buffer at a time gives what
// hashing them at once gives, whatever their lengths (one part longer than
// the buffer, many short ones, none).
func TestPartHasherIsHashOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 100 {
		var parts [][]byte
		for range rng.IntN(3000) {
			parts = append(parts, []byte(strings.Repeat("页", rng.IntN([]int{3, 40, 3000}[rng.IntN(3)]))))
		}
		h := newPartHasher()
		for i, p := range parts {
			if i%2 == 0 {
				h.add(p)
			} else {
				h.addString(string(p))
			}
		}
		if got, want := h.sum(), hashOf(parts...); got != want {
			t.Fatalf("round %d, %d parts: %x, want %x", round, len(parts), got, want)
		}
	}
}

// TestRegionsOfAreTheWantedRegions: the regions a build's chunk looks up
// are those a test of every region finds, in file order, with or without
// the regions of no page; a page with two regions is left to the test.
func TestRegionsOfAreTheWantedRegions(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 300 {
		cf := &catFile{}
		names := []string{"", "a", "b", "c", "d", "e", catalog.Obsolete, catalog.Trailer}
		seen := map[string]bool{}
		twice := false
		for range rng.IntN(9) {
			p := names[rng.IntN(len(names))]
			if seen[p] && p != "" && p != catalog.Obsolete && p != catalog.Trailer {
				twice = true
			}
			seen[p] = true
			cf.regions = append(cf.regions, regionState{Page: p})
		}
		pages := map[string]bool{}
		for _, p := range names[1:6] {
			if rng.IntN(2) == 0 {
				pages[p] = true
			}
		}
		others := rng.IntN(2) == 0
		var want []int
		for i, r := range cf.regions {
			if isPage(r.Page) && pages[r.Page] || !isPage(r.Page) && others {
				want = append(want, i)
			}
		}
		got, ok := cf.regionsOf(pages, others)
		if ok == twice {
			t.Fatalf("round %d: regions %v: looked up %v, but a page has two regions: %v", round, cf.regions, ok, twice)
		}
		if ok && !slices.Equal(got, want) {
			t.Fatalf("round %d: regions %v, pages %v, others %v: %v, want %v", round, cf.regions, pages, others, got, want)
		}
	}
}
