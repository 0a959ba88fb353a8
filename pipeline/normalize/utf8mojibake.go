package normalize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"xlate/pipeline/source"
)

// This file repairs UTF-8 that was decoded with a single-byte code page:
// "Itâ€™s" for "It’s", "Ã©" for "é", "РґРѕСЂРѕРіРµ" for "дороге". The repair is exact: the suspect characters
// are encoded back to the bytes the code page gave them and those bytes are
// decoded as UTF-8. A repair is made only when
//   - every decoded character is plausible in its place (no private-use,
//     unassigned, IPA or archaic letters, no capital inside a lower-case
//     word), and
//   - the original shows evidence of mojibake (a symbol or a C1 control
//     inside a word, a lower-case letter followed by a capital), enough of
//     it in the text as a whole.
// Among the code pages, the one with the most evidence wins; a repair can
// reveal another layer, so the rule runs again on its own result.

// sbCodec is a single-byte code page, "sloppy" as browsers decode it: a
// byte the code page leaves undefined stands for the C1 control of the same
// value, so every byte round-trips.
type sbCodec struct {
	name string
	dec  [256]rune
}

// sbLimit bounds the runes any of the code pages can produce, so that the
// encoding table is a flat array and CJK text is skipped with one compare.
const sbLimit = 0x2600

// cp1252 is the index of Windows-1252 in sbCodecs: it holds Latin-1's
// letters and the Windows punctuation, so the GBK and C1 rules read
// single-byte text through it.
const cp1252 = 1

var (
	sbCodecs []*sbCodec
	// sbEnc[i][r] is the byte codec i gives rune r (r < sbLimit), or 0
	// when it cannot encode r. NUL never matters to mojibake.
	sbEnc [][sbLimit]byte
	// sbAny[r] is true when some code page encodes r as a high byte.
	sbAny [sbLimit]bool
)

func loadCodePages() {
	pages := []struct {
		name string
		cm   *charmap.Charmap
	}{
		{"latin-1", charmap.ISO8859_1},
		{"windows-1252", charmap.Windows1252},
		{"windows-1251", charmap.Windows1251},
		{"windows-1250", charmap.Windows1250},
		{"windows-1253", charmap.Windows1253},
		{"windows-1254", charmap.Windows1254},
		{"windows-1257", charmap.Windows1257},
		{"iso-8859-2", charmap.ISO8859_2},
		{"macroman", charmap.Macintosh},
		{"cp437", charmap.CodePage437},
	}
	sbEnc = make([][sbLimit]byte, len(pages))
	for i, p := range pages {
		c := &sbCodec{name: p.name}
		for b := 0; b < 256; b++ {
			r := p.cm.DecodeByte(byte(b))
			if r == utf8.RuneError {
				r = rune(b)
			}
			c.dec[b] = r
			if r < sbLimit && b >= 0x80 {
				sbEnc[i][r] = byte(b)
				sbAny[r] = true
			}
		}
		for b := 1; b < 0x80; b++ {
			sbEnc[i][b] = byte(b)
		}
		sbCodecs = append(sbCodecs, c)
	}
}

// sbScratch is what the UTF-8 mojibake rule reuses from block to block.
type sbScratch struct {
	run    sbRun
	seqs   []seq
	pieces [2][]piece
}

// piece is one repaired UTF-8 sequence: text[from:to] becomes repl.
type piece struct {
	from, to int
	repl     string
	evidence int
	lossy    bool
}

// sbRun is a run of characters that one code page can encode: the runes,
// their bytes and their offsets in the text (offs has one extra entry, the
// end of the run).
type sbRun struct {
	rs   []rune
	bs   []byte
	offs []int
}

