package segment

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const page = `For Patients

Departments & Services

Division of Pediatric Hematology and Oncology

Pediatric Hematology and Oncology was established in 1973.
It has 12 professors.

Clinical Services

Our division is among the best in China.

The division has two wards.
`

func TestSplitKindsAndSections(t *testing.T) {
	p := Split("page", page)
	type row struct {
		Kind    Kind
		Section string
		Text    string
	}
	var got []row
	for _, b := range p.Blocks {
		got = append(got, row{b.Kind, b.Section, b.Text})
	}
	want := []row{
		{Breadcrumb, "", "For Patients"},
		{Breadcrumb, "", "Departments & Services"},
		{Title, "", "Division of Pediatric Hematology and Oncology"},
		{Paragraph, "", "Pediatric Hematology and Oncology was established in 1973. It has 12 professors."},
		{Heading, "Clinical Services", "Clinical Services"},
		{Paragraph, "Clinical Services", "Our division is among the best in China."},
		{Paragraph, "Clinical Services", "The division has two wards."},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("blocks (-want +got):\n%s", d)
	}
	if p.Title() != "Division of Pediatric Hematology and Oncology" {
		t.Errorf("Title() = %q", p.Title())
	}
	if b := p.Blocks[3]; b.Hash != Hash(b.Text) || !strings.HasPrefix(b.Hash, "sha1-") {
		t.Errorf("hash = %q", b.Hash)
	}
	if b := p.Blocks[5]; page[b.Offset:b.Offset+len("Our division")] != "Our division" {
		t.Errorf("offset %d does not point at the block", b.Offset)
	}
}

func TestScript(t *testing.T) {
	tests := []struct {
		name, page string
		want       []Script
	}{
		{"English", "Title\n\nThe ward has forty beds.\n", []Script{Default, Default}},
		{"Simplified paragraph, wrapped", "Title\n\n造血干细胞移植病房\n设有床位。\n", []Script{Default, Hans}},
		{"Traditional paragraph", "Title\n\n探視時間為每日下午三時至五時。\n", []Script{Default, Hant}},
		{"Chinese with English terms", "Title\n\n本科室开展 HSCT 和 CAR-T 细胞治疗。\n", []Script{Default, Hans}},
		{"English with a name in Han", "Title\n\nProfessor LIAO Qingkui (廖清奎) led the study of iron metabolism.\n", []Script{Default, Default}},
		{"no script-only character: Simplified by default", "Title\n\n中心\n", []Script{Default, Hans}},
		{"no script-only character: the page's script", "Title\n\n中心\n\n探視時間為每日下午。\n", []Script{Default, Hant, Hant}},
		{"Chinese title", "儿科病房探视须知\n\nVisiting hours are from 3 to 5 pm.\n", []Script{Hans, Default}},
		{"digits and punctuation only", "Title\n\n2024-05-01\n", []Script{Default, Default}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Script
			for _, b := range Split("p", tt.page).Blocks {
				got = append(got, b.Script)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("scripts (-want +got):\n%s", d)
			}
		})
	}
}

func TestHanLinesJoinWithoutSpace(t *testing.T) {
	p := Split("p", "Title\n\n造血干细胞移植病房\n设有床位。\n")
	if got := p.Blocks[1].Text; got != "造血干细胞移植病房设有床位。" {
		t.Errorf("joined = %q", got)
	}
}

func TestHeadingRules(t *testing.T) {
	for text, heading := range map[string]bool{
		"Clinical Services":                 true,
		"Our division is among the best.":   false,
		"What do we treat?":                 false,
		"临床服务":                              true,
		"我们的科室。":                            false,
		strings.Repeat("Long heading ", 10): false,
	} {
		if got := isHeading(text); got != heading {
			t.Errorf("isHeading(%q) = %v; want %v", text, got, heading)
		}
	}
}

func ExampleSplit() {
	p := Split("hospital", "Departments\n\nCardiology\n\nThe cardiology ward has 40 beds.\n")
	for _, b := range p.Blocks {
		fmt.Println(b.Kind, b.Script, b.Text)
	}
	// Output:
	// breadcrumb default Departments
	// title default Cardiology
	// paragraph default The cardiology ward has 40 beds.
}

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"Bone marrow transplant", 3},
		{"children's well-being, 1973.", 3},
		{"It’s 20 °C", 3},
		{"造血干细胞移植", 7},
		{"HSCT 是治疗白血病的方法。", 10},
		{"Größe und Übermut", 3},
		{"Москва и Kyiv", 3},
		{"See <1>the clinic</1> today", 4},
		{"a\tb\nc", 3},
		{"--- ''", 0},
	}
	for _, tt := range tests {
		if got := Words(tt.text); got != tt.want {
			t.Errorf("Words(%q) = %d; want %d", tt.text, got, tt.want)
		}
	}
}
