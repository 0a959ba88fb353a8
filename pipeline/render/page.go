package render

import (
	"bytes"
	"strings"
)

// The built-in page layout is written by writePage, not by executing
// templates/page.html: on a site of ten thousand pages the template's
// reflection was a fifth of a cold build. The template stays as the
// layout's reference: writePage writes exactly the bytes html/template
// writes from it (a test holds the two together on hostile text), with
// the same escaping in each context: text and quoted attribute values
// escape & < > " ' + and NUL; link targets are first normalised as URLs
// (bytes outside the URL alphabet percent-encoded) and refused when their
// scheme is not http, https or mailto.

// writePage writes d as templates/page.html does.
func writePage(b *bytes.Buffer, d *pageData) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escapeHTML(b, d.Lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	escapeHTML(b, d.Title)
	b.WriteString("</title>\n<link rel=\"canonical\" href=\"")
	escapeURL(b, d.Canonical)
	b.WriteString("\">\n")
	for _, a := range d.Alternates {
		b.WriteString("<link rel=\"alternate\" hreflang=\"")
		escapeHTML(b, a.Lang)
		b.WriteString("\" href=\"")
		escapeURL(b, a.Href)
		b.WriteString("\">\n")
	}
	b.WriteString(pageStyle)
	b.WriteString("</head>\n<body>\n<header>\n<nav class=\"languages\" aria-label=\"")
	escapeHTML(b, d.PickerLabel)
	b.WriteString("\">\n<ul>\n")
	for _, it := range d.Picker {
		b.WriteString("<li><a href=\"")
		escapeURL(b, it.Href)
		b.WriteString("\" hreflang=\"")
		escapeHTML(b, it.Lang)
		b.WriteString("\" lang=\"")
		escapeHTML(b, it.Lang)
		b.WriteString("\"")
		if it.Current {
			b.WriteString(" aria-current=\"page\"")
		}
		b.WriteString(">")
		escapeHTML(b, it.Name)
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ul>\n</nav>\n")
	if len(d.Breadcrumb) > 0 {
		b.WriteString("<nav class=\"breadcrumb\" aria-label=\"")
		escapeHTML(b, d.BreadcrumbLabel)
		b.WriteString("\">\n<ol>\n")
		for _, v := range d.Breadcrumb {
			writeElement(b, "li", v)
		}
		b.WriteString("</ol>\n</nav>\n")
	}
	b.WriteString("</header>\n<main>\n<article>\n")
	writeElement(b, "h1", d.TitleBlock)
	for _, v := range d.Body {
		if v.Kind == "heading" {
			writeElement(b, "h2", v)
		} else {
			writeElement(b, "p", v)
		}
	}
	b.WriteString("</article>\n</main>\n</body>\n</html>\n")
}

// writeElement writes <tag lang="…">text</tag> and a line break, the lang
// only where the block is in another language than the page.
func writeElement(b *bytes.Buffer, tag string, v viewBlock) {
	b.WriteString("<" + tag)
	if v.Lang != "" {
		b.WriteString(" lang=\"")
		escapeHTML(b, v.Lang)
		b.WriteString("\"")
	}
	b.WriteString(">")
	escapeHTML(b, v.Text)
	b.WriteString("</" + tag + ">\n")
}

// pageStyle is the layout's style sheet, as templates/page.html has it.
const pageStyle = `<style>
body{max-width:46rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.7 system-ui,sans-serif;color:#222}
nav ul,nav ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
nav.languages{text-align:right;margin-bottom:1.5rem}
nav.breadcrumb li+li::before{content:"›";margin-right:1rem;color:#888}
nav.breadcrumb{color:#555;font-size:.95rem}
a[aria-current]{font-weight:bold;color:inherit;text-decoration:none}
</style>
`

// escapeHTML writes s as text or a quoted attribute value.
func escapeHTML(b *bytes.Buffer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(repl)
		start = i + 1
	}
	b.WriteString(s[start:])
}

// escapeURL writes a link target into a quoted attribute: refused (as
// html/template refuses it) when its scheme is not a web or mail one,
// else normalised and escaped.
func escapeURL(b *bytes.Buffer, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			n.WriteByte(c)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			n.WriteByte(c)
		default:
			n.WriteString("%" + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15]))
		}
	}
	escapeHTML(b, n.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
