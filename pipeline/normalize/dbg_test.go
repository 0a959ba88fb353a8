package normalize

import "testing"

func BenchmarkScanOnly(b *testing.B) {
	text := corpus(4<<20, englishProse[:len(englishProse)-1])
	sc := wordScan{scoreMT: true}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		sc.scan(text)
	}
}
