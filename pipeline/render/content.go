package render

import (
	"bytes"
	"html/template"
	"strings"

	"xlate/pipeline/segment"
)

// content renders a page's main content: the body of a page in markup,
// each block in its slot; else the headings and paragraphs one after
// another. A block in another language than the page's carries its lang.
func content(p *Page) template.HTML {
	var b bytes.Buffer
	// the texts, their markup and a little more: one allocation
	size := 256
	for _, blk := range p.Blocks {
		size += len(blk.Text) + 32
	}
	for _, pt := range p.Body {
		size += len(pt.Markup) + len(pt.Attrs)
	}
	b.Grow(size + size/8)
	if p.Body == nil {
		for _, blk := range p.Blocks {
			switch blk.Kind {
			case segment.Breadcrumb, segment.Title, segment.Description, segment.Alt, segment.LinkTitle:
				continue
			case segment.Heading:
				writeBlock(&b, "h2", "", p, blk)
			default:
				writeBlock(&b, "p", "", p, blk)
			}
			b.WriteByte('\n')
		}
		return template.HTML(b.String())
	}
	for _, pt := range p.Body {
		switch {
		case pt.Block == 0:
			b.WriteString(pt.Markup)
		case pt.Attr != "":
			// an element without content: the block is an attribute
			b.WriteString("<" + pt.Tag + pt.Attrs + " " + pt.Attr + `="`)
			escapeHTML(&b, segment.StripPlaceholders(p.Blocks[pt.Block-1].Text))
			b.WriteString(`">`)
		default:
			writeBlock(&b, pt.Tag, pt.Attrs, p, p.Blocks[pt.Block-1])
		}
	}
	return template.HTML(b.String())
}

// writeBlock writes a block in its element (or bare, or in a span that
// carries its lang, when it has none).
func writeBlock(b *bytes.Buffer, tag, attrs string, p *Page, blk Block) {
	lang := ""
	if blk.Lang != p.Lang.Tag {
		lang = blk.Lang.String()
	}
	if tag == "" && lang != "" {
		tag = "span"
	}
	if tag != "" {
		b.WriteString("<" + tag + attrs)
		if lang != "" {
			b.WriteString(` lang="`)
			escapeHTML(b, lang)
			b.WriteString(`" class="untranslated"`)
		}
		b.WriteString(">")
	}
	writeInline(b, blk, p)
	if tag != "" {
		b.WriteString("</" + tag + ">")
	}
}

// writeInline writes a block's text with its placeholders made elements
// again: each with the tag and attributes of the source, its title or
// alternative text from the block that holds it in this language. A text
// whose placeholders do not fit the source's elements is written without
// them, so that no markup is ever broken.
func writeInline(b *bytes.Buffer, blk Block, p *Page) {
	text := segment.Flow(blk.Text)
	if len(blk.Inlines) == 0 {
		escapeHTML(b, text)
		return
	}
	if segment.CheckPlaceholders(text, blk.Inlines) != "" {
		escapeHTML(b, segment.StripPlaceholders(text))
		return
	}
	at := 0
	for _, ph := range segment.Placeholders(text) {
		escapeHTML(b, text[at:ph.Start])
		at = ph.End
		in := blk.Inlines[ph.N-1]
		if ph.Close {
			b.WriteString("</" + in.Tag + ">")
			continue
		}
		b.WriteString("<" + in.Tag + in.Attrs)
		for _, a := range []struct {
			name  string
			block int
		}{{"alt", in.Alt}, {"title", in.Title}} {
			if a.block > 0 && a.block <= len(p.Blocks) {
				b.WriteString(" " + a.name + `="`)
				escapeHTML(b, segment.StripPlaceholders(p.Blocks[a.block-1].Text))
				b.WriteString(`"`)
			} else if a.name == "alt" && in.Tag == "img" {
				b.WriteString(` alt=""`)
			}
		}
		b.WriteString(">")
	}
	escapeHTML(b, text[at:])
}

// plainTitle is a block's text where only text may stand.
func plainTitle(text string) string {
	return strings.TrimSpace(segment.StripPlaceholders(segment.Flow(text)))
}
