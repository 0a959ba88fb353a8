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
		ID      string
		Kind    Kind
		Section string
	}
	var got []row
	for _, b := range p.Blocks {
		got = append(got, row{b.ID, b.Kind, b.Section})
	}
	want := []row{
		{"for-patients", Breadcrumb, ""},
		{"departments-services", Breadcrumb, ""},
		{"division-of-pediatric-hematology-and-oncology", Title, ""},
		{"pediatric-hematology-oncology-established-1973", Paragraph, ""},
		{"clinical-services", Heading, "Clinical Services"},
		{"division-among-best-china", Paragraph, "Clinical Services"},
		{"division-two-wards", Paragraph, "Clinical Services"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("blocks (-want +got):\n%s", d)
	}
	if p.Title() != "Division of Pediatric Hematology and Oncology" {
		t.Errorf("Title() = %q", p.Title())
	}
	if b := p.Blocks[3]; b.Text != "Pediatric Hematology and Oncology was established in 1973. It has 12 professors." {
		t.Errorf("lines not joined with a space: %q", b.Text)
	}
	if b := p.Blocks[3]; b.Hash != Hash(b.Text) || !strings.HasPrefix(b.Hash, "sha1-") {
		t.Errorf("hash = %q", b.Hash)
	}
	if b := p.Blocks[5]; page[b.Offset:b.Offset+len("Our division")] != "Our division" {
		t.Errorf("offset %d does not point at the block", b.Offset)
	}
}

// TestIDsStableUnderInsertion is the promise translators rely on: adding a
// paragraph never renames the blocks around it.
func TestIDsStableUnderInsertion(t *testing.T) {
	before := ids(Split("page", page))
	inserted := strings.Replace(page, "Clinical Services\n", "A new paragraph about visiting hours.\n\nClinical Services\n", 1)
	after := ids(Split("page", inserted))
	for id := range before {
		if !after[id] {
			t.Errorf("ID %q changed when an unrelated paragraph was inserted", id)
		}
	}
	if len(after) != len(before)+1 {
		t.Errorf("got %d IDs after inserting one block to %d", len(after), len(before))
	}
}

func ids(p *Page) map[string]bool {
	m := map[string]bool{}
	for _, b := range p.Blocks {
		m[b.ID] = true
	}
	return m
}

func TestDuplicateAndHanBlocks(t *testing.T) {
	p := Split("p", "Title\n\nSame words here.\n\nSame words here.\n\n造血干细胞移植病房\n设有床位。\n")
	got := []string{p.Blocks[1].ID, p.Blocks[2].ID}
	if d := cmp.Diff([]string{"same-words-here", "same-words-here-2"}, got); d != "" {
		t.Errorf("duplicate IDs (-want +got):\n%s", d)
	}
	han := p.Blocks[3]
	if !han.Han || han.Text != "造血干细胞移植病房设有床位。" || !strings.HasPrefix(han.ID, "paragraph-") {
		t.Errorf("Han block = %+v; want Han, joined without a space, an ID from its hash", han)
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
		fmt.Println(b.Kind, b.ID)
	}
	// Output:
	// breadcrumb departments
	// title cardiology
	// paragraph cardiology-ward-40-beds
}
