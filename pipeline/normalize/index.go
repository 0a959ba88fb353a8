package normalize

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// The block index is what the rules ask about a block, built by one walk
// over its bytes: where its lines start, which stretches are code (and so
// never repaired as prose), where its clauses end and which scripts each
// clause is written in. A rule asks the index instead of looking back from
// the position it judges, so the work stays linear however long a line is:
// a scraped page often arrives as one line of megabytes.

// codeKind says what made a stretch code.
type codeKind uint8

const (
	codeBackticks codeKind = iota + 1 // `code`
	codeFormula                       // $n$, TeX
	codeURL                           // https://…, www.…
	codeEmail                         // li.wei@example.com
	codePath                          // /usr/bin, ./a.out, src/main.go
	codeIdent                         // config.Load(…), os.path.join, f(x,y)
	codeRegex                         // /^\d+;\w+$/, [a-z]+
)

// codeSpan is text[start:end] of kind.
type codeSpan struct {
	start, end int
	kind       codeKind
}

// clauseInfo is one clause: the text between two clause ends (a line
// break, 。！？, or . ! ? before a space), with the letters of each script
// it holds.
type clauseInfo struct {
	start, end                    int // end is the offset of the mark that ends it, or of the block's end
	han, hangul, kana, latin, cyr int
}

// blockIndex is the index of one text. Queries go forward through a block
// in the order a pass walks it, so each keeps a cursor; a query behind the
// cursor searches from the start, which no pass does in a loop.
type blockIndex struct {
	text    string
	lines   []int // offset where each line starts
	code    []codeSpan
	clauses []clauseInfo
	// ends marks the clause ends: a clause's end offset, for a query at
	// the mark itself (see clauseAround).
	codeCur, clauseCur int
	work               *int // bytes examined, for the linearity test
	// scratch of the build
	ticks, dollars []int
	opens          []parenOpen
	spans          []codeSpan
}

// parenOpen is an open parenthesis of the line being indexed: where the
// identifier before it starts (-1 when none stands right before it), and
// what its content so far shows.
type parenOpen struct {
	at, ident           int
	spaced, cjk, commas bool // a space not after a comma; CJK; a comma
}

// index returns the index of the state's text, building it on first use.
func (s *state) index() *blockIndex {
	x := &s.ctx.idx
	if x.text != s.text || x.lines == nil {
		x.build(s.text, &s.ctx.work)
	}
	return x
}

