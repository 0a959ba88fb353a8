package render

import (
	"encoding/xml"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

var (
	en   = Language{Tag: language.English, Name: "English"}
	hans = Language{Tag: language.MustParse("zh-Hans"), Name: "简体中文"}
	hant = Language{Tag: language.MustParse("zh-Hant"), Name: "繁體中文"}
	site = &Site{Name: "Children's Hospital", BaseURL: "https://example.org/", Languages: []Language{en, hans, hant}}
)

func page(lang Language, blocks ...Block) *Page {
	return &Page{Name: "ward", Lang: lang, Blocks: blocks, Langs: site.Languages}
}

func TestCatalogueTextIsEscaped(t *testing.T) {
	html, err := site.HTML(page(hans,
		Block{Kind: segment.Title, Text: `病房</title><script>alert(1)</script>`, Lang: hans.Tag},
		Block{Kind: segment.Paragraph, Text: `<script>alert("x")</script> & {{.Secret}}`, Lang: hans.Tag},
	))
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	if strings.Contains(s, "<script>") {
		t.Errorf("a catalogue's <script> reached the page as markup:\n%s", s)
	}
	for _, want := range []string{"&lt;script&gt;alert(", "&amp; {{.Secret}}", "<title>病房&lt;/title&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks escaped text %q:\n%s", want, s)
		}
	}
}

