// Package segment splits a clean page into blocks — breadcrumb, title,
// headings and paragraphs — and tells, for each block, the hash of its
// text and the script it is written in: the content's own language, or
// Simplified or Traditional Chinese.
//
// A block is written in Chinese when it holds more Han characters than
// words in other scripts (a Han character weighs as one word: a Chinese
// sentence with an English term in it is Chinese, an English sentence
// with a name in Han characters is not). A Chinese block is Simplified
// when more of its characters are written only in Simplified Chinese (发,
// 这, 医) than only in Traditional (發, 這, 醫), and the other way round.
// A block with as many of each — most often none, as in 中心 — takes the
// script of the page's other Chinese blocks, and Simplified on a page
// without any.
//
// Segment does not repair text (package normalize), name blocks or look
// anything up in catalogues (package catalog).
package segment

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"xlate/pipeline/chinese"
)

// Kind is what a block is on the page.
type Kind string

const (
	Breadcrumb  Kind = "breadcrumb" // a heading line above the title
	Title       Kind = "title"      // the page's own heading
	Heading     Kind = "heading"    // a section heading
	Paragraph   Kind = "paragraph"
	ListItem    Kind = "list item"
	Cell        Kind = "table cell"
	Caption     Kind = "caption"     // of a figure or a table
	Alt         Kind = "alt text"    // what an image shows, for who cannot see it
	LinkTitle   Kind = "link title"  // the title of a link
	Description Kind = "description" // what the page is about, for search engines and previews
	Interface   Kind = "interface"   // a text of the site's shell: its name, a label, a notice
)

// Script is the writing system a block is written in.
type Script uint8

const (
	// Default is the content's own language (English on these sites).
	Default Script = iota
	// Hans is Simplified Chinese.
	Hans
	// Hant is Traditional Chinese.
	Hant
)

func (s Script) String() string {
	switch s {
	case Hans:
		return "Hans"
	case Hant:
		return "Hant"
	}
	return "default"
}

// Block is one unit of translation.
type Block struct {
	Kind    Kind
	Section string // text of the heading the block stands under ("" before the first)
	Text    string // the block's clean source text, on one line
	Hash    string // "sha1-" + hex SHA-1 of Text, as go-i18n writes hashes
	Script  Script // what the block is written in
	// Offset is where the block begins: in the clean text of a text page,
	// in the source of a page in markup.
	Offset int
	// Of a page in markup: the block's pieces until Finish makes its
	// text, and the inline elements its placeholders stand for.
	Runs    []Run
	Inlines []Inline
}

// Page is a segmented source page.
type Page struct {
	Name   string // from the file name: "pediatric-hematology-oncology"
	Blocks []Block
	// Body is the structure of a page in markup, its blocks in slots (see
	// Part); nil for a text page, whose blocks stand one after another.
	Body []Part
}

// Title returns the text of the page's title block, or its name.
func (p *Page) Title() string {
	for _, b := range p.Blocks {
		if b.Kind == Title {
			return b.Text
		}
	}
	return p.Name
}

// maxHeadingRunes bounds a heading: a longer line is a paragraph even
// without closing punctuation.
const maxHeadingRunes = 100

