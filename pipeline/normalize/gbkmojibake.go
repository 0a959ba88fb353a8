package normalize

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"xlate/pipeline/source"
)

// This file repairs the mojibake of Chinese pages and flags what was lost
// (replacement characters, lost bytes, mojibake of mojibake, filler):
//   - UTF-8 read as GBK: 鐢ㄦ埛 for 用户;
//   - GBK read as Latin-1 or Windows-1252: ÎÂÜ°Ìáʾ for 温馨提示, and the
//     full-width punctuation £» ¡¡ between English words;
//   - GBK bytes through UTF-8 with a Latin-1 fallback: Ŀ¼ for 目录;
//   - Latin-1 read as GB18030: na飗e for naïve;
//   - Windows-1252 bullets read as Big5: 慈ther for • Other.
// Each repair is an exact round trip through the two encodings, made on a
// whole run or not at all, and only when the result is better Chinese than
// the input: common Han characters up, rare ones down. A run that is
// mojibake but cannot be decoded whole is flagged and left byte for byte.

// gbkTable maps GBK two-byte codes to runes and back, built on first use
// from x/text's decoder so that a page without Chinese never pays for it.
var gbkTable struct {
	once sync.Once
	enc  map[rune]uint16
	dec  []rune        // by two-byte code; 0 for none
	big5 map[rune]byte // runes Big5 writes as B7 + an ASCII letter
}

func loadGBK() {
	gbkTable.once.Do(func() {
		var codes []uint16
		var b []byte
		for lead := 0x81; lead <= 0xfe; lead++ {
			for trail := 0x40; trail <= 0xfe; trail++ {
				if trail == 0x7f {
					continue
				}
				codes = append(codes, uint16(lead)<<8|uint16(trail))
				b = append(b, byte(lead), byte(trail))
			}
		}
		out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
		if err != nil {
			panic(err) // x/text decodes every GBK code, undefined ones to U+FFFD
		}
		gbkTable.enc = make(map[rune]uint16, len(codes))
		gbkTable.dec = make([]rune, 1<<16)
		i := 0
		for _, r := range string(out) {
			if i >= len(codes) {
				break
			}
			if r != utf8.RuneError {
				if _, dup := gbkTable.enc[r]; !dup {
					gbkTable.enc[r] = codes[i]
				}
				gbkTable.dec[codes[i]] = r
			}
			i++
		}
		gbkTable.big5 = map[rune]byte{}
		for c := byte('A'); c <= 'z'; c++ {
			if !isLetter(c) {
				continue
			}
			out, err := traditionalchinese.Big5.NewDecoder().Bytes([]byte{0xb7, c})
			if r, _ := utf8.DecodeRune(out); err == nil && r != utf8.RuneError && r >= 0x80 {
				gbkTable.big5[r] = c
			}
		}
	})
}

// gbkBytes appends the GBK bytes of r, reporting false when GBK has none.
func gbkBytes(b []byte, r rune) ([]byte, bool) {
	if r == '€' {
		return append(b, 0x80), true
	}
	c, ok := gbkTable.enc[r]
	if !ok {
		return b, false
	}
	return append(b, byte(c>>8), byte(c)), true
}

// hanScore scores how much s reads as Chinese: common Han characters and
// CJK punctuation count for it, rare Han characters and the bopomofo, kana
// and box-drawing characters that mojibake is made of count against it.
func hanScore(s string) int {
	score := 0
	for _, r := range s {
		switch {
		case source.IsHan(r):
			if source.IsCommonHan(r) {
				score += 2
			} else {
				score -= 2
			}
		case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
			score++
		case r < 0x80:
		default:
			score--
		}
	}
	return score
}

// suspectCJK reports whether r is a character UTF-8-as-GBK mojibake is
// made of and real Chinese seldom uses.
func suspectCJK(r rune) bool {
	switch {
	case source.IsHan(r):
		return !source.IsCommonHan(r)
	case r >= 0x3040 && r <= 0x30ff, r >= 0x3100 && r <= 0x312f, r >= 0x2500 && r <= 0x257f:
		return true // kana, bopomofo, box drawing
	case r >= 0x3400 && r <= 0x4dbf, r >= 0xe000 && r <= 0xf8ff:
		return true // extension A, private use
	}
	return false
}

