package normalize

import (
	_ "embed"
	"fmt"
	"strings"
)

// This file holds the domain-typo rule of the mt family: a misspelt
// medical term such as "hematopoietie". A typo can be a real word, so the
// rule never rewrites; it flags the word with the term it is probably
// meant to be. Fixing it for good is a line in the
// corrections glossary.

// domainText is generated (see TestGenerateDomainTerms): the hand-kept
// terms of domain-core.txt and the clinical words of a medical dictionary.
//
//go:embed domain.txt
var domainText string

//go:embed domain-core.txt
var domainCoreText string

//go:embed domain-neighbors.txt
var neighborsText string

// typoMinLen is the shortest word the rule considers: shorter words are
// one or two edits from too many others.
const typoMinLen = 7

// The domain tables, built by loadTables.
var (
	domainTerms []string
	// knownWords holds the domain terms and the real English words near
	// them (domain-neighbors.txt), which are not typos.
	knownWords map[string]bool
	// domainPrefixes holds the first four letters of each term: a typo
	// keeps its start, so a word with another start is no candidate and
	// costs one lookup.
	domainPrefixes map[string][]string
	// domainPrefixes4 holds the first four letters of each domain term as
	// bits of a filter, so a long word that starts otherwise is no typo
	// candidate and costs one load; a false hit only costs the exact check
	// after it.
	domainPrefixes4 [1 << 10]uint64
)

func loadDomainTerms() {
	domainTerms = readWordList(domainText)
	knownWords = set(strings.Join(domainTerms, " "))
	for _, w := range readWordList(neighborsText) {
		knownWords[w] = true
	}
	domainPrefixes = map[string][]string{}
	for _, w := range domainTerms {
		domainPrefixes[w[:4]] = append(domainPrefixes[w[:4]], w)
	}
	for p := range domainPrefixes {
		k, _ := packKey(p, 0, 4)
		h := prefixHash(k.prefix4())
		domainPrefixes4[h>>6] |= 1 << (h & 63)
	}
}

// prefixHash spreads a packed prefix over the 64K bits of the filter: with
// the two thousand prefixes of the generated term list, one word in thirty
// that starts otherwise gets past it.
func prefixHash(p uint32) uint32 { return p * 0x9e3779b1 >> 16 }

// mayStartTerm reports whether the word at t[start:] may start like a
// domain term.
func mayStartTerm(t string, start int) bool {
	var p uint32
	if start+8 <= len(t) {
		p = uint32(packShort(t, start, 4))
	} else {
		k, _ := packKey(t, start, start+4)
		p = k.prefix4()
	}
	return startsLikeTerm(p)
}

// startsLikeTerm reports whether a word whose first four letters, lower
// case, are packed in p may start like a domain term.
func startsLikeTerm(p uint32) bool {
	h := prefixHash(p)
	return domainPrefixes4[h>>6]&(1<<(h&63)) != 0
}

func readWordList(text string) []string {
	var ws []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ws = append(ws, line)
		}
	}
	return ws
}

// typoSuggestion returns the domain term lower-case word w is a typo of.
func typoSuggestion(w string) (string, int, bool) {
	if len(w) < typoMinLen {
		return "", 0, false
	}
	terms := domainPrefixes[w[:4]]
	if terms == nil || knownWords[w] {
		return "", 0, false
	}
	best, bestD := "", 3
	for _, term := range terms {
		if d := editDistance(w, term, 2); d < bestD {
			best, bestD = term, d
		}
	}
	return best, bestD, best != ""
}

// editDistance returns the Levenshtein distance of a and b, or max+1 when
// it is above max.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	var bufs [2][32]int
	prev, cur := bufs[0][:0], bufs[1][:0]
	if len(b)+1 > len(bufs[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// typoAt flags word w when it looks like a misspelt domain term. Only a
// word of typoMinLen letters or more that starts like a domain term costs
// more than a compare.
func typoAt(s *state, t string, w *wordInfo) {
	if w.end-w.start < typoMinLen || w.long || !mayStartTerm(t, w.start) {
		return
	}
	if s.ctx.scan.notTypoSeen(w.hash) {
		return
	}
	k := w.lower(t, &s.ctx.scan.lowerBuf)
	term, d, ok := s.ctx.typos.suggest(k)
	if !ok {
		s.ctx.scan.markNotTypo(w.hash)
		return
	}
	{
		s.flag(w.start, w.end, ruleDomainTypo, fmt.Sprintf("%q is %d letter(s) from the term %q and not a known word; if it is a typo, add  %s = %q  to the corrections glossary", t[w.start:w.end], d, term, k, term))
	}
}

// typoMemo remembers typoSuggestion's answers for the words found to be
// typos (the words that are not are remembered by the word scan), so that
// a typo a site repeats on every page is measured against the terms once.
// It outlives a run: the answer depends on the word alone.
type typoMemo map[string]typoAnswer

type typoAnswer struct {
	term string
	d    int
	ok   bool
}

// typoMemoSize bounds the memory: past it, it starts again.
const typoMemoSize = 4096

func (m *typoMemo) suggest(w string) (string, int, bool) {
	if a, ok := (*m)[w]; ok {
		return a.term, a.d, a.ok
	}
	term, d, ok := typoSuggestion(w)
	if *m == nil || len(*m) >= typoMemoSize {
		*m = make(typoMemo)
	}
	(*m)[strings.Clone(w)] = typoAnswer{term, d, ok}
	return term, d, ok
}
