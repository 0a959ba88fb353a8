package normalize

import (
	"strings"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// This file holds the width family: letters and digits typed in full
// width, full-width punctuation inside English sentences, and ASCII
// punctuation inside Chinese ones. Which punctuation a sentence takes
// depends on its language, so each mark is judged by the clause around it,
// as the block index counts its scripts: Korean and Japanese keep their own
// habits, and code spans, URLs and numbers are never touched.

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

// widthPass applies the width rules in one walk. What the rules need of
// the text around a mark comes from the walk itself (the last character
// that is not blank, the last open parenthesis) or from the block index
// (the clause, code spans), never from a look back over the text.
func widthPass(s *state) {
	t := s.text
	w := widthWalk{open: -1, nextSolid: -1}
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			switch _, ok := widePunct(c); {
			case c == '(':
				w.open = i
			case c == ')':
				if w.open >= 0 {
					widenParens(s, w.open, i)
				}
				w.open = -1
			case c == '\n':
				w.open = -1
			case ok && (i > 0 && t[i-1] >= utf8.RuneSelf || i+1 < len(t) && t[i+1] >= utf8.RuneSelf):
				widenAfterCJK(s, i)
			}
			if c != ' ' {
				w.prevSolid, w.prevSolidEnd = rune(c), i+1
			}
			i++
			continue
		}
		if c >= 0xe4 && c <= 0xe9 {
			w.prevSolid, w.prevSolidEnd = runeAfter(t, i), i+3
			i += 3 // a Han character: nothing for this rule
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r >= 0xff10 && r <= 0xff19, r >= 0xff21 && r <= 0xff3a, r >= 0xff41 && r <= 0xff5a:
			s.fix(i, i+size, string(r-0xfee0), ruleFullwidthAlnum)
		default:
			if ascii, ok := narrowPunct(r); ok {
				narrowInEnglish(s, &w, i, size, ascii)
			}
		}
		if r != '\u3000' {
			w.prevSolid, w.prevSolidEnd = r, i+size
		}
		i += size
	}
}

// widthWalk is what the width walk remembers of the text behind it, and
// ahead of it.
type widthWalk struct {
	open                int  // the last ( of the line not yet closed, or -1
	prevSolid           rune // the last character that is not a space or an ideographic space
	prevSolidEnd        int  // where it ends
	nextSolid, nextFrom int  // the first such character from nextFrom on, when nextSolid >= 0
}

// solidAfter returns the first character from offset i on that is not a
// space or an ideographic space, and its offset. The walk asks for it at
// every mark of a run of ideographic spaces, so the answer is kept while it
// stays ahead.
func (w *widthWalk) solidAfter(t string, i int, work *int) (rune, int) {
	if w.nextSolid >= 0 && w.nextFrom <= i && w.nextSolid >= i {
		return runeAfterOrNone(t, w.nextSolid), w.nextSolid
	}
	j := i
	for j < len(t) {
		if t[j] == ' ' {
			j++
		} else if strings.HasPrefix(t[j:], "\u3000") {
			j += len("\u3000")
		} else {
			break
		}
		*work++
	}
	w.nextSolid, w.nextFrom = j, i
	return runeAfterOrNone(t, j), j
}

// runeAfterOrNone is the character at i, or 0 at the end of t.
func runeAfterOrNone(t string, i int) rune {
	if i >= len(t) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return r
}

