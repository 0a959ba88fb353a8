package normalize

import (
	"strings"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// This file holds the width family (GARBLE.md classes 11 and 12): letters
// and digits typed in full width, full-width punctuation inside English
// sentences, and ASCII punctuation inside Chinese ones. Which punctuation a
// sentence takes depends on its language, so each mark is judged by the
// clause around it; URLs, e-mail addresses, code spans and numbers are
// never touched.

// narrowPunct returns the ASCII form of full-width punctuation. x/text's
// width.Narrow would turn 。 into the half-width ｡, and NFKC leaves it
// alone, so the full stop is mapped explicitly.
func narrowPunct(r rune) (string, bool) {
	switch r {
	case '，', '、':
		return ",", true
	case '。', '．':
		return ".", true
	case '：':
		return ":", true
	case '；':
		return ";", true
	case '！':
		return "!", true
	case '？':
		return "?", true
	case '（':
		return "(", true
	case '）':
		return ")", true
	case '\u3000':
		return " ", true
	}
	return "", false
}

// widePunct returns the full-width form Chinese takes of ASCII punctuation.
func widePunct(c byte) (string, bool) {
	switch c {
	case ',':
		return "，", true
	case ':':
		return "：", true
	case ';':
		return "；", true
	case '!':
		return "！", true
	case '?':
		return "？", true
	case '(':
		return "（", true
	case ')':
		return "）", true
	case '.':
		return "。", true
	}
	return "", false
}

// isCJKText reports whether r is written in a CJK script: Han, kana,
// hangul or CJK punctuation.
func isCJKText(r rune) bool {
	return isCJK(r) || r >= 0x3000 && r <= 0x303f || r >= 0xff01 && r <= 0xff0f || r >= 0xff1a && r <= 0xff20
}

// isCJK reports whether r is a letter of a CJK script: Han (with extension
// A), kana or hangul.
func isCJK(r rune) bool {
	return source.IsHan(r) || r >= 0x3040 && r <= 0x30ff || r >= 0x3400 && r <= 0x4dbf || r >= 0xac00 && r <= 0xd7a3
}

// clause returns the bounds of the clause around offset i: from the last
// sentence end or line break before it to the next one after it.
func clause(t string, i int) (int, int) {
	from := i
	for from > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:from])
		if r == '\n' || r == '。' || r == '！' || r == '？' || (r == '.' || r == '!' || r == '?') && from < len(t) && t[from] == ' ' {
			break
		}
		from -= size
	}
	to := i
	if r, size := utf8.DecodeRuneInString(t[i:]); r != utf8.RuneError || size > 0 {
		to += size
	}
	for to < len(t) {
		r, size := utf8.DecodeRuneInString(t[to:])
		if r == '\n' || r == '。' || r == '！' || r == '？' || (r == '.' || r == '!' || r == '?') && to+1 < len(t) && t[to+1] == ' ' {
			break
		}
		to += size
	}
	return from, to
}

// clauseScripts counts the CJK letters and the Latin letters of the clause
// around offset i.
func clauseScripts(t string, i int) (cjk, latin int) {
	from, to := clause(t, i)
	for _, r := range t[from:to] {
		switch {
		case isCJK(r):
			cjk++
		case r < 0x80 && isLetter(byte(r)):
			latin++
		}
	}
	return cjk, latin
}

// chineseClause reports whether the clause around offset i is written in
// Chinese: it has at least one CJK character for every five Latin letters
// (a word of English against a character of Chinese).
func chineseClause(t string, i int) bool {
	cjk, latin := clauseScripts(t, i)
	return cjk*5 >= latin
}

// widthPass applies the width rules in one scan.
func widthPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			switch _, ok := widePunct(c); {
			case c == '(':
				widenParen(s, i)
			case ok && c != ')' && (i > 0 && t[i-1] >= utf8.RuneSelf || i+1 < len(t) && t[i+1] >= utf8.RuneSelf):
				widenAfterCJK(s, i)
			}
			i++
			continue
		}
		if c >= 0xe4 && c <= 0xe9 {
			i += 3 // a Han character: nothing for this rule
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r >= 0xff10 && r <= 0xff19, r >= 0xff21 && r <= 0xff3a, r >= 0xff41 && r <= 0xff5a:
			s.fix(i, i+size, string(r-0xfee0), ruleFullwidthAlnum)
		default:
			if ascii, ok := narrowPunct(r); ok {
				narrowInEnglish(s, i, size, ascii)
			}
		}
		i += size
	}
}

