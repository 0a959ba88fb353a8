package pipeline

import (
	"math/rand/v2"
	"strings"
	"testing"
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
