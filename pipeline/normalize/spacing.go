package normalize

import (
	"iter"
	"math/bits"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// invisiblePass removes characters that take no room and carry no meaning
// in running text: zero-width spaces and joiners, the word joiner, a byte-
// order mark inside the text, the soft hyphen, and C0 and C1 control
// characters (tab and line breaks stay). It looks only at the bytes such
// characters start with, so ASCII text passes at memory speed.
func invisiblePass(s *state) {
	t := s.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				s.fix(i, i+1, "", ruleControlChar)
			}
		case c == 0x7f:
			s.fix(i, i+1, "", ruleControlChar)
		case c == 0xc2 && i+1 < len(t):
			if n := t[i+1]; n >= 0x80 && n <= 0x9f {
				s.fix(i, i+2, "", ruleControlChar)
				i++
			} else if n == 0xad {
				s.fix(i, i+2, "", ruleZeroWidth)
				i++
			}
		case c == 0xe2 && i+2 < len(t):
			if t[i+1] == 0x80 && t[i+2] >= 0x8b && t[i+2] <= 0x8d || t[i+1] == 0x81 && t[i+2] == 0xa0 {
				s.fix(i, i+3, "", ruleZeroWidth)
				i += 2
			}
		case c == 0xef && i+2 < len(t) && t[i+1] == 0xbb && t[i+2] == 0xbf:
			s.fix(i, i+3, "", ruleZeroWidth)
			i += 2
		}
	}
}

// nfcPass composes text to Unicode Normalization Form C, so that "é"
// typed as e + combining acute is one character, as every catalogue and
// search expects. The quick check skips text already in NFC, which is
// nearly all of it.
func nfcPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		n := norm.NFC.QuickSpanString(t[i:])
		if i+n >= len(t) {
			return
		}
		// Back up to the start of the segment the quick check stopped in.
		start := i + n
		for start > i {
			r, size := utf8.DecodeLastRuneInString(t[:start])
			if norm.NFC.PropertiesString(string(r)).CCC() == 0 && norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
				start -= size
				break
			}
			start -= size
		}
		end := i + n
		if end < len(t) {
			end += norm.NFC.NextBoundaryInString(t[end:], true)
		}
		if end <= start {
			end = start + 1
		}
		seg := t[start:end]
		if c := norm.NFC.String(seg); c != seg {
			s.fix(start, end, c, ruleNFC)
		}
		i = end
	}
}

// lineBreaksPass turns CRLF and a lone CR into LF, so that blank lines
// separate blocks whatever system saved the page.
func lineBreaksPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		j := strings.IndexByte(t[i:], '\r')
		if j < 0 {
			return
		}
		j += i
		end := j + 1
		if end < len(t) && t[end] == '\n' {
			end++
		}
		s.fix(j, end, "\n", ruleLineBreaks)
		i = end
	}
}

const nbsp = "\u00a0"

// nbspPass turns a non-breaking space into a space, keeping French
// typography (a non-breaking space before ; : ? ! » and after «).
func nbspPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		j := strings.Index(t[i:], nbsp)
		if j < 0 {
			return
		}
		j += i
		e := j + len(nbsp)
		french := strings.HasSuffix(t[:j], "«") || (e < len(t) && strings.ContainsRune(";:?!»", rune(t[e]))) || strings.HasPrefix(t[e:], "»")
		if !french {
			s.fix(j, e, " ", ruleNBSP)
		}
		i = e
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// sentencePunct is the ASCII punctuation the spacing rules put a space
// after (and none before).
const sentencePunct = ",.;:?!"

// byteSet marks a set of ASCII bytes. strings.IndexAny builds such a set on
// every call, which costs more than the search in a short block.
type byteSet [256]bool

func newByteSet(chars string) (s byteSet) {
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return s
}

var (
	punctSet  = newByteSet(sentencePunct)
	markerSet = newByteSet(markerBytes)
)

// indexByteSet returns the index of the first byte of t in set, or -1.
func indexByteSet(t string, set *byteSet) int {
	for i := 0; i < len(t); i++ {
		if set[t[i]] {
			return i
		}
	}
	return -1
}

