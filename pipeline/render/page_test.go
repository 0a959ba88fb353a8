package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// TestBuiltInLayoutIsTheTemplate: the page writer writes exactly what
// html/template writes from templates/page.html, on pages whose every
// text, name and address is hostile.
func TestBuiltInLayoutIsTheTemplate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"病房", "ward", " ", "<", ">", "&", "&amp;", "\"", "'", "+", "\x00", "%", "%2F", "%zz", "?", "#", "/", ":", "javascript:", "\n", "\t", "é", "\ufdd0", "\uffff", "\xff", "{{.X}}", "</title>", "<script>", "a b", "™", "\u2028"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	tags := []language.Tag{language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant"), language.Und}
	kinds := []segment.Kind{segment.Breadcrumb, segment.Title, segment.Heading, segment.Paragraph}
	bases := []string{"https://example.org/", "http://例子.中国/站点/", "https://example.org/a b/%7e/", "HTTPS://x.org/'\"/", "https://x.org/?q=<1>&r=+/"}
	for i := 0; i < 3000; i++ {
		var langs []Language
		for j := range 1 + rng.IntN(3) {
			langs = append(langs, Language{Tag: tags[j], Name: text()})
		}
		s := &Site{BaseURL: bases[rng.IntN(len(bases))], Languages: langs}
		p := &Page{Name: text(), Lang: langs[rng.IntN(len(langs))]}
		if rng.IntN(5) == 0 {
			p.Name = "javascript:alert(1)"
		}
		for range rng.IntN(7) {
			p.Blocks = append(p.Blocks, Block{Kind: kinds[rng.IntN(len(kinds))], Text: text(), Lang: tags[rng.IntN(len(tags))]})
		}
		got, err := s.HTML(p)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		d := s.pageData(p)
		if err := tmpl.ExecuteTemplate(&want, "page.html", d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("page %q in %v differs from the template:\n got %q\nwant %q", p.Name, p.Lang.Tag, got, want.Bytes())
		}
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
