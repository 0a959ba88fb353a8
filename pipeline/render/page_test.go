package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// TestBuiltInLayoutIsTheTemplate: the writers write exactly what
// html/template writes from templates/page.html and index.html, on pages
// (text and markup, found and not found) and root pages whose every text,
// name and address is hostile.
func TestBuiltInLayoutIsTheTemplate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"病房", "ward", " ", "<", ">", "&", "&amp;", "\"", "'", "+", "\x00", "%", "%2F", "%zz", "?", "#", "/", ":", "javascript:", "\n", "\t", "é", "\ufdd0", "\uffff", "\xff", "{{.X}}", "</title>", "<script>", "a b", "™", "\u2028", "<1>", "</1>"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	tags := []language.Tag{language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant"), language.Und}
	kinds := []segment.Kind{segment.Breadcrumb, segment.Title, segment.Heading, segment.Paragraph, segment.Description, segment.ListItem}
	bases := []string{"https://example.org/", "http://例子.中国/站点/", "https://example.org/a b/%7e/", "HTTPS://x.org/'\"/", "https://x.org/?q=<1>&r=+/"}
	for i := 0; i < 3000; i++ {
		var langs []Language
		for j := range 1 + rng.IntN(3) {
			langs = append(langs, Language{Tag: tags[j], Name: text()})
		}
		s := &Site{Name: text(), BaseURL: bases[rng.IntN(len(bases))], Languages: langs}
		for range langs {
			ui := DefaultUI(text())
			for _, it := range Interface {
				ui.Field(it.Name).Text = text()
				ui.Field(it.Name).Lang = tags[rng.IntN(len(tags))].String()
			}
			s.UI = append(s.UI, ui)
		}
		p := &Page{Name: text(), Lang: langs[rng.IntN(len(langs))], Langs: langs[:1+rng.IntN(len(langs))]}
		if rng.IntN(5) == 0 {
			p.Name = "javascript:alert(1)"
		}
		for range rng.IntN(7) {
			b := Block{Kind: kinds[rng.IntN(len(kinds))], Text: text(), Lang: tags[rng.IntN(len(tags))]}
			if rng.IntN(3) == 0 {
				b.Text = "See <1>" + text() + "</1> " + text()
				b.Inlines = []segment.Inline{{Tag: "a", Attrs: ` href="x.html"`}}
			}
			p.Blocks = append(p.Blocks, b)
		}
		if rng.IntN(2) == 0 {
			p.Body = []segment.Part{{Markup: "<ul>\n"}}
			for k := range p.Blocks {
				p.Body = append(p.Body, segment.Part{Tag: "li", Block: k + 1})
			}
			p.Body = append(p.Body, segment.Part{Markup: "</ul>\n"})
		}
		got, err := s.HTML(p)
		if err != nil {
			t.Fatal(err)
		}
		sameAsTemplate(t, "page.html", got, s.pageData(p))
		nf, _ := s.NotFound(langs[0])
		sameAsTemplate(t, "page.html", nf, s.notFoundData(langs[0]))
		titles := make([][]IndexEntry, len(langs))
		for k := range titles {
			for range rng.IntN(3) {
				titles[k] = append(titles[k], IndexEntry{Page: text(), Title: text(), Lang: tags[rng.IntN(len(tags))]})
			}
		}
		index, _ := s.Index(titles)
		sameAsTemplate(t, "index.html", index, s.indexData(titles))
	}
}

func sameAsTemplate(t *testing.T, name string, got []byte, data any) {
	t.Helper()
	var want bytes.Buffer
	if err := tmpl.ExecuteTemplate(&want, name, data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("%s differs from the template:\n got %q\nwant %q", name, got, want.Bytes())
	}
}

func BenchmarkPage(b *testing.B) {
	p := page(hans,
		Block{Kind: segment.Breadcrumb, Text: "患者服务", Lang: hans.Tag},
		Block{Kind: segment.Title, Text: "小儿血液肿瘤科", Lang: hans.Tag},
		Block{Kind: segment.Heading, Text: "临床服务", Lang: hans.Tag},
		Block{Kind: segment.Paragraph, Text: strings.Repeat("科室设有病房 2 个，床位 60 张。", 20), Lang: hans.Tag},
		Block{Kind: segment.Paragraph, Text: strings.Repeat("Not yet translated. ", 30), Lang: language.English},
	)
	for b.Loop() {
		site.HTML(p)
	}
}

// TestPlainLinksAreWrittenAsTheyAre: a link of plain bytes is written as
// is, and every link as normalising it byte by byte and escaping the
// result writes it (the path escapeURL takes for a link that is not plain).
func TestPlainLinksAreWrittenAsTheyAre(t *testing.T) {
	reference := func(s string) string {
		if refusedScheme(s) {
			return "#ZgotmplZ"
		}
		return escapeString(normalizeURL(s))
	}
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"a", "Z", "7", "/", ":", "%", "%2F", "%zz", "&", "+", "'", "\"", "<", " ", "页", "\x00", "?", "#", "=", "~", "http", "https://", "javascript:", "../"}
	for range 5000 {
		var s strings.Builder
		for range rng.IntN(8) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		var b bytes.Buffer
		escapeURL(&b, s.String())
		if want := reference(s.String()); b.String() != want {
			t.Fatalf("escapeURL(%q) = %q, want %q", s.String(), b.String(), want)
		}
	}
	var b bytes.Buffer
	escapeURL(&b, "../../zh-hans/page-00042/index.html")
	if b.String() != "../../zh-hans/page-00042/index.html" {
		t.Errorf("a plain link written as %q", b.String())
	}
}

// TestShortenCutsAtCharacters: shorten cuts after n-1 characters (at the
// last space in their second half) as cutting the text's runes does.
func TestShortenCutsAtCharacters(t *testing.T) {
	reference := func(s string, n int) string {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		cut := string(r[:n-1])
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
			cut = cut[:i]
		}
		return strings.TrimRight(cut, " ,;:，、；：") + "…"
	}
	rng := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"a", "ward", " ", ",", "，", "病房", "、", "é", "™", ":"}
	for range 5000 {
		var s strings.Builder
		for range rng.IntN(40) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		for _, n := range []int{1, 2, 5, 20, 160} {
			if got, want := shorten(s.String(), n), reference(s.String(), n); got != want {
				t.Fatalf("shorten(%q, %d) = %q, want %q", s.String(), n, got, want)
			}
		}
	}
}