// build indexes t in one walk.
func (x *blockIndex) build(t string, work *int) {
	*work += len(t)
	x.text, x.work = t, work
	x.lines = append(x.lines[:0], 0)
	x.code, x.clauses = x.code[:0], x.clauses[:0]
	x.spans = x.spans[:0]
	x.codeCur, x.clauseCur = 0, 0
	x.ticks, x.dollars, x.opens = x.ticks[:0], x.dollars[:0], x.opens[:0]
	cl := clauseInfo{}
	tokStart := 0    // start of the current run of printable ASCII
	identStart := -1 // start of the identifier chain the walk is in
	lineStart := 0
	for i := 0; i < len(t); {
		c := t[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(t[i:])
			x.token(t, tokStart, i)
			switch {
			case source.IsHan(r) || r >= 0x3400 && r <= 0x4dbf:
				cl.han++
			case r >= 0xac00 && r <= 0xd7a3 || r >= 0x1100 && r <= 0x11ff || r >= 0x3130 && r <= 0x318f:
				cl.hangul++
			case r >= 0x3040 && r <= 0x30ff:
				cl.kana++
			case r >= 0x400 && r <= 0x4ff:
				cl.cyr++
			}
			if n := len(x.opens); n > 0 && isCJK(r) {
				x.opens[n-1].cjk = true
			}
			identStart = -1
			i += size
			tokStart = i
			if r == '。' || r == '！' || r == '？' {
				cl.end = i - size
				x.clauses = append(x.clauses, cl)
				cl = clauseInfo{start: i}
			}
			continue
		}
		if letterByte[c] {
			// A run of letters, the bulk of English, eight bytes at a
			// time: it only counts as Latin and may start an identifier.
			j := i + 1
			for j+8 <= len(t) {
				m := letterMask(load64(t, j))
				if m != 0x8080808080808080 {
					j += bits.TrailingZeros64(^m&0x8080808080808080) / 8
					break
				}
				j += 8
			}
			for j < len(t) && letterByte[t[j]] {
				j++
			}
			cl.latin += j - i
			if identStart < 0 {
				identStart = i
			}
			i = j
			continue
		}
		switch {
		case isAlnum(c) || c == '_':
			if identStart < 0 {
				identStart = i
			}
		case c == '.' && identStart >= 0:
			// a dot inside an identifier chain keeps it going
		case c == '(':
			x.opens = append(x.opens, parenOpen{at: i, ident: identStart})
			identStart = -1
		case c == ')':
			if n := len(x.opens); n > 0 {
				o := x.opens[n-1]
				x.opens = x.opens[:n-1]
				if n > 1 {
					// what the inner parentheses hold, the outer hold too
					p := &x.opens[n-2]
					p.cjk, p.spaced = p.cjk || o.cjk, p.spaced || o.spaced
				}
				// A call: an identifier right before the parenthesis,
				// and code inside it (f(), f(x,y), f(x, y)), not a
				// phrase (ftfy(fixes text for you)).
				if o.ident >= 0 && !o.cjk && !o.spaced {
					x.spans = append(x.spans, codeSpan{o.ident, i + 1, codeIdent})
				}
			}
			identStart = -1
		default:
			identStart = -1
		}
		switch c {
		case '`':
			x.ticks = append(x.ticks, i)
		case '$':
			x.dollars = append(x.dollars, i)
		case ' ', '\t':
			if len(x.opens) > 0 {
				o := &x.opens[len(x.opens)-1]
				if i > 0 && t[i-1] != ',' && t[i-1] != ' ' {
					o.spaced = true
				}
			}
		}
		if c == ',' && len(x.opens) > 0 {
			x.opens[len(x.opens)-1].commas = true
		}
		if c <= ' ' {
			x.token(t, tokStart, i)
			tokStart = i + 1
		}
		if c == '\n' {
			x.endLine(t, lineStart, i)
			lineStart = i + 1
			x.lines = append(x.lines, lineStart)
		}
		if c == '\n' || (c == '.' || c == '!' || c == '?') && i+1 < len(t) && t[i+1] == ' ' {
			cl.end = i
			x.clauses = append(x.clauses, cl)
			cl = clauseInfo{start: i + 1}
		}
		i++
	}
	x.token(t, tokStart, len(t))
	x.endLine(t, lineStart, len(t))
	cl.end = len(t)
	x.clauses = append(x.clauses, cl)
	x.mergeSpans()
}

// endLine pairs the backticks and dollar signs of the line that ends at
// end: `code` spans, and $…$ formulas whose content neither starts nor
// ends with a space (so that "$5 and $6" is no formula).
func (x *blockIndex) endLine(t string, start, end int) {
	*x.work += len(x.ticks) + len(x.dollars)
	for k := 0; k+1 < len(x.ticks); k += 2 {
		x.spans = append(x.spans, codeSpan{x.ticks[k], x.ticks[k+1] + 1, codeBackticks})
	}
	d := x.dollars
	for k := 0; k+1 < len(d); {
		a, b := d[k], d[k+1]
		if b > a+1 && t[a+1] != ' ' && t[b-1] != ' ' && !(b+1 < end && isDigit(t[b+1])) {
			x.spans = append(x.spans, codeSpan{a, b + 1, codeFormula})
			k += 2
			continue
		}
		k++
	}
	x.ticks, x.dollars, x.opens = x.ticks[:0], x.dollars[:0], x.opens[:0]
}