// gbkMojibakePass repairs UTF-8 read as GBK in each run of non-ASCII
// characters that holds at least two suspect characters, and flags runs
// that cannot be repaired: a sequence cut short (a lost byte), or a run of
// rare characters that no single round trip explains.
func gbkMojibakePass(s *state) {
	if on := &s.ctx.on; !on.encoding && !on.mt {
		return
	}
	t := s.text
	for i := 0; i < len(t); {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		j, suspects := i, 0
		for j < len(t) && t[j] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(t[j:])
			if r == '？' || r == utf8.RuneError {
				break // what a decoder writes for a lost byte ends the run
			}
			if suspectCJK(r) {
				suspects++
			}
			j += size
		}
		// A run glued to a letter may have absorbed its first byte into
		// its last pair (涓璄nglish): one suspect is enough there.
		if suspects >= 2 || lostAfter(t, j) || suspects == 1 && j < len(t) && isAlnum(t[j]) && j-i >= 6 {
			loadGBK()
			repairGBKRun(s, i, j)
		}
		i = max(j, i+1)
	}
}

// repairGBKRun looks for UTF-8 hidden in the GBK bytes of t[from:to].
func repairGBKRun(s *state, from, to int) {
	t := s.text
	var offs []int // offset of each character, then to
	var ends []int // byte end of each character in b
	var b []byte
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(t[i:])
		var ok bool
		if b, ok = gbkBytes(b, r); !ok {
			// A character GBK cannot write splits the run.
			if len(offs) > 0 {
				repairGBKChars(s, offs, ends, b, i)
			}
			offs, ends, b = offs[:0], ends[:0], b[:0]
			i += size
			continue
		}
		offs = append(offs, i)
		ends = append(ends, len(b))
		i += size
	}
	if len(offs) > 0 {
		repairGBKChars(s, offs, ends, b, to)
	}
}

// repairGBKChars decodes the UTF-8 hidden in the GBK bytes b of the
// characters at offs (the run ends at to), a whole stretch or nothing. It
// finds the stretches that decode cleanly, each from a character boundary
// to a character boundary; when a stretch leaves mojibake beside it in the
// run (a character whose bytes were cut by a lost byte, or one built from
// the bytes of two), the run cannot be decoded exactly: it is left byte for
// byte and flagged.
func repairGBKChars(s *state, offs, ends []int, b []byte, to int) {
	t := s.text
	n := len(offs)
	offs = append(offs, to)
	startByte := func(k int) int {
		if k == 0 {
			return 0
		}
		return ends[k-1]
	}
	fixed := make([]bool, n)
	type stretch struct{ k, e int }
	var found []stretch
	cut := false
	for k := 0; k < n; {
		// Decode UTF-8 from character k as far as it goes, and remember
		// the last character boundary it reached. An ASCII letter or
		// digit may close the stretch: a GBK reader pairs the last byte
		// of a character with the letter after it (涓璄nglish for
		// 中English).
		p, e := startByte(k), k
		for c := k; p < len(b); {
			s.ctx.work++
			r, size := utf8.DecodeRune(b[p:])
			if r == utf8.RuneError && size <= 1 {
				cut = cut || !utf8.FullRune(b[p:]) && c == n-1
				break
			}
			if size == 1 && !isAlnum(byte(r)) {
				break // other ASCII never hides in GBK mojibake
			}
			p += size
			for c < n && ends[c] < p {
				c++
			}
			if c < n && ends[c] == p {
				c++
				e = c
			}
			if size == 1 {
				break
			}
		}
		if e-k >= 2 {
			orig := t[offs[k]:offs[e]]
			dec := string(b[startByte(k):ends[e-1]])
			if allPlausible(dec) && hanScore(dec) >= hanScore(orig)+2 && mostlyCommon(dec) && asciiFits(dec, t, offs[e]) {
				found = append(found, stretch{k, e})
				for c := k; c < e; c++ {
					fixed[c] = true
				}
				k = e
				continue
			}
		}
		// A stretch that decodes but is no text is not tried again from
		// inside: its tail would be judged on less evidence, and retrying
		// at every character would make a long run cost its square.
		k = max(e, k+1)
	}
	// Mojibake left beside a decoded stretch means the run lost bytes.
	leftover := false
	for c := 0; c < n && len(found) > 0; c++ {
		if !fixed[c] {
			r, _ := utf8.DecodeRuneInString(t[offs[c]:])
			leftover = leftover || suspectCJK(r)
		}
	}
	if len(found) > 0 && (leftover || cut && lostAfter(t, to)) || len(found) == 0 && cut && lostAfter(t, to) {
		if s.ctx.on.encoding {
			s.flag(offs[0], to, ruleMojibakeLossy, "UTF-8 read as GBK that cannot be decoded whole (a byte was lost, and the characters around the loss are built from the wrong bytes); left as it is for a person to restore")
		}
		return
	}
	for _, f := range found {
		if s.ctx.on.encoding {
			s.fix(offs[f.k], offs[f.e], string(b[startByte(f.k):ends[f.e-1]]), ruleGBKMojibake)
		}
	}
	flagRareRuns(s, offs, fixed, b, ends)
}

