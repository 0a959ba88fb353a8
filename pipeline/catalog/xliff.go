package catalog

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// A catalogue also goes out as XLIFF 2.0: one unit per entry that
// translates a text, its name the entry's ID (unit ids are u1, u2… since
// an ID may hold what an XML token may not), its notes where the block
// stands, its content file and line, and for a fuzzy entry the text the
// translation was made from. Inline placeholders become XLIFF's own inline
// codes: <1>…</1> is <pc id="1">…</pc>, <2/> is <ph id="2"/>. States:
// a translation missing, suggested or fuzzy is "initial" (with the
// suggestion or the old translation as target), a reviewed one "final".
// Coming back, "translated", "reviewed" and "final" are translations to
// publish; "initial" ones only replace the text and stay to review.

const xliffNS = "urn:oasis:names:tc:xliff:document:2.0"

// xliffUnits writes an XLIFF unit for each block of the project that the
// catalogue c translates, numbering them on from *n.
func (p *Project) xliffUnits(b *bufio.Writer, c *Catalog, src language.Tag, n *int) {
	lang := c.Tag
	for pi, pg := range p.Pages {
		for bi, blk := range pg.Blocks {
			own := p.Lang(blk)
			if own == lang {
				continue
			}
			*n++
			id := p.ID(pi, bi)
			e := c.Lookup(id)
			text, hash := p.Final(pi, bi)
			st := e.State(text, hash)
			fmt.Fprintf(b, "  <unit id=\"u%d\" name=\"%s\">\n   <notes>\n", *n, xmlAttr(id))
			if e != nil && e.Description != "" {
				fmt.Fprintf(b, "    <note category=\"description\">%s</note>\n", xmlText(e.Description))
			}
			if isFileName(blk.Pos.File) {
				fmt.Fprintf(b, "    <note category=\"location\">%s:%d</note>\n", xmlText(blk.Pos.File), blk.Pos.Line)
			}
			if own != src {
				fmt.Fprintf(b, "    <note category=\"source-language\">%s</note>\n", own)
			}
			if st == Suggested {
				fmt.Fprintf(b, "    <note category=\"suggestion\">%s</note>\n", xmlText(e.Suggestion))
			}
			if (st == Fuzzy || st == Stale) && e.Previous.Text != "" && e.Previous.Text != text {
				fmt.Fprintf(b, "    <note category=\"previous-source\">%s</note>\n", xmlText(e.Previous.Text))
			}
			b.WriteString("   </notes>\n")
			state := "initial"
			if st == Translated {
				state = "final"
			}
			fmt.Fprintf(b, "   <segment state=\"%s\">\n    <source>%s</source>\n", state, xliffInline(text))
			if e != nil && !e.Empty() {
				fmt.Fprintf(b, "    <target>%s</target>\n", xliffInline(e.Other()))
			}
			b.WriteString("   </segment>\n  </unit>\n")
		}
	}
}

func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func xmlAttr(s string) string { return strings.ReplaceAll(xmlText(s), `"`, "&#34;") }

// xliffInline writes a text with its placeholders as XLIFF inline codes.
func xliffInline(text string) string {
	var b strings.Builder
	at := 0
	for _, ph := range segment.Placeholders(text) {
		b.WriteString(xmlText(text[at:ph.Start]))
		n := strconv.Itoa(ph.N)
		switch {
		case ph.Empty:
			b.WriteString(`<ph id="` + n + `"/>`)
		case ph.Close:
			b.WriteString(`</pc>`)
		default:
			b.WriteString(`<pc id="` + n + `">`)
		}
		at = ph.End
	}
	b.WriteString(xmlText(text[at:]))
	return b.String()
}

// XLIFF is an XLIFF document as read.
type XLIFF struct {
	Lang    language.Tag // its target language
	Imports []Import
}

// ReadXLIFF reads an XLIFF 2.0 document: each unit's name, source, target
// and state. A document that is not XLIFF 2.0 is refused with the line of
// the fault.
func ReadXLIFF(name string, data []byte) (*XLIFF, error) {
	x := &XLIFF{}
	lines := source.NewLines(string(data))
	dec := xml.NewDecoder(bytes.NewReader(data))
	pos := func() source.Pos { return lines.Pos(name, int(dec.InputOffset())) }
	fail := func(format string, args ...any) error { return source.Errorf(pos(), format, args...) }
	var unit *Import
	var state string
	sawRoot := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail("%v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "unit" && unit != nil {
				if state == "" {
					state = "initial"
				}
				unit.Fuzzy = state == "initial"
				x.Imports = append(x.Imports, *unit)
				unit = nil
			}
			continue
		}
		switch se.Name.Local {
		case "xliff":
			sawRoot = true
			if se.Name.Space != xliffNS || attrOf(se, "version") != "2.0" {
				return nil, fail("not an XLIFF 2.0 document (want version=\"2.0\" in %s)", xliffNS)
			}
			if x.Lang, err = ParseTag(attrOf(se, "trgLang")); err != nil {
				return nil, fail("trgLang %q is not a BCP 47 tag", attrOf(se, "trgLang"))
			}
		case "unit":
			unit = &Import{ID: attrOf(se, "name"), Pos: pos()}
			state = ""
			if unit.ID == "" {
				return nil, fail("a unit without the name xlate gave it (its entry's ID)")
			}
		case "segment":
			state = attrOf(se, "state")
		case "source", "target":
			if unit == nil {
				return nil, fail("<%s> outside a unit", se.Name.Local)
			}
			text, err := inlineText(dec, se.Name.Local)
			if err != nil {
				return nil, fail("%v", err)
			}
			if se.Name.Local == "source" {
				unit.Source = text
			} else {
				unit.Text = text
			}
		}
	}
	if !sawRoot {
		return nil, source.Errorf(source.Pos{File: name, Line: 1, Col: 1}, "not an XLIFF document")
	}
	return x, nil
}

func attrOf(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// inlineText reads the content of a source or target up to its end,
// inline codes made placeholders again.
func inlineText(dec *xml.Decoder, end string) (string, error) {
	var b strings.Builder
	var open []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			id := attrOf(t, "id")
			switch t.Name.Local {
			case "ph":
				b.WriteString("<" + id + "/>")
			case "pc":
				b.WriteString("<" + id + ">")
				open = append(open, id)
			default:
				return "", fmt.Errorf("inline <%s> is not an inline code xlate wrote", t.Name.Local)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case end:
				return b.String(), nil
			case "pc":
				if len(open) > 0 {
					b.WriteString("</" + open[len(open)-1] + ">")
					open = open[:len(open)-1]
				}
			}
		}
	}
}
