package normalize

import (
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// The marker forms a RemoveXSS-style filter leaves in a word: raw, escaped
// once, escaped twice, and with both brackets turned into hyphens.
const (
	markRaw     = "<x>"
	markEsc     = "&lt;x&gt;"
	markEsc2    = "&amp;lt;x&amp;gt;"
	markHyphen  = "-x-"
	closeRaw    = "</x>"
	closeEsc    = "&lt;/x&gt;"
	markerBytes = "<&-" // first bytes of every form
)

// indexMarkerByte returns the offset of the first <, & or - from i on, or
// -1, eight bytes at a time: prose has few of them, and hyphenated words
// are the most.
func indexMarkerByte(t string, i int) int {
	for ; i+8 <= len(t); i += 8 {
		v := load64(t, i)
		if hits := byteEq(v, '<') | byteEq(v, '&') | byteEq(v, '-'); hits != 0 {
			return i + bits.TrailingZeros64(hits)/8
		}
	}
	for ; i < len(t); i++ {
		if markerSet[t[i]] {
			return i
		}
	}
	return -1
}

func markerAt(t string, i int) string {
	switch t[i] {
	case '<':
		if strings.HasPrefix(t[i:], markRaw) {
			return markRaw
		}
	case '&':
		if strings.HasPrefix(t[i:], markEsc) {
			return markEsc
		}
		if strings.HasPrefix(t[i:], markEsc2) {
			return markEsc2
		}
	case '-':
		if strings.HasPrefix(t[i:], markHyphen) {
			return markHyphen
		}
	}
	return ""
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool  { return isLetter(c) || isDigit(c) }

// maxMarks bounds the markers of one chain; a longer chain ends there.
// Real chains have one or two (ja<x>vasc<x>ript).
const maxMarks = 8

// chain is a run of ASCII letters broken by markers: pieces[i] and
// pieces[i+1] stand on either side of marks[i]. It lives in fixed arrays,
// so resolving a chain allocates only the repaired word.
type chain struct {
	start, end int
	n          int // markers
	pieces     [maxMarks + 1]string
	marks      [maxMarks]string
	at         [maxMarks]int // offset of each mark
}

// decision says, per marker, whether it goes and which keyword it broke.
type decision struct {
	removed [maxMarks]bool
	kw      [maxMarks]string
}

// markersPass applies the marker rule: right to left through each chain, a
// marker goes when the two lower-case letters before it and the letters
// after it begin a filter keyword; a -x- marker also needs the repaired word
// to be a known word that is not part of an identifier; a repair that would
// make an executable construct is flagged instead.
func markersPass(s *state) {
	t := s.text
	var removedAt, keptOpen []int
	var c chain
	var tw tagWalk
	for i := 0; i < len(t); {
		j := indexMarkerByte(t, i)
		if j < 0 {
			break
		}
		if !chainAt(t, j, &c) {
			if m := markerAt(t, j); m == markRaw || m == markEsc {
				keptOpen = append(keptOpen, j)
			}
			i = j + 1
			continue
		}
		d := resolveChain(s, &c, &tw)
		for k := 0; k < c.n; k++ {
			if d.removed[k] {
				removedAt = append(removedAt, c.at[k])
			} else if c.marks[k] != markHyphen {
				keptOpen = append(keptOpen, c.at[k])
			}
		}
		i = c.end
	}
	closeMarkers(s, removedAt, keptOpen)
}

// chainAt parses into c the chain whose first marker is at j, if the
// marker has two lower-case letters before it and a lower-case letter
// after it.
func chainAt(t string, j int, c *chain) bool {
	if markerAt(t, j) == "" || j < 2 || !isLower(t[j-1]) || !isLower(t[j-2]) {
		return false
	}
	st := j
	for st > 0 && isLetter(t[st-1]) {
		st--
	}
	c.start, c.n = st, 0
	c.pieces[0] = t[st:j]
	k := j
	for k < len(t) && c.n < maxMarks {
		m := markerAt(t, k)
		if m == "" {
			break
		}
		e := k + len(m)
		le := e
		for le < len(t) && isLetter(t[le]) {
			le++
		}
		if le == e || !isLower(t[e]) {
			break
		}
		c.marks[c.n], c.at[c.n] = m, k
		c.n++
		c.pieces[c.n] = t[e:le]
		k = le
	}
	c.end = k
	return c.n > 0
}

// resolveChain decides which markers of c go, records the fixes and flags,
// and returns the decision.
func resolveChain(s *state, c *chain, tw *tagWalk) decision {
	var forbidden, flagged [maxMarks]bool
	var buf [64]byte
	for {
		d := decide(c, &forbidden)
		retry := false
		groups, ng := groups(&d.removed, c.n)
		for _, g := range groups[:ng] {
			word, _ := assemble(c, g, &d, buf[:0])
			reason := rejectWord(s.text, c, g, word, &d, tw, &s.ctx.work, func(i int) bool { return s.index().inCode(i) })
			if reason == "" {
				continue
			}
			for k := g[0]; k < g[1]; k++ {
				if d.removed[k] {
					forbidden[k] = true
					if !flagged[k] {
						flagged[k] = true
						s.flag(c.start, c.end, ruleFilterMarker, reason)
					}
				}
			}
			retry = true
		}
		if retry {
			continue
		}
		for _, g := range groups[:ng] {
			word, mask := assemble(c, g, &d, buf[:0])
			st, en := groupSpan(c, g)
			restoreCase(s.text, c.start, en, g[0] == 0, word, mask)
			s.fix(st, en, copyToSlab(&s.ctx.texts, word), ruleFilterMarker)
		}
		return d
	}
}

// decide runs the right-to-left rule: each marker sees, after it, the
// letters left once the markers to its right have been decided. The
// letters after a marker are matched piece by piece, so nothing is joined.
func decide(c *chain, forbidden *[maxMarks]bool) (d decision) {
	// after[i] is the first piece of the letters that follow marker i
	// once the markers to its right are decided: pieces i+1.. up to the
	// first marker kept.
	for i := c.n - 1; i >= 0; i-- {
		left := c.pieces[i]
		next := c.pieces[i+1]
		if !forbidden[i] && len(left) >= 2 && isLower(left[len(left)-2]) && isLower(left[len(left)-1]) && isLower(next[0]) {
			if k := matchKeywordChain(left[len(left)-2:], c, i+1, &d); k != "" {
				d.removed[i], d.kw[i] = true, k
			}
		}
	}
	return d
}

// matchKeywordChain matches a keyword that starts with the two letters a
// and goes on with the letters from piece p, across the markers after it
// that d removes.
func matchKeywordChain(a string, c *chain, p int, d *decision) string {
	var buf [40]byte
	b := buf[:0]
	for q := p; q <= c.n && len(b) < len(buf); q++ {
		b = append(b, c.pieces[q]...)
		if q == c.n || !d.removed[q] {
			break
		}
	}
	return matchKeyword(a, unsafeString(b))
}

// groups returns [first, last+1) ranges of markers that are joined by
// removal into one word; only groups with at least one removal count.
func groups(removed *[maxMarks]bool, n int) (out [maxMarks][2]int, count int) {
	for i := 0; i < n; {
		if !removed[i] {
			i++
			continue
		}
		j := i
		for j < n && removed[j] {
			j++
		}
		out[count] = [2]int{i, j}
		count++
		i = j
	}
	return out, count
}

// assemble joins the pieces around markers g[0]..g[1]-1 into the repaired
// word, appended to buf, with a mask of the letters that belong to a
// keyword (bit i for letter i, up to 64 letters).
func assemble(c *chain, g [2]int, d *decision, buf []byte) ([]byte, uint64) {
	var mask uint64
	for i := g[0]; i <= g[1]; i++ {
		if i > g[0] && d.removed[i-1] {
			at := len(buf) - 2
			for k := at; k < at+len(d.kw[i-1]) && k < 64; k++ {
				mask |= 1 << k
			}
		}
		buf = append(buf, c.pieces[i]...)
	}
	return buf, mask
}

func groupSpan(c *chain, g [2]int) (start, end int) {
	start = c.start
	if g[0] > 0 {
		start = c.at[g[0]-1] + len(c.marks[g[0]-1])
	}
	end = c.end
	if g[1] < c.n {
		end = c.at[g[1]]
	}
	return start, end
}

// rejectWord returns why the repaired word must not be written, or "".
func rejectWord(t string, c *chain, g [2]int, word []byte, d *decision, tw *tagWalk, work *int, inCode func(int) bool) string {
	st, en := groupSpan(c, g)
	hyphen := false
	for i := g[0]; i < g[1]; i++ {
		if d.removed[i] && c.marks[i] == markHyphen {
			hyphen = true
		}
	}
	for i := g[0]; i < g[1]; i++ {
		if !d.removed[i] {
			continue
		}
		k := d.kw[i]
		next := nextMeaningful(t, en)
		switch {
		case executableTags[k] && tagOpenerBefore(t, st):
			return fmt.Sprintf("filter marker guards an executable <%s> tag; left as the filter wrote it", k)
		case (k == "javascript" || k == "vbscript") && next == ':':
			return fmt.Sprintf("filter marker guards a %s: URL; left as the filter wrote it", k)
		case strings.HasPrefix(k, "on") && next == '=' && tw.inside(t, st, work):
			return fmt.Sprintf("filter marker guards an %s= event handler inside a tag; left as the filter wrote it", k)
		}
	}
	if !hyphen {
		return ""
	}
	if inCode(st) {
		return fmt.Sprintf("-x- filter marker inside a URL, path or code (%q); the damaged form is the real name there; left as is", t[c.start:c.end])
	}
	// A slug (free-me-x-tadata-editor) is words joined by single hyphens:
	// the segment between its hyphens is judged as a word, and the
	// segments around it stay. A CSS custom property (--me-x-ta…), an
	// identifier with digits, underscores or dots, or a capital is no slug.
	slug := inSlug(t, c.start, c.end)
	if st > 0 {
		if p := t[st-1]; p == '-' && !slug || p == '_' || p == '/' || p == '.' || p == '@' || isDigit(p) {
			return fmt.Sprintf("-x- filter marker inside an identifier (%q); left as is", t[c.start:c.end])
		}
	}
	if en < len(t) {
		p := t[en]
		// ".A" starts a sentence (the spacing rule reads it so too); ".js", ".2", "-snaps" continue a name
		if p == '_' || isDigit(p) || (p == '-' && !slug && en+1 < len(t) && isAlnum(t[en+1])) || (p == '.' && en+1 < len(t) && (isLower(t[en+1]) || isDigit(t[en+1]))) {
			return fmt.Sprintf("-x- filter marker inside an identifier (%q); left as is", t[c.start:c.end])
		}
	}
	var lower [64]byte
	lw := lower[:0]
	for _, b := range word {
		lw = append(lw, b|0x20)
	}
	if len(word) > len(lower) || !isWord(unsafeString(lw)) {
		return fmt.Sprintf("-x- may be a filter marker, but %q is not a known word; left as is", string(word))
	}
	return ""
}

// inSlug reports whether the chain t[start:end] is a segment of a slug:
// the run of lower-case letters, digits and single hyphens around it holds
// hyphens, no other joiner, and does not start with two hyphens. The walk
// is bounded, so a marker costs at most a slug's length.
func inSlug(t string, start, end int) bool {
	const most = 128
	i := start
	for i > 0 && start-i < most && (isLower(t[i-1]) || isDigit(t[i-1]) || t[i-1] == '-') {
		i--
	}
	j := end
	for j < len(t) && j-end < most && (isLower(t[j]) || isDigit(t[j]) || t[j] == '-') {
		j++
	}
	if start-i >= most || j-end >= most || i > 0 && !slugEdge(t[i-1]) || j < len(t) && !slugEdge(t[j]) {
		return false
	}
	run := t[i:j]
	return strings.Count(run, "-") > 2 && !strings.HasPrefix(run, "-") && !strings.HasSuffix(run, "-") && !strings.Contains(run, "--")
}

// slugEdge reports whether c may stand right outside a slug: a blank, a
// quote, a bracket or sentence punctuation, not a joiner of identifiers.
func slugEdge(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || punctSet[c] || c >= 0x80
}

// tagWalk follows a block forward and tells whether an offset lies inside
// a tag: a raw one (<img …>) or an escaped one (&lt;img …&gt;), across line
// breaks, where a > inside a quoted attribute value ends nothing and the
// filter's own markers are no brackets. The markers rule asks it in order
// of offset, so the whole block is read once.
type tagWalk struct {
	pos   int
	in    uint8 // 0 outside, 1 in a raw tag, 2 in an escaped one
	quote byte  // the quote of the attribute value the walk is in, or 0
}

func (w *tagWalk) inside(t string, at int, work *int) bool {
	for w.pos < at && w.pos < len(t) {
		*work++
		p := w.pos
		if m := markerAt(t, p); m != "" {
			w.pos += len(m)
			continue
		}
		if strings.HasPrefix(t[p:], closeRaw) {
			w.pos += len(closeRaw)
			continue
		}
		c := t[p]
		switch w.in {
		case 0:
			if r, size := refAt(t, p); r == '<' && p+size < len(t) && (isLetter(t[p+size]) || t[p+size] == '/') {
				w.in, w.quote = 1, 0
				if size > 1 {
					w.in = 2
				}
				w.pos += size
				continue
			}
		case 1:
			switch {
			case w.quote != 0:
				if c == w.quote {
					w.quote = 0
				}
			case c == '"' || c == '\'':
				w.quote = c
			case c == '>':
				w.in = 0
			}
		case 2:
			r, size := refAt(t, p)
			switch {
			case w.quote != 0:
				if r == rune(w.quote) {
					w.quote = 0
				}
			case r == '"' || r == '\'':
				w.quote = byte(r)
			case r == '>' && size > 1:
				w.in = 0
			}
			w.pos += size
			continue
		}
		w.pos++
	}
	return w.in != 0
}

// refAt returns the character at t[i] and its length, reading an HTML
// character reference (&#58;, &#x3a;, &colon;, &lt;) as the character it
// stands for: a filter keyword is as live before &#58; as before a colon.
func refAt(t string, i int) (rune, int) {
	if t[i] != '&' {
		r, size := utf8.DecodeRuneInString(t[i:])
		return r, size
	}
	j := i + 1
	if j < len(t) && t[j] == '#' {
		j++
		hex := j < len(t) && (t[j] == 'x' || t[j] == 'X')
		if hex {
			j++
		}
		base := 10
		if hex {
			base = 16
		}
		v, digits := 0, 0
		for ; j < len(t) && digits < 8; j++ {
			d := digitValue(t[j])
			if d < 0 || d >= base {
				break
			}
			v = v*base + d
			digits++
		}
		if digits == 0 || v > utf8.MaxRune {
			return '&', 1
		}
		if j < len(t) && t[j] == ';' {
			j++
		}
		return rune(v), j - i
	}
	for _, e := range namedRefs {
		if strings.HasPrefix(t[i+1:], e.name) {
			return e.r, 1 + len(e.name)
		}
	}
	return '&', 1
}

// digitValue is the value of a hexadecimal digit, or -1.
func digitValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}

// namedRefs are the named references that matter to the marker guard.
var namedRefs = []struct {
	name string
	r    rune
}{
	{"lt;", '<'}, {"gt;", '>'}, {"colon;", ':'}, {"equals;", '='}, {"quot;", '"'}, {"apos;", '\''},
	{"Tab;", '\t'}, {"NewLine;", '\n'}, {"sol;", '/'},
}

// nextMeaningful returns the first character from i on that is not a
// blank, a line break or a reference to one, reading character
// references, the way a browser reads javascript&#x09;&#58; as a scheme.
func nextMeaningful(t string, i int) rune {
	for i < len(t) {
		r, size := refAt(t, i)
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return r
		}
		i += size
	}
	return 0
}

