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

// This file repairs the mojibake of Chinese pages (GARBLE.md classes 4–10)
// and flags what was lost (5, 6, 21, 22):
//   - UTF-8 read as GBK: 鐢ㄦ埛 for 用户;
//   - GBK read as Latin-1 or Windows-1252: ÎÂÜ°Ìáʾ for 温馨提示, and the
//     full-width punctuation £» ¡¡ between English words;
//   - GBK bytes through UTF-8 with a Latin-1 fallback: Ŀ¼ for 目录;
//   - Windows-1252 bullets read as Big5: 慈ther for • Other.
// Each repair is an exact round trip through the two encodings, and it is
// made only when the result is better Chinese than the input: common Han
// characters up, rare ones down.

// gbkTable maps GBK two-byte codes to runes and back, built on first use
// from x/text's decoder so that a page without Chinese never pays for it.
var gbkTable struct {
	once sync.Once
	enc  map[rune]uint16
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
		i := 0
		for _, r := range string(out) {
			if i >= len(codes) {
				break
			}
			if r != utf8.RuneError {
				if _, dup := gbkTable.enc[r]; !dup {
					gbkTable.enc[r] = codes[i]
				}
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
		if suspects >= 2 || lostAfter(t, j) {
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
	for k := 0; k < n; {
		// Decode UTF-8 from character k as far as it goes, and remember
		// the last character boundary it reached.
		p, e, cut := startByte(k), k, false
		for c := k; p < len(b); {
			s.ctx.work++
			r, size := utf8.DecodeRune(b[p:])
			if r == utf8.RuneError && size <= 1 {
				cut = utf8.FullRune(b[p:]) == false && c == n-1
				break
			}
			if size == 1 {
				break // ASCII never hides in GBK mojibake
			}
			p += size
			for c < n && ends[c] < p {
				c++
			}
			if c < n && ends[c] == p {
				c++
				e = c
			}
		}
		if e-k >= 2 {
			orig := t[offs[k]:offs[e]]
			dec := string(b[startByte(k):ends[e-1]])
			if allPlausible(dec) && hanScore(dec) >= hanScore(orig)+2 && mostlyCommon(dec) {
				if s.ctx.on.encoding {
					s.fix(offs[k], offs[e], dec, ruleGBKMojibake)
				}
				for c := k; c < e; c++ {
					fixed[c] = true
				}
				k = e
				continue
			}
		}
		if cut {
			if lostAfter(t, to) {
				if s.ctx.on.encoding {
					s.flag(offs[k], to, ruleMojibakeLossy, "UTF-8 read as GBK, with the last byte lost (the character after it was swallowed); a person must restore the text")
				}
				for c := k; c < n; c++ {
					fixed[c] = true
				}
				break
			}
		}
		k++
	}
	flagRareRuns(s, offs, fixed, b, ends)
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
			repairLatin1GBK(s, i, j, wide)
		}
		i = max(j, i+1)
	}
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
	// One Han character from two Latin-1 characters is too little to
	// believe (É¿, ×£ and  © would all read as one), and Han characters
	// glued to a Latin word are letters of that word (tĹ\x99etí);
	// punctuation (；　。) is believed anywhere, since the pairs £» and ¡¡
	// are its signature.
	if han, _ := source.HanShare(best); han > 0 {
		before, after := runeBefore(t, from), runeAfter(t, to)
		if han == 1 || before < 0x80 && isLetterRune(before) || after < 0x80 && isLetterRune(after) {
			return
		}
	}
	s.fix(from, to, best, ruleGBKLatin1)
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
		if !(source.IsCommonHan(r) || r >= 0x3000 && r <= 0x3011 || r >= 0xff01 && r <= 0xff1f || r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—') {
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
