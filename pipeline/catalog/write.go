package catalog

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Format writes the catalogue: the header lines (each written as a "#= "
// comment), the preamble a person wrote, the entries page by page, the
// obsolete entries, and a person's closing comments. A value xlate did not
// change is written as it was read, in the same kind of string; keys are
// written in canonical lower case. A CRLF file stays CRLF.
func (c *Catalog) Format(header []string) []byte {
	var b bytes.Buffer
	c.FormatHead(&b, header)
	for i := 0; i < len(c.Entries); {
		e := c.Entries[i]
		j := i + 1
		switch {
		case e.Obsolete:
			for j < len(c.Entries) && c.Entries[j].Obsolete {
				j++
			}
			b.WriteString("\n")
			c.FormatObsolete(&b, c.Entries[i:j])
		case len(e.Path) > 1:
			for j < len(c.Entries) && !c.Entries[j].Obsolete && len(c.Entries[j].Path) > 1 && c.Entries[j].Path[0] == e.Path[0] {
				j++
			}
			b.WriteString("\n")
			c.FormatSection(&b, e.Path[0], c.Entries[i:j])
		default:
			// a message outside any page, in a file xlate did not write
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			c.formatEntry(&b, e)
		}
		i = j
	}
	c.FormatTrailer(&b)
	if c.CRLF {
		return bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte("\r\n"))
	}
	return b.Bytes()
}

// A file xlate writes is a head, then regions each led by a marker line —
// one section per page, in content order, and the obsolete section — then
// a person's closing comments; a blank line stands before each region and
// before the closing comments. Regions can be written one at a time, and
// a region that did not change can be copied from the old file byte for
// byte: see Regions.

// FormatHead writes the header lines (each as a "#= " comment) and the
// preamble a person wrote.
func (c *Catalog) FormatHead(b *bytes.Buffer, header []string) {
	if c.BOM {
		b.WriteString("\ufeff")
	}
	for _, h := range header {
		b.WriteString(strings.TrimRight("#= "+h, " ") + "\n")
	}
	for _, p := range c.preamble {
		b.WriteString(p + "\n")
	}
}

// FormatSection writes the section of one page: its marker and entries.
func (c *Catalog) FormatSection(b *bytes.Buffer, page string, entries []*Entry) {
	b.WriteString(pageMarker + page + " ───\n")
	for _, e := range entries {
		b.WriteString("\n")
		c.formatEntry(b, e)
	}
}

// FormatObsolete writes the obsolete section.
func (c *Catalog) FormatObsolete(b *bytes.Buffer, entries []*Entry) {
	b.WriteString(obsoleteMarker + ": no longer in the content; kept until xlate sync --prune ───\n")
	for _, e := range entries {
		b.WriteString("\n")
		c.formatEntry(b, e)
	}
}

// FormatTrailer writes a person's comments after the last entry.
func (c *Catalog) FormatTrailer(b *bytes.Buffer) {
	if len(c.trailer) > 0 {
		b.WriteString("\n")
		for _, t := range c.trailer {
			b.WriteString(t + "\n")
		}
	}
}

