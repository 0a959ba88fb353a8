package normalize

import (
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

type ruleCase struct {
	name  string
	in    string
	want  string   // "" means the input must come back unchanged
	fixes []string // rule names of the fixes, in order
	flags []string // rule names of the flags, in order
}

func testGlossary(t testing.TB) *Glossary {
	g, err := NewGlossary([]Correction{
		{Wrong: "hematopoietie", Right: "hematopoietic"},
		{Wrong: "tradition view", Right: "traditional view"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	n := &Normalizer{Glossary: testGlossary(t)}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == "" {
				want = tc.in
			}
			res := n.Normalize(tc.in)
			if res.Text != want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", tc.in, res.Text, want)
			}
			var fixes, flags []string
			for _, f := range res.Fixes {
				fixes = append(fixes, f.Rule)
			}
			for _, f := range res.Flags {
				flags = append(flags, f.Rule)
			}
			if d := cmp.Diff(tc.fixes, fixes); d != "" {
				t.Errorf("fixes (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.flags, flags); d != "" {
				t.Errorf("flags (-want +got):\n%s", d)
			}
			if again := n.Normalize(res.Text); again.Text != res.Text {
				t.Errorf("not idempotent: %q → %q", res.Text, again.Text)
			}
		})
	}
}

var filterMarkersCases = []ruleCase{
	{"hyphen form in prose", "iron me-x-tabolism of", "iron metabolism of", []string{"filter-marker"}, nil},
	{"hyphen form, adjective", "iron me-x-tabolic disorders", "iron metabolic disorders", []string{"filter-marker"}, nil},
	{"hyphen form, base", "work ba-x-sed on", "work based on", []string{"filter-marker"}, nil},
	{"hyphen form, frame", "web fr-x-ameworks", "web frameworks", []string{"filter-marker"}, nil},
	{"hyphen form, onstop", "a non-x-stop flight", "a nonstop flight", []string{"filter-marker"}, nil},
	{"chained raw markers", "use ja<x>vasc<x>ript here", "use javascript here", []string{"filter-marker"}, nil},
	{"chained hyphen markers", "the ja-x-vasc-x-ript code", "the javascript code", []string{"filter-marker"}, nil},
	{"raw marker needs no lexicon", "renderob<x>ject", "renderobject", []string{"filter-marker"}, nil},
	{"raw marker keeps the case after it", "allowsc<x>riptAccess", "allowscriptAccess", []string{"filter-marker"}, nil},
	{"escaped marker", "the ti&lt;x&gt;tle page", "the title page", []string{"filter-marker"}, nil},
	{"double-escaped marker", "a subti&amp;lt;x&amp;gt;tle", "a subtitle", []string{"filter-marker"}, nil},
	{"double-escaped placeholder", "set it to &amp;lt;x&amp;gt;", "", nil, nil},
	{"script inside a word", "a presc<x>ription drug", "a prescription drug", []string{"filter-marker"}, nil},
	{"no capital at the start of a block", "ba<x>sel is a city.", "basel is a city.", []string{"filter-marker"}, nil},
	{"capital after a full stop", "Done. me-x-tabolism matters.", "Done. Metabolism matters.", []string{"filter-marker"}, nil},
	{"ALL CAPS restored", "me<x>taDATA", "METADATA", []string{"filter-marker"}, nil},
	{"stray closing tag", "work ba<x>sed on it</x>", "work based on it", []string{"filter-marker", "filter-marker-close"}, nil},
	{"closing tag with no opener", "plain text</x>", "plain text", []string{"filter-marker-close"}, nil},
	{"restored link tag", `<li<x>nk href="a.css">`, `<link href="a.css">`, []string{"filter-marker"}, nil},
	{"restored handler in code", "window.on<x>load=init", "window.onload=init", []string{"filter-marker"}, nil},
	{"restored escaped style tag", "&lt;st<x>yle&gt;", "&lt;style&gt;", []string{"filter-marker"}, nil},

	{"identifier segment", "debugger-relation-x-loader-snaps", "", nil, []string{"filter-marker"}},
	{"not a word", "the relation-x-loader", "", nil, []string{"filter-marker"}},
	{"BCP 47 private use", "en-x-private and zh-x-klingon", "", nil, nil},
	{"placeholder", "set all to <x> and back", "", nil, nil},
	{"placeholder pair keeps its close", "wrap <x> then </x>", "", nil, nil},
	{"geometry argument", "--size <x>x<y>", "", nil, nil},
	{"upper-case product code", "BA-X-SE-200", "", nil, nil},
	{"one letter before", "a-x-ml", "", nil, nil},
	{"no keyword", "max-x-min", "", nil, nil},
	{"x-axis", "the x-axis label", "", nil, nil},
	{"script payload", "<sc<x>ript>alert(1)</sc<x>ript>", "", nil, []string{"filter-marker", "filter-marker"}},
	{"escaped script payload", "&lt;sc<x>ript&gt;", "", nil, []string{"filter-marker"}},
	{"javascript scheme", `href="ja<x>vascript:alert(1)"`, "", nil, []string{"filter-marker"}},
	{"event handler in a tag", "<img src=x on<x>error=alert(1)>", "", nil, []string{"filter-marker"}},
	{"iframe tag", "<if<x>rame src=x>", "", nil, []string{"filter-marker"}},
}

func TestFilterMarkers(t *testing.T) { runCases(t, filterMarkersCases) }

var invisibleCases = []ruleCase{
	{"zero-width space", "zero\u200bwidth", "zerowidth", []string{"zero-width"}, nil},
	{"soft hyphen", "hyphen\u00adation", "hyphenation", []string{"zero-width"}, nil},
	{"stray BOM", "a\ufeffb", "ab", []string{"zero-width"}, nil},
	{"word joiner", "a\u2060b", "ab", []string{"zero-width"}, nil},
	{"ordinary text", "nothing to see", "", nil, nil},
	{"Chinese text", "造血干细胞移植", "", nil, nil},
}

func TestInvisible(t *testing.T) { runCases(t, invisibleCases) }

var spacingCases = []ruleCase{
	{"nbsp", "a\u00a0b", "a b", []string{"nbsp"}, nil},
	{"French spacing kept", "Bonjour\u00a0! « oui\u00a0»", "", nil, nil},
	{"trailing spaces", "line  \nnext", "line\nnext", []string{"trailing-space"}, nil},
	{"trailing space before CRLF", "line \r\nnext", "line\nnext", []string{"trailing-space", "line-breaks"}, nil},
	{"CRLF blank line", "a\r\n\r\nb\rc", "a\n\nb\nc", []string{"line-breaks", "line-breaks", "line-breaks"}, nil},
	{"blank lines", "a\n\n\n\nb", "a\n\nb", []string{"blank-lines", "blank-lines"}, nil},
	{"blank lines at the start", "\n\nabc", "abc", []string{"blank-lines", "blank-lines"}, nil},
	{"line of blanks", "a\n  \nb", "a\n\nb", []string{"trailing-space"}, nil},
	{"lines of blanks in a run", "a\n \n\t\n\nb", "a\n\nb", []string{"trailing-space", "blank-lines", "blank-lines"}, nil},
	{"blank lines at the end", "a\n\n  x\n\n\n", "a\n\n  x\n\n", []string{"blank-lines"}, nil},
	{"space run", "a   b", "a b", []string{"space-run"}, nil},
	{"tab inside a line", "a\tb", "a b", []string{"space-run"}, nil},
	{"indentation kept", "  indented\n\tline", "", nil, nil},
	{"space before comma", "word , word", "word, word", []string{"space-before-punct"}, nil},
	{"space before full stop", "the end .", "the end.", []string{"space-before-punct"}, nil},
	{"space before question", "What ? Yes", "What? Yes", []string{"space-before-punct"}, nil},
	{"ellipsis kept", "wait ... more", "", nil, nil},
	{"emoticon kept", "smile :) ok", "", nil, nil},
	{".NET kept", "use .NET now", "", nil, nil},
	{"comma before a word", "division,we have", "division, we have", []string{"space-after-punct"}, nil},
	{"full stop before a sentence", "Sciences.In the", "Sciences. In the", []string{"space-after-punct"}, nil},
	{"comma in a list of numbers", "12 professors,3 associate", "12 professors, 3 associate", []string{"space-after-punct"}, nil},
	{"year before a sentence", "in 1973.It was", "in 1973. It was", []string{"space-after-punct"}, nil},
	{"colon before a word", "Note:This matters", "Note: This matters", []string{"space-after-punct"}, nil},
	{"question mark", "Really?Yes", "Really? Yes", []string{"space-after-punct"}, nil},
	{"exclamation mark", "Hi!There", "Hi! There", []string{"space-after-punct"}, nil},
	{"semicolon", "first;second", "first; second", []string{"space-after-punct"}, nil},
	{"thousands", "1,000 beds", "", nil, nil},
	{"decimal", "pi is 3.14 or so", "", nil, nil},
	{"e.g.", "e.g. this one", "", nil, nil},
	{"i.e.", "i.e.the same", "", nil, nil},
	{"U.S.A.", "the U.S.A. and U.K.", "", nil, nil},
	{"Ph.D.", "a Ph.D. student", "", nil, nil},
	{"Node.js", "Node.js and Vue.js", "", nil, nil},
	{"domain", "see example.com today", "", nil, nil},
	{"capitalised domain path", "see Example.Com/path", "", nil, nil},
	{"version", "v1.2.3 is out", "", nil, nil},
	{"file name", "open index.html now", "", nil, nil},
	{"ASP.NET", "built on ASP.NET Core", "", nil, nil},
	{"URL", "https://example.com/a,b?x=1&y=Z", "", nil, nil},
	{"e-mail", "mail Li.Wei@example.com", "", nil, nil},
	{"entity", "AT&amp;T", "", nil, nil},
	{"C++ scope", "std::vector", "", nil, nil},
	{"time", "at 10:30 today", "", nil, nil},
	{"No.1", "No.1 hospital", "", nil, nil},
}

func TestSpacing(t *testing.T) { runCases(t, spacingCases) }

var glossaryCases = []ruleCase{
	{"lower case", "hematopoietie stem cell", "hematopoietic stem cell", []string{"glossary"}, nil},
	{"capitalised", "Hematopoietie stem cell", "Hematopoietic stem cell", []string{"glossary"}, nil},
	{"all caps", "HEMATOPOIETIE", "HEMATOPOIETIC", []string{"glossary"}, nil},
	{"phrase", "the tradition view", "the traditional view", []string{"glossary"}, nil},
	{"longer word is no glossary match, but a typo", "hematopoieties", "", nil, []string{"domain-typo"}},
	{"word inside a word", "xhematopoietie", "", nil, nil},
	{"phrase broken by a line", "the tradition\nview", "", nil, nil},
	{"Han after the word", "hematopoietie造血", "hematopoietic 造血", []string{"glossary", "cjk-spacing"}, nil},
	{"Latin after the word: no glossary match, but a typo", "hematopoietiex", "", nil, []string{"domain-typo"}},
}

func TestGlossary(t *testing.T) { runCases(t, glossaryCases) }

// TestGlossarySlow checks the glossary whose first words the word table
// cannot hold (Han, digits): it runs on every block, clean or not, and a
// Han correction matches inside Chinese, where no spaces mark words.
func TestGlossarySlow(t *testing.T) {
	g, err := NewGlossary([]Correction{
		{Wrong: "造血干细包", Right: "造血干细胞"},
		{Wrong: "covid19 ward", Right: "COVID-19 ward"},
		{Wrong: "骨隨", Right: "骨髓"},
		{Wrong: "骨隨穿刺", Right: "骨髓穿刺"},
		{Wrong: "干细胞CD34", Right: "干细胞 CD34"},
	})
	if err != nil {
		t.Fatal(err)
	}
	n := &Normalizer{Glossary: g, Families: []string{"glossary"}}
	for _, c := range []struct{ in, want string }{
		{"开展：造血干细包。\n\nThe covid19 ward is open.\n", "开展：造血干细胞。\n\nThe COVID-19 ward is open.\n"},
		// Han corrections match inside Chinese, the longest first; a
		// Latin end still needs a word boundary.
		{"开展造血干细包移植和骨隨穿刺，复查骨隨。\n", "开展造血干细胞移植和骨髓穿刺，复查骨髓。\n"},
		{"检测干细胞CD34表达；干细胞CD345不变。\n", "检测干细胞 CD34表达；干细胞CD345不变。\n"},
		{"新冠covid19 ward开放\n", "新冠COVID-19 ward开放\n"},
		{"covid19 wards\n", "covid19 wards\n"},
		{"A clean paragraph.\n\nAnd another one.\n", "A clean paragraph.\n\nAnd another one.\n"},
	} {
		res := n.Normalize(c.in)
		if res.Text != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, res.Text, c.want)
		}
		for _, f := range res.Fixes {
			if f.Rule != "glossary" {
				t.Errorf("Normalize(%q): unexpected fix %+v", c.in, f)
			}
		}
	}
}