// tagOpenerBefore reports whether a tag opens right before offset i: <, </,
// &lt;, &lt;/ or a numeric reference to <.
func tagOpenerBefore(t string, i int) bool {
	b := t[:i]
	b = strings.TrimSuffix(b, "/")
	b = strings.TrimSuffix(b, "&#47;")
	b = strings.TrimSuffix(b, "&sol;")
	for _, o := range []string{"<", "&lt;", "&#60;", "&#x3c;", "&#x3C;", "&#060;", "&#x003c;"} {
		if strings.HasSuffix(b, o) {
			return true
		}
	}
	return false
}

// restoreCase gives back, in place, the capitals the filter destroyed
// where the text proves them: an ALL-CAPS word, and the first letter of a
// word that visibly starts a sentence. mask marks the letters that belong
// to a keyword (the filter wrote them in lower case); the word, ASCII
// letters, stands at t[start:end].
func restoreCase(t string, start, end int, first bool, word []byte, mask uint64) {
	inKeyword := func(i int) bool { return i < 64 && mask&(1<<i) != 0 }
	upper, lowerOutside := 0, 0
	for i := 0; i < len(word); i++ {
		switch {
		case isUpper(word[i]):
			upper++
		case !inKeyword(i):
			lowerOutside++
		}
	}
	if upper >= 2 && lowerOutside == 0 {
		for i, c := range word {
			if isLower(c) {
				word[i] = c - 'a' + 'A'
			}
		}
		return
	}
	if first && isLower(word[0]) && inKeyword(0) && afterSentenceEnd(t, start) && !codeAfter(t, end) {
		word[0] = word[0] - 'a' + 'A'
	}
}

