package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// A project may give its own layouts: layouts/page.html for every page
// (and the not-found pages) and layouts/index.html for the root page, as
// html/template files. A page layout is executed with a PageData, the
// index layout with an IndexData; what each field holds is documented on
// it. The built-in layout is templates/page.html and templates/index.html;
// xlate writes exactly what those would, without executing them.

//go:embed templates/*.html
var templates embed.FS

// tmpl is the built-in layout as templates, which the writers follow.
var tmpl = template.Must(template.New("").ParseFS(templates, "templates/*.html"))

// BuiltIn returns the built-in layout's template file of a name
// (page.html, index.html), to start a project's own from.
func BuiltIn(name string) ([]byte, error) { return templates.ReadFile("templates/" + name) }

// Layouts are a project's own layouts; a nil one is the built-in.
type Layouts struct {
	Page  *template.Template
	Index *template.Template
}

// ReadLayouts reads a project's layouts from dir: page.html and
// index.html, each if it exists. A layout that does not parse is an
// error naming it.
func ReadLayouts(dir string) (*Layouts, error) {
	var ls Layouts
	for name, t := range map[string]**template.Template{"page.html": &ls.Page, "index.html": &ls.Index} {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if *t, err = template.New(name).Parse(string(data)); err != nil {
			return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "template: "))
		}
	}
	if ls.Page == nil && ls.Index == nil {
		return nil, nil
	}
	return &ls, nil
}

// UIText is a text of the interface as a page shows it: Lang is set only
// when the text is in another language than the page (not translated
// yet).
type UIText struct {
	Text string
	Lang string
}

// UI is the interface's texts in one language. They are catalogue
// messages like any other (the site's section of each catalogue), so
// translators translate them.
type UI struct {
	SiteName     UIText // the site's name
	Skip         UIText // the link that skips to the content, for keyboards and screen readers
	Languages    UIText // names the language picker
	Trail        UIText // names the breadcrumb trail
	Home         UIText // the first step of the trail: the root page
	Untranslated UIText // the notice on a page some of whose blocks are shown untranslated
	NotFoundHead UIText // the title of the not-found page
	NotFound     UIText // what the not-found page says
	AllPages     UIText // the link to the root page, which lists every page
}

// Interface is the interface's texts as they are written (in English)
// and translated: each field of UI, by the name its catalogue message is
// made from, but the site's name, which the project's configuration
// gives.
var Interface = []struct {
	Name, Text string
}{
	{"Skip", "Skip to the content"},
	{"Languages", "Languages"},
	{"Trail", "You are here"},
	{"Home", "Home"},
	{"Untranslated", "Parts of this page are not translated yet and are shown in the language they were written in."},
	{"NotFoundHead", "Page not found"},
	{"NotFound", "There is no page at this address. Every page of the site is listed on its home page."},
	{"AllPages", "All pages"},
}

// DefaultUI is the interface in English, for a language whose texts were
// not given; site is the site's name.
func DefaultUI(site string) UI {
	var ui UI
	en := "en"
	ui.SiteName = UIText{Text: site, Lang: en}
	for _, it := range Interface {
		*ui.field(it.Name) = UIText{Text: it.Text, Lang: en}
	}
	return ui
}

// Field returns the text of the interface a name of Interface names.
func (ui *UI) Field(name string) *UIText { return ui.field(name) }

func (ui *UI) field(name string) *UIText {
	switch name {
	case "SiteName":
		return &ui.SiteName
	case "Skip":
		return &ui.Skip
	case "Languages":
		return &ui.Languages
	case "Trail":
		return &ui.Trail
	case "Home":
		return &ui.Home
	case "Untranslated":
		return &ui.Untranslated
	case "NotFoundHead":
		return &ui.NotFoundHead
	case "NotFound":
		return &ui.NotFound
	case "AllPages":
		return &ui.AllPages
	}
	panic("render: no interface text " + name)
}

// in returns the interface as a page in lang shows it: a text's Lang only
// where it differs from the page's.
func (ui UI) in(lang string) UI {
	for _, f := range []*UIText{&ui.SiteName, &ui.Skip, &ui.Languages, &ui.Trail, &ui.Home, &ui.Untranslated, &ui.NotFoundHead, &ui.NotFound, &ui.AllPages} {
		if f.Lang == lang {
			f.Lang = ""
		}
	}
	return ui
}

