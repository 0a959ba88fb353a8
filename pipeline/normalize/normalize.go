// Package normalize repairs garbled Chinese–English web text and flags what
// it cannot repair exactly.
//
// Every repair is a named rule in a family (markers, invisible, spacing,
// glossary, grammar, mt). A rule either fixes text, recording a Fix with
// the text before and after, or flags a passage for a person, recording a
// Flag with a reason. Passes run in a fixed order (markers first, so that
// spacing never acts on a half-filtered word; then invisible characters,
// spacing, the corrections glossary, grammar and machine-translation flags),
// and an offset map carries every position back to the original input, so
// a Fix or Flag points at the line and column the user sees in the file.
//
// Normalize does not decode bytes (that is package source), does not split
// text into blocks (package segment) and never rewrites a passage it can
// only suspect: a raw machine-translated paragraph is flagged, not edited.
package normalize

import (
	"sort"
	"strings"

	"xlate/pipeline/source"
)

// Fix is one repair, positioned in the original input.
type Fix struct {
	Rule   string
	Offset int // byte offset in the original input
	Line   int
	Col    int
	Before string
	After  string
}

// Flag is a passage sent to a person, positioned in the original input.
type Flag struct {
	Rule    string
	Offset  int
	End     int // byte offset in the original input where the passage ends
	Line    int
	Col     int
	Excerpt string
	Reason  string
}

// Result is the clean text with what was done to it.
type Result struct {
	Text  string
	Fixes []Fix
	Flags []Flag
	m     *offsetMap
}

// Original maps a byte offset of the clean text to the original input.
func (r *Result) Original(off int) int {
	if r.m == nil {
		return off
	}
	return r.m.start(off)
}

// Rule describes one named rule.
type Rule struct {
	Name   string
	Family string
	Doc    string
}

// Normalizer holds what a run needs besides the text: the corrections
// glossary. The zero Normalizer runs every rule with an empty glossary.
type Normalizer struct {
	Glossary *Glossary
	// Families, when not empty, limits the run to the rules of these
	// families (see Families and Rules).
	Families []string
}

// state is what one pass sees and produces.
type state struct {
	text  string
	n     *Normalizer
	edits []edit
	flags []Flag // Offset and End in current coordinates until mapped
}

func (s *state) fix(start, end int, repl, rule string) {
	s.edits = append(s.edits, edit{start: start, end: end, repl: repl, rule: rule})
}

func (s *state) flag(start, end int, rule, reason string) {
	s.flags = append(s.flags, Flag{Rule: rule, Offset: start, End: end, Reason: reason})
}

type pass struct {
	family string
	run    func(*state)
	// layers is how often the pass may run on its own result within a
	// round: a repair that uncovers the same damage one layer down
	// (mojibake of mojibake) finishes in one round.
	layers int
}

// passes in the order GARBLE.md requires. Each pass produces edits that do
// not overlap; a rule whose edits could overlap another's gets its own pass.
var passes = []pass{
	{"encoding", latin1GBKPass, 1},
	{"encoding", utf8MojibakePass, 4},
	{"encoding", c1Pass, 1},
	{"encoding", truncatedPass, 1},
	{"encoding", gbkMojibakePass, 1},
	{"encoding", big5BulletPass, 1},
	{"encoding", lossyPass, 1},
	{"markers", markersPass, 1},
	{"markers", deletionPass, 1},
	{"markers", removedPass, 1},
	{"invisible", invisiblePass, 1},
	{"invisible", nfcPass, 1},
	{"width", widthPass, 1},
	{"spacing", lineBreaksPass, 1},
	{"spacing", nbspPass, 1},
	{"spacing", linesPass, 1},
	{"spacing", spaceRunPass, 1},
	{"spacing", spaceAfterPunctPass, 1},
	{"spacing", cjkSpacingPass, 1},
	{"glossary", glossaryPass, 1},
	{"grammar", grammarPass, 1},
	{"mt", numbersPass, 1},
	{"mt", typoPass, 1},
	{"mt", mtPass, 1},
}

