package source

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Bytes that are not UTF-8 are read as GB18030, as Big5 and as
// Windows-1252, and each reading that decodes is judged by how plausible
// its characters are where they stand. This file holds that judgement.
//
// The signals are the ones a person reading the three versions side by
// side would use:
//
//   - Chinese text is Han characters in runs, nearly all of them common
//     ones (GB 2312 level 1 or Big5 level 1, see IsCommonHan), with
//     full-width punctuation; an English page saved as GB18030 has only
//     its typographic marks and signs (’ – © °) outside ASCII. Latin-1 text read as GB18030 or Big5 turns
//     each accented letter and the letter after it into one rare Han
//     character glued inside a Latin word: "naïve" becomes "na飗e".
//   - Latin text (French, German, Spanish…) has its accented letters one
//     or two at a time inside words of ASCII letters, and its typographic
//     marks (curly quotes, dashes, guillemets) beside words. Chinese bytes
//     read as Windows-1252 make long runs of Latin-1 letters and signs with
//     no ASCII letter near them ("ÖÐÎÄ" for 中文).
//
// Each unit of a reading scores +2 when it is plausible, +1 when it is a
// mark that fits, and -2 when it is implausible; a reading whose mean
// score is at least 1 (three plausible units in four, say) is plausible.

// A Chinese reading is judged character by character (each non-ASCII
// character is one unit); a Latin reading run by run (each run of bytes
// from 0x80 up is one unit, since an accented letter or a mark stands alone
// in Latin text, while Chinese bytes come in long runs).
const (
	unitGood = 2  // a common Han character; a Latin letter inside a word
	unitMark = 1  // punctuation that fits where it stands
	unitBad  = -2 // a rare or glued character; a run no Latin text has
	// plausibleMean is the mean score from which a reading is plausible.
	plausibleMean = 1
)

// verdict is the judgement of one reading.
type verdict struct {
	score, units int
}

func (v verdict) plausible() bool { return v.units > 0 && v.score >= plausibleMean*v.units }

// judgeChinese judges text, the reading of b as GB18030 (gb is true) or
// Big5. Every byte of b decoded, so each character from U+0080 up in
// text is one multi-byte sequence of b, taken in order.
func judgeChinese(b []byte, text string, gb bool) verdict {
	var v verdict
	i := 0 // the next byte of b
	prev := rune(-1)
	for k := 0; k < len(text); {
		r, size := utf8.DecodeRuneInString(text[k:])
		next, _ := utf8.DecodeRuneInString(text[k+size:])
		if r < utf8.RuneSelf {
			i = min(i+1, len(b))
			prev, k = r, k+size
			continue
		}
		// The bytes of r: two; four in GB18030's four-byte form; one for
		// GB18030's euro sign, 0x80. A combining mark may follow a Big5
		// character in the same sequence (some HKSCS sequences make two
		// characters).
		var seq []byte
		if !(unicode.Is(unicode.Mn, r) && !gb) {
			n := 2
			switch {
			case gb && i < len(b) && b[i] == 0x80:
				n = 1
			case gb && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9':
				n = 4
			}
			seq = b[i:min(i+n, len(b))]
			i += len(seq)
		}
		v.units++
		// A character whose last byte is an ASCII letter, standing
		// against a Latin letter, is a letter of a Latin word that an
		// accented letter before it swallowed: "na" 飗 "e".
		glued := len(seq) == 2 && isASCIILetter(seq[1]) && (asciiLetter(prev) || asciiLetter(next))
		switch {
		case cjkPunct(r):
			v.score += unitMark
		case glued:
			v.score += unitBad
		case typographic(r) || latinSign(r):
			// an English page's dashes, signs and bullets, which GBK
			// and GB18030 encode too: – © ° •
			v.score += unitMark
		case IsCommonHan(r):
			v.score += unitGood
		default:
			// rare Han; kana, Greek, Cyrillic, pinyin or box drawing from
			// the symbol rows; a private-use or four-byte character
			v.score += unitBad
		}
		prev, k = r, k+size
	}
	return v
}

// cjkPunct reports whether r is punctuation of Chinese text: CJK symbols
// and punctuation, full-width forms that are not letters or digits,
// curly quotes, the ellipsis, the em dash and the middle dot.
func cjkPunct(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303f:
		return true
	case r >= 0xff01 && r <= 0xff65:
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	switch r {
	case '‘', '’', '“', '”', '…', '—', '·', '―', '※', '〃':
		return true
	}
	return false
}

// windows1252 decodes b as Windows-1252; ok is false when b holds one of
// the five bytes that code page leaves undefined.
func windows1252(b []byte) (text string, ok bool) {
	out := make([]byte, 0, len(b)+len(b)/4)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			return "", false
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out), true
}