// PageData is what a page layout is given.
type PageData struct {
	Lang        string // the page's language, a BCP 47 tag ("zh-Hans")
	Title       string // the page's title, as text
	HeadTitle   string // what <title> holds: the title and the site's name
	Description string // a sentence or two on what the page holds, as text
	Canonical   string // the page's absolute address ("" for the not-found page)
	// OGLocale is the page's language as Open Graph writes it ("zh_CN"),
	// OGAlternates the page's other languages.
	OGLocale     string
	OGAlternates []string
	Alternates   []Alternate  // the page in every language it is published in, then x-default
	Picker       []PickerItem // the languages the page is published in
	Breadcrumb   []Crumb      // from the root page to the page itself
	Heading      Snippet      // the title as <h1> shows it
	// Content is the page's content, rendered: headings, paragraphs,
	// lists, tables…; a block shown in another language than the page's
	// carries its lang and the class "untranslated".
	Content template.HTML
	// Untranslated is set when some block is shown in another language.
	Untranslated bool
	UI           UI     // the interface's texts, in the page's language
	Root         string // link to the root page
	StyleSheet   string // link to style.css
	NoIndex      bool   // search engines must not index the page (the not-found page)
}

// Alternate is a hreflang link.
type Alternate struct {
	Lang, Href string
}

// PickerItem is a language in the picker, named in its own script.
type PickerItem struct {
	Name, Lang, Href string
	Current          bool // the page's own language
}

// Crumb is a step of the breadcrumb trail. Href is empty for a step that
// is no page of its own, and for the page itself (Current).
type Crumb struct {
	Text, Lang, Href string
	Current          bool
}

// Snippet is a block's text rendered, with its lang where it differs
// from the page's.
type Snippet struct {
	HTML template.HTML
	Lang string
}

// IndexData is what the index layout is given.
type IndexData struct {
	Lang       string // the site's first language
	Title      string // the site's name
	StyleSheet string
	UI         UI
	Languages  []IndexLanguage
}

// IndexLanguage is one language's part of the root page.
type IndexLanguage struct {
	Name, Lang string // the language named in its own script, and its tag
	AllPages   UIText // "All pages", in the language
	Pages      []IndexPage
}

// IndexPage is one page as the root page lists it.
type IndexPage struct {
	Title, Href string
	Lang        string // where the title is in another language than the section's
}

// ogLocale writes a language as Open Graph does: language_TERRITORY, the
// territory its most likely one.
func ogLocale(t language.Tag) string {
	base, _ := t.Base()
	region, _ := t.Region()
	return base.String() + "_" + region.String()
}

// description is a page's description: its description block, else its
// first paragraph, shortened at a word (or, in Chinese, a character)
// before 160 characters.
func description(p *Page) string {
	for _, b := range p.Blocks {
		if b.Kind == segment.Description {
			return plainTitle(b.Text)
		}
	}
	for _, b := range p.Blocks {
		if b.Kind == segment.Paragraph || b.Kind == segment.ListItem {
			return shorten(plainTitle(b.Text), 160)
		}
	}
	return ""
}

// shorten cuts a text to at most n characters, at the last space when
// there is one in the second half, and marks the cut.
func shorten(s string, n int) string {
	// the byte offset of the (n-1)th character, if there are more than n
	end, count := 0, 0
	for i := range s {
		if count == n-1 {
			end = i
		}
		if count++; count > n {
			break
		}
	}
	if count <= n {
		return s
	}
	cut := s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:，、；：") + "…"
}

