package normalize

import (
	"runtime"
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

// englishProse is English prose with sparse garbling: one paragraph in
// twelve has the damage pages arrive with (filter markers, missing and
// doubled spaces, agreement errors, a misspelt term).
var englishProse = []string{
	"The division has two hematological wards and one transplantation ward, with {n} open beds. It receives about two hundred new patients every year, and its staff hold important positions in their societies.",
	"Our laboratory was set up in 2007. It is supported by the Ministry of Health and is a key laboratory of Sichuan Province, with modern equipment for basic and clinical research.",
	"Recently, our research has focused on the relationship between iron metabolism disorders, chronic anemia and leukemia in {n} children of all ages.",
	"Outpatient clinics are open every weekday morning. Parents should bring the child's records, a list of current medicines and any recent blood test results to the first visit.",
	"The ward follows international protocols for the treatment of acute lymphoblastic leukemia, and each case is reviewed by a team of physicians, nurses and pharmacists.",
	"Families who travel from other provinces can stay in the guest house next to the hospital, which offers {n} rooms at a reduced rate for the parents of patients.",
	"Nurses on the transplantation ward are trained in infection control, and visitors must wash their hands and wear a mask before they enter the laminar flow rooms.",
	"Each year the department hosts a training course for doctors from county hospitals, who learn how to recognise the early signs of blood disorders in children.",
	"The blood bank of the hospital works with the provincial centre to make sure that platelets and red cells are available for every child who needs a transfusion.",
	"Research projects in the department are funded by national and provincial grants, and the results have been published in international journals over the past {n} years.",
	"A social worker meets every family in the first week of treatment to explain the support that is available, from financial aid to schooling for the children on the ward.",
	"In the division,we provides programs for doctors.They has studied iron me-x-tabolism ba-x-sed on hematopoietie cells  in detail .",
}

// chineseProse is Chinese prose, likewise with one damaged paragraph in
// twelve (half-width punctuation, missing spaces, a mojibake word).
var chineseProse = []string{
	"科室设有血液病房 2 个、造血干细胞移植层流病房 1 个，开放床位 80 张。作为中国西部最大的儿童血液肿瘤疾病诊治中心，科室每年收治新患者约 {n} 例。",
	"本科小儿血液肿瘤实验室成立于 2007 年，受卫生部临床重点专科建设项目资助，是四川省重点实验室。",
	"目前，我们的研究重点是铁代谢紊乱与慢性贫血及白血病之间的关系，已开展 {n} 项多中心临床研究。",
	"门诊每周一至周五上午开放。首次就诊时，请家长携带患儿的病历、正在使用的药物清单以及近期的血液检查结果。",
	"病房按照国际方案治疗儿童急性淋巴细胞白血病，每一个病例都由医生、护士和药师组成的团队共同讨论。",
	"来自外省的家庭可以入住医院旁边的招待所，招待所为患儿家长提供 {n} 间优惠客房。",
	"移植病房的护士都接受过感染控制培训，探视者进入层流病房前必须洗手并佩戴口罩。",
	"科室每年为县级医院的医生举办培训班，帮助他们识别儿童血液疾病的早期症状。",
	"医院血库与省血液中心合作，确保每一位需要输血的患儿都能及时获得血小板和红细胞。",
	"科室的研究项目获得国家和省级基金资助，过去 {n} 年的研究成果发表在国际期刊上。",
	"社工会在治疗的第一周与每个家庭见面，介绍从经济援助到病房学校在内的各种支持。",
	"本科室开展造血干细胞移植(HSCT)已有20年,累计完成移植500余例,并于鐢ㄦ埛登记系统中随访。",
}

// mixedProse alternates English and Chinese paragraphs, as a bilingual
// page does, with English terms inside Chinese sentences and the other
// way round, and one damaged paragraph in twelve.
var mixedProse = []string{
	"The department of Pediatric Hematology and Oncology (小儿血液肿瘤科) was founded in 1973 and now has {n} beds.",
	"小儿血液肿瘤科成立于 1973 年，现有床位 {n} 张，是 West China Second University Hospital 的重点专科。",
	"We treat acute leukemia, thalassemia major and severe aplastic anemia, and perform hematopoietic stem cell transplantation.",
	"我们治疗急性白血病、重型地中海贫血和重型再生障碍性贫血，并开展造血干细胞移植（HSCT）。",
	"The laboratory studies iron metabolism in children; its results appear in Blood and other journals.",
	"实验室研究儿童铁代谢，相关成果发表于 Blood 等期刊。",
	"Outpatient clinics open every weekday at eight; the waiting area has books in English and 中文.",
	"门诊每个工作日 8 点开诊，候诊区备有中英文图书。",
	"Parents can reach the ward by phone at any time, and an interpreter can be booked for families who do not speak Mandarin.",
	"家长可以随时致电病房，不会说普通话的家庭可以预约翻译。",
	"The hospital is on Renmin South Road, a short walk from the metro station.",
	"ItÃ¢â‚¬â„¢s open 24 hours，the ward has 2 wards and ÎÂÜ°Ìáʾ: visitors must wear masks.",
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
func BenchmarkNormalizeMixed(b *testing.B)   { benchmarkNormalize(b, corpus(4<<20, mixedProse)) }

// BenchmarkNormalizeEnglishClean measures the common case alone: English
// prose with nothing to repair.
func BenchmarkNormalizeEnglishClean(b *testing.B) {
	benchmarkNormalize(b, corpus(4<<20, englishProse[:len(englishProse)-1]))
}

// TestBenchCorpora checks that the benchmark corpora are what their names
// say: at least 4 MB, and damaged in one paragraph in twelve only, so that
// the figures measure the common case and the repairs both.
func TestBenchCorpora(t *testing.T) {
	n := &Normalizer{Glossary: testGlossary(t)}
	for name, ps := range map[string][]string{"english": englishProse, "chinese": chineseProse, "mixed": mixedProse} {
		if len(corpus(4<<20, ps)) < 4<<20 {
			t.Errorf("%s corpus is under 4 MB", name)
		}
		for i, p := range ps {
			res := n.Normalize(strings.Replace(p, "{n}", "20", 1))
			if damaged := len(res.Fixes) > 0; damaged != (i == len(ps)-1) {
				t.Errorf("%s paragraph %d: %d fixes (%v); only the last paragraph should be damaged", name, i, len(res.Fixes), res.Fixes)
			}
		}
	}
}

// TestAllocationsLinear checks that what Normalize allocates grows with the
// text and no faster, on English prose with nothing to repair and on prose
// damaged in every paragraph: the bytes and allocations per input byte of
// a 2 MB text stay within those of a 256 KB one. A fault here once made
// the fixes of a densely damaged page be copied once per block.
func TestAllocationsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few dozen megabytes")
	}
	n := &Normalizer{Glossary: testGlossary(t)}
	perByte := func(text string) (bytes, allocs float64) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		n.Normalize(text)
		runtime.ReadMemStats(&after)
		size := float64(len(text))
		return float64(after.TotalAlloc-before.TotalAlloc) / size, float64(after.Mallocs-before.Mallocs) / size
	}
	for name, ps := range map[string][]string{
		"clean":   englishProse[:len(englishProse)-1],
		"damaged": englishProse[len(englishProse)-1:],
	} {
		smallBytes, smallAllocs := perByte(corpus(256<<10, ps))
		bigBytes, bigAllocs := perByte(corpus(2<<20, ps))
		if bigBytes > 1.5*smallBytes+0.5 || bigAllocs > 1.5*smallAllocs+0.001 {
			t.Errorf("%s: 2 MB allocates %.2f bytes and %.4f allocations per input byte, 256 KB %.2f and %.4f",
				name, bigBytes, bigAllocs, smallBytes, smallAllocs)
		}
	}
}

