package segment

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Markdown page is CommonMark with GitHub's tables and strikethrough,
// read by goldmark, after an optional front matter between two lines of
// three dashes:
//
//	---
//	title: Visiting the ward
//	description: When to come, and what to bring.
//	slug: visiting
//	---
//
// Only those three keys are read, each a one-line value (quoted or not).
// The title becomes the page's title (else its first top-level heading
// does), the description its description for search engines (else the
// first paragraph gives it), the slug its name and address (else the file
// name does).

// FrontMatter is what a page says of itself above its text.
type FrontMatter struct {
	Title, Description, Slug string
	Line                     map[string]int // the line of each key, for messages
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// SplitFrontMatter separates a Markdown page's front matter from its
// text; offset is where the text begins. A front matter that is not
// closed, or a line in it that is not key: value, is an error naming its
// line.
func SplitFrontMatter(src string) (fm FrontMatter, offset int, err error) {
	if !strings.HasPrefix(src, "---\n") && !strings.HasPrefix(src, "---\r\n") {
		return fm, 0, nil
	}
	fm.Line = map[string]int{}
	at := strings.IndexByte(src, '\n') + 1
	for line := 2; ; line++ {
		if at >= len(src) {
			return fm, 0, fmt.Errorf("line 1: the front matter is not closed by a line ---")
		}
		end := strings.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src) - at
		}
		l := strings.TrimRight(src[at:at+end], "\r")
		next := at + end + 1
		if l == "---" {
			return fm, min(next, len(src)), nil
		}
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			k, v, ok := strings.Cut(l, ":")
			if !ok {
				return fm, 0, fmt.Errorf("line %d: want key: value in the front matter", line)
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
				if v[0] == '"' {
					if u, err := strconv.Unquote(v); err == nil {
						v = u
					}
				} else {
					v = strings.ReplaceAll(v[1:len(v)-1], "''", "'")
				}
			}
			switch strings.ToLower(k) {
			case "title":
				fm.Title = v
			case "description":
				fm.Description = v
			case "slug":
				fm.Slug = v
			}
			fm.Line[strings.ToLower(k)] = line
		}
		at = next
	}
}

// Markdown reads the text of a Markdown page (after its front matter,
// which begins base bytes into the file) into blocks and a body. The
// blocks' runs are still to normalise; Finish makes their texts.
func Markdown(name, src string, base int, fm FrontMatter, pages Pages) *Page {
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source))
	m := &mdReader{src: source, base: base, pageParts: pageParts{page: &Page{Name: name}}, pages: pages}
	if fm.Title != "" {
		m.block(Block{Kind: Title, Text: fm.Title, Offset: base})
		m.titled = true
	}
	if fm.Description != "" {
		m.block(Block{Kind: Description, Text: fm.Description, Offset: base})
	}
	m.children(doc)
	return m.page
}

type mdReader struct {
	pageParts
	src    []byte
	base   int
	pages  Pages
	titled bool
}

func (m *mdReader) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.node(c)
	}
}

func (m *mdReader) offset(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return m.base + n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return m.base + t.Segment.Start
		}
		if o := m.offset(c); o > m.base {
			return o
		}
	}
	return m.base
}

