package normalize

import (
	"math/bits"
	"slices"
	"unicode/utf8"
)

// wordScan is what the scan of a block learns about its words: the words
// with their list bits, the raw-MT score of the paragraph, and whether any
// word is one a word rule may act on. A block where none is and whose
// score is low skips the word rules: that is most of clean prose.
type wordScan struct {
	text  string // the text scanned last
	words []wordInfo
	mt    mtScore
	// candidate is set when some word may be work for a word rule: a
	// listed word the markers or grammar rules read, a first word of the
	// glossary, or a word that may be a misspelt domain term.
	candidate bool
	// What the scan looks for, set once per run.
	glossary *Glossary // nil when the glossary does not run
	scoreMT  bool      // the mt family runs
	// gapFrom is how far the text after the last word added has been read
	// for a sentence end, and gapBrk whether one was found there.
	gapFrom  int
	gapBrk   bool
	gapWords int // the words there were when the gap was last read
	// notTypo remembers, by hash, long words the typo rule has found not
	// to be typos, so a page that repeats "international" checks it once
	// and the scan does not count it as work.
	notTypo [4096]uint64
	// lowerBuf holds a word in lower case for a lookup.
	lowerBuf [maxKeyLen]byte
}

// notTypoSeen reports whether the word with hash h was found to be no
// typo. The memory is two-way: a word is kept in one of two slots chosen by
// the top bits of its hash, so that two words a page repeats do not keep
// pushing each other out.
func (sc *wordScan) notTypoSeen(h uint64) bool {
	i := h >> 52 &^ 1
	return sc.notTypo[i] == h || sc.notTypo[i+1] == h
}

// markNotTypo remembers that the word with hash h is no typo.
func (sc *wordScan) markNotTypo(h uint64) {
	i := h >> 52 &^ 1
	sc.notTypo[i+1] = sc.notTypo[i]
	sc.notTypo[i] = h
}

// ruleBits are the lists whose words the markers and grammar rules act on
// wherever they stand.
const ruleBits = lexDeletion | lexIrregular