// token classifies the run of printable ASCII t[from:to] (the walk ends a
// run at a blank, a control character or a non-ASCII character), adding
// the code spans it holds: a URL, an e-mail address, a path, a regular
// expression, a dotted identifier.
func (x *blockIndex) token(t string, from, to int) {
	if to-from < 3 {
		return
	}
	*x.work += to - from
	tok := t[from:to]
	end := to
	// Trailing sentence punctuation and closing brackets belong to the
	// prose around the token.
	for end > from && (punctSet[t[end-1]] || t[end-1] == ')' || t[end-1] == '"' || t[end-1] == '\'') {
		end--
	}
	slashes, dots, at, backslash, bracket, upperInner, under := 0, 0, -1, false, false, false, false
	scheme, openBracket := -1, -1
	for k := 0; k < len(tok); k++ {
		switch c := tok[k]; {
		case c == '/':
			slashes++
			if scheme < 0 && k >= 1 && k+2 < len(tok) && tok[k-1] == ':' && tok[k+1] == '/' {
				s := k - 1
				for s > 0 && isLetter(tok[s-1]) {
					s--
				}
				if s < k-1 {
					scheme = s
				}
			}
		case c == '.':
			dots++
		case c == '@':
			at = k
		case c == '\\':
			if k+1 < len(tok) && regexEscape[tok[k+1]] {
				backslash = true
			}
		case c == '[':
			openBracket = k
		case c == ']':
			bracket = bracket || openBracket >= 0 && k > openBracket+1
		case c == '_':
			under = true
		case isUpper(c) && k > 0 && isLower(tok[k-1]):
			upperInner = true
		}
	}
	switch {
	case scheme >= 0:
		x.spans = append(x.spans, codeSpan{from + scheme, end, codeURL})
	case hasPrefixFold(tok, "www.") || hasPrefixFold(tok, "(www."):
		s := from
		if tok[0] == '(' {
			s++
		}
		x.spans = append(x.spans, codeSpan{s, end, codeURL})
	case hasPrefixFold(tok, "mailto:"):
		x.spans = append(x.spans, codeSpan{from, end, codeEmail})
	case at > 0 && at+1 < len(tok) && emailAt(tok, at):
		s := at
		for s > 0 && emailLocal[tok[s-1]] {
			s--
		}
		x.spans = append(x.spans, codeSpan{from + s, end, codeEmail})
	case backslash || bracket || tok[0] == '/' && slashes >= 2 && strings.ContainsAny(tok, "^$*+?|()\\"):
		x.spans = append(x.spans, codeSpan{from, to, codeRegex})
	case tok[0] == '/' && slashes >= 1 && len(tok) > 1 && isAlnum(tok[1]),
		len(tok) > 2 && (tok[:2] == "./" || tok[:2] == "~/"),
		len(tok) > 3 && tok[:3] == "../",
		slashes >= 1 && hasExtension(t[from:end]):
		x.spans = append(x.spans, codeSpan{from, end, codePath})
	case dots >= 1 && (under || upperInner || dots >= 2 && allLowerIdent(t[from:end])) && isIdentChain(t[from:end]):
		x.spans = append(x.spans, codeSpan{from, end, codeIdent})
	}
}

// regexEscape marks the characters a backslash escapes in a regular
// expression (\d, \w, \., \()…); a backslash before others is prose or a
// Windows path.
var regexEscape = newByteSet(`dDwWsSbB.()[]{}+*?^$|/`)

// emailLocal marks the bytes of the local part of an e-mail address.
var emailLocal = newByteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")

// emailAt reports whether the @ at tok[at] is followed by a domain with a
// dot.
func emailAt(tok string, at int) bool {
	dot := false
	for k := at + 1; k < len(tok); k++ {
		switch c := tok[k]; {
		case c == '.':
			dot = dot || k+1 < len(tok) && isAlnum(tok[k+1])
		case isAlnum(c) || c == '-':
		default:
			return dot
		}
	}
	return dot
}

// hasExtension reports whether tok ends in a file extension: a dot and one
// to four letters or digits after a letter or digit (src/main.go).
func hasExtension(tok string) bool {
	k := len(tok)
	for k > 0 && isAlnum(tok[k-1]) && len(tok)-k <= 4 {
		k--
	}
	return k < len(tok) && k >= 2 && tok[k-1] == '.' && isAlnum(tok[k-2])
}

