// Package render writes the published site: one HTML5 page per language and
// source page, a root page that picks the language, and sitemap.xml with the
// language alternates.
//
// Every text it is given is data: html/template escapes it, so a catalogue
// message holding <script> shows as text. Han text is never broken across
// lines in the HTML source, because a browser renders that line break as a
// space inside a Chinese sentence.
//
// Render does not look translations up (package catalog) or decide which
// language a block falls back to; it renders the blocks it is handed.
package render

import (
	"bytes"
	"embed"
	"encoding/xml"
	"html/template"
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
	BaseURL   string     // absolute, ending in "/"
	Languages []Language // published languages; the first is x-default
	Pages     []string   // page names, sorted
}

// Block is one block as published in one language.
type Block struct {
	Kind segment.Kind
	Text string
	Lang language.Tag // the language of Text; differs from the page's on fallback
}

// Page is one source page in one language.
type Page struct {
	Name   string
	Lang   Language
	Blocks []Block
}

// URL returns the absolute URL of a page in a language.
func (s *Site) URL(l Language, page string) string {
	return s.BaseURL + l.Dir() + "/" + url.PathEscape(page) + "/"
}

//go:embed templates/*.html
var templates embed.FS

var tmpl = template.Must(template.New("").ParseFS(templates, "templates/*.html"))

type alternate struct {
	Lang, Href string
}

type pageData struct {
	Lang       string
	Title      string
	Canonical  string
	Alternates []alternate
	Picker     []pickerItem
	Breadcrumb []viewBlock
	TitleBlock viewBlock
	// Landmark names that need no translation of their own: the picker is
	// named by the language names, the breadcrumb by its own trail.
	PickerLabel     string
	BreadcrumbLabel string
	Body            []viewBlock
}

// viewBlock is a block as the template sees it: Lang is set only where the
// text is in another language than the page.
type viewBlock struct {
	Kind segment.Kind
	Text string
	Lang string
}

type pickerItem struct {
	Name, Lang, Href string
	Current          bool
}

// HTML renders one page.
func (s *Site) HTML(p *Page) ([]byte, error) {
	d := s.pageData(p)
	var buf bytes.Buffer
	buf.Grow(4096)
	writePage(&buf, &d)
	return buf.Bytes(), nil
}

// pageData is what the layout shows of a page.
func (s *Site) pageData(p *Page) pageData {
	d := pageData{
		Lang:       p.Lang.Tag.String(),
		Canonical:  s.URL(p.Lang, p.Name),
		Alternates: s.alternates(p.Name),
	}
	for _, l := range s.Languages {
		d.Picker = append(d.Picker, pickerItem{
			Name:    l.Name,
			Lang:    l.Tag.String(),
			Href:    "../../" + l.Dir() + "/" + url.PathEscape(p.Name) + "/",
			Current: l.Tag == p.Lang.Tag,
		})
	}
	for _, blk := range p.Blocks {
		b := viewBlock{Kind: blk.Kind, Text: segment.Flow(blk.Text)}
		if blk.Lang != p.Lang.Tag {
			b.Lang = blk.Lang.String()
		}
		switch b.Kind {
		case segment.Breadcrumb:
			d.Breadcrumb = append(d.Breadcrumb, b)
		case segment.Title:
			d.TitleBlock = b
		default:
			d.Body = append(d.Body, b)
		}
	}
	d.Title = d.TitleBlock.Text
	var names, trail []string
	for _, l := range s.Languages {
		names = append(names, l.Name)
	}
	for _, b := range d.Breadcrumb {
		trail = append(trail, b.Text)
	}
	d.PickerLabel, d.BreadcrumbLabel = strings.Join(names, " · "), strings.Join(trail, " › ")
	if d.Title == "" {
		d.Title = p.Name
	}
	return d
}

func (s *Site) alternates(page string) []alternate {
	var out []alternate
	for _, l := range s.Languages {
		out = append(out, alternate{Lang: l.Tag.String(), Href: s.URL(l, page)})
	}
	if len(s.Languages) > 0 {
		out = append(out, alternate{Lang: "x-default", Href: s.URL(s.Languages[0], page)})
	}
	return out
}

// IndexEntry is one page as the root picker lists it in one language.
type IndexEntry struct {
	Page  string
	Title string
	Lang  language.Tag // the language of Title; differs from the section's on fallback
}

type indexData struct {
	Lang      string
	Title     string
	Languages []indexLang
}

type indexLang struct {
	Name, Lang string
	Pages      []indexPage
}

type indexPage struct {
	Title, Href, Lang string
}

// Index renders the root page: each language, named in its own script, with
// its pages. titles[i] lists the page titles in Languages[i].
func (s *Site) Index(titles [][]IndexEntry) ([]byte, error) {
	d := indexData{}
	var names []string
	for i, l := range s.Languages {
		il := indexLang{Name: l.Name, Lang: l.Tag.String()}
		for _, e := range titles[i] {
			ip := indexPage{Title: segment.Flow(e.Title), Href: l.Dir() + "/" + url.PathEscape(e.Page) + "/"}
			if e.Lang != l.Tag && e.Lang != language.Und {
				ip.Lang = e.Lang.String()
			}
			il.Pages = append(il.Pages, ip)
		}
		d.Languages = append(d.Languages, il)
		names = append(names, l.Name)
	}
	if len(s.Languages) > 0 {
		d.Lang = s.Languages[0].Tag.String()
	}
	d.Title = strings.Join(names, " · ")
	var buf bytes.Buffer
	err := tmpl.ExecuteTemplate(&buf, "index.html", d)
	return buf.Bytes(), err
}

// Sitemap renders sitemap.xml with an xhtml:link alternate for every
// language and x-default on each URL.
func (s *Site) Sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	var links, loc bytes.Buffer
	for _, page := range s.Pages {
		// the alternates are the same in every language's entry
		links.Reset()
		for _, a := range s.alternates(page) {
			links.WriteString(`    <xhtml:link rel="alternate" hreflang="` + a.Lang + `" href="`)
			xml.EscapeText(&links, []byte(a.Href))
			links.WriteString("\"/>\n")
		}
		for _, l := range s.Languages {
			loc.Reset()
			xml.EscapeText(&loc, []byte(s.URL(l, page)))
			b.WriteString("  <url>\n    <loc>")
			b.Write(loc.Bytes())
			b.WriteString("</loc>\n")
			b.Write(links.Bytes())
			b.WriteString("  </url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}