// asciiFits reports whether an ASCII letter or digit at the end of the
// decoded text dec belongs there: the text after it goes on with a letter
// or digit (the word the GBK reader took the first letter of).
func asciiFits(dec, t string, after int) bool {
	last := dec[len(dec)-1]
	if last >= utf8.RuneSelf {
		return true
	}
	for i := 0; i < len(dec)-1; i++ {
		if dec[i] < utf8.RuneSelf {
			return false // ASCII only at the end
		}
	}
	return after < len(t) && isAlnum(t[after])
}

// flagRareRuns flags runs of at least six characters, mostly rare Han,
// that no repair explained: multi-layer mojibake (encoding) when their GBK
// bytes still start as UTF-8 (each layer lost bytes), CJK filler (mt)
// otherwise. A run the GBK repair explains is no filler even when only the
// mt family runs and the repair is not made.
func flagRareRuns(s *state, offs []int, fixed []bool, b []byte, ends []int) {
	t := s.text
	n := len(fixed)
	for k := 0; k < n; {
		if fixed[k] {
			k++
			continue
		}
		e, han, rare := k, 0, 0
		for e < n && !fixed[e] {
			r, _ := utf8.DecodeRuneInString(t[offs[e]:])
			if !source.IsHan(r) {
				break
			}
			han++
			if !source.IsCommonHan(r) {
				rare++
			}
			e++
		}
		if han >= 6 && rare*2 >= han {
			start := 0
			if k > 0 {
				start = ends[k-1]
			}
			if lead := b[start]; lead >= 0xe0 && lead <= 0xef {
				if s.ctx.on.encoding {
					s.flag(offs[k], offs[e], ruleMojibakeMultilayer, fmt.Sprintf("%d of %d characters are rare and their GBK bytes read as UTF-8 again: mojibake of mojibake, with bytes lost at each layer; a person must find the original", rare, han))
				}
			} else if s.ctx.on.mt {
				s.flag(offs[k], offs[e], ruleCJKFiller, fmt.Sprintf("%d of %d characters are rare Han characters in no word: filler text of a document-sharing site; a person should drop it", rare, han))
			}
		}
		k = max(e, k+1)
	}
}

// mostlyCommon reports whether at most a quarter of the Han characters of
// s are rare: a repair that leaves rare characters behind found another
// layer of mojibake, not the text.
func mostlyCommon(s string) bool {
	han, common := source.HanShare(s)
	return (han-common)*4 <= han
}

// lostAfter reports whether the text at i shows what a GBK decoder writes
// for a lead byte whose partner was lost or was not a trail byte.
func lostAfter(t string, i int) bool {
	next := runeAfter(t, i)
	return i < len(t) && (next == '?' || next == '？' || next == '\ufffd' || next == '"')
}

func allPlausible(s string) bool {
	for _, r := range s {
		if !plausibleRune(r) && r != '\n' {
			return false
		}
	}
	return true
}

