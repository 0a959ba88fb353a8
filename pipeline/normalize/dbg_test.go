package normalize

import "testing"

func BenchmarkDamaged(b *testing.B) {
	benchmarkNormalize(b, corpus(1<<20, englishProse[len(englishProse)-1:]))
}