func (c *Catalog) formatEntry(b *bytes.Buffer, e *Entry) {
	for _, l := range e.lead {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if e.Source.Label != "" {
		b.WriteString("#. ")
		writeQuote(b, e.Source)
	}
	if e.Fuzzy {
		b.WriteString("#, fuzzy\n")
	}
	if e.Suggested {
		b.WriteString(strings.TrimRight("#, suggestion: "+oneLine(e.Suggestion), " :"))
		b.WriteByte('\n')
	}
	for _, f := range e.Flags {
		b.WriteString("#, ")
		b.WriteString(oneLine(f))
		b.WriteByte('\n')
	}
	if e.Previous.Label != "" {
		b.WriteString("#| ")
		writeQuote(b, e.Previous)
	}
	b.WriteByte('[')
	for i, p := range e.Path {
		if i > 0 {
			b.WriteByte('.')
		}
		writeKey(b, p)
	}
	b.WriteByte(']')
	if e.comment != "" {
		b.WriteByte(' ')
		b.WriteString(e.comment)
	}
	b.WriteByte('\n')
	// description and hash belong to xlate and come first; the forms and a
	// person's lines follow in the order they were written
	hasDescription, hasHash, hasOther := false, false, false
	for _, it := range e.body {
		switch it.key {
		case "description":
			hasDescription = true
			c.formatOwn(b, it, e.Description)
		case "hash":
			hasHash = true
			c.formatOwn(b, it, e.Hash)
		}
	}
	if !hasDescription && e.Description != "" {
		c.formatItem(b, item{key: "description", value: e.Description})
	}
	if !hasHash && e.Hash != "" {
		c.formatItem(b, item{key: "hash", value: e.Hash})
	}
	for _, it := range e.body {
		if it.key != "description" && it.key != "hash" {
			hasOther = hasOther || it.key == "other"
			c.formatItem(b, it)
		}
	}
	if !hasOther {
		b.WriteString("other = \"\"\n")
	}
}

// formatOwn writes a key xlate sets, with its current value (none if "").
func (c *Catalog) formatOwn(b *bytes.Buffer, it item, value string) {
	if value == "" {
		return
	}
	if value != it.value {
		it.value, it.raw = value, ""
	}
	c.formatItem(b, it)
}

func (c *Catalog) formatItem(b *bytes.Buffer, it item) {
	if it.key == "" {
		b.WriteString(it.comment)
		b.WriteByte('\n')
		return
	}
	b.WriteString(it.key)
	b.WriteString(" = ")
	c.writeValue(b, it)
	if it.comment != "" {
		b.WriteByte(' ')
		b.WriteString(it.comment)
	}
	b.WriteByte('\n')
}

// writeValue writes the value as it was written when that is still right,
// else a basic string. A multi-line string is kept only when its line
// breaks are the file's, so converting the file's line ends cannot change
// it.
func (c *Catalog) writeValue(b *bytes.Buffer, it item) {
	raw := it.raw
	switch {
	case raw == "":
		writeString(b, it.value)
	case strings.Contains(raw, "\n"):
		crlf := strings.Count(raw, "\r\n")
		if c.CRLF && crlf != strings.Count(raw, "\n") || !c.CRLF && crlf != 0 {
			writeString(b, it.value)
		} else {
			b.WriteString(strings.ReplaceAll(raw, "\r\n", "\n"))
		}
	default:
		b.WriteString(raw)
	}
}

// writeQuote writes "label: text" and a line break for a #. or #|
// comment; see decodeQuote.
func writeQuote(b *bytes.Buffer, q Quote) {
	b.WriteString(q.Label)
	b.WriteString(": ")
	if needsQuoting(q.Text) {
		writeString(b, q.Text)
	} else {
		b.WriteString(q.Text)
	}
	b.WriteByte('\n')
}

// oneLine keeps a flag or a note on its comment line.
func oneLine(s string) string {
	if !needsQuoting(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}

// writeKey writes one part of a key: bare when it can be, else quoted.
func writeKey(b *bytes.Buffer, k string) {
	for i := 0; i < len(k); i++ {
		if !isBareKeyByte(k[i]) {
			writeString(b, k)
			return
		}
	}
	if k == "" {
		b.WriteString(`""`)
		return
	}
	b.WriteString(k)
}

// quoteString returns a TOML basic string that any TOML reader reads back
// as s: quotes, backslashes and every control character escaped, and the
// line and paragraph separators too, which some editors break lines at.
func quoteString(s string) string {
	var b bytes.Buffer
	writeString(&b, s)
	return b.String()
}

// writeString writes s as quoteString returns it.
func writeString(b *bytes.Buffer, s string) {
	if !utf8.ValidString(s) {
		// each byte that is not UTF-8 becomes U+FFFD, as a reader would
		// take it
		var v strings.Builder
		for _, r := range s {
			v.WriteRune(r)
		}
		s = v.String()
	}
	b.WriteByte('"')
	from := 0 // s[from:i] is written as it is
	for i := 0; i < len(s); {
		if !mayEscape[s[i]] {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '"':
			esc = `\"`
		case r == '\\':
			esc = `\\`
		case r == '\n':
			esc = `\n`
		case r == '\t':
			esc = `\t`
		case r == '\r':
			esc = `\r`
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029:
			esc = fmt.Sprintf(`\u%04X`, r)
		default:
			i += size // a character that stays as it is
			continue
		}
		b.WriteString(s[from:i])
		b.WriteString(esc)
		i += size
		from = i
	}
	b.WriteString(s[from:])
	b.WriteByte('"')
}

// mayEscape marks the bytes that may start a character writeString
// escapes: control characters, the quote, the backslash, DEL, and the
// lead bytes of U+0085 (0xc2), U+2028 and U+2029 (0xe2).
var mayEscape = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'], t[0x7f], t[0xc2], t[0xe2] = true, true, true, true, true
	return t
}()
