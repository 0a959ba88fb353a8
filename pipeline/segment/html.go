package segment

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// An HTML page is a page as scraped: its main content is found and read,
// everything around it (navigation, header, footer, side bars, scripts,
// forms) left out. The main content is what the project's content
// selector names (a tag, #id, .class, or tag.class, and descendants of
// those separated by spaces), else the page's <main> (or role="main"),
// else its one <article>, else the element whose paragraphs hold the most
// text. Its first <h1> is the title (else the page's <title>); its
// <meta name="description"> the description.
//
// Blocks are headings, paragraphs, list items, table cells, captions,
// image alternative texts and link titles; text standing loose in a
// division is a paragraph. Lists, tables, figures, quotations and code
// keep their structure; inline elements become placeholders; attributes
// are kept only where they mean something to a reader (a link's address,
// an image's source, a cell's span), and addresses only on the web, mail
// or telephone, or relative ones.

// HTMLPage is what an HTML page says of itself besides its content.
type HTMLPage struct {
	Title       string // <title>
	Description string // <meta name="description">
}

// Charset returns the encoding an HTML page's <meta charset> or
// <meta http-equiv="content-type"> declares, in lower case, and the byte
// offset of that <meta> tag, looking at the page's first 1024 bytes as a
// browser does; "" and -1 if none.
func Charset(head []byte) (label string, at int) {
	if len(head) > 1024 {
		head = head[:1024]
	}
	z := xhtml.NewTokenizer(bytes.NewReader(head))
	off := 0
	for {
		tt := z.Next()
		at, off = off, off+len(z.Raw())
		switch tt {
		case xhtml.ErrorToken:
			return "", -1
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, has := z.TagName()
			if string(name) != "meta" || !has {
				continue
			}
			var charset, equiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					charset = string(v)
				case "http-equiv":
					equiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if charset != "" {
				return strings.ToLower(strings.TrimSpace(charset)), at
			}
			if equiv == "content-type" {
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					return strings.ToLower(strings.Trim(strings.TrimSpace(content[i+len("charset="):]), `"';`)), at
				}
			}
		}
	}
}

// HTML reads an HTML page's main content into blocks and a body. The
// blocks' runs are still to normalise; Finish makes their texts. Links to
// other content files become links to their pages (see Pages). A content
// selector that matches nothing is an error.
func HTML(name, src, selector string, pages Pages) (*Page, HTMLPage, error) {
	var info HTMLPage
	doc, err := xhtml.Parse(strings.NewReader(src))
	if err != nil {
		return nil, info, err
	}
	info.Title = strings.Join(strings.Fields(textOf(find(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Title }))), " ")
	if meta := find(doc, func(n *xhtml.Node) bool {
		return n.DataAtom == atom.Meta && strings.EqualFold(attr(n, "name"), "description")
	}); meta != nil {
		info.Description = strings.Join(strings.Fields(attr(meta, "content")), " ")
	}
	root := doc
	if selector != "" {
		if root = selectFirst(doc, selector); root == nil {
			return nil, info, fmt.Errorf("the content selector %q matches nothing in the page", selector)
		}
	} else {
		root = mainContent(doc)
	}
	r := &htmlReader{pageParts: pageParts{page: &Page{Name: name}}, pages: pages, loc: locator{src: src}}
	if info.Description != "" {
		r.block(Block{Kind: Description, Text: info.Description, Offset: r.loc.find(info.Description)})
	}
	r.container(root, root)
	if !r.titled && info.Title != "" {
		r.page.Blocks = append([]Block{{Kind: Title, Text: info.Title}}, r.page.Blocks...)
		for i := range r.page.Body {
			if r.page.Body[i].Block > 0 {
				r.page.Body[i].Block++
			}
		}
		for i := range r.page.Blocks {
			for j := range r.page.Blocks[i].Inlines {
				in := &r.page.Blocks[i].Inlines[j]
				if in.Title > 0 {
					in.Title++
				}
				if in.Alt > 0 {
					in.Alt++
				}
			}
		}
	}
	return r.page, info, nil
}

// htmlFragment reads a piece of HTML inside a Markdown page into the
// page's blocks and body.
func htmlFragment(p *Page, src string, offset int) {
	nodes, err := xhtml.ParseFragment(strings.NewReader(src), &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return
	}
	holder := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		holder.AppendChild(n)
	}
	r := &htmlReader{pageParts: pageParts{page: p}, loc: locator{src: src, base: offset}, titled: true}
	r.container(holder, holder)
}

