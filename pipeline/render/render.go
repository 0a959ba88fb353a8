// Package render writes the published site: one HTML5 page per language and
// source page in the site's shell (a header with the site's name and a
// language picker, a breadcrumb trail, the content, a footer), a root page
// that lists every page in every language, a page for addresses that do
// not exist in each language, the style sheet, robots.txt and sitemap.xml
// with the language alternates.
//
// Every text it is given is data: it is escaped, so a catalogue message
// holding <script> shows as text; only the markup a page in markup was
// read with (see segment.Part) is written as markup. Han text is never
// broken across lines in the HTML source, because a browser renders that
// line break as a space inside a Chinese sentence. Links are relative and
// name index.html, so the site works opened from the disk as well as
// served; the canonical address, the language alternates, the sitemap
// and the not-found pages use the absolute address the site is published
// at.
//
// Render does not look translations up (package catalog) or decide which
// language a block falls back to; it renders the blocks it is handed.
package render

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"net/url"
	"strings"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// Language is a published language.
type Language struct {
	Tag  language.Tag
	Name string // in its own script: English, 简体中文, 繁體中文
}

// Dir is the language's directory: the tag in lower case, "zh-hans".
func (l Language) Dir() string { return strings.ToLower(l.Tag.String()) }

// Site is what every page needs to know about the others.
type Site struct {
	Name      string     // the site's name, as the configuration gives it
	BaseURL   string     // absolute, ending in "/"
	Languages []Language // the languages of the site; the first is x-default
	// UI holds the interface's texts in each language, in Languages
	// order (see UI).
	UI []UI
	// Layouts, when set, are the project's own (see Layouts).
	Layouts *Layouts
}

// Block is one block as published in one language.
type Block struct {
	Kind    segment.Kind
	Text    string
	Lang    language.Tag     // the language of Text; differs from the page's on fallback
	Inlines []segment.Inline // the elements its placeholders stand for
}

// Page is one source page in one language.
type Page struct {
	Name   string
	Lang   Language
	Blocks []Block
	Body   []segment.Part // of a page in markup (see segment.Page)
	// Langs are the languages the page is published in, in the site's
	// order: its picker and its alternates name only those.
	Langs []Language
}

// URL returns the absolute URL of a page in a language.
func (s *Site) URL(l Language, page string) string {
	return s.BaseURL + l.Dir() + "/" + url.PathEscape(page) + "/"
}

// href is the relative link from a page to a page in a language.
func href(l Language, page string) string {
	return "../../" + l.Dir() + "/" + url.PathEscape(page) + "/index.html"
}

func (s *Site) ui(l Language) UI {
	for i, x := range s.Languages {
		if x.Tag == l.Tag && i < len(s.UI) {
			return s.UI[i]
		}
	}
	return DefaultUI(s.Name)
}

// HTML renders one page.
func (s *Site) HTML(p *Page) ([]byte, error) {
	d := s.pageData(p)
	var buf bytes.Buffer
	buf.Grow(len(d.Content) + 8192) // the content and the shell around it
	if s.Layouts != nil && s.Layouts.Page != nil {
		err := s.Layouts.Page.Execute(&buf, d)
		return buf.Bytes(), err
	}
	writePage(&buf, &d)
	return buf.Bytes(), nil
}

// SitemapPage is a page as the sitemap lists it: in the languages it is
// published in.
type SitemapPage struct {
	Name  string
	Langs []Language
}

// Sitemap renders sitemap.xml: each page in each language it is published
// in, with an xhtml:link alternate for every one of them and x-default.
func (s *Site) Sitemap(pages []SitemapPage) []byte {
	var b bytes.Buffer
	b.Grow(len(pages) * (200 + 500*len(s.Languages))) // about what each page takes
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	// a language's tag and directory, made once: a site has tens of
	// thousands of entries, each with a link to every language
	names := map[language.Tag][2]string{}
	name := func(l Language) [2]string {
		n, ok := names[l.Tag]
		if !ok {
			n = [2]string{l.Tag.String(), l.Dir()}
			names[l.Tag] = n
		}
		return n
	}
	writeURL := func(w *bytes.Buffer, l Language, page string) { // escaped, as s.URL gives it
		writeXMLText(w, s.BaseURL)
		writeXMLText(w, name(l)[1])
		w.WriteByte('/')
		writeXMLText(w, page)
		w.WriteByte('/')
	}
	var links bytes.Buffer
	for _, pg := range pages {
		page := url.PathEscape(pg.Name)
		// the alternates are the same in every language's entry: each
		// language, then x-default, the first of them
		links.Reset()
		for i, l := range pg.Langs {
			links.WriteString(`    <xhtml:link rel="alternate" hreflang="` + name(l)[0] + `" href="`)
			writeURL(&links, l, page)
			links.WriteString("\"/>\n")
			if i == len(pg.Langs)-1 {
				links.WriteString(`    <xhtml:link rel="alternate" hreflang="x-default" href="`)
				writeURL(&links, pg.Langs[0], page)
				links.WriteString("\"/>\n")
			}
		}
		for _, l := range pg.Langs {
			b.WriteString("  <url>\n    <loc>")
			writeURL(&b, l, page)
			b.WriteString("</loc>\n")
			b.Write(links.Bytes())
			b.WriteString("  </url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// writeXMLText writes s escaped as xml.EscapeText escapes it, copying it
// as it is when it is printable ASCII that needs no escape.
func writeXMLText(w *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			xml.EscapeText(w, []byte(s))
			return
		}
	}
	w.WriteString(s)
}

// Robots renders robots.txt: everything may be crawled; the sitemap is
// named.
func (s *Site) Robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.BaseURL + "sitemap.xml\n")
}

//go:embed style.css
var styleSheet []byte

// StyleSheet is the site's style sheet, style.css, which every page of
// the built-in layout links to.
func (s *Site) StyleSheet() []byte { return styleSheet }

// alternates are a page's hreflang links: each language it is published
// in, then x-default, the first of them.
func (s *Site) alternates(page string, langs []Language) []Alternate {
	var out []Alternate
	for _, l := range langs {
		out = append(out, Alternate{Lang: l.Tag.String(), Href: s.URL(l, page)})
	}
	if len(langs) > 0 {
		out = append(out, Alternate{Lang: "x-default", Href: s.URL(langs[0], page)})
	}
	return out
}

// IndexEntry is one page as the root page lists it in one language.
type IndexEntry struct {
	Page  string
	Title string
	Lang  language.Tag // the language of Title; differs from the section's on fallback
}

// Index renders the root page: the site's name, then each language, named
// in its own script, with its pages. titles[i] lists the pages published
// in Languages[i], with their titles.
func (s *Site) Index(titles [][]IndexEntry) ([]byte, error) {
	d := s.indexData(titles)
	var buf bytes.Buffer
	if s.Layouts != nil && s.Layouts.Index != nil {
		err := s.Layouts.Index.Execute(&buf, d)
		return buf.Bytes(), err
	}
	writeIndex(&buf, &d)
	return buf.Bytes(), nil
}

// NotFound renders the page a server shows, in a language, for an
// address that does not exist (404.html). Its links are absolute: it is
// shown at any address.
func (s *Site) NotFound(l Language) ([]byte, error) {
	d := s.notFoundData(l)
	var buf bytes.Buffer
	if s.Layouts != nil && s.Layouts.Page != nil {
		err := s.Layouts.Page.Execute(&buf, d)
		return buf.Bytes(), err
	}
	writePage(&buf, &d)
	return buf.Bytes(), nil
}