// narrowInEnglish maps the full-width mark at t[i:i+size] to ASCII when it
// stands between Latin letters or digits in a clause without CJK text:
// "waiter count，and" → "waiter count, and".
func narrowInEnglish(s *state, i, size int, ascii string) {
	t := s.text
	before := strings.TrimRight(t[:i], " \u3000")
	after := strings.TrimLeft(t[i+size:], " \u3000")
	prev, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(after)
	latin := func(r rune) bool { return r < 0x80 && (isAlnum(byte(r)) || r == ')' || r == '"' || r == '\'') }
	opening := ascii == "("
	switch {
	case ascii == " ":
		if !(prev > ' ' && prev < 0x7f && next > ' ' && next < 0x7f) {
			return // an ideographic space between English words or marks
		}
	case opening && !latin(next) || !opening && !latin(prev) || !latin(prev) && !latin(next):
		return
	}
	if cjk, _ := clauseScripts(t, i); cjk > 0 {
		return // 、 between English names in a Chinese sentence stays
	}
	repl := ascii
	rawPrev, rawNext := runeBefore(t, i), runeAfter(t, i+size)
	switch {
	case ascii == " " && (rawPrev == ' ' || rawNext == ' '):
		repl = "" // an ideographic space beside a space
	case ascii == "(" && latin(rawPrev):
		repl = " (" // "value（see" → "value (see"
	case strings.Contains(",;:.?!)", ascii) && rawNext < 0x80 && isAlnum(byte(rawNext)):
		repl += " " // full-width marks carry their own space: "count，and" → "count, and"
	}
	s.fix(i, i+size, repl, ruleFullwidthPunct)
}

// widenAfterCJK maps the ASCII mark at t[i] to full width when it follows
// CJK text in a Chinese clause: "是一个库," → "是一个库，". A mark inside a
// number (1,000, 12:30), a URL or a code span stays.
func widenAfterCJK(s *state, i int) {
	t := s.text
	c := t[i]
	prev := runeBefore(t, i)
	next := runeAfter(t, i+1)
	switch {
	case c == '.':
		if !isCJK(prev) || !(i+1 == len(t) || next == '\n' || isCJK(next)) {
			return // only a full stop that ends a Chinese sentence
		}
	case isCJK(prev):
		if (c == ':' || c == ',') && next < 0x80 && isDigit(byte(next)) {
			return
		}
	case !isCJK(next) || c == '!' || c == '?':
		return // "12:30,价格" is Chinese; "Hello!你好" may be English
	}
	if inCode(t, i) || inURLToken(t, i) || !chineseClause(t, i) {
		return
	}
	wide, _ := widePunct(c)
	s.fix(i, i+1, wide, ruleCJKPunct)
}

// widenParen maps a pair of ASCII parentheses to full width when what they
// enclose, or what stands right outside them, is Chinese:
// "ftfy(fixes text for you)是一个" → "ftfy（fixes text for you）是一个".
func widenParen(s *state, i int) {
	t := s.text
	j := strings.IndexByte(t[i:], ')')
	nl := strings.IndexByte(t[i:], '\n')
	if j < 0 || nl >= 0 && nl < j || strings.IndexByte(t[i+1:i+j], '(') >= 0 {
		return
	}
	j += i
	prev, _ := utf8.DecodeLastRuneInString(t[:i])
	next := runeAfter(t, j+1)
	if !(isCJK(prev) || isCJK(next)) || inCode(t, i) || inURLToken(t, i) || !chineseClause(t, i) {
		return // "Oncology (小儿血液肿瘤科) was" is English with a Chinese aside
	}
	s.fix(i, i+1, "（", ruleCJKPunct)
	s.fix(j, j+1, "）", ruleCJKPunct)
}

// inCode reports whether offset i lies inside a `code span` of its line.
func inCode(t string, i int) bool {
	start := strings.LastIndexByte(t[:i], '\n') + 1
	return strings.Count(t[start:i], "`")%2 == 1
}

// cjkSpacingPass puts one space between CJK text and Latin letters or
// digits (chinese-copywriting-guidelines: "在 LeanCloud 上，数据存储"), and
// removes spaces beside full-width punctuation, which carries its own.
// A % or ° after a number, and URLs and code, are left alone.
func cjkSpacingPass(s *state) {
	t := s.text
	prevEnd := -1
	var prev rune
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		if prevEnd == i && i > 0 {
			switch {
			case isCJK(prev) && r < 0x80 && isAlnum(byte(r)),
				prev < 0x80 && isAlnum(byte(prev)) && isCJK(r):
				// A URL ends before Chinese text (访问https://a.cn获取);
				// an IRI path goes on after / or =, which are not alnum.
				if !inCode(t, i) {
					s.fix(i, i, " ", ruleCJKSpacing)
				}
			}
		}
		if r == ' ' {
			j := i
			for j < len(t) && t[j] == ' ' {
				j++
			}
			before, _ := utf8.DecodeLastRuneInString(t[:i])
			after := runeAfter(t, j)
			if i > 0 && j < len(t) && after != '\n' && (fullWidthPunct(before) && (isCJKText(after) || after < 0x80 && isAlnum(byte(after))) || fullWidthPunct(after) && (isCJKText(before) || before < 0x80 && isAlnum(byte(before)))) {
				s.fix(i, j, "", ruleCJKSpacing)
			}
			prev, prevEnd = ' ', j
			i = j
			continue
		}
		prev, prevEnd = r, i+size
		i += size
	}
}

// fullWidthPunct reports whether r is full-width punctuation of Chinese.
func fullWidthPunct(r rune) bool {
	switch r {
	case '，', '。', '、', '：', '；', '！', '？', '（', '）', '「', '」', '『', '』', '《', '》', '【', '】':
		return true
	}
	return false
}