type htmlReader struct {
	pageParts
	pages  Pages
	loc    locator
	titled bool
}

// left out are the elements that are never content.
var leftOut = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Form: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Svg: true, atom.Canvas: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Head: true, atom.Title: true, atom.Meta: true,
	atom.Link: true, atom.Audio: true, atom.Video: true, atom.Map: true, atom.Dialog: true,
}

// blockTags are the elements that hold text as one block.
var blockTags = map[atom.Atom]Kind{
	atom.P: Paragraph, atom.H1: Heading, atom.H2: Heading, atom.H3: Heading, atom.H4: Heading,
	atom.H5: Heading, atom.H6: Heading, atom.Li: ListItem, atom.Dt: ListItem, atom.Dd: ListItem,
	atom.Td: Cell, atom.Th: Cell, atom.Caption: Caption, atom.Figcaption: Caption, atom.Address: Paragraph,
	atom.Summary: Heading,
}

// structure are the elements kept around blocks, with the attributes
// each keeps.
var structure = map[atom.Atom][]string{
	atom.Ul: nil, atom.Ol: {"start", "reversed"}, atom.Dl: nil, atom.Table: nil, atom.Thead: nil,
	atom.Tbody: nil, atom.Tfoot: nil, atom.Tr: nil, atom.Figure: nil, atom.Blockquote: nil,
	atom.Details: nil,
}

// inlineTags are the inline elements that become placeholders; any other
// inline element is left out around its text.
var inlineTags = map[string]bool{
	"a": true, "em": true, "strong": true, "b": true, "i": true, "u": true, "s": true, "del": true,
	"ins": true, "code": true, "kbd": true, "samp": true, "var": true, "sub": true, "sup": true,
	"small": true, "mark": true, "abbr": true, "q": true, "cite": true, "br": true, "wbr": true,
	"img": true, "time": true, "dfn": true, "bdi": true,
}

// isBlockLevel reports whether a node holds blocks rather than text.
func isBlockLevel(n *xhtml.Node) bool {
	if n.Type != xhtml.ElementNode {
		return false
	}
	if _, ok := blockTags[n.DataAtom]; ok {
		return true
	}
	if _, ok := structure[n.DataAtom]; ok {
		return true
	}
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Pre, atom.Hr,
		atom.Center, atom.Hgroup, atom.Fieldset, atom.Body, atom.Html:
		return true
	}
	return leftOut[n.DataAtom]
}

func holdsBlocks(n *xhtml.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isBlockLevel(c) || c.Type == xhtml.ElementNode && !inlineTags[c.Data] && holdsBlocks(c) {
			return true
		}
	}
	return false
}