// utf8MojibakePass applies the repair once; Normalize repeats it for
// layered mojibake.
func utf8MojibakePass(s *state) {
	t := s.text
	segs := sbSegments(t, s.ctx.segs[:0])
	s.ctx.segs = segs
	if len(segs) == 0 {
		return
	}
	// The candidates of the code pages are built in two buffers that
	// the block context keeps: the best so far, and the one being tried.
	sc := &s.ctx.sb
	best, try := sc.pieces[0][:0], sc.pieces[1][:0]
	bestEvidence := 0
	for ci := range sbCodecs {
		pieces, ok := sbCandidate(t, ci, sc, segs, try[:0], &s.ctx.work)
		try = pieces
		if !ok {
			continue
		}
		ev := 0
		for _, p := range pieces {
			ev += p.evidence
		}
		if ev >= 2 && (ev > bestEvidence || ev == bestEvidence && len(pieces) > len(best)) {
			best, try, bestEvidence = pieces, best, ev
		}
	}
	sc.pieces[0], sc.pieces[1] = best, try
	for _, p := range best {
		// A lost byte decodes to U+FFFD, which lossyPass flags.
		s.fix(p.from, p.to, p.repl, ruleUTF8Mojibake)
	}
}

// sbSegments appends the stretches of t where UTF-8 can hide behind a
// code page: runs of characters a code page writes with a high byte (and
// the spaces, question marks and replacement characters that stand for a
// lost byte between them), at least two characters long. The code pages
// are tried on these stretches only, not on the whole text.
func sbSegments(t string, segs [][2]int) [][2]int {
	for i := 0; i < len(t); {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		start, n := i, 0
		for i < len(t) {
			if c := t[i]; c < utf8.RuneSelf {
				if (c == ' ' || c == '?') && i+1 < len(t) && t[i+1] >= utf8.RuneSelf {
					i++
					n++
					continue
				}
				if (c == ' ' || c == '?') && n > 0 {
					i++ // after the run: a lost no-break space or byte
					n++
				}
				break
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			if !(r < sbLimit && sbAny[r] || r == '\ufffd') {
				break
			}
			i += size
			n++
		}
		if n >= 2 {
			segs = append(segs, [2]int{start, i})
		}
		if i == start {
			_, size := utf8.DecodeRuneInString(t[i:])
			i += size
		}
	}
	return segs
}

// sbCandidate finds every UTF-8 sequence that code page ci hides in t. It
// reports false when some decoded sequence is implausible: then the code
// page is the wrong guess for the whole text.
func sbCandidate(t string, ci int, sc *sbScratch, segs [][2]int, pieces []piece, work *int) ([]piece, bool) {
	run := &sc.run
	enc := &sbEnc[ci]
	run.rs, run.bs, run.offs = run.rs[:0], run.bs[:0], run.offs[:0]
	flush := func(end int) bool {
		if len(run.rs) >= 2 {
			run.offs = append(run.offs, end)
			var ok bool
			pieces, ok = decodeRun(t, run, pieces, &sc.seqs)
			if !ok {
				return false
			}
		}
		run.rs, run.bs, run.offs = run.rs[:0], run.bs[:0], run.offs[:0]
		return true
	}
	for _, seg := range segs {
		*work += seg[1] - seg[0]
		if !flush(seg[0]) {
			return pieces[:0], false
		}
		for i := seg[0]; i < seg[1]; {
			r, size := rune(t[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(t[i:])
			}
			var b byte
			switch {
			case r < sbLimit:
				b = enc[r]
			case r == '\ufffd':
				b = 0x1a // a lost byte; decodeRun looks at the rune
			}
			if b == 0 || r == 0x1a {
				if !flush(i) {
					return pieces[:0], false
				}
			} else {
				run.rs = append(run.rs, r)
				run.bs = append(run.bs, b)
				run.offs = append(run.offs, i)
			}
			i += size
		}
		if !flush(seg[1]) {
			return pieces[:0], false
		}
	}
	return pieces, len(pieces) > 0
}

// seqLen is the length of the UTF-8 sequence a lead byte starts, or 0.
func seqLen(b byte) int {
	switch {
	case b >= 0xc2 && b <= 0xdf:
		return 2
	case b >= 0xe0 && b <= 0xef:
		return 3
	case b >= 0xf0 && b <= 0xf4:
		return 4
	}
	return 0
}

func isCont(b byte) bool { return b >= 0x80 && b <= 0xbf }

// decodeRun decodes the UTF-8 sequences of one run, judges them and
// appends them as pieces. A piece is judged between its decoded
// neighbours, since a neighbour that is itself mojibake says nothing.
func decodeRun(t string, run *sbRun, pieces []piece, scratch *[]seq) ([]piece, bool) {
	bs := run.bs
	first := len(pieces)
	seqs := (*scratch)[:0]
	defer func() { *scratch = seqs }()
	for i := 0; i < len(bs); i++ {
		n := seqLen(bs[i])
		if n == 0 || i+1 >= len(bs) {
			continue
		}
		q, used := decodeSeq(run, i, n)
		if used == 0 {
			continue
		}
		seqs = append(seqs, q)
		pieces = append(pieces, piece{from: run.offs[i], to: run.offs[i+used], lossy: q.lossy})
		i += used - 1
	}
	for k, q := range seqs {
		p := &pieces[first+k]
		prev, next := runeBefore(t, p.from), runeAfter(t, p.to)
		prev2 := runeBefore(t, p.from-max(utf8.RuneLen(prev), 1))
		if k > 0 && pieces[first+k-1].to == p.from {
			prev = seqs[k-1].r
			prev2 = runeBefore(t, pieces[first+k-1].from)
			if k > 1 && pieces[first+k-2].to == pieces[first+k-1].from {
				prev2 = seqs[k-2].r
			}
		}
		if k+1 < len(seqs) && pieces[first+k+1].from == p.to {
			next = seqs[k+1].r
		}
		if !plausibleDecode(q.r, prev2, prev, next) {
			return pieces[:first], false
		}
		p.repl = string(q.r)
		if q.restored && q.lead == 0xc3 && isLowerRune(next) && !portugueseGrave(t[p.to:]) {
			// "voilÃ le" and "Ã perturber": an à whose no-break space
			// was lost before a word. The space stays.
			p.repl += " "
		}
		p.evidence = evidence(q.r, prev, next, q.src, q.restored, q.lossy)
	}
	return pieces, true
}

// seq is one decoded sequence: the rune and the characters it was read as.
type seq struct {
	r               rune
	lead            byte
	src             []rune
	lossy, restored bool
}

// decodeSeq decodes the sequence of n bytes at run index i; used is 0 when
// there is none there.
func decodeSeq(run *sbRun, i, n int) (q seq, used int) {
	rs, bs := run.rs, run.bs
	var buf [4]byte
	buf[0] = bs[i]
	for k := 1; k < n; k++ {
		j := i + k
		if j >= len(bs) {
			return q, 0
		}
		switch c := bs[j]; {
		case rs[j] == '?' || rs[j] == '\ufffd':
			q.lossy = true
			buf[k] = 0x80
		case isCont(c):
			buf[k] = c
		case c == ' ' && k == n-1:
			// A no-break space (byte A0) that became a plain space.
			q.restored = true
			buf[k] = 0xa0
		default:
			return q, 0
		}
	}
	used = n
	switch {
	case q.lossy:
		if rs[i+1] != '?' && rs[i+1] != '\ufffd' && !isCont(bs[i+1]) {
			return q, 0
		}
		q.r = utf8.RuneError
	case buf[0] == 0xed && buf[1] >= 0xa0 && buf[1] <= 0xaf:
		// CESU-8: a UTF-16 surrogate pair encoded as two sequences.
		if i+6 > len(bs) || bs[i+3] != 0xed || bs[i+4] < 0xb0 || bs[i+4] > 0xbf || !isCont(bs[i+5]) || !isCont(bs[i+2]) {
			return q, 0
		}
		hi := rune(buf[1]&0x0f)<<6 | rune(bs[i+2]&0x3f)
		lo := rune(bs[i+4]&0x0f)<<6 | rune(bs[i+5]&0x3f)
		q.r = 0x10000 + hi<<10 | lo
		used = 6
	default:
		r, size := utf8.DecodeRune(buf[:n])
		if size != n {
			return q, 0
		}
		q.r = r
	}
	q.src, q.lead = rs[i:i+used], bs[i]
	return q, used
}

// portugueseGrave reports whether rest, the text after "Ã ", makes a
// Portuguese word with à: às, àquele, àquela, àquilo.
func portugueseGrave(rest string) bool {
	for _, w := range []string{"s", "quele", "quela", "quilo", "queles", "quelas"} {
		if strings.HasPrefix(rest, w) && !isLetterRune(runeAfter(rest, len(w))) && runeAfter(rest, len(w)) != '\'' {
			return true
		}
	}
	return false
}

func runeBefore(t string, i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return r
}

func runeAfter(t string, i int) rune {
	if i >= len(t) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return r
}

func isLowerRune(r rune) bool  { return unicode.IsLower(r) }
func isUpperRune(r rune) bool  { return unicode.IsUpper(r) }
func isLetterRune(r rune) bool { return unicode.IsLetter(r) }

// evidence scores how surely src, the characters a sequence was read as,
// are mojibake: 2 for a sure sign, 1 for a weak one, 0 for none. A text is
// repaired only with a total of 2.
func evidence(r, prev, next rune, src []rune, restored, lossy bool) int {
	lead, last := src[0], src[len(src)-1]
	switch {
	case lossy:
		if isLetterRune(lead) && isLetterRune(prev) && src[len(src)-1] == '\ufffd' {
			return 2
		}
		return 0
	case restored:
		if isLowerRune(prev) && lead == 'Ã' {
			return 2 // "voilÃ le": a capital ending a lower-case word
		}
		return 0
	}
	// A trademark sign ends a brand name (AHÅ™), and ’s is a possessive
	// (Ã’s); only the most common mojibake lead, Ã, overrides the first.
	if last == '™' && !isLetterRune(next) && lead != 'Ã' {
		return 0
	}
	if (last == '’' || last == '\'') && next == 's' {
		return 0
	}
	e, yen := 0, false
	for k, c := range src[1:] {
		switch {
		case c >= 0x80 && c <= 0x9f, c == 0xad:
			e = 2 // a C1 control or soft hyphen inside a word
		case c == 0xa0:
			// A no-break space after a capital is ordinary text
			// (SELKÄ EDELLÄ) unless it decodes to a Latin-1 letter (à).
			if r >= 0xc0 && r <= 0xff {
				e = max(e, 2)
			}
		case c == '¥':
			yen = true // Ã¥ is also a way to type å (ftfy issue 202)
		case !isLetterRune(c):
			e = 2 // a symbol inside a word
		case isUpperRune(c) && isLowerRune(src[k]):
			e = 2 // a lower-case letter followed by a capital
		}
	}
	if isUpperRune(lead) && isLowerRune(prev) || isLowerRune(last) && isUpperRune(next) && isLetterRune(lead) {
		e = 2 // a capital after a lower-case letter: voilÃ, ZURÃœCK
	}
	if yen && len(src) == 2 {
		e = min(max(e, 1), 1)
	}
	if !isLetterRune(lead) {
		switch {
		case isLetterRune(prev):
			e = 2 // a symbol inside a word: wei√ü, profiter‚Ä¶
		case isLetterRune(next):
			e = 1 // ─îe┼ítina: weak alone, sure with a second
		default:
			e = min(e, 1) // × £ or √π: corroboration needed
		}
	}
	return e
}

// plausibleDecode reports whether r, decoded from src between prev and
// next, is a character that belongs there.
func plausibleDecode(r, prev2, prev, next rune) bool {
	if !plausibleRune(r) {
		return false
	}
	if r == 'Ã' || r == 'Â' {
		return true // another layer of mojibake, repaired next
	}
	if isCJK(r) && (isLetterRune(prev) && prev < 0x80 || isLetterRune(next) && next < 0x80) {
		return false // one CJK character glued to a Latin word (Brontë…”)
	}
	if source.IsHan(r) && !source.IsCommonHan(r) && !isCJK(prev) && !isCJK(next) {
		return false // a lone rare Han character: GBK read as Latin-1, not UTF-8
	}
	if isUpperRune(r) && isLowerRune(prev) {
		return false
	}
	if isLowerRune(r) && isUpperRune(prev) && (isUpperRune(next) || isUpperRune(prev2) && !isLowerRune(next)) {
		return false // ř in "AHÅ™", à in "NICIODATĂ ", ģ in "MÄ£ÄM"
	}
	if unicode.Is(unicode.Latin, r) && r > 0xff && !isLetterRune(prev) && !isLetterRune(next) && r < 0x1e00 {
		return false // a lone ŗ is no word
	}
	return true
}

// plausibleRune reports whether r is a character real text uses: letters
// of living scripts, punctuation, symbols and emoji, not private-use,
// unassigned, IPA, archaic or combining characters of other scripts.
func plausibleRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 0x20 || r == '\t' || r == '\n'
	case r < 0xa0:
		return false // C1 controls
	case r <= 0x17f:
		return r != 0x149 && r != 0x17f // ŉ and ſ are obsolete
	case r >= 0x180 && r <= 0x24f:
		// Latin Extended-B: only the Romanian and Vietnamese letters.
		return r >= 0x218 && r <= 0x21b || r == 0x1a0 || r == 0x1a1 || r == 0x1af || r == 0x1b0
	case r >= 0x250 && r <= 0x2af:
		return false // IPA
	case r >= 0x2b0 && r <= 0x2ff:
		return r >= 0x2c6 && r <= 0x2dd // ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
	case r >= 0x300 && r <= 0x36f:
		return true // combining diacritics
	case r >= 0x370 && r <= 0x3ff:
		return r >= 0x386 && r <= 0x3ce
	case r >= 0x400 && r <= 0x45f, r == 0x490, r == 0x491:
		return true
	case r >= 0x5d0 && r <= 0x5ea:
		return true // Hebrew letters
	case r >= 0x621 && r <= 0x64a:
		return r != 0x640 // Arabic letters, not the tatweel
	case r >= 0x900 && r <= 0x97f, r >= 0xb80 && r <= 0xbff, r >= 0xe00 && r <= 0xe7f:
		return true // Devanagari, Tamil, Thai
	case r >= 0x1e00 && r <= 0x1eff:
		return true // Latin Extended Additional (Vietnamese)
	case r >= 0x2000 && r <= 0x2bff:
		return r != 0x2028 && r != 0x2029 // punctuation, symbols, arrows, box drawing, dingbats, braille
	case r >= 0x3000 && r <= 0x303f, r >= 0x3040 && r <= 0x30ff:
		return true
	case r >= 0x4e00 && r <= 0x9fff, r >= 0xac00 && r <= 0xd7a3:
		return true
	case r >= 0xfb00 && r <= 0xfb06:
		return true // ligatures such as ﬁ
	case r >= 0xfe00 && r <= 0xfe0f:
		return true // variation selectors (emoji)
	case r >= 0xff01 && r <= 0xffef:
		return true // full-width forms
	case r == 0xfffd:
		return true
	case r >= 0x1f000 && r <= 0x1faff:
		return true // emoji
	}
	return false
}

