// Package segment splits a clean page into blocks — breadcrumb, title,
// headings and paragraphs — and gives each block a stable, readable ID and
// a hash of its text.
//
// An ID is made from the block's own words (a heading's words, a
// paragraph's first content words), never from its position, so inserting
// an unrelated paragraph above a block leaves its ID alone and the
// translations keyed by it stay attached. Two blocks of a page with the
// same words get -2, -3… in page order.
//
// Segment does not repair text (package normalize) or look anything up in
// catalogues (package catalog).
package segment

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a block is on the page.
type Kind string

const (
	Breadcrumb Kind = "breadcrumb" // a heading line above the title
	Title      Kind = "title"      // the page's own heading
	Heading    Kind = "heading"    // a section heading
	Paragraph  Kind = "paragraph"
)

// Block is one unit of translation.
type Block struct {
	ID      string // unique on its page, e.g. "clinical-services"
	Kind    Kind
	Section string // text of the heading the block stands under ("" before the first)
	Text    string // the block's clean source text, on one line
	Hash    string // "sha1-" + hex SHA-1 of Text, as go-i18n writes hashes
	Han     bool   // the text is mostly Han characters (it arrived in Chinese)
	Offset  int    // byte offset of the block in the clean text
}

// Page is a segmented source page.
type Page struct {
	Name   string // from the file name: "pediatric-hematology-oncology"
	Blocks []Block
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
	assignIDs(p.Blocks)
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
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return JoinLines(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }))
}

func isHanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

// isFullWidthPunct reports CJK punctuation (。、「」) and full-width forms (，：（）).
func isFullWidthPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// Hash returns the hash of a source text as catalogues record it.
func Hash(text string) string {
	sum := sha1.Sum([]byte(text))
	return "sha1-" + hex.EncodeToString(sum[:])
}

// stopWords are left out of paragraph IDs so the ID keeps the words that
// say what the paragraph is about.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "in": true,
	"on": true, "at": true, "to": true, "for": true, "with": true, "by": true, "from": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "it": true, "its": true, "this": true, "that": true, "our": true,
	"we": true, "they": true, "their": true, "as": true, "s": true,
}

// idWords is how many words a paragraph ID keeps; headings keep up to
// maxHeadingWords.
const (
	idWords         = 5
	maxHeadingWords = 8
)

func assignIDs(bs []Block) {
	seen := map[string]int{}
	for i := range bs {
		b := &bs[i]
		b.Hash = Hash(b.Text)
		b.Han = isHan(b.Text)
		base := slug(b.Text, b.Kind != Paragraph)
		if base == "" {
			base = string(b.Kind) + "-" + b.Hash[5:13]
		}
		seen[base]++
		b.ID = base
		if n := seen[base]; n > 1 {
			b.ID = base + "-" + strconv.Itoa(n)
		}
	}
}

// slug makes an ID from ASCII words: all of a heading's words (up to a
// bound), the first content words of a paragraph.
func slug(text string, heading bool) string {
	var parts []string
	limit := idWords
	if heading {
		limit = maxHeadingWords
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if !heading && stopWords[f] {
			continue
		}
		parts = append(parts, f)
		if len(parts) == limit {
			break
		}
	}
	return strings.Join(parts, "-")
}

// isHan reports whether most letters of s are Han characters.
func isHan(s string) bool {
	han, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			other++
		}
	}
	return han > other
}