// boilerplate reports an element whose class or id says it is not
// content: a breadcrumb trail, sharing buttons, a menu, comments.
func boilerplate(n *xhtml.Node) bool {
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, w := range []string{"breadcrumb", "share", "social", "comment", "sidebar", "menu", "navbar", "cookie", "advert", "banner"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// container reads the children of an element that holds blocks: runs of
// loose text and inline elements become paragraphs.
func (r *htmlReader) container(n, root *xhtml.Node) {
	// loose text in a list item or a cell stays bare; elsewhere it is a
	// paragraph
	tag, kind := "p", Paragraph
	switch n.DataAtom {
	case atom.Li, atom.Dt, atom.Dd:
		tag, kind = "", ListItem
	case atom.Td, atom.Th:
		tag, kind = "", Cell
	}
	var loose []*xhtml.Node
	flush := func() {
		if len(loose) == 0 {
			return
		}
		num := r.block(Block{}) // numbered before the link titles inside it
		b := Block{Kind: kind, Offset: -1}
		for _, c := range loose {
			r.inline(c, &b)
		}
		loose = nil
		r.page.Blocks[num-1] = b
		if b.Offset < 0 || !hasText(b.Runs) {
			return // Finish drops the empty block
		}
		r.page.Body = append(r.page.Body, Part{Tag: tag, Block: num}, Part{Markup: "\n"})
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.CommentNode || c.Type == xhtml.DoctypeNode {
			continue
		}
		if c.Type == xhtml.ElementNode && (leftOut[c.DataAtom] || c != root && boilerplate(c)) {
			flush()
			continue
		}
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Br && len(loose) > 0 {
			// two line breaks in a row end a loose paragraph
			if next := nextElement(c); next != nil && next.DataAtom == atom.Br {
				flush()
				c = next
				continue
			}
		}
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Br && len(loose) == 0 {
			continue // a line break before any text breaks nothing
		}
		if !isBlockLevel(c) && !(c.Type == xhtml.ElementNode && !inlineTags[c.Data] && holdsBlocks(c)) {
			loose = append(loose, c)
			continue
		}
		flush()
		r.element(c, root)
	}
	flush()
}

func nextElement(n *xhtml.Node) *xhtml.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode {
			return c
		}
		if c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

func hasText(runs []Run) bool {
	for _, r := range runs {
		if !r.Tag && strings.TrimSpace(r.Text) != "" {
			return true
		}
	}
	return false
}

// element reads an element that holds blocks or is one.
func (r *htmlReader) element(n, root *xhtml.Node) {
	if kind, ok := blockTags[n.DataAtom]; ok {
		tag := n.Data
		if n.DataAtom == atom.H1 {
			if !r.titled {
				r.titled = true
				num := r.block(Block{})
				b := Block{Kind: Title, Offset: -1}
				r.inlineChildren(n, &b)
				r.page.Blocks[num-1] = b
				return
			}
			tag = "h2"
		}
		if n.DataAtom == atom.Summary || n.DataAtom == atom.Address {
			tag = n.Data
		}
		attrs := keepAttrs(n, "colspan", "rowspan")
		if holdsBlocks(n) {
			r.markup("<" + tag + attrs + ">")
			r.container(n, root)
			r.markup("</" + tag + ">\n")
			return
		}
		num := r.block(Block{})
		b := Block{Kind: kind, Offset: -1}
		r.inlineChildren(n, &b)
		r.page.Blocks[num-1] = b
		r.page.Body = append(r.page.Body, Part{Tag: tag, Attrs: attrs, Block: num}, Part{Markup: "\n"})
		return
	}
	if keep, ok := structure[n.DataAtom]; ok {
		r.markup("<" + n.Data + keepAttrs(n, keep...) + ">\n")
		r.container(n, root)
		r.markup("</" + n.Data + ">\n")
		return
	}
	switch n.DataAtom {
	case atom.Pre:
		r.markup("<pre>" + html.EscapeString(textOf(n)) + "</pre>\n")
	case atom.Hr:
		r.markup("<hr>\n")
	case atom.Img:
		r.image(n)
	default:
		r.container(n, root)
	}
}

// image writes a standalone image, its alternative text a block.
func (r *htmlReader) image(n *xhtml.Node) {
	src := urlAttr("src", attr(n, "src"))
	if src == "" {
		return
	}
	attrs := src + keepAttrs(n, "width", "height")
	if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
		num := r.block(Block{Kind: Alt, Text: alt, Offset: r.loc.find(alt)})
		r.page.Body = append(r.page.Body, Part{Tag: "img", Attrs: attrs, Block: num, Attr: "alt"}, Part{Markup: "\n"})
		return
	}
	r.markup(`<img` + attrs + ` alt="">` + "\n")
}

func (r *htmlReader) inlineChildren(n *xhtml.Node, b *Block) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.inline(c, b)
	}
}

// inline adds a node of inline content to a block.
func (r *htmlReader) inline(n *xhtml.Node, b *Block) {
	switch n.Type {
	case xhtml.TextNode:
		at := r.loc.find(n.Data)
		if b.Offset < 0 && strings.TrimSpace(n.Data) != "" {
			b.Offset = at
		}
		b.Runs = append(b.Runs, Run{Text: n.Data, Offset: at, Code: inCode(n)})
		return
	case xhtml.ElementNode:
	default:
		return
	}
	if leftOut[n.DataAtom] {
		return
	}
	if !inlineTags[n.Data] {
		r.inlineChildren(n, b) // left out around its text
		return
	}
	in := Inline{Tag: n.Data}
	switch n.DataAtom {
	case atom.A:
		in.Attrs = urlAttr("href", r.pages.href(attr(n, "href")))
	case atom.Img:
		in.Attrs = urlAttr("src", attr(n, "src"))
		if in.Attrs == "" {
			return
		}
		in.Attrs += keepAttrs(n, "width", "height")
		if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
			in.Alt = r.block(Block{Kind: Alt, Text: alt, Offset: r.loc.find(alt)})
		}
	case atom.Time:
		in.Attrs = keepAttrs(n, "datetime")
	}
	if t := strings.TrimSpace(attr(n, "title")); t != "" {
		in.Title = r.block(Block{Kind: LinkTitle, Text: t, Offset: r.loc.find(t)})
	}
	b.Inlines = append(b.Inlines, in)
	k := strconv.Itoa(len(b.Inlines))
	if n.DataAtom == atom.Br || n.DataAtom == atom.Wbr || n.DataAtom == atom.Img {
		b.Runs = append(b.Runs, Run{Text: "<" + k + "/>", Tag: true})
		return
	}
	b.Runs = append(b.Runs, Run{Text: "<" + k + ">", Tag: true})
	r.inlineChildren(n, b)
	b.Runs = append(b.Runs, Run{Text: "</" + k + ">", Tag: true})
}