// afterSentenceEnd reports whether offset i follows the end of a sentence
// in the same line: . ! or ? and a space. The start of a block, a line or
// a list item is no evidence: titles, slugs, list items and attributes
// (xmlns=) start in lower case as often as not.
func afterSentenceEnd(t string, i int) bool {
	j := i
	for j > 0 && j > i-8 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == i || j == 0 {
		return false
	}
	switch t[j-1] {
	case '.', '!', '?':
		// not an abbreviation's dot (e.g. ob<x>ject) or a number's
		return j < 2 || !isLetter(t[j-2]) || j < 3 || t[j-3] != '.'
	}
	return false
}

// codeAfter reports whether the word ending at end goes on as code: an
// attribute (=), a call, a member or a path.
func codeAfter(t string, end int) bool {
	if end >= len(t) {
		return false
	}
	switch t[end] {
	case '=', '(', '_', '/', ':':
		return true
	case '.':
		return end+1 < len(t) && isAlnum(t[end+1])
	}
	return false
}

// closeMarkers removes a </x> that closes a removed marker in the same
// block, or that has no opening marker before it in the block.
func closeMarkers(s *state, removedAt, keptOpen []int) {
	t := s.text
	for i := 0; i < len(t); {
		j := strings.Index(t[i:], "/x")
		if j < 0 {
			return
		}
		j += i
		var form string
		switch {
		case j >= 1 && strings.HasPrefix(t[j-1:], closeRaw):
			form, j = closeRaw, j-1
		case j >= 4 && strings.HasPrefix(t[j-4:], closeEsc):
			form, j = closeEsc, j-4
		default:
			i = j + 2
			continue
		}
		// A block holds no blank line, so "in the same block" is "before
		// it": the first removed and the first kept marker say all.
		if firstBefore(removedAt, j) || !firstBefore(keptOpen, j) {
			s.fix(j, j+len(form), "", ruleFilterMarkerClose)
		}
		i = j + len(form)
	}
}

// firstBefore reports whether offs, in order, has an offset before to.
func firstBefore(offs []int, to int) bool { return len(offs) > 0 && offs[0] < to }