func TestGlossaryErrors(t *testing.T) {
	for _, cs := range [][]Correction{
		{{Wrong: "", Right: "x"}},
		{{Wrong: " space", Right: "x"}},
		{{Wrong: "teh", Right: "the"}, {Wrong: "TEH", Right: "the"}},
	} {
		if _, err := NewGlossary(cs); err == nil {
			t.Errorf("NewGlossary(%+v) accepted a bad glossary", cs)
		}
	}
}

var grammarCases = []ruleCase{
	{"we provides", "we provides programs", "we provide programs", []string{"pronoun-agreement"}, nil},
	{"They has", "They has carried out", "They have carried out", []string{"pronoun-agreement"}, nil},
	{"they was", "they was late", "they were late", []string{"pronoun-agreement"}, nil},
	{"I is", "I is here", "I am here", []string{"pronoun-agreement"}, nil},
	{"you has", "you has won", "you have won", []string{"pronoun-agreement"}, nil},
	{"HAS in caps", "WE HAS", "WE HAVE", []string{"pronoun-agreement"}, nil},
	{"I was", "I was there", "", nil, nil},
	{"he has", "he has it", "", nil, nil},
	{"you as an object", "the care we give you provides comfort", "", nil, nil},
	{"comma between", "They, has", "", nil, nil},
	{"line break between", "we\nprovides", "", nil, nil},
	{"plural noun subject", "Their studies has received", "", nil, []string{"agreement"}},
	{"quantifier of", "Many of our faculty members holds posts", "", nil, []string{"agreement"}},
	{"number of", "The number of patients has grown", "", nil, nil},
	{"one of", "One of the students has left", "", nil, nil},
	{"series", "the series has won", "", nil, nil},
	{"proper noun", "Siemens has a plant", "", nil, nil},
	{"mass noun in -ss", "the process has ended", "", nil, nil},
}