// Split segments clean text. Blocks are separated by blank lines; the lines
// of a block are joined with a space (or nothing between Han characters).
// A one-line block without closing punctuation is a heading; the headings
// before the first paragraph are the breadcrumb and, last of them, the
// title.
func Split(name, text string) *Page {
	p := &Page{Name: name}
	section := ""
	seenParagraph := false
	for off := 0; off < len(text); {
		end := strings.Index(text[off:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		raw := text[off:end]
		start := off
		off = end + 2
		lines := strings.Split(strings.Trim(raw, "\n"), "\n")
		joined := JoinLines(lines)
		if joined == "" {
			continue
		}
		start += strings.Index(raw, strings.TrimLeft(raw, "\n"))
		b := Block{Kind: Paragraph, Text: joined, Offset: start}
		if len(lines) == 1 && isHeading(joined) {
			b.Kind = Heading
			if !seenParagraph {
				b.Kind = Breadcrumb
			}
		} else {
			if !seenParagraph {
				promoteTitle(p.Blocks)
			}
			seenParagraph = true
		}
		if b.Kind == Heading {
			section = b.Text
		}
		b.Section = section
		p.Blocks = append(p.Blocks, b)
	}
	if !seenParagraph {
		promoteTitle(p.Blocks)
	}
	classify(p.Blocks)
	return p
}

// promoteTitle makes the last leading heading the title.
func promoteTitle(bs []Block) {
	if n := len(bs); n > 0 && bs[n-1].Kind == Breadcrumb {
		bs[n-1].Kind = Title
	}
}

func isHeading(s string) bool {
	if utf8.RuneCountInString(s) > maxHeadingRunes {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".!?:;,。！？：；，…", last)
}

// JoinLines joins lines into one: a space between words, nothing between
// two Han characters or next to full-width punctuation, so a wrapped
// Chinese line gains no space (a browser would show a line break inside a
// Chinese sentence as one).
func JoinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(l)
			if !(isHanRune(prev) && isHanRune(next)) && !isFullWidthPunct(prev) && !isFullWidthPunct(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// Flow puts a text on one line with JoinLines.
func Flow(s string) string {
	// two byte searches, not ContainsAny, which tests every byte against a
	// set: every block of every page comes through here
	if strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return JoinLines(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }))
}

func isHanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

// isFullWidthPunct reports CJK punctuation (。、「」) and full-width forms (，：（）).
func isFullWidthPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// Words counts the words of a text as a reader weighs them: a run of
// letters of other scripts is a word, and so is each Han character; the
// placeholders of inline elements are no words.
func Words(text string) int {
	n, inWord := 0, false
	text = StripPlaceholders(text)
	for k := 0; k < len(text); {
		// ASCII, most of the text, without decoding
		if c := text[k]; c < utf8.RuneSelf {
			k++
			switch {
			case 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9':
				if !inWord {
					n++
				}
				inWord = true
			case c == '\'' || c == '-':
			default:
				inWord = false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[k:])
		k += size
		switch {
		case isHanRune(r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		case r == '\'' || r == '’' || r == '-':
		default:
			inWord = false
		}
	}
	return n
}

// Hash returns the hash of a source text as catalogues record it.
func Hash(text string) string {
	sum := sha1.Sum([]byte(text))
	return "sha1-" + hex.EncodeToString(sum[:])
}

// classify hashes each block and tells its script (see the package comment).
func classify(bs []Block) {
	type counts struct{ han, words, hans, hant int }
	cs := make([]counts, len(bs))
	pageHans, pageHant := 0, 0
	for i := range bs {
		b := &bs[i]
		b.Hash = Hash(b.Text)
		c := &cs[i]
		inWord := false
		text := b.Text
		for k := 0; k < len(text); {
			// ASCII, most of the text, without decoding
			if ch := text[k]; ch < utf8.RuneSelf {
				switch {
				case ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z':
					if !inWord {
						c.words++
					}
					inWord = true
				case ch == '\'' || ch == '-':
				default:
					inWord = false
				}
				k++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[k:])
			k += size
			switch {
			case unicode.Is(unicode.Han, r):
				c.han++
				inWord = false
				switch chinese.Of(r) {
				case chinese.Simplified:
					c.hans++
				case chinese.Traditional:
					c.hant++
				}
			case unicode.IsLetter(r):
				if !inWord {
					c.words++
				}
				inWord = true
			case r == '’':
				// inside a word: don't, well-known (and ' and - above)
			default:
				inWord = false
			}
		}
		if c.han > c.words {
			pageHans += c.hans
			pageHant += c.hant
		}
	}
	for i := range bs {
		c := cs[i]
		switch {
		case c.han <= c.words:
			bs[i].Script = Default
		case c.hant > c.hans, c.hant == c.hans && pageHant > pageHans:
			bs[i].Script = Hant
		default:
			bs[i].Script = Hans
		}
	}
}