// judgeLatin judges the Windows-1252 reading of b run by run.
func judgeLatin(b []byte) verdict {
	var v verdict
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= utf8.RuneSelf {
			j++
		}
		var before, after byte // the ASCII bytes around the run, 0 at an end
		if i > 0 {
			before = b[i-1]
		}
		if j < len(b) {
			after = b[j]
		}
		v.units++
		v.score += latinRun(b[i:j], before, after)
		i = j
	}
	return v
}

// latinRun scores one run of bytes from 0x80 up, read as Windows-1252,
// between the ASCII bytes before and after it.
func latinRun(run []byte, before, after byte) int {
	inWord := isASCIILetter(before) || isASCIILetter(after)
	between := isASCIILetter(before) && isASCIILetter(after)
	letters, apostrophes, marks, typo := 0, 0, 0, 0
	for _, c := range run {
		r := charmap.Windows1252.DecodeByte(c)
		switch {
		case latinLetter(r):
			letters++
		case r == '’':
			apostrophes++
			typo++
		case typographic(r):
			typo++
		case latinSign(r):
			marks++
		}
	}
	switch {
	case letters > 0 && letters <= 2 && apostrophes <= 1 && letters+apostrophes == len(run) && inWord:
		return unitGood // naïve, Größe, informação, l’été
	case quotedLetters(run, before, after):
		return unitGood // “café”, “Élan”, «déjà
	case letters == 1 && len(run) == 1 && !inWord:
		return unitMark // a word of one letter: à, é
	case len(run) == 1 && typo+marks == 1:
		if between && !intraWordMark(run[0]) {
			return unitBad // a sign inside a word
		}
		return unitMark // “quoted”, a – b, 20 °C, l’été
	case typo == len(run) && len(run) <= 3 && !between:
		return unitMark // «\u00a0mot\u00a0», …”
	}
	return unitBad
}

// quotedLetters reports whether run is one or two accented letters at the
// edge of an ASCII word with a few typographic marks on the run's other
// side, as where a quotation or a dash meets the word: “café”, “Élan”.
func quotedLetters(run []byte, before, after byte) bool {
	isTypo := func(c byte) bool { return typographic(charmap.Windows1252.DecodeByte(c)) }
	isLetter := func(c byte) bool { return latinLetter(charmap.Windows1252.DecodeByte(c)) }
	lead := 0
	for lead < len(run) && isTypo(run[lead]) {
		lead++
	}
	end := lead
	for end < len(run) && isLetter(run[end]) {
		end++
	}
	trail := len(run) - end
	for _, c := range run[end:] {
		if !isTypo(c) {
			return false
		}
	}
	letters := end - lead
	if letters == 0 || letters > 2 || lead > 2 || trail > 2 || (lead == 0) == (trail == 0) {
		return false
	}
	// the letters touch the word on the side away from the marks
	if lead == 0 {
		return isASCIILetter(before)
	}
	return isASCIILetter(after)
}

// latinLetter reports whether r is a letter of a Latin-script language in
// Windows-1252 (not the signs Unicode also counts as letters: ª, º, µ).
func latinLetter(r rune) bool {
	switch {
	case r >= 'À' && r <= 'ÿ':
		return r != '×' && r != '÷'
	}
	switch r {
	case 'Œ', 'œ', 'Š', 'š', 'Ž', 'ž', 'Ÿ':
		return true
	}
	return false
}

// typographic reports whether r is punctuation that Latin text sets
// beside words, one or a few together: quotes, guillemets, dashes, the
// ellipsis, the bullet and the no-break space.
func typographic(r rune) bool {
	switch r {
	case '‘', '’', '‚', '“', '”', '„', '‹', '›', '«', '»', '–', '—', '…', '•', '\u00a0':
		return true
	}
	return false
}

// latinSign reports whether r is a sign that Latin text writes alone
// beside a word or a number.
func latinSign(r rune) bool {
	switch r {
	case '¡', '¿', '°', '©', '®', '™', '§', '¶', '£', '€', '¥', '¢', '±', '×', '÷',
		'²', '³', '¹', '½', '¼', '¾', 'µ', '·', 'ª', 'º', '†', '‡', '‰', '´':
		return true
	}
	return false
}

// intraWordMark reports whether byte c of Windows-1252 is a mark Latin
// text writes between two letters: the apostrophe ’ (and ´ typed for
// it), dashes and the ellipsis set solid (word—word), the Catalan middle
// dot (col·lecció).
func intraWordMark(c byte) bool {
	switch c {
	case 0x92, 0xb4, 0x96, 0x97, 0x85, 0xb7:
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func asciiLetter(r rune) bool { return r >= 0 && r < utf8.RuneSelf && isASCIILetter(byte(r)) }