func (s *Site) pageData(p *Page) PageData {
	lang := p.Lang.Tag.String()
	ui := s.ui(p.Lang).in(lang)
	d := PageData{
		Lang:       lang,
		Canonical:  s.URL(p.Lang, p.Name),
		OGLocale:   ogLocale(p.Lang.Tag),
		Alternates: s.alternates(p.Name, p.Langs),
		UI:         ui,
		Root:       "../../index.html",
		StyleSheet: "../../style.css",
	}
	for _, l := range p.Langs {
		d.Picker = append(d.Picker, PickerItem{Name: l.Name, Lang: l.Tag.String(), Href: href(l, p.Name), Current: l.Tag == p.Lang.Tag})
		if l.Tag != p.Lang.Tag {
			d.OGAlternates = append(d.OGAlternates, ogLocale(l.Tag))
		}
	}
	d.Breadcrumb = append(d.Breadcrumb, Crumb{Text: ui.Home.Text, Lang: ui.Home.Lang, Href: d.Root})
	var title Block
	for _, blk := range p.Blocks {
		if blk.Lang != p.Lang.Tag && blk.Kind != segment.LinkTitle && blk.Kind != segment.Alt && blk.Kind != segment.Description {
			d.Untranslated = true
		}
		switch blk.Kind {
		case segment.Breadcrumb:
			c := Crumb{Text: plainTitle(blk.Text)}
			if blk.Lang != p.Lang.Tag {
				c.Lang = blk.Lang.String()
			}
			d.Breadcrumb = append(d.Breadcrumb, c)
		case segment.Title:
			title = blk
		}
	}
	d.Title = plainTitle(title.Text)
	if d.Title == "" {
		d.Title = p.Name
		title = Block{Text: p.Name, Lang: p.Lang.Tag}
	}
	var h bytes.Buffer
	writeInline(&h, title, p)
	d.Heading = Snippet{HTML: template.HTML(h.String())}
	if title.Lang != p.Lang.Tag {
		d.Heading.Lang = title.Lang.String()
	}
	d.Breadcrumb = append(d.Breadcrumb, Crumb{Text: d.Title, Lang: d.Heading.Lang, Current: true})
	d.HeadTitle = d.Title + " · " + ui.SiteName.Text
	d.Description = description(p)
	d.Content = content(p)
	return d
}

func (s *Site) notFoundData(l Language) PageData {
	lang := l.Tag.String()
	ui := s.ui(l).in(lang)
	root := s.BaseURL + "index.html"
	d := PageData{
		Lang:       lang,
		Title:      ui.NotFoundHead.Text,
		HeadTitle:  ui.NotFoundHead.Text + " · " + ui.SiteName.Text,
		OGLocale:   ogLocale(l.Tag),
		UI:         ui,
		Root:       root,
		StyleSheet: s.BaseURL + "style.css",
		NoIndex:    true,
		Heading:    Snippet{HTML: template.HTML(escapeString(ui.NotFoundHead.Text)), Lang: ui.NotFoundHead.Lang},
	}
	d.Breadcrumb = []Crumb{{Text: ui.Home.Text, Lang: ui.Home.Lang, Href: root}, {Text: d.Title, Lang: ui.NotFoundHead.Lang, Current: true}}
	var c strings.Builder
	c.WriteString("<p" + langAttr(ui.NotFound.Lang) + ">" + escapeString(ui.NotFound.Text) + "</p>\n")
	c.WriteString(`<p><a href="` + escapeString(root) + `"` + langAttr(ui.AllPages.Lang) + ">" + escapeString(ui.AllPages.Text) + "</a></p>\n")
	d.Content = template.HTML(c.String())
	return d
}

func (s *Site) indexData(titles [][]IndexEntry) IndexData {
	var d IndexData
	if len(s.Languages) > 0 {
		d.Lang = s.Languages[0].Tag.String()
		d.UI = s.ui(s.Languages[0]).in(d.Lang)
	}
	d.Title = d.UI.SiteName.Text
	d.StyleSheet = "style.css"
	for i, l := range s.Languages {
		if i >= len(titles) || len(titles[i]) == 0 {
			continue // a language no page is published in
		}
		ui := s.ui(l).in(l.Tag.String())
		il := IndexLanguage{Name: l.Name, Lang: l.Tag.String(), AllPages: ui.AllPages}
		for _, e := range titles[i] {
			ip := IndexPage{Title: plainTitle(e.Title), Href: l.Dir() + "/" + url.PathEscape(e.Page) + "/index.html"}
			if e.Lang != l.Tag && e.Lang != language.Und {
				ip.Lang = e.Lang.String()
			}
			il.Pages = append(il.Pages, ip)
		}
		d.Languages = append(d.Languages, il)
	}
	return d
}

func langAttr(lang string) string {
	if lang == "" {
		return ""
	}
	return ` lang="` + escapeString(lang) + `"`
}