// inCode reports whether a text stands inside code, which is neither
// repaired nor reflowed.
func inCode(n *xhtml.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Code, atom.Kbd, atom.Samp, atom.Var:
			return true
		}
	}
	return false
}

// mainContent finds a page's main content (see the comment at the top).
func mainContent(doc *xhtml.Node) *xhtml.Node {
	if n := find(doc, func(n *xhtml.Node) bool {
		return n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")
	}); n != nil {
		return n
	}
	var articles []*xhtml.Node
	walk(doc, func(n *xhtml.Node) bool {
		if n.DataAtom == atom.Article {
			articles = append(articles, n)
			return false
		}
		return true
	})
	if len(articles) == 1 {
		return articles[0]
	}
	// the element whose paragraphs hold the most text (a paragraph's text
	// counts fully for its parent, half for the parent's parent)
	score := map[*xhtml.Node]int{}
	walk(doc, func(n *xhtml.Node) bool {
		if n.Type == xhtml.ElementNode && (leftOut[n.DataAtom] || boilerplate(n)) {
			return false
		}
		if n.DataAtom == atom.P || n.DataAtom == atom.Pre || n.DataAtom == atom.Td || n.DataAtom == atom.Li {
			t := utf8.RuneCountInString(strings.TrimSpace(textOf(n))) - linkText(n)
			if p := n.Parent; p != nil {
				score[p] += t
				if g := p.Parent; g != nil {
					score[g] += t / 2
				}
			}
			return false
		}
		return true
	})
	best := find(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Body })
	bestScore := 0
	walk(doc, func(n *xhtml.Node) bool {
		if s := score[n]; s > bestScore {
			best, bestScore = n, s
		}
		return true
	})
	if best == nil {
		return doc
	}
	return best
}

// linkText counts the characters of a node's links, which weigh against
// it: a list of links is navigation.
func linkText(n *xhtml.Node) int {
	c := 0
	walk(n, func(m *xhtml.Node) bool {
		if m.DataAtom == atom.A {
			c += utf8.RuneCountInString(strings.TrimSpace(textOf(m)))
			return false
		}
		return true
	})
	return c
}

// selectFirst returns the first element a selector matches: compound
// selectors (tag, #id, .class, tag.class, tag#id) separated by spaces,
// each inside the one before.
func selectFirst(doc *xhtml.Node, selector string) *xhtml.Node {
	parts := strings.Fields(selector)
	var match func(n *xhtml.Node, i int) *xhtml.Node
	match = func(n *xhtml.Node, i int) *xhtml.Node {
		var found *xhtml.Node
		walk(n, func(m *xhtml.Node) bool {
			if found != nil {
				return false
			}
			if m != n && matches(m, parts[i]) {
				if i == len(parts)-1 {
					found = m
					return false
				}
				if f := match(m, i+1); f != nil {
					found = f
					return false
				}
			}
			return true
		})
		return found
	}
	if len(parts) == 0 {
		return nil
	}
	return match(doc, 0)
}

func matches(n *xhtml.Node, sel string) bool {
	if n.Type != xhtml.ElementNode {
		return false
	}
	tag := sel
	if i := strings.IndexAny(sel, ".#"); i >= 0 {
		tag = sel[:i]
	}
	if tag != "" && !strings.EqualFold(tag, n.Data) {
		return false
	}
	rest := sel[len(tag):]
	for rest != "" {
		kind := rest[0]
		rest = rest[1:]
		j := strings.IndexAny(rest, ".#")
		if j < 0 {
			j = len(rest)
		}
		name := rest[:j]
		rest = rest[j:]
		switch kind {
		case '#':
			if attr(n, "id") != name {
				return false
			}
		case '.':
			if !containsField(attr(n, "class"), name) {
				return false
			}
		}
	}
	return true
}