// latin1GBKPass repairs GBK read as Latin-1 or Windows-1252 (ÎÂÜ°Ìáʾ for
// 温馨提示), including GBK bytes that went through UTF-8 with a Latin-1
// fallback (Ŀ¼ for 目录), and the full-width punctuation the same mix-up
// leaves between English words (£» for ；, ¡¡ for an ideographic space).
func latin1GBKPass(s *state) {
	t := s.text
	cp := &sbEnc[cp1252]
	noExtend := 0 // runs before this offset are not extended
	for i := 0; i < len(t); {
		if t[i] < 0xc2 || t[i] > 0xdf && t[i] != 0xe2 { // U+0080–U+07FF, or € ‚ ƒ … in U+20xx
			i++
			continue
		}
		j, n, wide, narrow, latin := i, 0, false, false, false
		for j < len(t) {
			r, size := utf8.DecodeRuneInString(t[j:])
			if r < 0x80 || r > 0x7ff && (r >= sbLimit || cp[r] == 0) {
				break
			}
			if r > 0xff && (r >= sbLimit || cp[r] == 0) {
				wide = true
			} else {
				narrow = true
			}
			latin = latin || r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7
			n++
			j += size
		}
		// The UTF-8 fallback mixes both kinds of character; a run of
		// Cyrillic or Greek alone is text, not GBK. So is Greek among
		// Latin-1 signs with no Latin letter: units and angles (10 µΩ,
		// θ°, ±σ), whose two-byte UTF-8 reads as GBK as readily as any.
		if n >= 2 && narrow && (!wide || latin) {
			loadGBK()
			// The UTF-8 fallback also turns three GBK bytes that happen
			// to be valid UTF-8 into one character of any script (磬,
			// ṩ): the run goes on over them. Decoded whole, or judged
			// whole; only a run that is no GBK at all is looked at in
			// pieces.
			if i < noExtend {
				// inside a run that was extended and did not decode
			} else if jx, more := extendFallbackRun(t, j, &s.ctx.work); more {
				if repairFallbackRun(s, i, jx) {
					i = jx
					continue
				}
				// The runs inside it are looked at one by one, and
				// none of them extends over the same text again.
				noExtend = jx
			}
			switch {
			case wide && repairFallbackRun(s, i, j):
			case lossyLatin1GBK(s, i, j):
			default:
				repairLatin1GBK(s, i, j, wide)
			}
		}
		i = max(j, i+1)
	}
}

// extendFallbackRun extends a run of Latin-1 and two-byte characters that
// ends at j over the characters of three UTF-8 bytes and more such runs
// after it; more says whether it grew.
func extendFallbackRun(t string, j int, work *int) (int, bool) {
	// It ends at ASCII, at CJK punctuation (which ends a run of GBK too),
	// or where three characters of three bytes stand in a row: the bytes
	// of GBK text are valid UTF-8 that rarely, so that is real text.
	jx, end, wide := j, j, 0
	for jx < len(t) && wide < 3 {
		r, size := utf8.DecodeRuneInString(t[jx:])
		if r < 0x80 || r == utf8.RuneError || r > 0xffff || r >= 0x3000 && r <= 0x303f || r >= 0xff00 {
			break
		}
		jx += size
		if r > 0x7ff && (r >= sbLimit || sbEnc[cp1252][r] == 0) {
			wide++
		} else {
			wide, end = 0, jx
		}
	}
	*work += jx - j
	jx = end
	return jx, jx > j
}

// repairFallbackRun decodes t[from:to], GBK bytes read as UTF-8 where they
// were valid and as Latin-1 where not, when the whole run decodes to common
// Chinese; it reports whether it did.
func repairFallbackRun(s *state, from, to int) bool {
	dec, ok := decodeFallbackGBK(s.text[from:to], &s.ctx.fb, &s.ctx.work)
	if !ok || !believable(s.text, from, to, dec) {
		return false
	}
	s.fix(from, to, dec, ruleGBKLatin1)
	return true
}

