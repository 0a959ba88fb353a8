package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"xlate/pipeline/source"
)

// TestEveryCheckOfATranslation plants each kind of fault a check of a
// translation against its source finds, and beside it a correct case that
// finds nothing.
func TestEveryCheckOfATranslation(t *testing.T) {
	en, hans, hant, ru, ja := language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant"), language.Russian, language.Japanese
	one := func(s string) map[string]string { return map[string]string{"other": s} }
	tests := []struct {
		check     string
		src, tr   map[string]string
		lang      language.Tag
		opt       MessageOptions
		bad, good string // the translation planted, and a correct one
	}{
		{check: "template", src: one("Hello {{.Name}}"), lang: hans, bad: "你好 {{.Name", good: "你好 {{.Name}}"},
		{check: "template", src: one("{{if .N}}yes{{end}}"), lang: hans, bad: "{{if}}是{{end}}", good: "{{if .N}}是{{end}}"},
		{check: "placeholders", src: one("Hello {{.Name}}"), lang: hans, bad: "你好 {{.Nmae}}", good: "{{.Name}}，你好"},
		{check: "placeholders", src: one("Contribute to {{ .Site.Title }} in our"), lang: ru, bad: "Ты можешь сделать вклад в эти документы", good: "Сделайте вклад в {{.Site.Title}}"},
		{check: "placeholders", src: one("%d beds in %s"), lang: hans, bad: "%s 张床位，在 %s", good: "%[2]s 有 %[1]d 张床位"},
		{check: "placeholders", src: one("See <1>the map</1>.<2/>"), lang: hans, bad: "请见<1>地图。<2/>", good: "<2/>请见<1>地图</1>。"},
		{check: "template-code", src: one("Hello"), lang: hans, bad: "你好 {{.Secret}}", good: "你好"},
		{check: "plural-forms", src: map[string]string{"one": "{{.Count}} bed", "other": "{{.Count}} beds"}, lang: ru, bad: "", good: ""},
		{check: "plural-forms", src: one("Beds"), lang: ja, bad: "", good: ""},
		{check: "markup", src: one("Call <b>now</b>"), lang: hans, bad: "请<b>立即致电", good: "请<b>立即</b>致电"},
		{check: "identical", src: one("Clinical Services"), lang: hans, bad: "Clinical Services", good: "临床服务"},
		{check: "identical", src: one("HSCT"), lang: hans, opt: MessageOptions{Keep: []string{"HSCT"}}, bad: "", good: "HSCT"},
		{check: "punctuation", src: one("Beds, wards."), lang: hans, bad: "床位,病房。", good: "床位，病房。"},
		{check: "spacing", src: one("80 beds"), lang: hans, bad: "共80张床位", good: "共 80 张床位"},
		{check: "script", src: one("Hospital"), lang: hans, bad: "醫院", good: "医院"},
		{check: "script", src: one("Hospital"), lang: hant, bad: "医院", good: "醫院"},
		{check: "length", src: one(strings.Repeat("The ward treats children with leukemia. ", 20)), lang: hans, opt: MessageOptions{Ratio: 0.3}, bad: "好。", good: strings.Repeat("病房收治白血病患儿。", 24)},
		{check: "glossary", src: one("Hematopoietic stem cell transplantation is done here."), lang: hans, opt: MessageOptions{Glossary: map[string]string{"hematopoietic stem cell transplantation": "造血干细胞移植"}}, bad: "这里开展骨髓移植。", good: "这里开展造血干细胞移植。"},
	}
	for _, tc := range tests {
		opt := tc.opt
		opt.Lang, opt.From = tc.lang, en
		bad, good := one(tc.bad), one(tc.good)
		if tc.check == "plural-forms" {
			if tc.lang == ru {
				bad = map[string]string{"one": "{{.Count}} кровать", "other": "{{.Count}} кроватей"}
				good = map[string]string{"one": "{{.Count}} кровать", "few": "{{.Count}} кровати", "many": "{{.Count}} кроватей", "other": "{{.Count}} кровати"}
			} else {
				bad = map[string]string{"one": "ベッド", "other": "ベッド"}
				good = one("ベッド")
			}
		}
		if tc.bad != "" || tc.check == "plural-forms" {
			if !found(CheckMessage(tc.src, bad, opt), tc.check) {
				t.Errorf("%s: %v in %s finds nothing: %+v", tc.check, bad, tc.lang, CheckMessage(tc.src, bad, opt))
			}
		}
		if ps := CheckMessage(tc.src, good, opt); len(ps) > 0 {
			t.Errorf("%s: the correct %v in %s finds %+v", tc.check, good, tc.lang, ps)
		}
	}
	// every check of a translation has a case above
	for _, name := range []string{"template", "placeholders", "template-code", "plural-forms", "markup", "identical", "punctuation", "spacing", "script", "length", "glossary"} {
		has := false
		for _, tc := range tests {
			has = has || tc.check == name
		}
		if !has {
			t.Errorf("no case plants %s", name)
		}
	}
}