// c1Pass reads a C1 control as the Windows-1252 character of the same
// byte (\x93 → “), the last step of a Latin-1/Windows-1252 mix-up. A C1
// byte that Windows-1252 leaves undefined stays.
func c1Pass(s *state) {
	t := s.text
	cp := sbCodecs[cp1252]
	for i := 0; i < len(t); i++ {
		if t[i] != 0xc2 || i+1 >= len(t) || t[i+1] < 0x80 || t[i+1] > 0x9f {
			continue
		}
		b := t[i+1]
		if r := cp.dec[b]; r != rune(b) {
			s.fix(i, i+2, string(r), ruleC1Control)
		}
		i++
	}
}

// truncatedPass flags the end of a repaired run that lost a byte: after "删除列表中的元", the "ç´" left over is the start of a
// three-byte character whose last byte was dropped. Only a lead and its
// continuation right after CJK text count; the character cannot be
// recovered.
func truncatedPass(s *state) {
	t := s.text
	cp := &sbEnc[cp1252]
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if r < 0xe0 || r > 0xef || i == 0 {
			i += size
			continue
		}
		prev := runeBefore(t, i)
		c, csize := utf8.DecodeRuneInString(t[i+size:])
		if !isCJK(prev) || c >= sbLimit || !isCont(cp[c]) {
			i += size
			continue
		}
		end := i + size + csize
		if next := runeAfter(t, end); next < sbLimit && isCont(cp[next]) {
			i += size
			continue // a whole sequence, for the repair rule to judge
		}
		s.flag(i, end, ruleMojibakeTruncated, fmt.Sprintf("%q is the start of a UTF-8 character whose last byte was lost; the character cannot be recovered", t[i:end]))
		i = end
	}
}