// Rules lists every rule, by family in pass order, then by name.
func Rules() []Rule {
	rules := append([]Rule(nil), ruleDocs...)
	order := map[string]int{}
	for i, p := range passes {
		if _, ok := order[p.family]; !ok {
			order[p.family] = i
		}
	}
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].Family != rules[j].Family {
			return order[rules[i].Family] < order[rules[j].Family]
		}
		return rules[i].Name < rules[j].Name
	})
	return rules
}

var ruleDocs = []Rule{
	{"utf8-mojibake", "encoding", "decodes UTF-8 that was read as a single-byte code page (Itâ€™s, Ã©, РґРѕСЂРѕРіРµ), layer by layer, when the result is plausible and the evidence sure"},
	{"gbk-mojibake", "encoding", "decodes UTF-8 that was read as GBK (鐢ㄦ埛 → 用户) when the result has more common Han characters"},
	{"gbk-latin1-mojibake", "encoding", "decodes GBK read as Latin-1 or Windows-1252 (ÎÂÜ°Ìáʾ → 温馨提示, £» → ；), also through a UTF-8 fallback (Ŀ¼ → 目录)"},
	{"big5-bullet", "encoding", "splits a Windows-1252 bullet read as Big5 at the start of a line (慈ther → • Other)"},
	{"mojibake-truncated", "encoding", "flags the start of a UTF-8 character left after repaired text when its last byte was lost"},
	{"mojibake-lossy", "encoding", "flags UTF-8 read as GBK whose last byte was lost: not repairable exactly"},
	{"mojibake-multilayer", "encoding", "flags a run of rare Han characters that is mojibake of mojibake: bytes were lost at each layer"},
	{"cjk-filler", "encoding", "flags a run of rare Han characters that form no words (filler of document-sharing sites)"},
	{"lossy-replacement", "encoding", "flags 锟斤拷, replacement characters and 烫烫烫: the original bytes are gone"},
	{"c1-control", "encoding", "reads a C1 control as the Windows-1252 character of the same byte (\\x93 → “)"},
	{"filter-marker", "markers", "removes anti-XSS filter markers (<x>, &lt;x&gt;, -x-) inside words; -x- only when the result is a known word; flags the rest"},
	{"filter-marker-close", "markers", "removes a stray </x> left by an editor that closed a filter marker"},
	{"keyword-deletion", "markers", "flags a fragment left where a filter deleted a keyword ( bolism for metabolism), with the words it may come from"},
	{"filter-removed", "markers", "flags [removed], where a CodeIgniter-style filter cut text out"},
	{"zero-width", "invisible", "removes zero-width spaces and joiners, word joiners, stray byte-order marks and soft hyphens"},
	{"control-char", "invisible", "removes C0 and C1 control characters (not tab or line breaks)"},
	{"nfc", "invisible", "composes the text to Unicode NFC (e + combining acute → é)"},
	{"fullwidth-alnum", "width", "turns full-width letters and digits into ASCII (ＡＢＣ１２３ → ABC123)"},
	{"fullwidth-punct", "width", "turns full-width punctuation and the ideographic space into ASCII inside an English clause (count，and → count, and)"},
	{"cjk-punct", "width", "turns ASCII punctuation after Chinese text into full width (库, → 库，; ftfy(…)是 → ftfy（…）是), not in numbers, URLs or code"},
	{"line-breaks", "spacing", "turns CRLF and a lone CR into LF"},
	{"nbsp", "spacing", "turns a non-breaking space into a space, except French spacing before ; : ? ! and inside « »"},
	{"trailing-space", "spacing", "removes spaces and tabs at the end of a line"},
	{"blank-lines", "spacing", "collapses runs of blank lines into one"},
	{"space-run", "spacing", "collapses a run of spaces inside a line into one"},
	{"space-before-punct", "spacing", "removes spaces before , . ; : ? ! (not before an ellipsis, an emoticon or .NET)"},
	{"space-after-punct", "spacing", "adds the missing space after , . ; : ? ! before a word (not in decimals, 1,000, e.g., U.S., domains, file names, versions, URLs)"},
	{"cjk-spacing", "spacing", "puts one space between Chinese and Latin letters or digits (Go语言 → Go 语言) and none beside full-width punctuation"},
	{"glossary", "glossary", "applies the corrections glossary: whole words, any case, keeping the case of the text"},
	{"pronoun-agreement", "grammar", "fixes a closed list of pronoun + verb agreement errors (we provides, They has)"},
	{"irregular-verb", "grammar", "fixes regular past forms of irregular verbs that are not words (we growed → we grew, has growed → has grown)"},
	{"agreement", "grammar", "flags a plural subject with a singular verb (Their studies has): the subject is not certain, so a person decides"},
	{"split-year", "mt", "joins a year that machine translation split after a preposition (in 20 14 → in 2014)"},
	{"split-number", "mt", "flags other numbers that may be split, in a paragraph with number garbage"},
	{"mt-number-garbage", "mt", "flags tokens only machine translation writes for numbers (65438+0, /kloc, members1person)"},
	{"domain-typo", "mt", "flags a word one or two edits from a medical term that is not a known word, with the term as suggestion"},
	{"raw-mt", "mt", "flags a paragraph that reads as raw machine translation (word salad), with its score and evidence"},
}