// isIdentChain reports whether tok is identifiers joined by dots, with
// nothing else: os.path.join, http.HandleFunc, user_id.value.
func isIdentChain(tok string) bool {
	if tok == "" || !isLetter(tok[0]) && tok[0] != '_' {
		return false
	}
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		if !(isAlnum(c) || c == '_' || c == '.' && k+1 < len(tok) && (isLetter(tok[k+1]) || tok[k+1] == '_')) {
			return false
		}
	}
	return true
}

// allLowerIdent reports whether tok has no capital: os.path.join is code,
// U.S.A is not.
func allLowerIdent(tok string) bool {
	for k := 0; k < len(tok); k++ {
		if isUpper(tok[k]) {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if s[k]|0x20 != prefix[k] && s[k] != prefix[k] {
			return false
		}
	}
	return true
}

// mergeSpans sorts the spans found (each kind is found in order, the kinds
// interleave) and joins those that overlap into x.code.
func (x *blockIndex) mergeSpans() {
	sp := x.spans
	*x.work += len(sp)
	slices.SortFunc(sp, func(a, b codeSpan) int { return cmp.Compare(a.start, b.start) })
	for _, s := range sp {
		if n := len(x.code); n > 0 && s.start < x.code[n-1].end {
			if s.end > x.code[n-1].end {
				x.code[n-1].end = s.end
			}
			continue
		}
		x.code = append(x.code, s)
	}
}

// codeAt returns the code span that holds offset i (start <= i < end), if
// any.
func (x *blockIndex) codeAt(i int) (codeSpan, bool) {
	if x.codeCur > 0 && x.codeCur <= len(x.code) && x.code[x.codeCur-1].end > i {
		x.codeCur = 0 // behind the cursor: start again
	}
	for x.codeCur < len(x.code) && x.code[x.codeCur].end <= i {
		x.codeCur++
		*x.work++
	}
	if x.codeCur < len(x.code) {
		if s := x.code[x.codeCur]; s.start <= i {
			return s, true
		}
	}
	return codeSpan{}, false
}

// inCode reports whether offset i lies in a code span, a URL, an e-mail
// address, a path, an identifier or a regular expression.
func (x *blockIndex) inCode(i int) bool {
	_, ok := x.codeAt(i)
	return ok
}

// splits reports whether offset i falls strictly inside a code span, so
// that inserting text there would split it.
func (x *blockIndex) splits(i int) bool {
	s, ok := x.codeAt(i)
	return ok && s.start < i
}

// codeStarts reports whether a code span starts at offset i, and its kind.
func (x *blockIndex) codeStarts(i int) (codeKind, bool) {
	s, ok := x.codeAt(i)
	if ok && s.start == i {
		return s.kind, true
	}
	return 0, false
}

// codeEnds reports whether a code span ends right before offset i.
func (x *blockIndex) codeEnds(i int) (codeKind, bool) {
	if i == 0 {
		return 0, false
	}
	s, ok := x.codeAt(i - 1)
	if ok && s.end == i {
		return s.kind, true
	}
	return 0, false
}

// clauseAround returns the letters of each script in the clause around
// offset i; when i is the mark that ends a clause, in that clause and the
// next, which the mark joins.
func (x *blockIndex) clauseAround(i int) clauseInfo {
	cs := x.clauses
	if x.clauseCur < len(cs) && cs[x.clauseCur].start > i {
		x.clauseCur = 0
	}
	for x.clauseCur+1 < len(cs) && cs[x.clauseCur].end < i {
		x.clauseCur++
		*x.work++
	}
	k := x.clauseCur
	c := cs[k]
	if c.end == i && k+1 < len(cs) {
		n := cs[k+1]
		c.end = n.end
		c.han += n.han
		c.hangul += n.hangul
		c.kana += n.kana
		c.latin += n.latin
		c.cyr += n.cyr
	}
	return c
}

// chinese reports whether the clause around i is written in Chinese: Han
// characters, at least one for every five Latin letters (a word of English
// against a character of Chinese), and no Hangul or kana, since Korean and
// Japanese have their own punctuation habits.
func (c clauseInfo) chinese() bool {
	return c.han > 0 && c.hangul == 0 && c.kana == 0 && c.han*5 >= c.latin
}

// cjk counts the letters of CJK scripts.
func (c clauseInfo) cjk() int { return c.han + c.hangul + c.kana }
