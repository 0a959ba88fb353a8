package normalize

import (
	_ "embed"
	"fmt"
	"strings"
)

// This file holds the term-typo rule of the mt family: a misspelling that
// is itself a real word, inside a known multi-word medical term ("bone
// arrow transplant" for bone marrow transplant). The domain-typo rule
// cannot see it, since "arrow" is a word; the term around it can. The rule
// only flags: a real word may be meant.

//go:embed domain-phrases.txt
var phrasesText string

// termPhrase is a multi-word term: its words and the hash of each, packed
// as the word scan packs them.
type termPhrase struct {
	words  []string
	hashes []uint64
}

// The terms, built by loadTables.
var (
	termPhrases []termPhrase
	// phrasesByLast indexes the terms by their last word and its plural:
	// the word at which a term ends is the one the scan and the rule look
	// up (lexTermEnd in the word table). phrasesByHash is the same index
	// by the hash of the packed word, which the scan has already made.
	phrasesByLast map[string][]int
	phrasesByHash termIndex
)

func loadPhrases() {
	for _, line := range readWordList(phrasesText) {
		p := termPhrase{words: strings.Fields(line)}
		for _, w := range p.words {
			k, _ := packKey(w, 0, len(w))
			p.hashes = append(p.hashes, k.hash())
		}
		termPhrases = append(termPhrases, p)
	}
	phrasesByLast = map[string][]int{}
	for i, p := range termPhrases {
		last := p.words[len(p.words)-1]
		phrasesByLast[last] = append(phrasesByLast[last], i)
		phrasesByLast[plural(last)] = append(phrasesByLast[plural(last)], i)
	}
	for w, ps := range phrasesByLast {
		k, _ := packKey(w, 0, len(w))
		phrasesByHash.add(k.hash(), ps)
	}
}

// termIndex finds the terms that end in a word by the hash of the word:
// an open-addressing table small enough to stay in the cache, read in a
// few instructions where a map would hash the hash again.
type termIndex struct {
	slots [64]struct {
		hash  uint64
		terms []int
	}
}

func (t *termIndex) add(h uint64, terms []int) {
	for i := h >> 58; ; i = (i + 1) % uint64(len(t.slots)) {
		if s := &t.slots[i]; s.terms == nil {
			s.hash, s.terms = h, terms
			return
		}
	}
}

// get returns the terms whose last word has hash h.
func (t *termIndex) get(h uint64) []int {
	for i := h >> 58; ; i = (i + 1) % uint64(len(t.slots)) {
		s := &t.slots[i]
		if s.hash == h || s.terms == nil {
			return s.terms
		}
	}
}

// plural forms the regular plural of a noun.
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// termTypoAt looks at the words that end at word k, a term's last word:
// when they are a known term but for one word a single edit away, it
// returns the index of that word, of the term's first word, and the term's
// word there. The term's last word must be right: it is the one looked up.
func termTypoAt(t string, ws []wordInfo, k int, buf *[maxKeyLen]byte) (at, first int, want string, ok bool) {
	if k == 0 || !ws[k].joined {
		return 0, 0, "", false
	}
	for _, pi := range phrasesByHash.get(ws[k].hash) {
		p := &termPhrases[pi]
		n := len(p.words)
		if k < n-1 {
			continue
		}
		first := k - n + 1
		miss, joined := -1, true
		for j := 0; j < n-1; j++ {
			w := &ws[first+j]
			if j > 0 && !w.joined {
				joined = false
				break
			}
			if w.hash != p.hashes[j] {
				if miss >= 0 {
					miss = -2
					break
				}
				miss = first + j
			}
		}
		if !joined || miss < 0 || !ws[k].joined {
			continue
		}
		if d := ws[miss].end - ws[miss].start - len(p.words[miss-first]); d > 1 || d < -1 || ws[miss].long {
			continue
		}
		word := ws[miss].lower(t, buf)
		if oneEditApart(word, p.words[miss-first]) {
			return miss, first, p.words[miss-first], true
		}
	}
	return 0, 0, "", false
}

// termTypo flags the word of a known term that is one edit from the term's.
func termTypo(s *state, t string, ws []wordInfo, k int) {
	at, first, want, ok := termTypoAt(t, ws, k, &s.ctx.scan.lowerBuf)
	if !ok {
		return
	}
	w := &ws[at]
	s.flag(w.start, w.end, ruleTermTypo, fmt.Sprintf("%q in %q is one letter from %q, the word of a known medical term; if it is a typo, add the term to the corrections glossary", t[w.start:w.end], t[ws[first].start:ws[k].end], want))
}

// oneEditApart reports whether a and b, whose lengths differ by one at
// most, are one edit apart. One edit leaves all but one letter of the
// shorter word in its place from one end or the other, so the common
// prefix and suffix must cover it (less one letter when the lengths are
// equal); most pairs fail that, and only the others pay for
// editDistance.
func oneEditApart(a, b string) bool {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	q := 0
	for q < n && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	need := n
	if len(a) == len(b) {
		need = n - 1
	}
	if p+q < need {
		return false
	}
	return editDistance(a, b, 1) == 1
}