func TestGrammar(t *testing.T) { runCases(t, grammarCases) }

// rawMT is the seed's machine-translated paragraph, markers already removed.
const rawMT = `First made has pregnant mother serious deficiency iron effect fetal iron supply of "limited selfless theory", amendment has pregnant mother iron status does not effect fetal iron metabolism of traditional concept, on guide maternal and child iron lack syndrome of control up to has actively of role, was has both at home and abroad scholars of attention and certainly. Over the years, the series has won the National Natural Science Foundation.`

func TestRawMT(t *testing.T) {
	runCases(t, []ruleCase{
		{"word salad", rawMT, "", nil, []string{"raw-mt"}},
		{"fluent paragraph", "Our Laboratory of Pediatric Hematology and Oncology was set up in 2007. It is supported by the Ministry of Health and is a key laboratory of Sichuan Province. The laboratory is equipped with modern equipment for basic and clinical research.", "", nil, nil},
		{"long noun compound", "The division has one hematopoietic stem cell transplantation laminar flow ward with eighty open beds, and two wards for children with leukemia.", "", nil, nil},
		{"fluent list", "We treat acute leukemia, chronic granulocytic leukemia, thalassemia major, severe aplastic anemia, refractory lymphoma and neuroblastoma in children of all ages.", "", nil, nil},
	})
	res := (&Normalizer{}).Normalize("Intro.\n\n" + rawMT)
	if len(res.Flags) != 1 || res.Flags[0].Line != 3 || res.Flags[0].Col != 1 {
		t.Fatalf("flags = %+v; want one raw-mt flag at 3:1", res.Flags)
	}
	for _, want := range []string{"score", `"to has"`, `"was has"`, "content words without a function word"} {
		if !strings.Contains(res.Flags[0].Reason, want) {
			t.Errorf("reason %q does not give the evidence %s", res.Flags[0].Reason, want)
		}
	}
}

