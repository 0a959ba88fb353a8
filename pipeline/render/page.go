package render

import (
	"bytes"
	"strings"
)

// The built-in layout is written by writePage and writeIndex, not by
// executing templates/page.html and templates/index.html: on a site of ten
// thousand pages the templates' reflection was a fifth of a cold build.
// The templates stay as the layout's reference (and the starting point of
// a project's own): the writers write exactly the bytes html/template
// writes from them (a test holds them together on hostile text), with the
// same escaping in each context: text and quoted attribute values escape
// & < > " ' + and NUL; link targets are first normalised as URLs (bytes
// outside the URL alphabet percent-encoded) and refused when their scheme
// is not http, https or mailto.

// writePage writes d as templates/page.html does.
func writePage(b *bytes.Buffer, d *PageData) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escapeHTML(b, d.Lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	escapeHTML(b, d.HeadTitle)
	b.WriteString("</title>\n")
	if d.Description != "" {
		b.WriteString("<meta name=\"description\" content=\"")
		escapeHTML(b, d.Description)
		b.WriteString("\">\n")
	}
	if d.NoIndex {
		b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	}
	if d.Canonical != "" {
		b.WriteString("<link rel=\"canonical\" href=\"")
		escapeURL(b, d.Canonical)
		b.WriteString("\">\n")
	}
	for _, a := range d.Alternates {
		b.WriteString("<link rel=\"alternate\" hreflang=\"")
		escapeHTML(b, a.Lang)
		b.WriteString("\" href=\"")
		escapeURL(b, a.Href)
		b.WriteString("\">\n")
	}
	b.WriteString("<meta property=\"og:site_name\" content=\"")
	escapeHTML(b, d.UI.SiteName.Text)
	b.WriteString("\">\n<meta property=\"og:title\" content=\"")
	escapeHTML(b, d.Title)
	b.WriteString("\">\n")
	if d.Description != "" {
		b.WriteString("<meta property=\"og:description\" content=\"")
		escapeHTML(b, d.Description)
		b.WriteString("\">\n")
	}
	if d.Canonical != "" {
		b.WriteString("<meta property=\"og:url\" content=\"")
		escapeHTML(b, d.Canonical)
		b.WriteString("\">\n<meta property=\"og:type\" content=\"article\">\n")
	}
	b.WriteString("<meta property=\"og:locale\" content=\"")
	escapeHTML(b, d.OGLocale)
	b.WriteString("\">\n")
	for _, a := range d.OGAlternates {
		b.WriteString("<meta property=\"og:locale:alternate\" content=\"")
		escapeHTML(b, a)
		b.WriteString("\">\n")
	}
	b.WriteString("<link rel=\"stylesheet\" href=\"")
	escapeURL(b, d.StyleSheet)
	b.WriteString("\">\n</head>\n<body>\n<a class=\"skip\" href=\"#content\"")
	writeLang(b, d.UI.Skip.Lang)
	b.WriteString(">")
	escapeHTML(b, d.UI.Skip.Text)
	b.WriteString("</a>\n<header class=\"site\">\n<p class=\"site-name\"><a href=\"")
	escapeURL(b, d.Root)
	b.WriteString("\"")
	writeLang(b, d.UI.SiteName.Lang)
	b.WriteString(">")
	escapeHTML(b, d.UI.SiteName.Text)
	b.WriteString("</a></p>\n")
	if len(d.Picker) > 0 {
		b.WriteString("<nav class=\"languages\" aria-label=\"")
		escapeHTML(b, d.UI.Languages.Text)
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
	}
	b.WriteString("</header>\n<nav class=\"breadcrumb\" aria-label=\"")
	escapeHTML(b, d.UI.Trail.Text)
	b.WriteString("\">\n<ol>\n")
	for _, c := range d.Breadcrumb {
		b.WriteString("<li")
		writeLang(b, c.Lang)
		b.WriteString(">")
		switch {
		case c.Current:
			b.WriteString("<span aria-current=\"page\">")
			escapeHTML(b, c.Text)
			b.WriteString("</span>")
		case c.Href != "":
			b.WriteString("<a href=\"")
			escapeURL(b, c.Href)
			b.WriteString("\">")
			escapeHTML(b, c.Text)
			b.WriteString("</a>")
		default:
			escapeHTML(b, c.Text)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n</nav>\n<main id=\"content\">\n<article>\n<h1")
	writeLang(b, d.Heading.Lang)
	b.WriteString(">")
	b.WriteString(string(d.Heading.HTML))
	b.WriteString("</h1>\n")
	if d.Untranslated {
		b.WriteString("<p class=\"untranslated-note\"")
		writeLang(b, d.UI.Untranslated.Lang)
		b.WriteString(">")
		escapeHTML(b, d.UI.Untranslated.Text)
		b.WriteString("</p>\n")
	}
	b.WriteString(string(d.Content))
	b.WriteString("</article>\n</main>\n<footer class=\"site\">\n<p><a href=\"")
	escapeURL(b, d.Root)
	b.WriteString("\"")
	writeLang(b, d.UI.AllPages.Lang)
	b.WriteString(">")
	escapeHTML(b, d.UI.AllPages.Text)
	b.WriteString("</a></p>\n<p")
	writeLang(b, d.UI.SiteName.Lang)
	b.WriteString(">")
	escapeHTML(b, d.UI.SiteName.Text)
	b.WriteString("</p>\n</footer>\n</body>\n</html>\n")
}

// writeIndex writes d as templates/index.html does.
func writeIndex(b *bytes.Buffer, d *IndexData) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escapeHTML(b, d.Lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	escapeHTML(b, d.Title)
	b.WriteString("</title>\n<link rel=\"stylesheet\" href=\"")
	escapeURL(b, d.StyleSheet)
	b.WriteString("\">\n</head>\n<body>\n<a class=\"skip\" href=\"#content\"")
	writeLang(b, d.UI.Skip.Lang)
	b.WriteString(">")
	escapeHTML(b, d.UI.Skip.Text)
	b.WriteString("</a>\n<main id=\"content\">\n<h1")
	writeLang(b, d.UI.SiteName.Lang)
	b.WriteString(">")
	escapeHTML(b, d.Title)
	b.WriteString("</h1>\n")
	for _, l := range d.Languages {
		b.WriteString("<section lang=\"")
		escapeHTML(b, l.Lang)
		b.WriteString("\">\n<h2>")
		escapeHTML(b, l.Name)
		b.WriteString("</h2>\n<ul>\n")
		for _, p := range l.Pages {
			b.WriteString("<li><a href=\"")
			escapeURL(b, p.Href)
			b.WriteString("\" hreflang=\"")
			escapeHTML(b, l.Lang)
			b.WriteString("\"")
			writeLang(b, p.Lang)
			b.WriteString(">")
			escapeHTML(b, p.Title)
			b.WriteString("</a></li>\n")
		}
		b.WriteString("</ul>\n</section>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
}

// writeLang writes a lang attribute, if lang is set.
func writeLang(b *bytes.Buffer, lang string) {
	if lang != "" {
		b.WriteString(" lang=\"")
		escapeHTML(b, lang)
		b.WriteString("\"")
	}
}

// escapeString is s escaped as text or an attribute value.
func escapeString(s string) string {
	var b bytes.Buffer
	escapeHTML(&b, s)
	return b.String()
}

// escapeHTML writes s as text or a quoted attribute value.
func escapeHTML(b *bytes.Buffer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		if !escaped[s[i]] {
			continue
		}
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

// escaped marks the bytes escapeHTML replaces.
var escaped = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

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