func (m *mdReader) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		if n.Level == 1 && !m.titled {
			m.titled = true
			m.inlineBlock(n, Title, "", "")
			return
		}
		m.inlineBlock(n, Heading, "h"+strconv.Itoa(max(2, min(n.Level, 6))), "")
	case *ast.Paragraph, *ast.TextBlock:
		tag := "p"
		if _, inItem := n.Parent().(*ast.ListItem); inItem {
			tag = ""
			if n.Parent().ChildCount() == 1 {
				tag = "li"
			}
		}
		if tag == "li" {
			m.inlineBlock(n, ListItem, "li", "")
			return
		}
		kind := Paragraph
		if tag == "" {
			kind = ListItem
		}
		m.inlineBlock(n, kind, tag, "")
	case *ast.List:
		if n.IsOrdered() {
			start := ""
			if n.Start != 1 {
				start = ` start="` + strconv.Itoa(n.Start) + `"`
			}
			m.markup("<ol" + start + ">\n")
			m.children(n)
			m.markup("</ol>\n")
		} else {
			m.markup("<ul>\n")
			m.children(n)
			m.markup("</ul>\n")
		}
	case *ast.ListItem:
		if n.ChildCount() == 1 {
			if _, ok := n.FirstChild().(*ast.List); !ok {
				m.children(n) // the item's text is the li
				return
			}
		}
		m.markup("<li>")
		m.children(n)
		m.markup("</li>\n")
	case *ast.Blockquote:
		m.markup("<blockquote>\n")
		m.children(n)
		m.markup("</blockquote>\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
		m.markup("<pre><code>" + html.EscapeString(b.String()) + "</code></pre>\n")
	case *ast.ThematicBreak:
		m.markup("<hr>\n")
	case *ast.HTMLBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(m.src))
		}
		htmlFragment(m.page, b.String(), m.offset(n))
	case *east.Table:
		m.markup("<table>\n")
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			cell := "td"
			if _, head := row.(*east.TableHeader); head {
				cell = "th"
				m.markup("<thead>\n")
			}
			m.markup("<tr>\n")
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				attrs := ""
				if tc, ok := c.(*east.TableCell); ok {
					switch tc.Alignment {
					case east.AlignLeft:
						attrs = ` style="text-align:left"`
					case east.AlignRight:
						attrs = ` style="text-align:right"`
					case east.AlignCenter:
						attrs = ` style="text-align:center"`
					}
				}
				m.inlineBlock(c, Cell, cell, attrs)
			}
			m.markup("</tr>\n")
			if cell == "th" {
				m.markup("</thead>\n")
			}
		}
		m.markup("</table>\n")
	default:
		m.children(n)
	}
}

// inlineBlock makes a block of a node's inline content, held by an
// element tag ("" for none; the title goes to the layout).
func (m *mdReader) inlineBlock(n ast.Node, kind Kind, tag, attrs string) {
	// the block is numbered before the link titles inside it
	num := m.block(Block{})
	b := Block{Kind: kind, Offset: m.offset(n)}
	m.inlines(n, &b)
	m.page.Blocks[num-1] = b
	if kind != Title {
		m.page.Body = append(m.page.Body, Part{Tag: tag, Attrs: attrs, Block: num})
		if tag != "" {
			m.markup("\n")
		}
	}
}

// inlines adds the runs of a node's inline content to a block.
func (m *mdReader) inlines(n ast.Node, b *Block) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.inline(c, b)
	}
}

// open adds an inline element's opening placeholder and returns its
// number.
func (m *mdReader) open(b *Block, in Inline, at int, empty bool) int {
	b.Inlines = append(b.Inlines, in)
	k := len(b.Inlines)
	p := "<" + strconv.Itoa(k) + ">"
	if empty {
		p = "<" + strconv.Itoa(k) + "/>"
	}
	b.Runs = append(b.Runs, Run{Text: p, Offset: at, Tag: true})
	return k
}

func (m *mdReader) close(b *Block, k, at int) {
	b.Runs = append(b.Runs, Run{Text: "</" + strconv.Itoa(k) + ">", Offset: at, Tag: true})
}