// TestPositions checks that fixes and flags point into the original input
// even after earlier passes moved the text.
func TestPositions(t *testing.T) {
	in := "iron me-x-tabolism  and\u200b they has\nTheir studies has,we"
	res := (&Normalizer{}).Normalize(in)
	type at struct {
		rule      string
		line, col int
	}
	var got []at
	for _, f := range res.Fixes {
		got = append(got, at{f.Rule, f.Line, f.Col})
	}
	for _, f := range res.Flags {
		got = append(got, at{"flag:" + f.Rule, f.Line, f.Col})
	}
	col := func(line, s string) int { return utf8.RuneCountInString(line[:strings.Index(line, s)]) + 1 }
	l1 := strings.Split(in, "\n")[0]
	want := []at{
		{"filter-marker", 1, col(l1, "me-x")},
		{"space-run", 1, col(l1, "  and")},
		{"zero-width", 1, col(l1, "\u200b")},
		{"pronoun-agreement", 1, col(l1, "has")},
		{"space-after-punct", 2, len("Their studies has,") + 1},
		{"flag:agreement", 2, 7},
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(at{})); d != "" {
		t.Errorf("positions (-want +got):\n%s", d)
	}
	if res.Text != "iron metabolism and they have\nTheir studies has, we" {
		t.Errorf("text = %q", res.Text)
	}
}