// decodeFallbackGBK finds the GBK bytes behind run, text a reader decoded
// as UTF-8 where the bytes were valid UTF-8 and as Latin-1 (or
// Windows-1252) where not. A character from U+0080 to U+00FF may stand for
// one byte or for the two of its UTF-8 form, so the reading is ambiguous
// character by character; the bytes are chosen so that all of them pair
// into common Chinese characters and punctuation. The search keeps, after
// each character, the ways the bytes so far can end (at a pair boundary
// or holding a lead byte): a handful, so the work is linear in the run.
// Where two ways end alike, the one with fewer characters outside GB 2312
// is kept (Simplified Chinese is nearly all inside it), then the one with
// more full-width punctuation (prose has a mark every dozen characters; a
// wrong reading turns marks into rare characters), then the first, which
// read fewer bytes. It reports false when no choice decodes the run.
func decodeFallbackGBK(run string, sc *fallbackScratch, work *int) (string, bool) {
	ways := append(sc.ways[:0], fbWay{pending: -1, from: -1})
	starts := append(sc.starts[:0], 0, 1) // ways of step k: ways[starts[k]:starts[k+1]]
	defer func() { sc.ways, sc.starts = ways, starts }()
	cp := &sbEnc[cp1252]
	var opts [2][4]byte
	var optLen [2]int
	for _, r := range run {
		*work++
		n := 0
		switch {
		case r < 0x80:
			return "", false
		case r <= 0xff:
			opts[0][0], optLen[0] = byte(r), 1
			optLen[1] = utf8.EncodeRune(opts[1][:], r)
			n = 2
		case r < sbLimit && cp[r] != 0:
			opts[0][0], optLen[0] = cp[r], 1
			optLen[1] = utf8.EncodeRune(opts[1][:], r)
			n = 2
		default:
			optLen[0] = utf8.EncodeRune(opts[0][:], r)
			n = 1
		}
		k := len(starts) - 2
		cur0, cur1 := starts[k], starts[k+1]
		for wi := cur0; wi < cur1; wi++ {
			w := ways[wi]
			if w.pending == -2 {
				continue // replaced by a better way
			}
			for o := 0; o < n; o++ {
				nw := fbWay{pending: w.pending, from: wi, ext: w.ext, punct: w.punct}
				ok := true
				for _, b := range opts[o][:optLen[o]] {
					if nw.pending < 0 {
						if b < 0x81 || b == 0xff {
							ok = false
							break
						}
						nw.pending = int(b)
						continue
					}
					dr := gbkTable.dec[nw.pending<<8|int(b)]
					if dr == 0 || !commonCJK(dr) {
						ok = false
						break
					}
					nw.out[nw.n] = dr
					nw.n++
					if !inGB2312(nw.pending, b) {
						nw.ext++
					}
					if nw.pending == 0xa1 || nw.pending == 0xa3 {
						nw.punct++
					}
					nw.pending = -1
				}
				if !ok {
					continue
				}
				dup := -1
				for xi := cur1; xi < len(ways); xi++ {
					if ways[xi].pending == nw.pending {
						dup = xi
					}
				}
				if dup >= 0 {
					x := &ways[dup]
					if x.ext < nw.ext || x.ext == nw.ext && x.punct >= nw.punct {
						continue
					}
					x.pending = -2
				}
				ways = append(ways, nw)
			}
		}
		if len(ways) == cur1 {
			return "", false
		}
		starts = append(starts, len(ways))
	}
	k := len(starts) - 2
	end := -1
	for i := starts[k]; i < starts[k+1]; i++ {
		if ways[i].pending == -1 && (end < 0 || ways[i].ext < ways[end].ext) {
			end = i
		}
	}
	if end < 0 {
		return "", false
	}
	// Walk the way back, collecting each step's characters.
	out := sc.out[:0]
	for i := end; i > 0; i = ways[i].from {
		w := ways[i]
		for j := int(w.n) - 1; j >= 0; j-- {
			out = append(out, w.out[j])
		}
	}
	sc.out = out
	var b strings.Builder
	for j := len(out) - 1; j >= 0; j-- {
		b.WriteRune(out[j])
	}
	return b.String(), true
}

// fallbackScratch is what decodeFallbackGBK reuses from run to run.
type fallbackScratch struct {
	ways   []fbWay
	starts []int
	out    []rune
}

// fbWay is one way the bytes behind a run can be read up to a character:
// the lead byte it holds (-1 at a pair boundary, -2 once replaced), the way
// of the step before it came from, the characters it decoded at this step,
// and its counts of characters outside GB 2312 and of punctuation.
type fbWay struct {
	pending, from, ext, punct int
	out                       [2]rune
	n                         uint8
}

// inGB2312 reports whether the GBK pair lead, trail lies in GB 2312, the
// older and smaller character set that holds the characters of everyday
// Simplified Chinese.
func inGB2312(lead int, trail byte) bool {
	return trail >= 0xa1 && trail <= 0xfe && (lead >= 0xa1 && lead <= 0xa9 || lead >= 0xb0 && lead <= 0xf7)
}

