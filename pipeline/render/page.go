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
	writeText(b, "<!DOCTYPE html>\n<html lang=\"", d.Lang, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	writeText(b, "", d.HeadTitle, "</title>\n")
	if d.Description != "" {
		writeText(b, "<meta name=\"description\" content=\"", d.Description, "\">\n")
	}
	if d.NoIndex {
		b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	}
	if d.Canonical != "" {
		writeURL(b, "<link rel=\"canonical\" href=\"", d.Canonical, "\">\n")
	}
	for _, a := range d.Alternates {
		writeText(b, "<link rel=\"alternate\" hreflang=\"", a.Lang, "\" href=\"")
		writeURL(b, "", a.Href, "\">\n")
	}
	writeText(b, "<meta property=\"og:site_name\" content=\"", d.UI.SiteName.Text, "\">\n<meta property=\"og:title\" content=\"")
	writeText(b, "", d.Title, "\">\n")
	if d.Description != "" {
		writeText(b, "<meta property=\"og:description\" content=\"", d.Description, "\">\n")
	}
	if d.Canonical != "" {
		writeText(b, "<meta property=\"og:url\" content=\"", d.Canonical, "\">\n<meta property=\"og:type\" content=\"article\">\n")
	}
	writeText(b, "<meta property=\"og:locale\" content=\"", d.OGLocale, "\">\n")
	for _, a := range d.OGAlternates {
		writeText(b, "<meta property=\"og:locale:alternate\" content=\"", a, "\">\n")
	}
	writeURL(b, "<link rel=\"stylesheet\" href=\"", d.StyleSheet, "\">\n</head>\n<body>\n<a class=\"skip\" href=\"#content\"")
	writeLang(b, d.UI.Skip.Lang)
	writeText(b, ">", d.UI.Skip.Text, "</a>\n<header class=\"site\">\n<p class=\"site-name\"><a href=\"")
	writeURL(b, "", d.Root, "\"")
	writeLang(b, d.UI.SiteName.Lang)
	writeText(b, ">", d.UI.SiteName.Text, "</a></p>\n")
	if len(d.Picker) > 0 {
		writeText(b, "<nav class=\"languages\" aria-label=\"", d.UI.Languages.Text, "\">\n<ul>\n")
		for _, it := range d.Picker {
			writeURL(b, "<li><a href=\"", it.Href, "\" hreflang=\"")
			escapeHTML(b, it.Lang)
			writeText(b, "\" lang=\"", it.Lang, "\"")
			if it.Current {
				b.WriteString(" aria-current=\"page\"")
			}
			writeText(b, ">", it.Name, "</a></li>\n")
		}
		b.WriteString("</ul>\n</nav>\n")
	}
	writeText(b, "</header>\n<nav class=\"breadcrumb\" aria-label=\"", d.UI.Trail.Text, "\">\n<ol>\n")
	for _, c := range d.Breadcrumb {
		b.WriteString("<li")
		writeLang(b, c.Lang)
		b.WriteString(">")
		switch {
		case c.Current:
			writeText(b, "<span aria-current=\"page\">", c.Text, "</span>")
		case c.Href != "":
			writeURL(b, "<a href=\"", c.Href, "\">")
			writeText(b, "", c.Text, "</a>")
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
		writeText(b, ">", d.UI.Untranslated.Text, "</p>\n")
	}
	b.WriteString(string(d.Content))
	writeURL(b, "</article>\n</main>\n<footer class=\"site\">\n<p><a href=\"", d.Root, "\"")
	writeLang(b, d.UI.AllPages.Lang)
	writeText(b, ">", d.UI.AllPages.Text, "</a></p>\n<p")
	writeLang(b, d.UI.SiteName.Lang)
	writeText(b, ">", d.UI.SiteName.Text, "</p>\n</footer>\n</body>\n</html>\n")
}

// writeIndex writes d as templates/index.html does.
func writeIndex(b *bytes.Buffer, d *IndexData) {
	writeText(b, "<!DOCTYPE html>\n<html lang=\"", d.Lang, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	escapeHTML(b, d.Title)
	writeURL(b, "</title>\n<link rel=\"stylesheet\" href=\"", d.StyleSheet, "\">\n</head>\n<body>\n<a class=\"skip\" href=\"#content\"")
	writeLang(b, d.UI.Skip.Lang)
	writeText(b, ">", d.UI.Skip.Text, "</a>\n<main id=\"content\">\n<h1")
	writeLang(b, d.UI.SiteName.Lang)
	writeText(b, ">", d.Title, "</h1>\n")
	for _, l := range d.Languages {
		writeText(b, "<section lang=\"", l.Lang, "\">\n<h2>")
		writeText(b, "", l.Name, "</h2>\n<ul>\n")
		for _, p := range l.Pages {
			writeURL(b, "<li><a href=\"", p.Href, "\" hreflang=\"")
			writeText(b, "", l.Lang, "\"")
			writeLang(b, p.Lang)
			writeText(b, ">", p.Title, "</a></li>\n")
		}
		b.WriteString("</ul>\n</section>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
}

// writeText writes s between before and after, escaped as text or a
// quoted attribute value.
func writeText(b *bytes.Buffer, before, s, after string) {
	b.WriteString(before)
	escapeHTML(b, s)
	b.WriteString(after)
}

// writeURL writes a link target between before and after (see escapeURL).
func writeURL(b *bytes.Buffer, before, url, after string) {
	b.WriteString(before)
	escapeURL(b, url)
	b.WriteString(after)
}

// writeLang writes a lang attribute, if lang is set.
func writeLang(b *bytes.Buffer, lang string) {
	if lang != "" {
		writeText(b, " lang=\"", lang, "\"")
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
	if refusedScheme(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	// most links are letters, digits and punctuation that neither the
	// normalising nor the escaping changes: written as they are
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = plainURLByte[s[i]]
	}
	if plain {
		b.WriteString(s)
		return
	}
	escapeHTML(b, normalizeURL(s))
}

// refusedScheme reports whether a link's scheme is neither a web nor a
// mail one.
func refusedScheme(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	return ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto")
}

// normalizeURL percent-encodes the bytes a link may not hold as they are,
// keeping the escapes it has.
func normalizeURL(s string) string {
	var n strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case keptURLByte(c):
			n.WriteByte(c)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			n.WriteByte(c)
		default:
			n.WriteString("%" + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15]))
		}
	}
	return n.String()
}

// keptURLByte reports whether normalizeURL keeps a byte as it is.
func keptURLByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0
}

// plainURLByte marks the bytes escapeURL writes as they are: those
// normalizeURL keeps and escapeHTML does not escape.
var plainURLByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = keptURLByte(byte(c)) && !escaped[c]
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