func TestNothingToRepair(t *testing.T) {
	for _, in := range []string{
		"",
		"Plain English text.\n\nA second paragraph, with 1,000 beds and 3.14 of them.\n",
		"中文段落，没有需要修复的内容。\n",
		"Grüße aus Köln, élève à l'école.\n",
	} {
		if got := (&Normalizer{}).Normalize(in); got.Text != in || len(got.Fixes) != 0 {
			t.Errorf("Normalize(%q) = %q with %d fixes; want it unchanged", in, got.Text, len(got.Fixes))
		}
	}
}

// allCases gathers every table case of the package.
func allCases() []ruleCase {
	var all []ruleCase
	for _, table := range [][]ruleCase{filterMarkersCases, invisibleCases, spacingCases, glossaryCases, grammarCases, widthCases} {
		all = append(all, table...)
	}
	for _, c := range classCases {
		all = append(all, c.ruleCase)
	}
	for _, c := range soundnessCases {
		all = append(all, c.ruleCase)
	}
	for _, c := range missCases {
		all = append(all, c.ruleCase)
	}
	return all
}

// TestRulesListed checks the rule values against the tables: every rule
// has a name, a family and a doc line, and table cases that expect it to
// fix or flag; every rule a table case expects is a rule.
func TestRulesListed(t *testing.T) {
	known := map[string]bool{}
	families := map[string]bool{}
	for _, f := range Families() {
		families[f] = true
	}
	for _, r := range Rules() {
		if r.Name == "" || r.Doc == "" || !families[r.Family] || r.ID.String() != r.Name {
			t.Errorf("rule %+v lacks a name, family or doc", r)
		}
		known[r.Name] = true
	}
	cases := map[string]int{}
	for _, c := range allCases() {
		for _, r := range append(slices.Clone(c.fixes), c.flags...) {
			cases[r]++
			if !known[r] {
				t.Errorf("case %q expects rule %q, which is not a rule", c.name, r)
			}
		}
	}
	for _, r := range Rules() {
		if cases[r.Name] == 0 {
			t.Errorf("rule %s has no table case that expects it", r.Name)
		}
	}
	if len(Rules()) != int(numRules) {
		t.Errorf("Rules lists %d rules, the table has %d", len(Rules()), numRules)
	}
}