// narrowInEnglish maps the full-width mark at t[i:i+size] to ASCII when it
// stands between Latin letters or digits in a clause without CJK text:
// "waiter count，and" → "waiter count, and". A code span counts as English
// on either side ("`make test`。Then"), and a mark before one gets its
// space ("command：`ls`" → "command: `ls`").
func narrowInEnglish(s *state, w *widthWalk, i, size int, ascii string) {
	t := s.text
	prev := w.prevSolid
	if w.prevSolidEnd == 0 {
		prev = 0
	}
	next, nextAt := w.solidAfter(t, i+size, &s.ctx.work)
	latin := func(r rune) bool { return r < 0x80 && (isAlnum(byte(r)) || r == ')' || r == '"' || r == '\'') }
	latinPrev, latinNext := latin(prev), latin(next)
	// A code span counts as English on either side; the index is asked
	// only when a backtick or dollar sign stands there.
	if prev == '`' || prev == '$' {
		_, latinPrev = s.index().codeEnds(w.prevSolidEnd)
	}
	if next == '`' || next == '$' {
		_, latinNext = s.index().codeStarts(nextAt)
	}
	opening := ascii == "("
	switch {
	case ascii == " ":
		if !(prev > ' ' && prev < 0x7f && next > ' ' && next < 0x7f) {
			return // an ideographic space between English words or marks
		}
	case opening && !latinNext || !opening && !latinPrev || !latinPrev && !latinNext:
		return
	}
	x := s.index()
	if x.clauseAround(i).cjk() > 0 {
		return // 、 between English names in a Chinese sentence stays
	}
	repl := ascii
	rawPrev, rawNext := runeBefore(t, i), runeAfter(t, i+size)
	_, spanNext := x.codeStarts(i + size)
	switch {
	case ascii == " " && (rawPrev == ' ' || rawNext == ' '):
		repl = "" // an ideographic space beside a space
	case ascii == "(" && latin(rawPrev):
		repl = " (" // "value（see" → "value (see"
	case strings.Contains(",;:.?!)", ascii) && (rawNext < 0x80 && isAlnum(byte(rawNext)) || spanNext):
		repl += " " // full-width marks carry their own space: "count，and" → "count, and"
	}
	s.fix(i, i+size, repl, ruleFullwidthPunct)
}

// widenAfterCJK maps the ASCII mark at t[i] to full width when it follows
// Chinese text in a Chinese clause: "是一个库," → "是一个库，". A mark inside
// a number (1,000, 12:30), a URL or a code span stays, and so does one in
// Korean or Japanese text.
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
	if x := s.index(); x.inCode(i) || !x.clauseAround(i).chinese() {
		return
	}
	wide, _ := widePunct(c)
	s.fix(i, i+1, wide, ruleCJKPunct)
}

// widenParens maps the ASCII parentheses at open and close to full width
// when what they enclose, or what stands right outside them, is Chinese:
// "ftfy(fixes text for you)是一个" → "ftfy（fixes text for you）是一个".
func widenParens(s *state, open, close int) {
	t := s.text
	prev := runeBefore(t, open)
	next := runeAfter(t, close+1)
	if open == 0 {
		prev = 0
	}
	if !(isCJK(prev) || isCJK(next)) || s.index().inCode(open) || !s.index().clauseAround(open).chinese() {
		return // "Oncology (小儿血液肿瘤科) was" is English with a Chinese aside
	}
	s.fix(open, open+1, "（", ruleCJKPunct)
	s.fix(close, close+1, "）", ruleCJKPunct)
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
			case spacedCJK(prev) && r < 0x80 && isAlnum(byte(r)),
				prev < 0x80 && isAlnum(byte(prev)) && spacedCJK(r):
				// A URL ends before Chinese text (访问https://a.cn获取);
				// an IRI path goes on after / or =, which are not alnum.
				if !s.index().splits(i) {
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
			if i > 0 && j < len(t) && after != '\n' && (fullWidthPunct(before) && (spacedCJKText(after) || after < 0x80 && isAlnum(byte(after))) || fullWidthPunct(after) && (spacedCJKText(before) || before < 0x80 && isAlnum(byte(before)))) {
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

// spacedCJK reports whether r is a letter of a script the CJK spacing rule
// spaces from Latin text: Han and kana. Korean is written with spaces
// between words and its particles cling to a Latin word (Go를), so Hangul
// is left as it is.
func spacedCJK(r rune) bool { return isCJK(r) && !isHangul(r) }

// spacedCJKText is spacedCJK with CJK punctuation.
func spacedCJKText(r rune) bool { return isCJKText(r) && !isHangul(r) }

func isHangul(r rune) bool {
	return r >= 0xac00 && r <= 0xd7a3 || r >= 0x1100 && r <= 0x11ff || r >= 0x3130 && r <= 0x318f
}

// fullWidthPunct reports whether r is full-width punctuation of Chinese.
func fullWidthPunct(r rune) bool {
	switch r {
	case '，', '。', '、', '：', '；', '！', '？', '（', '）', '「', '」', '『', '』', '《', '》', '【', '】':
		return true
	}
	return false
}