// commonCJK reports whether r is a common Han character or CJK
// punctuation: what decoded GBK text must consist of to be believed.
func commonCJK(r rune) bool {
	return source.IsCommonHan(r) || r >= 0x3000 && r <= 0x3011 || r >= 0xff01 && r <= 0xff1f || r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}

// lossyLatin1GBK flags a run of GBK read as Latin-1 that lost a byte at
// one end: it decodes to common Chinese only without its first or last
// character. It is left as it is, since what it lost is gone, and flagged.
func lossyLatin1GBK(s *state, from, to int) bool {
	run := s.text[from:to]
	b, ok := cp1252Bytes(run)
	if !ok || len(b) < 7 || len(b)%2 == 0 || utf8.Valid(b) {
		return false
	}
	for _, part := range [][]byte{b[1:], b[:len(b)-1]} {
		if dec, ok := strictGBK(part); ok && allCommonCJK(dec) {
			if han, _ := source.HanShare(dec); han >= 3 {
				s.flag(from, to, ruleMojibakeLossy, "GBK read as Latin-1 that cannot be decoded whole (a byte was lost at one end); left as it is for a person to restore")
				return true
			}
		}
	}
	return false
}

func repairLatin1GBK(s *state, from, to int, wide bool) {
	t := s.text
	run := t[from:to]
	var candidates [][]byte
	if !wide {
		// Each character as one byte (Latin-1 or Windows-1252 read). A
		// wide run has a character with no such byte.
		single, _ := cp1252Bytes(run)
		if utf8.Valid(single) {
			return // UTF-8 read as Latin-1 (Ã§Ãµ): the UTF-8 rule's to judge
		}
		candidates = append(candidates, single)
	} else {
		// Valid UTF-8 stayed UTF-8; only stray bytes fell back to
		// Latin-1: a character from U+0100 up is its UTF-8 bytes, the
		// rest are tried both ways.
		var mixed, utf []byte
		for _, r := range run {
			if r < 0x100 {
				mixed = append(mixed, byte(r))
			} else {
				mixed = utf8.AppendRune(mixed, r)
			}
			utf = utf8.AppendRune(utf, r)
		}
		candidates = append(candidates, mixed, utf)
	}
	best, bestScore := "", 0
	for _, b := range candidates {
		dec, ok := strictGBK(b)
		if !ok {
			continue
		}
		if sc := hanScore(dec); sc > bestScore && allCommonCJK(dec) {
			best, bestScore = dec, sc
		}
	}
	if best == "" {
		return
	}
	if !believable(t, from, to, best) {
		return
	}
	s.fix(from, to, best, ruleGBKLatin1)
}

// believable reports whether dec, GBK decoded from t[from:to], can be
// believed: one Han character from two Latin-1 characters is too little
// (É¿, ×£ and  © would all read as one), and Han characters glued to a
// Latin word are letters of that word (tĹ\x99etí); punctuation (；　。) is
// believed anywhere, since the pairs £» and ¡¡ are its signature.
func believable(t string, from, to int, dec string) bool {
	han, _ := source.HanShare(dec)
	if han == 0 {
		return true
	}
	before, after := runeBefore(t, from), runeAfter(t, to)
	return han > 1 && !(before < 0x80 && isLetterRune(before)) && !(after < 0x80 && isLetterRune(after))
}

// cp1252Bytes returns the bytes a Windows-1252 (or Latin-1) reading gave
// the characters of run, one each; ok is false when one has none.
func cp1252Bytes(run string) (b []byte, ok bool) {
	cp := &sbEnc[cp1252]
	for _, r := range run {
		switch {
		case r < 0x100:
			b = append(b, byte(r))
		case r < sbLimit && cp[r] != 0:
			b = append(b, cp[r])
		default:
			return nil, false
		}
	}
	return b, true
}

// strictGBK decodes b as GBK, reporting false when any byte pair is not a
// GBK character or a byte is left over.
func strictGBK(b []byte) (string, bool) {
	if len(b) == 0 || len(b)%2 != 0 {
		return "", false
	}
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil || strings.ContainsRune(string(out), utf8.RuneError) {
		return "", false
	}
	for _, c := range out {
		if c < 0x80 {
			return "", false // a pair split into ASCII: not GBK text
		}
	}
	return string(out), true
}

