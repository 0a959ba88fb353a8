package normalize

import "testing"

func BenchmarkTmpCleanEnglish(b *testing.B) { benchmarkNormalize(b, corpus(4<<20, englishProse[:3])) }
func BenchmarkTmpCleanChinese(b *testing.B) { benchmarkNormalize(b, corpus(4<<20, chineseProse)) }
func BenchmarkTmpScan(b *testing.B) { t := corpus(4<<20, englishProse[:3]); b.SetBytes(int64(len(t))); for b.Loop() { scanTriggers(t) } }
func BenchmarkTmpTokenize(b *testing.B) { t := corpus(4<<20, englishProse[:3]); b.SetBytes(int64(len(t))); var ws []wordInfo; for b.Loop() { ws = tokenize(t, ws[:0]) } }

func BenchmarkTmpTokenizeBlocks(b *testing.B) {
	t := corpus(4<<20, englishProse[:3])
	b.SetBytes(int64(len(t)))
	var ws []wordInfo
	for b.Loop() {
		for from := 0; from < len(t); {
			to := len(t)
			if k := indexBlank(t[from:]); k >= 0 { to = from + k + 2 }
			ws = tokenize(t[from:to], ws[:0])
			from = to
		}
	}
}

func indexBlank(s string) int {
	for i := 0; i+1 < len(s); i++ { if s[i] == '\n' && s[i+1] == '\n' { return i } }
	return -1
}