func ExampleNormalizer_Normalize() {
	g, _ := NewGlossary([]Correction{{Wrong: "hematopoietie", Right: "hematopoietic"}})
	res := (&Normalizer{Glossary: g}).Normalize("iron me-x-tabolism,we provides hematopoietie care")
	fmt.Println(res.Text)
	for _, f := range res.Fixes {
		fmt.Printf("%d:%d %s %q → %q\n", f.Line, f.Col, f.Rule, f.Before, f.After)
	}
	// Output:
	// iron metabolism, we provide hematopoietic care
	// 1:6 filter-marker "me-x-tabolism" → "metabolism"
	// 1:20 space-after-punct "" → " "
	// 1:23 pronoun-agreement "provides" → "provide"
	// 1:32 glossary "hematopoietie" → "hematopoietic"
}

// TestSortEdits checks the insertion sort of a round's edits against the
// library's stable sort, on short and long lists of few distinct offsets
// (so that stability shows).
func TestSortEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 32, 33, 100} {
		for trial := 0; trial < 20; trial++ {
			edits := make([]edit, n)
			fixes := make([]Fix, n)
			for i := range edits {
				edits[i] = edit{start: r.IntN(8), rule: RuleID(i % int(numRules))}
				fixes[i] = Fix{Offset: edits[i].start, Rule: strconv.Itoa(i)}
			}
			wantEdits := slices.Clone(edits)
			slices.SortStableFunc(wantEdits, func(a, b edit) int { return a.start - b.start })
			wantFixes := slices.Clone(fixes)
			slices.SortStableFunc(wantFixes, func(a, b Fix) int { return a.Offset - b.Offset })
			sortEdits(edits)
			sortFixes(fixes)
			if !slices.Equal(edits, wantEdits) {
				t.Fatalf("sortEdits of %d: got %v, want %v", n, edits, wantEdits)
			}
			if !slices.Equal(fixes, wantFixes) {
				t.Fatalf("sortFixes of %d: got %v, want %v", n, fixes, wantFixes)
			}
		}
	}
}

// TestOffsetMapLast checks the binary search of the offset map against a
// walk over its spans.
func TestOffsetMapLast(t *testing.T) {
	m := &offsetMap{spans: []span{{2, 4, 2, 3}, {4, 4, 5, 6}, {7, 9, 10, 10}, {12, 15, 14, 20}}}
	for c := -1; c <= 16; c++ {
		for _, strict := range []bool{false, true} {
			want := -1
			for i, s := range m.spans {
				if s.cur0 < c || !strict && s.cur0 == c {
					want = i
				}
			}
			if got := m.last(c, strict); got != want {
				t.Errorf("last(%d, %v) = %d, want %d", c, strict, got, want)
			}
		}
	}
}

// TestSlab checks that the pieces a slab hands out, small and large, hold
// what is written in them, whatever is written in the others, and that
// appending past a piece's room moves it instead of writing over the next.
func TestSlab(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var s slab[int32]
	var pieces [][]int32
	for i := 0; i < 3000; i++ {
		n := r.IntN(80)
		if i%200 == 0 {
			n = 5000 // more than a quarter of the largest array
		}
		p := s.take(n)
		if len(p) != 0 || cap(p) != n {
			t.Fatalf("take(%d): length %d, capacity %d", n, len(p), cap(p))
		}
		for range n {
			p = append(p, int32(i))
		}
		if i%7 == 0 {
			p = append(p, int32(i)) // past its room
		}
		pieces = append(pieces, p)
	}
	for i, p := range pieces {
		for k, v := range p {
			if v != int32(i) {
				t.Fatalf("piece %d holds %d at %d", i, v, k)
			}
		}
	}
	if m := s.one(); *m != 0 {
		t.Fatalf("one() = %d, want 0", *m)
	}
}

// TestOneEditApart checks the prefix-and-suffix test in front of the edit
// distance against the edit distance alone, on random words of a small
// alphabet that differ in length by one letter at most.
func TestOneEditApart(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return string(b)
	}
	for trial := 0; trial < 100000; trial++ {
		n := r.IntN(7)
		a, b := word(n), word(max(n+r.IntN(3)-1, 0))
		if got, want := oneEditApart(a, b), editDistance(a, b, 1) == 1; got != want {
			t.Fatalf("oneEditApart(%q, %q) = %v, want %v", a, b, got, want)
		}
	}
}