func containsField(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

func attr(n *xhtml.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// keepAttrs writes the attributes of n that are kept, escaped.
func keepAttrs(n *xhtml.Node, keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		for _, a := range n.Attr {
			if a.Key == k && a.Namespace == "" {
				b.WriteString(" " + k + `="` + html.EscapeString(a.Val) + `"`)
				break
			}
		}
	}
	return b.String()
}

// urlAttr writes an address attribute, or nothing for an address that is
// not on the web, mail or telephone (javascript:, data:) and not
// relative.
func urlAttr(key, url string) string {
	url = strings.TrimSpace(url)
	if url == "" {
		return ""
	}
	if scheme, _, ok := strings.Cut(url, ":"); ok && !strings.ContainsAny(scheme, "/?#") {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto", "tel":
		default:
			return ""
		}
	}
	return " " + key + `="` + html.EscapeString(url) + `"`
}

// Pages names the page of each content file whose page is not named
// after it (a Markdown page's slug), by the file's name ("visiting-hours.md"
// → "visiting"); nil when every page is named after its file.
type Pages map[string]string

// href makes a link to a file of the content ("visiting.md",
// "beds.html#hours") a link to that page of the site, in the page's own
// language: pages are published at <lang>/<name>/index.html.
func (ps Pages) href(u string) string {
	name, frag, hasFrag := strings.Cut(u, "#")
	if name == "" || strings.ContainsAny(name, ":/?\\") {
		return u
	}
	ext := path.Ext(name)
	switch ext {
	case ".txt", ".md", ".html", ".htm":
	default:
		return u
	}
	stem := strings.TrimSuffix(name, ext)
	if stem == "" || strings.TrimFunc(stem, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }) != "" {
		return u
	}
	if page, ok := ps[name]; ok {
		stem = page
	}
	if hasFrag {
		return "../" + stem + "/index.html#" + frag
	}
	return "../" + stem + "/index.html"
}

// parseTag reads a tag written in Markdown: its name in lower case,
// whether it closes, and the attributes kept (a link's address).
func parseTag(raw string, pages Pages) (tag string, closing bool, attrs string) {
	z := xhtml.NewTokenizer(strings.NewReader(raw))
	switch z.Next() {
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
		name, _ := z.TagName()
		tag = strings.ToLower(string(name))
		n := &xhtml.Node{Type: xhtml.ElementNode, Data: tag}
		for {
			k, v, more := z.TagAttr()
			if len(k) > 0 {
				n.Attr = append(n.Attr, xhtml.Attribute{Key: strings.ToLower(string(k)), Val: string(v)})
			}
			if !more {
				break
			}
		}
		if tag == "a" {
			attrs = urlAttr("href", pages.href(attr(n, "href")))
		}
		return tag, false, attrs
	case xhtml.EndTagToken:
		name, _ := z.TagName()
		return strings.ToLower(string(name)), true, ""
	}
	return "", false, ""
}

func find(n *xhtml.Node, f func(*xhtml.Node) bool) *xhtml.Node {
	var found *xhtml.Node
	walk(n, func(m *xhtml.Node) bool {
		if found == nil && m.Type == xhtml.ElementNode && f(m) {
			found = m
		}
		return found == nil
	})
	return found
}

// walk visits n and its descendants in document order; f returns whether
// to visit a node's children.
func walk(n *xhtml.Node, f func(*xhtml.Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	walk(n, func(m *xhtml.Node) bool {
		if m.Type == xhtml.ElementNode && (m.DataAtom == atom.Script || m.DataAtom == atom.Style) {
			return false
		}
		if m.Type == xhtml.TextNode {
			b.WriteString(m.Data)
		}
		return true
	})
	return b.String()
}

// locator finds texts in the source in document order, for positions:
// each is looked for after the one before.
type locator struct {
	src  string
	base int
	at   int
}

// find returns the offset of a text's first word in the source, after the
// last text found; the last position when it cannot be found (a word
// written with character references).
func (l *locator) find(text string) int {
	word := strings.TrimSpace(text)
	if i := strings.IndexAny(word, " \t\r\n&<"); i > 0 {
		word = word[:i]
	}
	if word == "" {
		return l.base + l.at
	}
	if i := strings.Index(l.src[l.at:], word); i >= 0 {
		l.at += i
	}
	return l.base + l.at
}
