package normalize

import (
	"strings"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// trigger is a set of things a block may contain that some rule acts on.
// One scan of a block computes its triggers, and a pass whose triggers the
// block lacks is skipped: clean English prose runs only the word rules,
// and clean Chinese prose only a few more.
type trigger uint32

const (
	trigLatin        trigger = 1 << iota // characters a single-byte code page writes with a high byte
	trigC1                               // C1 controls
	trigCJK                              // Han, kana or hangul
	trigSuspect                          // rare Han, bopomofo, box drawing, or a lost-byte mark after CJK
	trigLossy                            // 锟, 烫, 屯 or U+FFFD
	trigMarker                           // <, & or -x-
	trigBracket                          // [
	trigInvisible                        // control characters, zero-width characters, soft hyphen, BOM
	trigNFC                              // combining marks and characters NFC changes
	trigWidth                            // full-width letters, full-width punctuation next to Latin, ASCII punctuation next to CJK
	trigCJKSpacing                       // CJK next to Latin, spaces beside full-width punctuation
	trigNBSP                             // no-break space
	trigSpaceRun                         // two blanks, a tab, or a blank before punctuation
	trigPunctAlnum                       // , . ; : ? ! right before a letter or digit
	trigTrailing                         // a blank before a line break or the end
	trigNumbers                          // a digit, a space and a digit; or number garbage
	trigNonASCII                         // any character outside ASCII
	trigWordRules                        // a word a word rule may act on, or a paragraph that scores as raw MT
	trigSlowGlossary                     // the glossary has entries the word rules cannot look up: every block
	trigAlways       trigger = 0         // a pass that always runs
)

// byte classes for the ASCII part of the scan
const (
	clOther = iota
	clLetter
	clDigit
	clBlank // space or tab
	clPunct // , . ; : ? !
	clNewline
	clSpecial // < & - [ / control characters, DEL
)

var asciiClass = func() (c [128]uint8) {
	for b := 0; b < 128; b++ {
		switch {
		case isLetter(byte(b)):
			c[b] = clLetter
		case isDigit(byte(b)):
			c[b] = clDigit
		case b == ' ' || b == '\t':
			c[b] = clBlank
		case punctSet[b]:
			c[b] = clPunct
		case b == '\n':
			c[b] = clNewline
		case strings.IndexByte("<&-[/", byte(b)) >= 0 || b < 0x20 || b == 0x7f:
			c[b] = clSpecial
		}
	}
	return c
}()

// runeKind classifies a non-ASCII character for the scan.
type runeKind uint8

const (
	rkOther runeKind = iota
	rkCJK
	rkFullPunct // full-width punctuation of Chinese
)

// scan computes the triggers of t in one pass over its bytes and finds
// its words on the way (see addWord): the words are the bulk of English
// text, and one walk over the letters serves the triggers, the word lists
// and the raw-MT score.
func (sc *wordScan) scan(t string) trigger {
	var tr trigger
	sc.text, sc.words, sc.candidate = t, sc.words[:0], false
	if sc.scoreMT {
		sc.mt.start()
	}
	common := source.CommonHan()
	prevEnd := -1
	prev := uint8(clNewline) // class of the byte before, as if a line began
	var prevRune runeKind    // kind of the last non-ASCII character, if it came right before
	prevWasRune := false
	// lastSolid is the kind of the last character that is not a blank:
	// 0 ASCII letter or digit, 1 CJK, 2 full-width punctuation, 3 other.
	lastSolid, blanks := 3, false
	for i := 0; i < len(t); {
		c := t[i]
		if letterByte[c] {
			// A run of letters, the bulk of English: only its start
			// matters to the triggers; its end is found eight bytes at
			// a time, and the word goes to the word rules' list.
			if prev == clPunct {
				tr |= trigPunctAlnum
			}
			if prevWasRune && prevRune == rkCJK || blanks && lastSolid == 2 {
				tr |= trigCJKSpacing
			}
			lastSolid, blanks, prevWasRune = 0, false, false
			j := sc.scanWords(t, i, prevEnd >= 0 && onlySpaces(t, prevEnd, i))
			prevEnd, i = j, j
			prev = clLetter
			continue
		}
		if c < utf8.RuneSelf {
			cl := asciiClass[c]
			switch cl {
			case clLetter, clDigit:
				if prev == clPunct {
					tr |= trigPunctAlnum
				}
				if prevWasRune && prevRune == rkCJK {
					tr |= trigCJKSpacing
				}
				if blanks && lastSolid == 2 {
					tr |= trigCJKSpacing
				}
				if cl == clDigit {
					if prev == clBlank && i >= 2 && isDigit(t[i-2]) {
						tr |= trigNumbers
					}
					if c == '6' && strings.HasPrefix(t[i:], "65438") || c == '1' && strings.HasPrefix(t[i:], "1person") {
						tr |= trigNumbers
					}
				}
				lastSolid = 0
			case clBlank:
				if prev == clBlank || c == '\t' {
					tr |= trigSpaceRun
				}
			case clPunct:
				if prev == clBlank {
					tr |= trigSpaceRun
				}
				if prevWasRune && prevRune == rkCJK {
					tr |= trigWidth // ASCII punctuation after CJK
					if c == '?' {
						tr |= trigSuspect // may stand for a lost byte
					}
				}
				lastSolid = 3
			case clNewline:
				if prev == clBlank {
					tr |= trigTrailing
				}
			case clSpecial:
				switch c {
				case '<', '&':
					tr |= trigMarker
				case '-':
					if strings.HasPrefix(t[i:], "-x-") {
						tr |= trigMarker
					}
				case '[':
					tr |= trigBracket
				case '/':
					if strings.HasPrefix(t[i:], "/kloc") {
						tr |= trigNumbers
					}
				default:
					tr |= trigInvisible // a control character
				}
				lastSolid = 3
			default:
				if (c == '(' || c == ')' || c == '"') && prevWasRune && prevRune == rkCJK {
					tr |= trigWidth // a parenthesis after Chinese
					if c == '"' {
						tr |= trigSuspect // a quote a lost byte swallowed
					}
				}
				lastSolid = 3
			}
			if cl == clBlank {
				blanks = true
			} else {
				blanks = false
			}
			prev, prevWasRune = cl, false
			i++
			continue
		}
		tr |= trigNonASCII
		var r rune
		size := 3
		if c >= 0xe4 && c <= 0xe9 && i+2 < len(t) && t[i+1]&0xc0 == 0x80 && t[i+2]&0xc0 == 0x80 {
			r = rune(c&0x0f)<<12 | rune(t[i+1]&0x3f)<<6 | rune(t[i+2]&0x3f)
		} else {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		if r >= 0x4e00 && r <= 0x9fff {
			// Han, the bulk of Chinese text, on the short path.
			if !common.Has(r) {
				tr |= trigSuspect
				if r == '锟' {
					tr |= trigLossy
				}
			}
			if r == '烫' || r == '屯' {
				tr |= trigLossy
			}
			tr |= trigCJK
			if prev == clLetter || prev == clDigit {
				tr |= trigCJKSpacing
			}
			if prev == clPunct || prev == clOther && !prevWasRune {
				tr |= trigWidth
			}
			if blanks && lastSolid == 2 {
				tr |= trigCJKSpacing
			}
			lastSolid = 1
			prev, prevRune, prevWasRune, blanks = clOther, rkCJK, true, false
			i += size
			continue
		}
		kind := rkOther
		switch {
		case source.IsHan(r):
			kind = rkCJK
			tr |= trigCJK
			if !source.IsCommonHan(r) {
				tr |= trigSuspect
			}
			if r == '锟' || r == '烫' || r == '屯' {
				tr |= trigLossy
			}
		case r >= 0x3040 && r <= 0x30ff, r >= 0xac00 && r <= 0xd7a3, r >= 0x3400 && r <= 0x4dbf:
			kind = rkCJK
			tr |= trigCJK | trigSuspect
		case r >= 0x3100 && r <= 0x312f, r >= 0x2500 && r <= 0x257f, r >= 0xe000 && r <= 0xf8ff:
			tr |= trigSuspect | trigLatin
		case fullWidthPunct(r) || r == '．' || r == '\u3000':
			kind = rkFullPunct
			if r == '？' && prevWasRune && prevRune == rkCJK {
				tr |= trigSuspect // a ? that stood for a lost byte, widened
			}
			if !prevWasRune && (prev == clLetter || prev == clDigit || prev == clPunct || prev == clOther) {
				tr |= trigWidth // after ASCII: maybe in an English clause
			}
			if blanks && lastSolid <= 1 {
				tr |= trigCJKSpacing
			}
		case r >= 0xff10 && r <= 0xff5a:
			tr |= trigWidth
		case r == utf8.RuneError:
			tr |= trigLossy | trigSuspect
		case r == 0xa0:
			tr |= trigNBSP | trigLatin
		case r >= 0x80 && r <= 0x9f:
			tr |= trigC1 | trigInvisible | trigLatin
		case r == 0xad, r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
			tr |= trigInvisible | trigLatin
		}
		if kind == rkCJK {
			if prev == clLetter || prev == clDigit {
				tr |= trigCJKSpacing
			}
			if prev == clPunct || prev == clOther {
				tr |= trigWidth
			}
			if blanks && lastSolid == 2 {
				tr |= trigCJKSpacing
			}
			lastSolid = 1
		} else if kind == rkFullPunct {
			lastSolid = 2
		} else {
			lastSolid = 3
		}
		if r < sbLimit && sbAny[r] {
			tr |= trigLatin
		}
		if needsNFCCheck(r) {
			tr |= trigNFC
		}
		prev, prevRune, prevWasRune, blanks = clOther, kind, true, false
		i += size
	}
	if prev == clBlank {
		tr |= trigTrailing
	}
	if sc.candidate || sc.scoreMT && sc.mt.close() >= rawMTThreshold {
		tr |= trigWordRules
	}
	return tr
}

// needsNFCCheck reports whether r is a character NFC may change or
// combine: combining marks, conjoining jamo, and the singletons and
// compatibility ideographs NFC replaces. Everything else is NFC on its own.
func needsNFCCheck(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r <= 0x36f, r >= 0x374 && r <= 0x37e, r == 0x387, r >= 0x483 && r <= 0x489, r >= 0x591 && r <= 0x5c7,
		r >= 0x610 && r <= 0x61a, r >= 0x64b && r <= 0x65f, r >= 0x900 && r <= 0xdff, r >= 0x1100 && r <= 0x11ff,
		r >= 0x1dc0 && r <= 0x1dff, r >= 0x1f00 && r <= 0x1fff, r == 0x2000 || r == 0x2001, r >= 0x20d0 && r <= 0x20ff,
		r == 0x2126 || r == 0x212a || r == 0x212b, r == 0x3099 || r == 0x309a, r >= 0xf900 && r <= 0xfaff,
		r >= 0xfb1d && r <= 0xfb4f, r >= 0xfe20 && r <= 0xfe2f, r >= 0x10000:
		return true
	}
	return false
}
