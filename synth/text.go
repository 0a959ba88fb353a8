package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	crumbs    = []string{"For Patients", "Departments & Services", "Research", "Education", "About the Hospital"}
	divisions = []string{"Pediatric Hematology and Oncology", "Neonatology", "Pediatric Cardiology", "Pediatric Nephrology", "Pediatric Neurology", "Pediatric Surgery", "Child Health Care", "Pediatric Infectious Diseases", "Pediatric Intensive Care", "Pediatric Endocrinology"}
	headings  = []string{"Clinical Services", "Research", "Teaching", "Our Team", "Wards and Beds", "Laboratory", "Outpatient Clinics", "Awards", "Visiting the Ward", "Contact"}
	subjects  = []string{"The division", "Our team", "The ward", "The laboratory", "The department", "Each clinic", "The nursing team", "Our research group", "The outpatient service", "The transplantation unit"}
	verbs     = []string{"treats", "receives", "studies", "offers", "supports", "trains", "runs", "follows", "reviews", "publishes"}
	objects   = []string{"children with leukemia", "about two hundred new patients a year", "iron metabolism in mothers and infants", "programs for doctoral candidates", "families from other provinces", "doctors from county hospitals", "a laminar flow ward with eighty beds", "international treatment protocols", "every case in a weekly meeting", "papers in international journals"}
	tails     = []string{"with modern equipment", "in close work with the provincial centre", "under national and provincial grants", "since the early 1980s", "for children of all ages", "with the support of the Ministry of Health", "in Sichuan Province and beyond", "as part of its teaching duties", "with a team of nurses and pharmacists", "at the First University Hospital"}
	damage    = []string{"In the division,we provides programs for doctors.", "They has studied iron me-x-tabolism ba-x-sed on hematopoietie cells.", "The ward  has eighty beds ,and a transplantation unit."}
	hanWords  = []string{"科室", "病房", "患儿", "治疗", "研究", "医生", "护士", "家属", "探视", "登记", "白血病", "贫血", "造血", "干细胞", "移植", "实验室", "门诊", "每年", "国家", "四川省", "开展", "提供", "设有", "床位", "专家"}
	hantWords = []string{"科室", "病房", "病童", "治療", "研究", "醫師", "護理師", "家屬", "探視", "登記", "白血病", "貧血", "造血", "幹細胞", "移植", "實驗室", "門診", "每年", "國家", "四川省", "展開", "提供", "設有", "病床", "專家"}
)

// Page returns the blocks of the i-th page of a project: a breadcrumb, a
// title, and two headings with three paragraphs each; one paragraph in
// twelve is garbled, and one page in twenty ends with a paragraph in
// Simplified Chinese.
func Page(seed uint64, i int) []string {
	rng := rand.New(rand.NewPCG(seed, uint64(i)+1000))
	one := func(list []string) string { return list[rng.IntN(len(list))] }
	blocks := []string{one(crumbs), "Division of " + one(divisions) + fmt.Sprintf(" %d", i+1)}
	for h := 0; h < 2; h++ {
		blocks = append(blocks, one(headings))
		for p := 0; p < 3; p++ {
			blocks = append(blocks, paragraph(rng, i, one))
		}
	}
	if i%20 == 7 {
		blocks[len(blocks)-1] = hanParagraph(rng, hanWords)
	}
	return blocks
}

func paragraph(rng *rand.Rand, page int, one func([]string) string) string {
	var s []string
	n := 4 + rng.IntN(3)
	for k := 0; k < n; k++ {
		s = append(s, fmt.Sprintf("%s %s %s %s.", one(subjects), one(verbs), one(objects), one(tails)))
	}
	s = append(s, fmt.Sprintf("Since %d it has cared for %d children.", 1950+rng.IntN(70), 10+page%997+rng.IntN(9000)))
	if rng.IntN(12) == 0 {
		s = append(s, one(damage))
	}
	return strings.Join(s, " ")
}

func hanParagraph(rng *rand.Rand, words []string) string {
	var b strings.Builder
	for k := 0; k < 40; k++ {
		b.WriteString(words[rng.IntN(len(words))])
		if k%8 == 7 {
			b.WriteString("，")
		}
	}
	b.WriteString("。")
	return b.String()
}

// fakeTranslation makes Han text of about the length a translation of s
// into tag would have, from the words of s.
func fakeTranslation(tag, s string) string {
	words := hanWords
	if tag == "zh-Hant" {
		words = hantWords
	}
	if tag == "en" {
		return "English of: " + fmt.Sprint(len(s)) + " characters of Chinese."
	}
	var b strings.Builder
	for i, w := range strings.Fields(s) {
		h := 0
		for _, r := range w {
			h = h*31 + int(r)
		}
		b.WriteString(words[(h&0x7fffffff)%len(words)])
		if strings.HasSuffix(w, ".") {
			b.WriteString("。")
		} else if i%9 == 8 {
			b.WriteString("，")
		}
	}
	return b.String()
}