// oneLine joins the paragraphs of a corpus with sep instead of a blank
// line, as a scraped page often arrives.
func oneLine(text, sep string) string {
	return strings.ReplaceAll(strings.TrimSuffix(text, "\n\n"), "\n\n", sep)
}

// fullwidthEnglish is the English corpus typed with a Chinese keyboard:
// full-width commas and full stops.
func fullwidthEnglish() string {
	text := corpus(4<<20, englishProse[:len(englishProse)-1])
	return strings.NewReplacer(", ", "，", ". ", "。").Replace(text)
}

// The one-line benchmarks run the same text as one line and as
// paragraphs: the work must not depend on where the lines break.
func BenchmarkNormalizeEnglishFullwidthLines(b *testing.B) {
	benchmarkNormalize(b, fullwidthEnglish())
}

func BenchmarkNormalizeEnglishFullwidthOneLine(b *testing.B) {
	benchmarkNormalize(b, oneLine(fullwidthEnglish(), " "))
}

func BenchmarkNormalizeChineseLines(b *testing.B) {
	benchmarkNormalize(b, corpus(4<<20, chineseProse))
}

func BenchmarkNormalizeChineseOneLine(b *testing.B) {
	benchmarkNormalize(b, oneLine(corpus(4<<20, chineseProse), ""))
}