// allCommonCJK reports whether s is only common Han characters and CJK
// punctuation: the bar for reading Latin-1 letters as Chinese, since
// French or German words decode to rare characters.
func allCommonCJK(s string) bool {
	for _, r := range s {
		if !commonCJK(r) {
			return false
		}
	}
	return true
}

// big5BulletPass repairs a Windows-1252 bullet (byte B7) and the letter
// after it that a Big5 reader glued into one Han character at the start
// of a line: 慈ther for "• Other".
func big5BulletPass(s *state) {
	t := s.text
	for l := range lines(t) {
		line := strings.TrimLeft(t[l[0]:l[1]], " \t")
		start := l[1] - len(line)
		if r, size := utf8.DecodeRuneInString(line); r >= 0x4e00 && size < len(line) && isLower(line[size]) {
			loadGBK()
			if c, ok := gbkTable.big5[r]; ok {
				s.fix(start, start+size, "• "+string(c), ruleBig5Bullet)
			}
		}
	}
}

// lossyPass flags text whose bytes were replaced before they reached us:
// 锟斤拷 (two U+FFFD read as GBK), replacement characters, and 烫烫烫 or
// 屯屯屯 (uninitialised memory printed by a Windows program).
func lossyPass(s *state) {
	t := s.text
	for _, p := range []struct{ pat, what string }{
		{"锟斤拷", "锟斤拷 is what two replacement characters look like read as GBK"},
		{"\ufffd", "replacement characters stand where undecodable bytes were"},
		{"烫烫烫", "烫烫烫 is uninitialised stack memory (bytes CC) printed as GBK"},
		{"屯屯屯", "屯屯屯 is uninitialised heap memory (bytes CD) printed as GBK"},
	} {
		for i := 0; i < len(t); {
			j := strings.Index(t[i:], p.pat)
			if j < 0 {
				break
			}
			j += i
			e := j + len(p.pat)
			for strings.HasPrefix(t[e:], p.pat) || p.pat == "锟斤拷" && strings.HasPrefix(t[e:], "锟") {
				if strings.HasPrefix(t[e:], p.pat) {
					e += len(p.pat)
				} else {
					e += len("锟")
				}
			}
			s.flag(j, e, ruleLossyReplacement, p.what+": the original text is lost and a person must restore it")
			i = e
		}
	}
}

// latin1InGBKPass repairs Latin-1 (or Windows-1252) text that a GB18030
// reader took for Chinese: a Latin-1 letter and the byte after it make one
// GBK code, so "naïve" arrives as na飗e and "façade" as fa鏰de, with no
// error to show for it. A run of rare Han characters inside a Latin word
// (an ASCII letter on both sides) whose GBK bytes read in Windows-1252 as
// letters, at least one of them accented, is that mistake; anything else
// is left alone.
func latin1InGBKPass(s *state) {
	t := s.text
	for i := 0; i < len(t); {
		if t[i] < 0xe0 || i == 0 || !letterByte[t[i-1]] {
			i++
			continue
		}
		j, han := i, 0
		for j < len(t) && t[j] >= 0xe0 {
			r, size := utf8.DecodeRuneInString(t[j:])
			if !source.IsHan(r) || source.IsCommonHan(r) {
				break
			}
			han++
			j += size
		}
		if han == 0 || j >= len(t) || !letterByte[t[j]] {
			i = max(j, i+1)
			continue
		}
		loadGBK()
		if word, ok := latin1Letters(t[i:j]); ok {
			s.fix(i, j, word, ruleLatin1GBK)
		}
		i = j
	}
}

// latin1Letters returns what the GBK bytes of the Han characters of run
// read as in Windows-1252, when that is letters only with an accented one
// among them.
func latin1Letters(run string) (string, bool) {
	var b []byte
	for _, r := range run {
		var ok bool
		if b, ok = gbkBytes(b, r); !ok {
			return "", false
		}
	}
	var out strings.Builder
	accented := false
	for _, c := range b {
		r := sbCodecs[cp1252].dec[c]
		switch {
		case c < 0x80 && letterByte[c]:
		case r >= 0xc0 && r <= 0xff && r != 0xd7 && r != 0xf7:
			accented = true
		default:
			return "", false
		}
		out.WriteRune(r)
	}
	return out.String(), accented
}