// lines yields the start and end of each line of t, the end before its
// line break, and whether a line break follows.
func lines(t string) iter.Seq2[[2]int, bool] {
	return func(yield func([2]int, bool) bool) {
		for i := 0; i <= len(t); {
			nl := strings.IndexByte(t[i:], '\n')
			if nl < 0 {
				if i < len(t) || i == 0 {
					yield([2]int{i, len(t)}, false)
				}
				return
			}
			if !yield([2]int{i, i + nl}, true) {
				return
			}
			i += nl + 1
		}
	}
}

// blankLinesPass empties lines that hold only blanks and collapses runs of
// blank lines into one, dropping blank lines at the very start. It runs on
// the whole text, since blank lines are what separates the blocks.
func blankLinesPass(s *state) {
	t := s.text
	prevBlank := true // a blank line at the very start is dropped too
	// The lines as lines yields them, found without a call for the empty
	// line between two paragraphs, which is every other line of prose.
	for i := 0; i <= len(t); {
		end, broken := len(t), false
		if i < len(t) && t[i] == '\n' {
			end, broken = i, true
		} else if nl := strings.IndexByte(t[i:], '\n'); nl >= 0 {
			end, broken = i+nl, true
		} else if i == len(t) && i > 0 {
			return
		}
		blank := true
		for k := i; k < end; k++ {
			if !isBlank(t[k]) {
				blank = false
				break
			}
		}
		switch {
		case blank && prevBlank && broken:
			s.fix(i, end+1, "", ruleBlankLines)
		case blank && end > i:
			s.fix(i, end, "", ruleTrailingSpace)
		}
		prevBlank = blank
		if !broken {
			return
		}
		i = end + 1
	}
}

// trailingSpacePass removes blanks at the end of each line of a block.
func trailingSpacePass(s *state) {
	t := s.text
	for l := range lines(t) {
		k := l[1]
		for k > l[0] && isBlank(t[k-1]) {
			k--
		}
		if k < l[1] && k > l[0] {
			s.fix(k, l[1], "", ruleTrailingSpace)
		}
	}
}

// spaceRunPass collapses runs of blanks inside a line and removes blanks
// before , . ; : ? ! (indentation at the start of a line is kept).
func spaceRunPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		j := nextBlankHit(t, i)
		if j < 0 {
			return
		}
		k := j
		for k < len(t) && isBlank(t[k]) {
			k++
		}
		i = k
		if j == 0 || t[j-1] == '\n' || k == len(t) || t[k] == '\n' {
			continue // indentation or trailing blanks (linesPass)
		}
		if spaceBeforePunct(t, j, k) {
			s.fix(j, k, "", ruleSpaceBeforePunct)
			continue
		}
		if k-j > 1 || t[j] == '\t' {
			s.fix(j, k, " ", ruleSpaceRun)
		}
	}
}

// spaceBeforePunct reports whether the blanks t[j:k] stand wrongly before
// punctuation: a word before, and the mark ends a word (space, end of line,
// closing quote), so that "... ", " :)" and " .NET" are left alone.
func spaceBeforePunct(t string, j, k int) bool {
	p := t[k]
	if !punctSet[p] {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(t[:j])
	if !(prev < utf8.RuneSelf && (isAlnum(byte(prev)) || prev == ')' || prev == '"' || prev == '\'')) {
		return false
	}
	if k+1 == len(t) {
		return true
	}
	switch n := t[k+1]; {
	case n == ' ' || n == '\t' || n == '\n':
		return true
	case n == '"' || n == ')':
		return p != ':' && p != ';' // not an emoticon such as :) or ;)
	case (p == ',' || p == ';') && isLetter(n):
		return true
	}
	return false
}

// abbreviations whose inner dots must not get a space.
var abbreviations = map[string]bool{"e.g": true, "i.e": true, "a.m": true, "p.m": true, "et al": true, "vs": true, "cf": true}

// maxAbbreviation is the length of the longest abbreviation: a longer word
// before a full stop needs no lookup.
const maxAbbreviation = 5

// spaceAfterPunctPass adds the space missing after , . ; : ? ! before a
// word: "division,we" and "Sciences.In". It keeps 1,000 and 3.14, e.g. and
// U.S.A., Node.js and example.com, v1.2.3, URLs, e-mail addresses, HTML
// entities and "::".
func spaceAfterPunctPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		j := indexByteSet(t[i:], &punctSet)
		if j < 0 {
			return
		}
		j += i
		i = j + 1
		if j == 0 || j+1 >= len(t) {
			continue
		}
		if needsSpaceAfter(s, j) {
			s.fix(j+1, j+1, " ", ruleSpaceAfterPunct)
		}
	}
}