func (m *mdReader) inline(n ast.Node, b *Block) {
	at := m.offset(n)
	switch n := n.(type) {
	case *ast.Text:
		v := n.Value(m.src)
		b.Runs = append(b.Runs, Run{Text: unescapeMarkdown(v), Offset: m.base + n.Segment.Start})
		switch {
		case n.HardLineBreak():
			m.open(b, Inline{Tag: "br"}, at, true)
		case n.SoftLineBreak():
			b.Runs = append(b.Runs, Run{Text: "\n", Offset: m.base + n.Segment.Stop})
		}
	case *ast.String:
		b.Runs = append(b.Runs, Run{Text: string(n.Value), Offset: at})
	case *ast.CodeSpan:
		k := m.open(b, Inline{Tag: "code"}, at, false)
		var code bytes.Buffer
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				code.Write(t.Segment.Value(m.src))
			}
		}
		b.Runs = append(b.Runs, Run{Text: code.String(), Offset: at, Code: true})
		m.close(b, k, at)
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		k := m.open(b, Inline{Tag: tag}, at, false)
		m.inlines(n, b)
		m.close(b, k, at)
	case *east.Strikethrough:
		k := m.open(b, Inline{Tag: "del"}, at, false)
		m.inlines(n, b)
		m.close(b, k, at)
	case *ast.Link:
		in := Inline{Tag: "a", Attrs: urlAttr("href", m.pages.href(string(n.Destination)))}
		if t := string(n.Title); t != "" {
			in.Title = m.block(Block{Kind: LinkTitle, Text: unescapeMarkdown([]byte(t)), Offset: at})
		}
		k := m.open(b, in, at, false)
		m.inlines(n, b)
		m.close(b, k, at)
	case *ast.AutoLink:
		url := string(n.URL(m.src))
		href := url
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(href), "mailto:") {
			href = "mailto:" + href
		}
		k := m.open(b, Inline{Tag: "a", Attrs: urlAttr("href", href)}, at, false)
		b.Runs = append(b.Runs, Run{Text: url, Offset: at, Code: true})
		m.close(b, k, at)
	case *ast.Image:
		var alt bytes.Buffer
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			alt.Write(nodeText(c, m.src))
		}
		in := Inline{Tag: "img", Attrs: urlAttr("src", string(n.Destination))}
		in.Alt = m.block(Block{Kind: Alt, Text: unescapeMarkdown(alt.Bytes()), Offset: at})
		if t := string(n.Title); t != "" {
			in.Title = m.block(Block{Kind: LinkTitle, Text: unescapeMarkdown([]byte(t)), Offset: at})
		}
		m.open(b, in, at, true)
	case *ast.RawHTML:
		var raw strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			raw.Write(seg.Value(m.src))
		}
		m.rawInline(raw.String(), b, at)
	default:
		m.inlines(n, b)
	}
}

// rawInline reads an inline HTML tag of a Markdown text: the inline
// elements HTML pages may hold become placeholders; any other tag is left
// out (its text stays).
func (m *mdReader) rawInline(raw string, b *Block, at int) {
	tag, closing, attrs := parseTag(raw, m.pages)
	if !inlineTags[tag] {
		return
	}
	if tag == "br" || tag == "wbr" {
		m.open(b, Inline{Tag: tag}, at, true)
		return
	}
	if closing {
		// close the innermost open placeholder of this tag
		for i := len(b.Runs) - 1; i >= 0; i-- {
			r := b.Runs[i]
			if !r.Tag || strings.HasPrefix(r.Text, "</") || strings.HasSuffix(r.Text, "/>") {
				continue
			}
			k, _ := strconv.Atoi(strings.Trim(r.Text, "<>"))
			if k > 0 && b.Inlines[k-1].Tag == tag && !closed(b.Runs[i+1:], k) {
				m.close(b, k, at)
				return
			}
		}
		return
	}
	m.open(b, Inline{Tag: tag, Attrs: attrs}, at, false)
}

// closed reports whether runs close placeholder k.
func closed(runs []Run, k int) bool {
	want := "</" + strconv.Itoa(k) + ">"
	for _, r := range runs {
		if r.Tag && r.Text == want {
			return true
		}
	}
	return false
}

// unescapeMarkdown resolves a Markdown text's backslash escapes and
// character references.
func unescapeMarkdown(v []byte) string {
	return html.UnescapeString(string(util.UnescapePunctuations(v)))
}

// nodeText is the text of an inline node and its children.
func nodeText(n ast.Node, src []byte) []byte {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Value(src)
	}
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.Write(nodeText(c, src))
	}
	return b.Bytes()
}
