package catalog

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Similarity is how alike two source texts are, from 0 (nothing in
// common) to 1 (the same words). It is the share of words the two texts
// have in common, in order: 2·LCS/(n+m), where LCS is the longest common
// subsequence of their words and n and m their word counts, as gettext's
// msgmerge measures two strings, but by words: letters and digits in runs,
// in any case, and each Han character as a word of its own. By words, two
// unrelated paragraphs of the same subject score 0.1 to 0.2 (by letters they
// would score 0.4), and one edited word costs little.
//
// A text of three words or fewer is compared letter by letter as well,
// and the better score counts: one changed word is a third of such a
// heading, but a fixed typo ("Reserach" → "Research") or a changed ending
// leaves it recognisable.
func Similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	ta, tb := words(a), words(b)
	s := 0.0
	if n, m := len(ta), len(tb); n+m > 0 {
		ids := map[string]int{}
		s = ratio(lcs(intern(ta, ids), intern(tb, ids)), n, m)
	}
	if min(len(ta), len(tb)) <= 3 {
		ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
		if c := ratio(lcs(runesAsInts(ra), runesAsInts(rb)), len(ra), len(rb)); c > s {
			s = c
		}
	}
	return s
}

// containment is the share of part's words that stand, in order, in whole.
func containment(part, whole string) float64 {
	tp, tw := words(part), words(whole)
	if len(tp) == 0 {
		return 0
	}
	ids := map[string]int{}
	return float64(lcs(intern(tp, ids), intern(tw, ids))) / float64(len(tp))
}

func ratio(common, n, m int) float64 {
	if n+m == 0 {
		return 1
	}
	return 2 * float64(common) / float64(n+m)
}

// words splits a text into the units Similarity counts.
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			if start >= 0 {
				out = append(out, strings.ToLower(s[start:i]))
				start = -1
			}
			out = append(out, s[i:i+utf8.RuneLen(r)])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				out = append(out, strings.ToLower(s[start:i]))
				start = -1
			}
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

func intern(ws []string, ids map[string]int) []int {
	out := make([]int, len(ws))
	for i, w := range ws {
		id, ok := ids[w]
		if !ok {
			id = len(ids)
			ids[w] = id
		}
		out[i] = id
	}
	return out
}

func runesAsInts(rs []rune) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = int(r)
	}
	return out
}

// lcs returns the length of the longest common subsequence of a and b,
// computed 64 symbols of a at a time (Allison and Dix's bit-vector
// algorithm, in Hyyrö's form): V holds a 0 bit where the subsequence
// grows; each symbol of b updates all of V with one add and a few logical
// operations per word.
func lcs(a, b []int) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	words := (len(a) + 63) / 64
	match := map[int][]uint64{}
	for i, s := range a {
		m := match[s]
		if m == nil {
			m = make([]uint64, words)
			match[s] = m
		}
		m[i/64] |= 1 << (i % 64)
	}
	v := make([]uint64, words)
	for i := range v {
		v[i] = ^uint64(0)
	}
	for _, s := range b {
		m := match[s]
		if m == nil {
			continue
		}
		var carry uint64
		for w := range v {
			u := v[w] & m[w]
			var sum uint64
			sum, carry = bits.Add64(v[w], u, carry)
			v[w] = sum | (v[w] &^ m[w])
		}
	}
	zeros := 0
	for w, x := range v {
		if w == words-1 && len(a)%64 != 0 {
			x |= ^uint64(0) << (len(a) % 64) // bits past the end of a
		}
		zeros += 64 - bits.OnesCount64(x)
	}
	return zeros
}
