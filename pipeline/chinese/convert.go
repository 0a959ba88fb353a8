package chinese

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Converting Simplified Chinese to Traditional Chinese as Taiwan writes it
// is done phrase by phrase, as OpenCC's s2tw does: the text is cut into the
// longest phrases its phrase dictionary knows, a phrase known is written
// as the dictionary says (头发 → 頭髮, 发展 → 發展: one simplified character
// may stand for several traditional ones), any other character as its
// first traditional form, and then each character in Taiwan's standard
// form (OpenCC's traditional forms are the older ones). Words that Taiwan
// says otherwise (软件 → 軟體) are not changed unless the caller's terms
// say so: a term, the longest first, is written as given, before any
// phrase.

//go:embed s2tw.gz
var s2twData []byte

type conversion struct {
	phrases  map[string]string
	chars    map[rune]string
	variants map[rune]string
	longest  int // runes of the longest phrase
}

var s2tw = sync.OnceValue(func() *conversion {
	c := &conversion{phrases: map[string]string{}, chars: map[rune]string{}, variants: map[rune]string{}}
	z, err := gzip.NewReader(bytes.NewReader(s2twData))
	if err != nil {
		panic("chinese: s2tw.gz: " + err.Error())
	}
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		kind, rest, _ := strings.Cut(sc.Text(), "\t")
		from, to, _ := strings.Cut(rest, "\t")
		r, size := utf8.DecodeRuneInString(from)
		switch {
		case kind == "P":
			c.phrases[from] = to
			c.longest = max(c.longest, utf8.RuneCountInString(from))
		case kind == "C" && size == len(from):
			c.chars[r] = to
		case kind == "V" && size == len(from):
			c.variants[r] = to
		}
	}
	if err := sc.Err(); err != nil {
		panic("chinese: s2tw.gz: " + err.Error())
	}
	return c
})

// ToTaiwan converts Simplified Chinese text to Traditional Chinese as
// Taiwan writes it (see the comment above). terms maps Simplified words
// to the Traditional words to write for them (regional vocabulary, a
// project's own terms); nil for none.
func ToTaiwan(s string, terms map[string]string) string {
	c := s2tw()
	longestTerm := 0
	for k := range terms {
		longestTerm = max(longestTerm, utf8.RuneCountInString(k))
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		// a term first, then the longest phrase
		if out, n := longestMatch(s[i:], terms, longestTerm); n > 0 {
			b.WriteString(out) // as the terms give it: no variant applied
			i += n
			continue
		}
		out, n := longestMatch(s[i:], c.phrases, c.longest)
		if n == 0 {
			r, size := utf8.DecodeRuneInString(s[i:])
			n = size
			out = s[i : i+size]
			if t, ok := c.chars[r]; ok {
				out = t
			}
		}
		for _, r := range out {
			if v, ok := c.variants[r]; ok {
				b.WriteString(v)
			} else {
				b.WriteRune(r)
			}
		}
		i += n
	}
	return b.String()
}

// longestMatch finds the longest key of dict, of at most most runes,
// that s begins with, and returns its value and length in bytes.
func longestMatch(s string, dict map[string]string, most int) (string, int) {
	if len(dict) == 0 || most == 0 {
		return "", 0
	}
	// the byte ends of the first runes of s, longest last
	ends := make([]int, 0, most)
	for i, n := 0, 0; i < len(s) && n < most; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		ends = append(ends, i)
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if out, ok := dict[s[:ends[k]]]; ok {
			return out, ends[k]
		}
	}
	return "", 0
}
