package normalize

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// Correction replaces a wrong word or phrase with the right one.
type Correction struct {
	Wrong, Right string
	Pos          source.Pos // where the editor wrote it, for diagnostics
}

// Glossary is the editable list of corrections applied to every source
// text: whole words, matched in any case, written back in the case of the
// text (hematopoietie → hematopoietic, Hematopoietie → Hematopoietic).
// Chinese is written without spaces, so a correction that starts with a Han
// character matches wherever its characters stand (造血干细包 in
// 开展造血干细包移植), and Han next to a Latin word is a word boundary.
type Glossary struct {
	byFirst map[string][]Correction // by the lower-case first word of Wrong
	byHan   map[rune][]Correction   // those that start with Han, by that character
	// firstWords holds the first words in the shared word-table form, so
	// that the pass costs one lookup per word; slow is set when some first
	// word is not plain ASCII letters, which the word table cannot hold.
	firstWords *wordTable
	slow       bool
	n          int // corrections
}

// NewGlossary checks and indexes corrections. A correction whose wrong side
// is empty, does not start and end with a letter or digit, or appears twice
// is an error at its position.
func NewGlossary(cs []Correction) (*Glossary, error) {
	g := &Glossary{byFirst: map[string][]Correction{}, byHan: map[rune][]Correction{}}
	seen := map[string]source.Pos{}
	for _, c := range cs {
		w := strings.ToLower(c.Wrong)
		if w == "" || !wordChar(firstRune(w)) || !wordChar(lastRune(w)) {
			return nil, fmt.Errorf("%s: correction %q must start and end with a letter or digit", c.Pos, c.Wrong)
		}
		if p, ok := seen[w]; ok {
			return nil, fmt.Errorf("%s: correction %q repeats the one at %s", c.Pos, c.Wrong, p)
		}
		seen[w] = c.Pos
		if r := firstRune(w); source.IsHan(r) {
			g.byHan[r] = append(g.byHan[r], c)
			g.slow = true
			continue
		}
		first := w
		if i := strings.IndexFunc(w, func(r rune) bool { return !wordChar(r) }); i >= 0 {
			first = w[:i]
		}
		g.byFirst[first] = append(g.byFirst[first], c)
	}
	g.n = len(cs)
	for _, list := range g.byHan {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].Wrong) > len(list[j].Wrong) })
	}
	g.firstWords = newWordTable(len(g.byFirst))
	for first, list := range g.byFirst {
		// the longest phrase wins when several start with the same word
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].Wrong) > len(list[j].Wrong) })
		if len(first) > maxKeyLen || strings.ContainsFunc(first, func(r rune) bool { return r > 0x7f || !isLetter(byte(r)) }) {
			g.slow = true
		}
		g.firstWords.add(first, 1)
	}
	return g, nil
}

// Len returns the number of corrections.
func (g *Glossary) Len() int {
	if g == nil {
		return 0
	}
	return g.n
}

func wordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// glossaryAt applies the correction that starts at word w, if any, and
// returns where the replaced text ends.
func (g *Glossary) glossaryAt(s *state, t string, w *wordInfo) (int, bool) {
	if w.long || !g.firstWords.mayHold(w.hash) {
		return 0, false
	}
	if k := w.key(t); g.firstWords.get(&k) == 0 {
		return 0, false
	}
	c, end, ok := g.match(t, w.start, w.end)
	if ok {
		s.fix(w.start, end, matchCase(t[w.start:end], c.Right), ruleGlossary)
	}
	return end, ok
}

// glossarySlowPass applies a glossary that has corrections the word rules
// cannot look up (a first word with digits or non-ASCII letters), scanning
// every word of the text.
func glossarySlowPass(s *state) {
	g := s.n.Glossary
	if g.Len() == 0 || !g.slow {
		return
	}
	t := s.text
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !wordChar(r) {
			i += size
			continue
		}
		// A word is a run of Han or of other letters and digits: where
		// the script changes, a word ends.
		han := source.IsHan(r)
		j := i + size
		for j < len(t) {
			r, size := utf8.DecodeRuneInString(t[j:])
			if !wordChar(r) || source.IsHan(r) != han {
				break
			}
			j += size
		}
		if han {
			if at, c, end, ok := g.matchHan(t, i, j); ok {
				s.fix(at, end, matchCase(t[at:end], c.Right), ruleGlossary)
				i = end
				continue
			}
			i = j
			continue
		}
		if c, end, ok := g.match(t, i, j); ok {
			s.fix(i, end, matchCase(t[i:end], c.Right), ruleGlossary)
			i = end
			continue
		}
		i = j
	}
}

// matchHan finds the first correction in the word t[i:j] that starts with a
// Han character, at any character of the word, longest first; a Latin
// letter or digit it ends with must end a word.
func (g *Glossary) matchHan(t string, i, j int) (at int, c Correction, end int, ok bool) {
	for p := i; p < j; {
		r, size := utf8.DecodeRuneInString(t[p:])
		for _, c := range g.byHan[r] {
			end := p + len(c.Wrong)
			if end > len(t) || !strings.EqualFold(t[p:end], c.Wrong) {
				continue
			}
			if !endsWord(t, end, c.Wrong) {
				continue
			}
			return p, c, end, true
		}
		p += size
	}
	return 0, Correction{}, 0, false
}

// endsWord reports whether the correction wrong, found in t up to end,
// ends a word there: Han needs no boundary, since Chinese has none; a
// Latin letter or digit needs one, and Han after it is one.
func endsWord(t string, end int, wrong string) bool {
	if end == len(t) || source.IsHan(lastRune(wrong)) {
		return true
	}
	next := firstRune(t[end:])
	return !wordChar(next) || source.IsHan(next)
}

// match finds the correction that starts with the word t[i:j] and matches
// whole words from i.
func (g *Glossary) match(t string, i, j int) (Correction, int, bool) {
	for _, c := range g.byFirst[strings.ToLower(t[i:j])] {
		end := i + len(c.Wrong)
		if end > len(t) || !strings.EqualFold(t[i:end], c.Wrong) {
			continue
		}
		if !endsWord(t, end, c.Wrong) {
			continue
		}
		return c, end, true
	}
	return Correction{}, 0, false
}

// matchCase writes right in the case pattern of found: ALL CAPS, Capitalised
// or as the glossary has it.
func matchCase(found, right string) string {
	hasLower := strings.IndexFunc(found, unicode.IsLower) >= 0
	if !hasLower && utf8.RuneCountInString(found) > 1 {
		return strings.ToUpper(right)
	}
	if unicode.IsUpper(firstRune(found)) {
		r, size := utf8.DecodeRuneInString(right)
		return string(unicode.ToUpper(r)) + right[size:]
	}
	return right
}
