package normalize

import (
	"fmt"
	"strings"
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

// chain is a run of ASCII letters broken by markers: pieces[i] and
// pieces[i+1] stand on either side of marks[i].
type chain struct {
	start, end int
	pieces     []string
	marks      []string
	at         []int // offset of each mark
}

// markersPass applies GARBLE.md §1.5: right to left through each chain, a
// marker goes when the two lower-case letters before it and the letters
// after it begin a filter keyword; a -x- marker also needs the repaired word
// to be a known word that is not part of an identifier; a repair that would
// make an executable construct is flagged instead.
func markersPass(s *state) {
	t := s.text
	var removedAt, keptOpen []int
	for i := 0; i < len(t); {
		j := strings.IndexAny(t[i:], markerBytes)
		if j < 0 {
			break
		}
		j += i
		c, ok := chainAt(t, j)
		if !ok {
			if m := markerAt(t, j); m == markRaw || m == markEsc {
				keptOpen = append(keptOpen, j)
			}
			i = j + 1
			continue
		}
		removed := resolveChain(s, c)
		for k, r := range removed {
			if r {
				removedAt = append(removedAt, c.at[k])
			} else if c.marks[k] != markHyphen {
				keptOpen = append(keptOpen, c.at[k])
			}
		}
		i = c.end
	}
	closeMarkers(s, removedAt, keptOpen)
}

// chainAt parses the chain whose first marker is at j, if the marker has
// two lower-case letters before it and a lower-case letter after it.
func chainAt(t string, j int) (chain, bool) {
	if markerAt(t, j) == "" || j < 2 || !isLower(t[j-1]) || !isLower(t[j-2]) {
		return chain{}, false
	}
	st := j
	for st > 0 && isLetter(t[st-1]) {
		st--
	}
	c := chain{start: st, pieces: []string{t[st:j]}}
	k := j
	for k < len(t) {
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
		c.marks = append(c.marks, m)
		c.at = append(c.at, k)
		c.pieces = append(c.pieces, t[e:le])
		k = le
	}
	c.end = k
	return c, len(c.marks) > 0
}

// resolveChain decides which markers of c go, records the fixes and flags,
// and returns the decision per marker.
func resolveChain(s *state, c chain) []bool {
	n := len(c.marks)
	forbidden := make([]bool, n)
	flagged := make([]bool, n)
	for {
		removed, kw := decide(c, forbidden)
		retry := false
		for _, g := range groups(removed) {
			word, _ := assemble(c, g, removed, kw)
			reason := rejectWord(s.text, c, g, word, removed, kw)
			if reason == "" {
				continue
			}
			for k := g[0]; k < g[1]; k++ {
				if removed[k] {
					forbidden[k] = true
					if !flagged[k] {
						flagged[k] = true
						s.flag(c.start, c.end, "filter-marker", reason)
					}
				}
			}
			retry = true
		}
		if retry {
			continue
		}
		for _, g := range groups(removed) {
			word, mask := assemble(c, g, removed, kw)
			word = restoreCase(s.text, c.start, g[0] == 0, word, mask)
			st, en := groupSpan(c, g)
			s.fix(st, en, word, "filter-marker")
		}
		return removed
	}
}

// decide runs the right-to-left rule: each marker sees, after it, the
// letters left once the markers to its right have been decided.
func decide(c chain, forbidden []bool) (removed []bool, kw []string) {
	n := len(c.marks)
	removed, kw = make([]bool, n), make([]string, n)
	suffix := c.pieces[n]
	for i := n - 1; i >= 0; i-- {
		left := c.pieces[i]
		if !forbidden[i] && len(left) >= 2 && isLower(left[len(left)-2]) && isLower(left[len(left)-1]) && isLower(suffix[0]) {
			if k := matchKeyword(left[len(left)-2:], suffix); k != "" {
				removed[i], kw[i] = true, k
				suffix = left + suffix
				continue
			}
		}
		suffix = left
	}
	return removed, kw
}

// groups returns [first, last+1) ranges of markers that are joined by
// removal into one word; only groups with at least one removal count.
func groups(removed []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(removed); {
		if !removed[i] {
			i++
			continue
		}
		j := i
		for j < len(removed) && removed[j] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// assemble joins the pieces around markers g[0]..g[1]-1 into the repaired
// word, with a mask of the letters that belong to a keyword.
func assemble(c chain, g [2]int, removed []bool, kw []string) (string, []bool) {
	var b strings.Builder
	var offs []int
	for i := g[0]; i <= g[1]; i++ {
		offs = append(offs, b.Len())
		b.WriteString(c.pieces[i])
	}
	word := b.String()
	mask := make([]bool, len(word))
	for i := g[0]; i < g[1]; i++ {
		if !removed[i] {
			continue
		}
		at := offs[i-g[0]+1] - 2
		for k := at; k < at+len(kw[i]) && k < len(word); k++ {
			mask[k] = true
		}
	}
	return word, mask
}

func groupSpan(c chain, g [2]int) (start, end int) {
	start = c.start
	if g[0] > 0 {
		start = c.at[g[0]-1] + len(c.marks[g[0]-1])
	}
	end = c.end
	if g[1] < len(c.marks) {
		end = c.at[g[1]]
	}
	return start, end
}

// rejectWord returns why the repaired word must not be written, or "".
func rejectWord(t string, c chain, g [2]int, word string, removed []bool, kw []string) string {
	st, en := groupSpan(c, g)
	hyphen := false
	for i := g[0]; i < g[1]; i++ {
		if removed[i] && c.marks[i] == markHyphen {
			hyphen = true
		}
	}
	lower := strings.ToLower(word)
	for i := g[0]; i < g[1]; i++ {
		if !removed[i] {
			continue
		}
		k := kw[i]
		before := t[:st]
		switch {
		case executableTags[k] && (strings.HasSuffix(before, "<") || strings.HasSuffix(before, "</") || strings.HasSuffix(before, "&lt;") || strings.HasSuffix(before, "&lt;/")):
			return fmt.Sprintf("filter marker guards an executable <%s> tag; left as the filter wrote it", k)
		case (k == "javascript" || k == "vbscript") && strings.HasPrefix(strings.TrimLeft(t[en:], " \t"), ":"):
			return fmt.Sprintf("filter marker guards a %s: URL; left as the filter wrote it", k)
		case strings.HasPrefix(k, "on") && strings.HasPrefix(strings.TrimLeft(t[en:], " \t"), "=") && insideTag(before):
			return fmt.Sprintf("filter marker guards an %s= event handler; left as the filter wrote it", k)
		}
	}
	if !hyphen {
		return ""
	}
	if st > 0 {
		if p := t[st-1]; p == '-' || p == '_' || p == '/' || p == '.' || p == '@' || isDigit(p) {
			return fmt.Sprintf("-x- filter marker inside an identifier (%q); left as is", t[c.start:c.end])
		}
	}
	if en < len(t) {
		p := t[en]
		// ".A" starts a sentence (the spacing rule reads it so too); ".js", ".2", "-snaps" continue a name
		if p == '_' || isDigit(p) || (p == '-' && en+1 < len(t) && isAlnum(t[en+1])) || (p == '.' && en+1 < len(t) && (isLower(t[en+1]) || isDigit(t[en+1]))) {
			return fmt.Sprintf("-x- filter marker inside an identifier (%q); left as is", t[c.start:c.end])
		}
	}
	if !isWord(lower) {
		return fmt.Sprintf("-x- may be a filter marker, but %q is not a known word; left as is", word)
	}
	return ""
}

// insideTag reports whether the text before ends inside an opening tag,
// raw or escaped, on the same line.
func insideTag(before string) bool {
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	open := max(strings.LastIndex(before, "<"), strings.LastIndex(before, "&lt;"))
	closed := max(strings.LastIndex(before, ">"), strings.LastIndex(before, "&gt;"))
	return open >= 0 && open > closed
}

// restoreCase gives back the capitals the filter destroyed where that is
// safe: an ALL-CAPS word, and the first letter at the start of a sentence.
func restoreCase(t string, start int, first bool, word string, mask []bool) string {
	upper, lowerOutside := 0, 0
	for i := 0; i < len(word); i++ {
		switch {
		case isUpper(word[i]):
			upper++
		case !mask[i]:
			lowerOutside++
		}
	}
	if upper >= 2 && lowerOutside == 0 {
		return strings.ToUpper(word)
	}
	if first && isLower(word[0]) && mask[0] && sentenceStart(t, start) {
		return string(word[0]-'a'+'A') + word[1:]
	}
	return word
}

// sentenceStart reports whether offset i begins a sentence: the start of
// the text or of a block, or after . ! ? and a space.
func sentenceStart(t string, i int) bool {
	j := i
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == 0 {
		return true
	}
	switch t[j-1] {
	case '\n':
		return j == 1 || t[j-2] == '\n'
	case '.', '!', '?':
		return j < i
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
		block := strings.LastIndex(t[:j], "\n\n") + 1
		if within(removedAt, block, j) || !within(keptOpen, block, j) {
			s.fix(j, j+len(form), "", "filter-marker-close")
		}
		i = j + len(form)
	}
}

// within reports whether any offset lies in [from, to).
func within(offs []int, from, to int) bool {
	for _, o := range offs {
		if o >= from && o < to {
			return true
		}
	}
	return false
}
