package normalize

import (
	"strconv"
	"strings"
	"testing"
)

// corpus repeats paragraphs, numbered so no two are the same, until it
// holds at least size bytes.
func corpus(size int, paragraphs []string) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		p := paragraphs[i%len(paragraphs)]
		b.WriteString(strings.Replace(p, "{n}", strconv.Itoa(20+i%997), 1))
		b.WriteString("\n\n")
	}
	return b.String()
}

// englishProse is clean English with one garbled paragraph in four:
// sparse garbling, as pages arrive.
var englishProse = []string{
	"The division has two hematological wards and one transplantation ward, with {n} open beds. It receives about two hundred new patients every year, and its staff hold important positions in their societies.",
	"Our laboratory was set up in 2007. It is supported by the Ministry of Health and is a key laboratory of Sichuan Province, with modern equipment for basic and clinical research.",
	"Recently, our research has focused on the relationship between iron metabolism disorders, chronic anemia and leukemia in {n} children of all ages.",
	"In the division,we provides programs for doctors.They has studied iron me-x-tabolism ba-x-sed on hematopoietie cells  in detail .",
}

var chineseProse = []string{
	"科室设有血液病房 2 个、造血干细胞移植层流病房 1 个，开放床位 80 张。作为中国西部最大的儿童血液肿瘤疾病诊治中心，科室每年收治新患者约 {n} 例。",
	"本科小儿血液肿瘤实验室成立于 2007 年，受卫生部临床重点专科建设项目资助，是四川省重点实验室。",
	"目前，我们的研究重点是铁代谢紊乱与慢性贫血及白血病之间的关系，已开展 {n} 项多中心临床研究。",
}

func benchmarkNormalize(b *testing.B, text string) {
	n := &Normalizer{Glossary: testGlossary(b)}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n.Normalize(text)
	}
}

func BenchmarkNormalizeEnglish(b *testing.B) { benchmarkNormalize(b, corpus(4<<20, englishProse)) }
func BenchmarkNormalizeChinese(b *testing.B) { benchmarkNormalize(b, corpus(4<<20, chineseProse)) }