// scanWords scans the run of words that starts with the letter at i and
// returns where the last of them ends. A word is a run of ASCII letters
// with inner apostrophes; words joined by one space, or by , . ; : ? ! and
// one space, are the bulk of prose and make one run. joined says whether
// only spaces stand between the first word and the word before it.
//
// Each word, unless it is part of a token such as 3rd or H2O or glued to
// non-ASCII text, is added to the scan's words with its list bits (one
// lookup in wordLists), scored for raw machine translation (mtScore) and
// checked for work for the word rules. This is the loop clean English
// spends its time in, so all of that is written out here, with no call for
// a common word.
func (sc *wordScan) scanWords(t string, i int, joined bool) int {
	const highs = 0x8080808080808080
	n := len(t)
	// The raw-MT counters change with every word and stay in sc.mt: kept
	// in locals while the run lasted, they took registers the loop has too
	// few of, and the compiler put them and others on the stack and took
	// them back for every word. A run of content words is the words just
	// before the next one, so its first word is not kept: it is the next
	// word's index less the run's length.
	m := &sc.mt
	// brk says a sentence ended since the last word added.
	// The gap since the last word added is read piece by piece as the
	// scan goes (a word glued to other text is not added), never again
	// from that word: a line of Chinese between two words is read once.
	brk := false
	if n := len(sc.words); i > 0 && !joined && n > 0 {
		if sc.gapWords != n {
			// a word was added since the gap was last read
			sc.gapWords, sc.gapFrom, sc.gapBrk = n, sc.words[n-1].end+1, false
		}
		from := sc.gapFrom - 1
		sc.gapBrk = sc.gapBrk || from < i && sentenceBreak(t[from:i])
		sc.gapFrom = i
		brk = sc.gapBrk
	}
	// The words go to sc.words when the run ends: storing the slice for
	// each word would pass the garbage collector's write barrier, which
	// costs while a collection runs, and a page with damage to repair
	// allocates enough to keep one running a good part of the time.
	dst := sc.words
	// Only the first word of the run can be glued to the text before it
	// (a digit or a non-ASCII character); the others follow a space.
	glued := i > 0 && (isDigit(t[i-1]) || t[i-1] >= 0x80)
	for {
		// Room for the word is made before its end is found, even for a
		// word that is then not added: a call among the word's work made
		// the compiler keep more of its values on the stack.
		if len(dst) == cap(dst) {
			dst = slices.Grow(dst, n/4+8)
		}
		// The end of the word, eight bytes at a time.
		j := i + 1
	word:
		for j+8 <= n {
			mask := letterMask(load64(t, j))
			if mask != highs {
				j += bits.TrailingZeros64(^mask&highs) / 8
				goto apostrophe
			}
			j += 8
		}
		for j < n && letterByte[t[j]] {
			j++
		}
	apostrophe:
		// c0, c1 and c2 are the three bytes after the word, 0 past the
		// end of t (a NUL byte is no letter, digit or blank either).
		var c0, c1, c2 byte
		if j+3 <= n {
			after := t[j : j+3]
			c0, c1, c2 = after[0], after[1], after[2]
		} else {
			if j < n {
				c0 = t[j]
			}
			if j+1 < n {
				c1 = t[j+1]
			}
		}
		if c0 == '\'' && letterByte[c1] {
			j += 2 // an inner apostrophe: don't, children's
			goto word
		}

		if !(isDigit(c0) || glued) {
			dst = dst[:len(dst)+1]
			k := len(dst) - 1
			w := &dst[k]
			l := j - i
			var key0 uint64 // the first eight letters, packed
			var h uint64
			var wbits uint32
			long := false
			// Each result goes to w and stays in a register: reading it
			// back from w would wait for the store. packKey and get are
			// written out for the words of up to 16 letters: all but a
			// few, the last word of each block among them (packTail).
			if l <= 8 && n >= 8 {
				key0 = packTail(t, i, l)
				key := wkey{n: uint8(l)}
				key.w[0] = key0
				h = key.hash()
				wbits = lookupShort(key0, h)
			} else if l > 8 && l <= 16 {
				// i+8 < j <= n: the first eight letters are one load
				key := wkey{n: uint8(l)}
				key.w[0] = load64(t, i) | 0x2020202020202020
				key.w[1] = packTail(t, i+8, l-8)
				key0 = key.w[0]
				h = key.hash()
				if wordLists.mayHold(h) {
					wbits = wordLists.getHashed(&key, h)
				}
			} else if key, ok := packKey(t, i, j); ok {
				key0 = key.w[0]
				h = key.hash()
				wbits = wordLists.getHashed(&key, h)
			} else {
				long = true
			}
			// Field by field: a composite literal would zero the word
			// first.
			w.start, w.end, w.hash, w.bits, w.joined, w.long = i, j, h, wbits, joined, long

			wordBrk := brk
			brk = false
			if sc.scoreMT {
				// mtScore's step for one word. Whether the word goes on
				// a run of content words is computed, not branched on.
				if wordBrk {
					m.endSentence()
				}
				if k > 0 && joined {
					if pair := (dst[k-1].bits << pairShift) & wbits; pair != 0 {
						m.bad = append(m.bad, k) // "does has", "can is"
						if pair&lexBare != 0 {
							m.bareVerbs++ // "is adhere"
						}
					}
				}
				content := 0
				if wbits&lexFunction == 0 && isLower(t[i]) {
					content = 1
				}
				goesOn := content
				if !joined || m.runLen == 0 {
					goesOn = 0
				}
				if goesOn == 0 && m.runLen > 5 {
					m.runFirst = k - m.runLen
					m.longRun()
				}
				m.runLen = m.runLen&-goesOn + content
				m.sentWords++
				m.sentDet |= wbits & lexDeterminer
			}

			if !sc.candidate {
				switch {
				case wbits&ruleBits != 0:
					sc.candidate = true
				case wbits&lexSingularVerb != 0 && k > 0 && joined && mayBeSubject(t, &dst[k-1]):
					// agreementCandidate, from the word's values at hand
					sc.candidate = true
				case sc.glossary != nil && !long && sc.glossary.firstWords.mayHold(h):
					sc.candidate = true
				case wbits&lexTermEnd != 0 && sc.scoreMT:
					_, _, _, sc.candidate = termTypoAt(t, dst, k, &sc.lowerBuf)
				case l >= typoMinLen && sc.scoreMT && !long && startsLikeTerm(uint32(key0)):
					sc.candidate = !sc.notTypoSeen(h)
				}
			}
		}

		// The next word of the run, if the gap is one a run goes on over.
		glued = false
		switch {
		case c0 == ' ' && letterByte[c1]:
			i, joined = j+1, true
		case c0 < utf8.RuneSelf && asciiClass[c0] == clPunct && c1 == ' ' && letterByte[c2]:
			// A sentence that ended before a word the scan skips (3rd)
			// still ended before the next word.
			i, joined, brk = j+2, false, brk || c0 == '.' || c0 == '!' || c0 == '?'
		default:
			sc.words = dst
			if sc.scoreMT {
				m.runFirst = len(dst) - m.runLen
				m.last = len(dst)
			}
			return j
		}
	}
}