func needsSpaceAfter(s *state, j int) bool {
	t := s.text
	p, prev, next := t[j], t[j-1], t[j+1]
	if !isAlnum(next) {
		return false
	}
	// The index is asked only past the cheap tests: most marks are
	// followed by a space and never get here.
	codeBefore := false
	if prev == '`' || prev == '$' {
		_, codeBefore = s.index().codeEnds(j)
	}
	if !(isAlnum(prev) || prev == ')' || prev == '"' || prev == '\'' || prev == ']' || codeBefore) {
		return false
	}
	x := s.index()
	if x.inCode(j) {
		return false
	}
	if kind, ok := x.codeStarts(j + 1); ok && kind == codeURL && isAlnum(prev) {
		return true // "in 2019.https://…": a URL after a sentence
	}
	switch p {
	case ',':
		// 1,000 and 3,5 are numbers; professors,3 is a list.
		return isLetter(next) || !isDigit(prev)
	case ';':
		return isLetter(next) && !endsEntity(t, j)
	case ':':
		return isUpper(next) && isLetter(prev) && t[j-1] != ':'
	case '?', '!':
		return isUpper(next)
	case '.':
		if !isUpper(next) {
			return false // decimals, versions, e.g., domains, file names
		}
		before := letterRunBefore(t, j)
		after := letterRunAfter(t, j+1)
		if len(before) == 1 && !isDigit(prev) {
			return false // U.S.A., J.R.R.
		}
		if len(after) == 1 && j+2 < len(t) && t[j+2] == '.' {
			return false // Ph.D.
		}
		if len(before) <= maxAbbreviation && abbreviations[strings.ToLower(before)] {
			return false
		}
		if len(after) >= 2 && allUpper(after) && isUpper(prev) {
			return false // ASP.NET
		}
		// Example.Com/path, File.Name.txt: the name goes on after the word.
		// A capital after the next dot does not count: this rule would
		// split it off as a sentence too, and must judge both dots alike.
		e := j + 1 + len(after)
		if e+1 < len(t) && ((t[e] == '/' || t[e] == '_') && isAlnum(t[e+1]) || t[e] == '.' && (isLower(t[e+1]) || isDigit(t[e+1]))) {
			return false
		}
		return true
	}
	return false
}

func allUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

func letterRunBefore(t string, j int) string {
	i := j
	for i > 0 && isLetter(t[i-1]) {
		i--
	}
	return t[i:j]
}

func letterRunAfter(t string, j int) string {
	i := j
	for i < len(t) && isLetter(t[i]) {
		i++
	}
	return t[j:i]
}

// endsEntity reports whether the ';' at j closes an HTML entity.
func endsEntity(t string, j int) bool {
	i := j
	for i > 0 && j-i < 10 && (isAlnum(t[i-1]) || t[i-1] == '#') {
		i--
	}
	if i == j || i == 0 {
		return false
	}
	return t[i-1] == '&' || strings.HasSuffix(t[:i], "&amp;") // &lt; or, escaped again, &amp;lt;
}

// The space-run rule looks for a few byte pairs in text that is mostly
// letters and single spaces. nextBlankHit finds them eight bytes at a time,
// so that a block costs it a few steps, not a step and a test per space.

// nextBlankHit returns the index, from i on, of the first tab or space that
// is not followed by an ASCII letter (a single space before a word is never
// wrong), or -1.
func nextBlankHit(t string, i int) int {
	for ; i+9 <= len(t); i += 8 {
		v, next := load64(t, i), load64(t, i+1)
		if hits := byteEq(v, '\t') | byteEq(v, ' ')&^letterMask(next); hits != 0 {
			return i + bits.TrailingZeros64(hits)/8
		}
	}
	for ; i < len(t); i++ {
		if t[i] == '\t' || t[i] == ' ' && !(i+1 < len(t) && letterByte[t[i+1]]) {
			return i
		}
	}
	return -1
}

// byteEq sets the high bit of each byte of v that equals b, exactly: the
// low seven bits of a byte plus 0x7f carry into its high bit only when they
// are not all zero, and never into the next byte.
func byteEq(v uint64, b byte) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	x := v ^ uint64(b)*0x0101010101010101 // zero where v has b
	return ^((x&low7 + low7) | x | low7)
}