func found(ps []Problem, check string) bool {
	for _, p := range ps {
		if p.Check == check {
			return true
		}
	}
	return false
}

// TestCategories: the CLDR plural categories of some languages.
func TestCategories(t *testing.T) {
	for tag, want := range map[string]string{"en": "one other", "ru": "one few many other", "ja": "other", "ar": "zero one two few many other", "zh-Hans": "other", "fr": "one many other"} {
		if got := strings.Join(categories(language.MustParse(tag)), " "); got != want {
			t.Errorf("%s: %s; want %s", tag, got, want)
		}
	}
}

// TestChecksOnPeerCatalogs checks every peer catalogue against its
// project's English one, message by message, and logs what it finds
// (go test ./pipeline/catalog -run TestChecksOnPeerCatalogs -v lists it
// all). Among the findings must be the placeholders that translators of
// docsy (ru, bn: {{ .Site.Title }} in community_how_to) and of ananke (ja:
// {{ .Type }} in whatsInThis) dropped.
func TestChecksOnPeerCatalogs(t *testing.T) {
	files := peerFiles(t)
	english := map[string]*Catalog{}
	for _, path := range files {
		if name := peerName(path); name == "en.toml" {
			data, _ := os.ReadFile(path)
			c, err := Parse(filepath.Base(filepath.Dir(path))+"/"+name, language.English, data)
			if err != nil {
				t.Fatal(err)
			}
			english[filepath.Dir(path)] = c
		}
	}
	var all source.List
	for _, path := range files {
		src := english[filepath.Dir(path)]
		name := peerName(path)
		if src == nil || name == "en.toml" {
			continue
		}
		tag, err := TagFromPath(name)
		if err != nil {
			continue
		}
		data, _ := os.ReadFile(path)
		c, err := Parse(filepath.Base(filepath.Dir(path))+"/"+name, tag, data)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		all = append(all, CheckMessages(src, c, CheckOptions{})...)
	}
	all.Sort()
	counts := map[string]int{}
	for _, d := range all {
		t.Logf("%s", d.Pos.String()+": "+d.Check+": "+d.Msg)
		counts[d.Check]++
	}
	t.Logf("%d findings: %v", len(all), counts)
	for _, want := range []string{
		"docsy/ru.toml:78:1 placeholders community_how_to: the translation: template actions missing {{.Site.Title}}",
		"docsy/bn.toml:",
		"ananke/ja.toml:13:1 placeholders whatsInThis: the translation: template actions missing {{.Type}}",
	} {
		ok := false
		for _, d := range all {
			line := d.Pos.String() + " " + d.Check + " " + d.Msg
			ok = ok || strings.HasPrefix(line, want) && (want != "docsy/bn.toml:" || strings.Contains(d.Msg, "community_how_to: the translation: template actions missing {{.Site.Title}}"))
		}
		if !ok {
			t.Errorf("no finding %q", want)
		}
	}
}
