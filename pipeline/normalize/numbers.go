package normalize

import (
	"fmt"
	"strings"
)

// This file holds the number rules of the mt family. Content-farm machine
// translation splits numbers ("in 20 14") and leaves tokens no writer types
// ("65438+0" for 1, "/kloc", "members1person").
// Only a year split after a preposition is certain enough to join; the
// rest is flagged.

// yearPrepositions introduce a year: "in 2014", "from 1998", "since 2001".
var yearPrepositions = set("in from to of since")

// garbageTokens appear only in machine-translated text: the translator
// turns the digit 1 into 65438 (壹 read through a broken table), "thousand
// lines of code" into /kloc, and a count word into 1person.
var garbageTokens = []string{"65438", "/kloc", "1person"}

// numbersPass joins years split after a preposition and flags number
// garbage, and, in a paragraph with garbage, other split numbers. A block
// is one paragraph.
func numbersPass(s *state) {
	numbersIn(s, 0, len(strings.TrimRight(s.text, "\n")))
}

func numbersIn(s *state, from, to int) {
	t := s.text
	para := t[from:to]
	if !strings.ContainsAny(para, "0123456789") {
		return
	}
	garbage := false
	// One walk over the tokens (between spaces and line breaks); a token
	// with garbage is flagged once, with the first kind it holds.
	for st := from; st < to; {
		en := st
		for en < to && t[en] != ' ' && t[en] != '\n' {
			en++
		}
		s.ctx.work += en - st
		if g := garbageIn(t[st:en]); g != "" {
			garbage = true
			s.flag(st, en, ruleMTNumberGarbage, fmt.Sprintf("%q is machine-translation garbage for a number (%s never occurs in written text); every number on this page is suspect", t[st:en], g))
		}
		st = en + 1
	}
	for i := from; i < to; i++ {
		if !isDigit(t[i]) || i > from && (isAlnum(t[i-1]) || t[i-1] == '.' || t[i-1] == ',') {
			continue
		}
		a := digitsAt(t, i, to)
		j := i + len(a)
		if j+1 >= to || t[j] != ' ' || !isDigit(t[j+1]) {
			i = j
			continue
		}
		b := digitsAt(t, j+1, to)
		k := j + 1 + len(b)
		if k < to && (isAlnum(t[k]) || t[k] == '-' || t[k] == '%' || t[k] == ',' && k+1 < to && isDigit(t[k+1]) || t[k] == '.' && k+1 < to && isDigit(t[k+1])) {
			i = j
			continue
		}
		year := a + b
		if len(year) == 4 && (strings.HasPrefix(year, "19") || strings.HasPrefix(year, "20")) && len(a) >= 2 && yearPrepositions[strings.ToLower(wordBefore(t, i))] {
			s.fix(j, j+1, "", ruleSplitYear)
		} else if garbage && b[0] == '1' {
			s.flag(i, k, ruleSplitNumber, fmt.Sprintf("%q may be one number split by machine translation (%s), or two; a person must check", t[i:k], year))
		}
		i = j
	}
}

// garbageIn returns the first garbage token tok holds, or "".
func garbageIn(tok string) string {
	for _, g := range garbageTokens {
		for i := 0; ; {
			j := strings.Index(tok[i:], g)
			if j < 0 {
				break
			}
			j += i
			i = j + len(g)
			if g == "1person" && (j == 0 || !isLetter(tok[j-1])) {
				continue // "1person" glued to a noun: members1person
			}
			if g == "65438" && j+len(g) < len(tok) && isDigit(tok[j+len(g)]) {
				continue // 6543800 is a number; 65438 ends the garbage
			}
			return g
		}
	}
	return ""
}

func digitsAt(t string, i, to int) string {
	j := i
	for j < to && isDigit(t[j]) {
		j++
	}
	return t[i:j]
}

// wordBefore returns the word that ends one space before offset i.
func wordBefore(t string, i int) string {
	if i < 2 || t[i-1] != ' ' {
		return ""
	}
	j := i - 1
	for j > 0 && isLetter(t[j-1]) {
		j--
	}
	return t[j : i-1]
}