func TestPageStructure(t *testing.T) {
	html, err := site.HTML(page(hans,
		Block{Kind: segment.Breadcrumb, Text: "患者服务", Lang: hans.Tag},
		Block{Kind: segment.Title, Text: "小儿血液肿瘤科", Lang: hans.Tag},
		Block{Kind: segment.Heading, Text: "临床服务", Lang: hans.Tag},
		Block{Kind: segment.Paragraph, Text: "科室设有\n病房 2 个，\nwith\nbeds。", Lang: hans.Tag},
		Block{Kind: segment.Paragraph, Text: "Not yet translated.", Lang: language.English},
	))
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	for _, want := range []string{
		`<html lang="zh-Hans">`,
		`<link rel="alternate" hreflang="en" href="https://example.org/en/ward/">`,
		`<link rel="alternate" hreflang="zh-Hant" href="https://example.org/zh-hant/ward/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/en/ward/">`,
		`lang="en">English</a>`, `aria-current="page">简体中文</a>`, `lang="zh-Hant">繁體中文</a>`,
		// links name index.html: the site works opened from the disk
		`<a href="../../zh-hant/ward/index.html" hreflang="zh-Hant" lang="zh-Hant">`,
		`<li lang="en"><a href="../../index.html">Home</a></li>`, `<li>患者服务</li>`, `<li><span aria-current="page">小儿血液肿瘤科</span></li>`,
		`<h1>小儿血液肿瘤科</h1>`, `<h2>临床服务</h2>`,
		`<p>科室设有病房 2 个，with beds。</p>`,
		`<p lang="en" class="untranslated">Not yet translated.</p>`,
		`<title>小儿血液肿瘤科 · Children&#39;s Hospital</title>`,
		`<meta name="description" content="科室设有病房 2 个，with beds。">`,
		`<meta property="og:locale" content="zh_CN">`, `<meta property="og:locale:alternate" content="zh_TW">`,
		`<link rel="stylesheet" href="../../style.css">`,
		// the interface not yet translated says it is English
		`<a class="skip" href="#content" lang="en">Skip to the content</a>`,
		`<p class="untranslated-note" lang="en">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q:\n%s", want, s)
		}
	}
	assertNoBreakInHan(t, s)
	assertWellFormed(t, s)
}

// assertNoBreakInHan fails when a line of the HTML source ends with a Han
// character and the next begins with one: a browser shows that as a space.
func assertNoBreakInHan(t *testing.T, s string) {
	t.Helper()
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		prev, next := []rune(lines[i-1]), []rune(lines[i])
		if len(prev) > 0 && len(next) > 0 && isHanRune(prev[len(prev)-1]) && isHanRune(next[0]) {
			t.Errorf("line break inside a run of Han characters at line %d", i)
		}
	}
}

func isHanRune(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// assertWellFormed parses the page as XML after dropping the doctype and
// the void elements' missing slashes: every element must close in order.
func assertWellFormed(t *testing.T, s string) {
	t.Helper()
	s = strings.TrimPrefix(s, "<!DOCTYPE html>\n")
	for _, void := range []string{"meta", "link"} {
		s = strings.ReplaceAll(s, "<"+void+" ", "<"+void+"-void ")
	}
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = false
	d.AutoClose = []string{"meta-void", "link-void"}
	var stack []string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Name.Local {
				t.Fatalf("unbalanced </%s> (open: %v)", tok.Name.Local, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("elements left open: %v", stack)
	}
}

func TestSitemap(t *testing.T) {
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	// a page not published in one language leaves it out everywhere
	if err := xml.Unmarshal(site.Sitemap([]SitemapPage{{Name: "ward", Langs: site.Languages}, {Name: "beds", Langs: []Language{en, hans}}}), &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != 5 {
		t.Fatalf("got %d URLs; want one per language a page is published in", len(sm.URLs))
	}
	for i, u := range sm.URLs {
		var langs []string
		for _, l := range u.Links {
			langs = append(langs, l.Hreflang)
		}
		want := "en zh-Hans zh-Hant x-default"
		if i >= 3 {
			want = "en zh-Hans x-default"
		}
		if strings.Join(langs, " ") != want {
			t.Errorf("%s alternates = %v; want %s", u.Loc, langs, want)
		}
	}
}

// TestSitemapEscapesURLs: the sitemap's URLs are escaped as XML text is,
// whatever the base URL and the page's name hold.
func TestSitemapEscapesURLs(t *testing.T) {
	odd := *site
	odd.BaseURL = "https://example.org/a&b'c/ü<>/"
	got := string(odd.Sitemap([]SitemapPage{{Name: "ward", Langs: site.Languages[:2]}, {Name: "x y", Langs: site.Languages[:1]}}))
	for _, want := range []string{
		"<loc>https://example.org/a&amp;b&#39;c/ü&lt;&gt;/en/ward/</loc>",
		`hreflang="zh-Hans" href="https://example.org/a&amp;b&#39;c/ü&lt;&gt;/zh-hans/ward/"/>`,
		`hreflang="x-default" href="https://example.org/a&amp;b&#39;c/ü&lt;&gt;/en/ward/"/>`,
		"<loc>https://example.org/a&amp;b&#39;c/ü&lt;&gt;/en/x%20y/</loc>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("sitemap lacks %s:\n%s", want, got)
		}
	}
	var sm struct{}
	if err := xml.Unmarshal([]byte(got), &sm); err != nil {
		t.Errorf("not XML: %v", err)
	}
}

func TestIndexNamesLanguagesInTheirOwnScript(t *testing.T) {
	en, hans := site.Languages[0].Tag, site.Languages[1].Tag
	html, err := site.Index([][]IndexEntry{{{"ward", "Ward", en}}, {{"ward", "病房", hans}}, {{"ward", "Ward", en}}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	for _, want := range []string{`<h1>Children&#39;s Hospital</h1>`, `<h2>English</h2>`, `<h2>简体中文</h2>`, `<h2>繁體中文</h2>`, `<a href="zh-hans/ward/index.html" hreflang="zh-Hans">病房</a>`,
		// a title that falls back to English says so
		`<a href="zh-hant/ward/index.html" hreflang="zh-Hant" lang="en">Ward</a>`} {
		if !strings.Contains(s, want) {
			t.Errorf("index lacks %q:\n%s", want, s)
		}
	}
	assertWellFormed(t, s)
}