// runs reports whether the rules of family run.
func (n *Normalizer) runs(family string) bool {
	if len(n.Families) == 0 {
		return true
	}
	for _, f := range n.Families {
		if f == family {
			return true
		}
	}
	return false
}

// Families lists the rule families in the order they run.
func Families() []string {
	var fs []string
	for _, p := range passes {
		if len(fs) == 0 || fs[len(fs)-1] != p.family {
			fs = append(fs, p.family)
		}
	}
	return fs
}

// maxRounds bounds the rounds of passes. A later pass can make work for an
// earlier one (removing a space can complete a filter marker), so the
// passes run again until a round changes nothing; real text settles in
// two rounds, and the bound keeps hostile input from looping.
const maxRounds = 4

// Normalize repairs text and returns the result. It never fails: what it
// cannot repair it flags. Running it again on its own output changes
// nothing.
func (n *Normalizer) Normalize(text string) Result {
	if n == nil {
		n = &Normalizer{}
	}
	lines := source.NewLines(text)
	m := &offsetMap{}
	var res Result
	cur := text
	for round := 0; round < maxRounds; round++ {
		changed := false
		res.Flags = res.Flags[:0] // flags come from the last round, on the final text
		for _, p := range passes {
			if !n.runs(p.family) {
				continue
			}
			for layer := 0; layer < p.layers; layer++ {
				s := &state{text: cur, n: n}
				p.run(s)
				for _, f := range s.flags {
					f.Excerpt = excerpt(cur[f.Offset:f.End])
					f.Offset, f.End = m.start(f.Offset), m.end(f.End)
					f.Line, f.Col = lines.Position(f.Offset)
					res.Flags = append(res.Flags, f)
				}
				if len(s.edits) == 0 {
					break
				}
				changed = true
				cur = apply(cur, s.edits, m, lines, &res.Fixes)
			}
		}
		if !changed {
			break
		}
	}
	sort.SliceStable(res.Fixes, func(i, j int) bool { return res.Fixes[i].Offset < res.Fixes[j].Offset })
	sort.SliceStable(res.Flags, func(i, j int) bool { return res.Flags[i].Offset < res.Flags[j].Offset })
	res.Text, res.m = cur, m
	return res
}

// apply makes the edits of one pass to cur, records them as fixes at their
// place in the original input, and moves the offset map on.
func apply(cur string, edits []edit, m *offsetMap, lines *source.Lines, fixes *[]Fix) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	b.Grow(len(cur))
	last := 0
	for _, e := range edits {
		b.WriteString(cur[last:e.start])
		b.WriteString(e.repl)
		last = e.end
		off := m.start(e.start)
		line, col := lines.Position(off)
		*fixes = append(*fixes, Fix{Rule: e.rule, Offset: off, Line: line, Col: col, Before: cur[e.start:e.end], After: e.repl})
	}
	b.WriteString(cur[last:])
	m.apply(edits)
	return b.String()
}

// excerpt shortens a flagged passage for display: the first 80 characters.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= 80 {
		return s
	}
	return string(r[:79]) + "…"
}
