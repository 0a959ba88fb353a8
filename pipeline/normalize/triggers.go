package normalize

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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

// The kinds of the last character that is not blank, as the spacing and
// width triggers need them.
const (
	solidAlnum = iota // an ASCII letter or digit (for width: also ) " ')
	solidCJK          // CJK text that is not full-width punctuation
	solidFull         // full-width punctuation
	solidOther
)

// scan computes the triggers of t in one pass over its bytes and finds
// its words on the way (see addWord): the words are the bulk of English
// text, and one walk over the letters serves the triggers, the word lists
// and the raw-MT score.
//
// A trigger must fire whenever its rules could have work: each condition
// below is the entry condition of a pass, or a wider one. TestForcedTriggers
// holds that running every pass on every block changes nothing.
func (sc *wordScan) scan(t string) trigger {
	var tr trigger
	sc.text, sc.words, sc.candidate = t, sc.words[:0], false
	sc.gapFrom, sc.gapBrk, sc.gapWords = 0, false, 0
	if sc.scoreMT {
		sc.mt.start()
	}
	common := source.CommonHan()
	prevEnd := -1
	prev := uint8(clNewline) // class of the byte before, as if a line began
	var prevRune runeKind    // kind of the last non-ASCII character, if it came right before
	prevWasRune := false
	// sp is the kind of the last character that is not a space or tab,
	// and blanks says whether such came after it (the CJK spacing rule
	// acts on spaces beside full-width punctuation); wl is the kind of
	// the last character that is not a space, tab or ideographic space
	// (the width rule narrows a full-width mark next to English).
	sp, wl, blanks := solidOther, solidOther, false
	// printable says the last character that is not blank was printable
	// ASCII, and ideo that an ideographic space followed it: the width
	// rule turns an ideographic space between two such into a space.
	printable, ideo := false, false
	for i := 0; i < len(t); {
		c := t[i]
		if letterByte[c] {
			// A run of letters, the bulk of English: only its start
			// matters to the triggers; its end is found eight bytes at
			// a time, and the word goes to the word rules' list.
			if prev == clPunct {
				tr |= trigPunctAlnum
			}
			if prevWasRune && prevRune == rkCJK || blanks && sp == solidFull {
				tr |= trigCJKSpacing
			}
			if wl == solidFull || ideo {
				tr |= trigWidth
			}
			sp, wl, blanks, prevWasRune = solidAlnum, solidAlnum, false, false
			printable, ideo = true, false
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
				if prevWasRune && prevRune == rkCJK || blanks && sp == solidFull {
					tr |= trigCJKSpacing
				}
				if wl == solidFull {
					tr |= trigWidth
				}
				if cl == clDigit {
					if prev == clBlank && i >= 2 && isDigit(t[i-2]) {
						tr |= trigNumbers
					}
					if c == '6' && strings.HasPrefix(t[i:], "65438") || c == '1' && strings.HasPrefix(t[i:], "1person") {
						tr |= trigNumbers
					}
				}
				sp, wl = solidAlnum, solidAlnum
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
				sp, wl = solidOther, solidOther
			case clNewline:
				if prev == clBlank {
					tr |= trigTrailing
				}
				sp, wl = solidOther, solidOther
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
				sp, wl = solidOther, solidOther
			default:
				if (c == '(' || c == ')' || c == '"') && prevWasRune && prevRune == rkCJK {
					tr |= trigWidth // a parenthesis after Chinese
					if c == '"' {
						tr |= trigSuspect // a quote a lost byte swallowed
					}
				}
				sp = solidOther
				if c == ')' || c == '"' || c == '\'' || c == '`' || c == '$' {
					// English to the width rule, a code span's edge too
					if wl == solidFull {
						tr |= trigWidth
					}
					wl = solidAlnum
				} else {
					wl = solidOther
				}
			}
			blanks = cl == clBlank
			if !blanks {
				if ideo && c > ' ' && c < 0x7f {
					tr |= trigWidth
				}
				printable, ideo = c > ' ' && c < 0x7f, false
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
			if blanks && sp == solidFull {
				tr |= trigCJKSpacing
			}
			sp, wl = solidCJK, solidOther
			printable, ideo = false, false
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
		}
		// The spacing rule's view: CJK text after full-width
		// punctuation and blanks, or full-width punctuation after CJK
		// text, a letter or a digit and blanks.
		full, cjkText := fullWidthPunct(r), isCJKText(r)
		if blanks && (full && sp <= solidFull || cjkText && sp == solidFull) {
			tr |= trigCJKSpacing
		}
		switch {
		case full:
			sp = solidFull
		case cjkText:
			sp = solidCJK
		default:
			sp = solidOther
		}
		// The width rule's view: a full-width mark next to English,
		// across blanks and ideographic spaces.
		if _, narrow := narrowPunct(r); narrow {
			if wl == solidAlnum {
				tr |= trigWidth
			}
			if r != '\u3000' {
				wl = solidFull
			}
		} else {
			wl = solidOther
		}
		if r == '\u3000' {
			ideo = ideo || printable
		} else {
			printable, ideo = false, false
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
	if sc.candidate || sc.scoreMT && sc.mt.flagged() {
		tr |= trigWordRules
	}
	return tr
}

// needsNFCCheck reports whether r is a character NFC may change or
// combine with the character before it: combining marks, conjoining jamo,
// and the singletons and compatibility ideographs NFC replaces. Everything
// else is NFC on its own. The answer comes from the normaliser's own
// tables, read once into a bitmap.
func needsNFCCheck(r rune) bool {
	if r < 0x300 {
		return false
	}
	m := nfcBitmap()
	if int(r>>6) >= len(m) {
		return false
	}
	return m[r>>6]&(1<<(r&63)) != 0
}

// nfcBitmap has a bit for each character from U+0300 up that is not a
// starter NFC leaves alone; beyond its end there is none.
var nfcBitmap = sync.OnceValue(func() []uint64 {
	var m []uint64
	var buf [utf8.UTFMax]byte
	for r := rune(0x300); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		p := norm.NFC.Properties(buf[:n])
		if p.CCC() != 0 || !p.BoundaryBefore() || len(p.Decomposition()) > 0 && !norm.NFC.IsNormal(buf[:n]) {
			for int(r>>6) >= len(m) {
				m = append(m, 0)
			}
			m[r>>6] |= 1 << (r & 63)
		}
	}
	return m
})