// TestParagraphEnd checks the search for a paragraph's end against the
// search for two line breaks, from every start in random texts.
func TestParagraphEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 2000; trial++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = "ab \n\n"[r.IntN(5)]
		}
		text := string(b)
		for from := 0; from <= len(text); from++ {
			want := len(text)
			if k := strings.Index(text[from:], "\n\n"); k >= 0 {
				want = from + k + 2
			}
			if got := paragraphEnd(text, from); got != want {
				t.Fatalf("paragraphEnd(%q, %d) = %d, want %d", text, from, got, want)
			}
		}
	}
}

func TestMaxAbbreviation(t *testing.T) {
	for a := range abbreviations {
		if len(a) > maxAbbreviation {
			t.Errorf("abbreviation %q is longer than maxAbbreviation (%d)", a, maxAbbreviation)
		}
	}
}

// TestByteSearches checks the eight-bytes-at-a-time search of the space-run
// rule against a byte-by-byte walk, from every start in random texts made of
// the bytes it cares about, and byteEq against a byte compare.
func TestByteSearches(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "ab Z9 \t,.;:?!\n-é\x00\x80\xff<&"
	naiveBlank := func(s string, i int) int {
		for ; i < len(s); i++ {
			if s[i] == '\t' || s[i] == ' ' && !(i+1 < len(s) && isLetter(s[i+1]) && s[i+1] < 0x80) {
				return i
			}
		}
		return -1
	}
	for trial := 0; trial < 2000; trial++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		for i := 0; i <= len(s); i++ {
			if got, want := nextBlankHit(s, i), naiveBlank(s, i); got != want {
				t.Fatalf("nextBlankHit(%q, %d) = %d, want %d", s, i, got, want)
			}
			want := indexByteSet(s[i:], &markerSet)
			if want >= 0 {
				want += i
			}
			if got := indexMarkerByte(s, i); got != want {
				t.Fatalf("indexMarkerByte(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
	for trial := 0; trial < 10000; trial++ {
		v := r.Uint64()
		eq := byteEq(v, byte(v>>8))
		for k := 0; k < 8; k++ {
			c := byte(v >> (8 * k))
			if got, want := eq>>(8*k)&0xff == 0x80, c == byte(v>>8); got != want {
				t.Fatalf("byteEq(%#x, %#x) byte %d: %v, want %v", v, byte(v>>8), k, got, want)
			}
		}
	}
}

// TestShortWords checks the scan's packing and lookup of short words
// against plain versions: packShort and packTail against a byte loop, and
// lookupShort against the word table's own lookup, for every listed word
// of up to eight letters and for random words in any case.
func TestShortWords(t *testing.T) {
	loadTables() // reads the tables without normalising first
	r := rand.New(rand.NewPCG(7, 8))
	var words []string
	for _, list := range [][]string{
		slices.Collect(maps.Keys(functionWords)), slices.Collect(maps.Keys(singularVerbs)),
		slices.Collect(maps.Keys(irregularVerbs)), slices.Collect(maps.Keys(deletionFragments)),
		slices.Collect(maps.Keys(baseVerbs)), slices.Collect(maps.Keys(phrasesByLast)),
	} {
		for _, w := range list {
			words = append(words, w, strings.ToUpper(w))
		}
	}
	for trial := 0; trial < 5000; trial++ {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyzAEIOUS"[r.IntN(32)]
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		if len(w) > 8 {
			continue
		}
		var want uint64
		for i := 0; i < len(w); i++ {
			want |= uint64(w[i]|0x20) << (8 * i)
		}
		if got := packShort(w+"........", 0, len(w)); got != want {
			t.Fatalf("packShort(%q) = %#x, want %#x", w, got, want)
		}
		k := wkey{n: uint8(len(w))}
		k.w[0] = want
		if got, want := lookupShort(want, k.hash()), wordLists.get(&k); got != want {
			t.Fatalf("lookupShort(%q) = %#x, want %#x", w, got, want)
		}
		// The word at the end of texts of 8 to 16 bytes, and before
		// up to eight bytes more.
		for pad := 0; pad <= 8; pad++ {
			text := strings.Repeat("x", max(0, 8-len(w))) + w + "........"[:pad]
			if got := packTail(text, len(text)-pad-len(w), len(w)); got != want {
				t.Fatalf("packTail(%q, %d, %d) = %#x, want %#x", text, len(text)-pad-len(w), len(w), got, want)
			}
		}
	}
}

// TestRawMTSentences checks that the raw-MT score ends a sentence at a full
// stop even when the word after it is skipped (3rd): 23 words, a full stop,
// then two more are two sentences, neither of 25 words.
func TestRawMTSentences(t *testing.T) {
	loadTables() // reads the tables without normalising first
	p := strings.Repeat("we will go to it ", 4) + "and so on. 3rd we go"
	for _, c := range []struct {
		text string
		want int
	}{
		{p, 0},
		{strings.Replace(p, ". 3rd", " 3rd", 1), 2}, // one sentence of 25 words, no determiner
	} {
		sc := wordScan{scoreMT: true}
		sc.scan(c.text)
		if got := sc.mt.close(); got != c.want {
			t.Errorf("raw-MT score of %q = %d, want %d", c.text, got, c.want)
		}
	}
}

// TestFamiliesOfTheGBKAnalysis checks that one analysis serves two families:
// the GBK repair and the multi-layer flag belong to encoding, the CJK-filler
// flag to mt, and a run the repair explains is no filler even when only mt
// runs.
func TestFamiliesOfTheGBKAnalysis(t *testing.T) {
	const filler, layered, mojibake = "肅芆蒁蝿羁莅薄羄", "缁炬儳缍婇弻鐔兼", "鐢ㄦ埛鐧诲綍"
	for _, c := range []struct {
		families []string
		in       string
		want     string   // the text; "" for unchanged
		rules    []string // of fixes and flags, in order
	}{
		{nil, filler, "", []string{"cjk-filler"}},
		{[]string{"mt"}, filler, "", []string{"cjk-filler"}},
		{[]string{"encoding"}, filler, "", nil},
		{[]string{"encoding"}, layered, "", []string{"mojibake-multilayer"}},
		{[]string{"mt"}, layered, "", nil},
		{[]string{"encoding"}, mojibake, "用户登录", []string{"gbk-mojibake"}},
		{[]string{"mt"}, mojibake, "", nil},
	} {
		res := (&Normalizer{Families: c.families}).Normalize(c.in)
		want := c.want
		if want == "" {
			want = c.in
		}
		var got []string
		for _, f := range res.Fixes {
			got = append(got, f.Rule)
		}
		for _, f := range res.Flags {
			got = append(got, f.Rule)
		}
		if res.Text != want || !slices.Equal(got, c.rules) {
			t.Errorf("--rules %v on %q: %q with %v, want %q with %v", c.families, c.in, res.Text, got, want, c.rules)
		}
	}
}

var updateREADME = flag.Bool("update-readme", false, "rewrite the rule list of the README from the rule values")

// TestREADMERules checks that the rule list of the README is the one the
// rule values make, and rewrites it with -update-readme.
func TestREADMERules(t *testing.T) {
	const path = "../../README.md"
	const begin, end = "<!-- rules: made by go test ./pipeline/normalize -run TestREADMERules -update-readme -->\n", "<!-- end of rules -->"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no rule list between %q and %q", path, strings.TrimSpace(begin), end)
	}
	var b strings.Builder
	for _, r := range Rules() {
		fmt.Fprintf(&b, "- `%s` (%s): %s\n", r.Name, r.Family, r.Doc)
	}
	if got := readme[i+len(begin) : j]; got != b.String() {
		if !*updateREADME {
			t.Fatalf("the rule list of %s is not the one the rule values make; run go test -run TestREADMERules -update-readme\n%s", path, cmp.Diff(b.String(), got))
		}
		readme = readme[:i+len(begin)] + b.String() + readme[j:]
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
