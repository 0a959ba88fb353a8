package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

func src(id, text string) Source {
	return Source{ID: "page." + id, Path: []string{"page", id}, Description: "Page › " + id, Text: text, Hash: segment.Hash(text)}
}

// syncText parses text (empty for a new file), syncs it and formats it.
func syncText(t *testing.T, text string, srcs []Source, opt SyncOptions) string {
	t.Helper()
	c := parse(t, text)
	c.Sync(srcs, opt)
	label := "en"
	if opt.Source {
		label = "source"
	}
	return string(c.Format(c.Header("简体中文", opt.Source), label))
}

func parse(t *testing.T, text string) *Catalog {
	t.Helper()
	c, err := Parse("locales/zh-Hans.toml", language.MustParse("zh-Hans"), []byte(text))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	return c
}

// translate sets other of an entry in formatted text, as a translator would.
func translate(t *testing.T, text, id, other string) string {
	t.Helper()
	header := "[page." + id + "]\n"
	i := strings.Index(text, header)
	if i < 0 {
		t.Fatalf("no entry %s in\n%s", id, text)
	}
	j := i + strings.Index(text[i:], `other = ""`)
	return text[:j] + `other = "` + other + `"` + text[j+len(`other = ""`):]
}

func TestSyncIsIdempotent(t *testing.T) {
	srcs := []Source{src("a", "Alpha."), src("b", "Beta.")}
	once := syncText(t, "", srcs, SyncOptions{})
	twice := syncText(t, once, srcs, SyncOptions{})
	if d := cmp.Diff(once, twice); d != "" {
		t.Errorf("second sync changed the file (-first +second):\n%s", d)
	}
	c := parse(t, once)
	if got := c.Lookup("page.a"); got == nil || got.Hash != segment.Hash("Alpha.") || got.Source != "Alpha." || got.Other != "" {
		t.Errorf("new entry = %+v; want hash of the source, #. source shown, other empty", got)
	}
}

func TestSyncKeepsWhatPeopleWrote(t *testing.T) {
	srcs := []Source{src("a", "Alpha."), src("b", "Beta.")}
	text := syncText(t, "", srcs, SyncOptions{})
	text = translate(t, text, "a", "甲。")
	text = strings.Replace(text, "[page.b]", "# 译者：请与术语表核对\n[page.b]", 1)
	text = strings.Replace(text, "[page.a]\n", "[page.a]\n# inside the table\n", 1)
	text = "# Translator: Li Wei\n" + text + "\n# end of file note\n"
	got := syncText(t, text, srcs, SyncOptions{})
	for _, want := range []string{"# Translator: Li Wei\n", "# 译者：请与术语表核对\n#. en: Beta.\n[page.b]", "[page.a]\n", "# inside the table\n", `other = "甲。"`, "# end of file note\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("sync lost %q:\n%s", want, got)
		}
	}
	if again := syncText(t, got, srcs, SyncOptions{}); again != got {
		t.Errorf("sync of a commented file is not idempotent:\n%s", cmp.Diff(got, again))
	}
}

func TestSyncFuzzyFlow(t *testing.T) {
	text := syncText(t, "", []Source{src("a", "Old text.")}, SyncOptions{})
	text = translate(t, text, "a", "旧文。")

	// the source changes: the translation is kept, marked fuzzy, with the old source
	changed := []Source{src("a", "New text.")}
	text = syncText(t, text, changed, SyncOptions{})
	e := parse(t, text).Lookup("page.a")
	if !e.Fuzzy || e.Previous != "Old text." || e.Source != "New text." || e.Other != "旧文。" || e.Hash != segment.Hash("Old text.") {
		t.Fatalf("after a source change: %+v; want fuzzy, previous and new source shown, translation and old hash kept", e)
	}
	if !e.Stale(segment.Hash("New text.")) {
		t.Error("Stale = false for a translation of the old text")
	}
	if again := syncText(t, text, changed, SyncOptions{}); again != text {
		t.Errorf("sync of a fuzzy entry is not idempotent:\n%s", cmp.Diff(text, again))
	}

	// the translator updates the text and deletes the fuzzy line: accepted
	text = strings.Replace(text, "#, fuzzy\n", "", 1)
	text = strings.Replace(text, `other = "旧文。"`, `other = "新文。"`, 1)
	text = syncText(t, text, changed, SyncOptions{})
	e = parse(t, text).Lookup("page.a")
	if e.Fuzzy || e.Previous != "" || !e.Translated(segment.Hash("New text.")) {
		t.Errorf("after the translator accepted: %+v; want translated against the new source", e)
	}
}

func TestSyncObsoleteAndPrune(t *testing.T) {
	text := syncText(t, "", []Source{src("a", "Alpha."), src("b", "Beta.")}, SyncOptions{})
	text = translate(t, text, "b", "乙。")
	kept := syncText(t, text, []Source{src("a", "Alpha.")}, SyncOptions{})
	c := parse(t, kept)
	if e := c.Lookup("page.b"); e == nil || e.Other != "乙。" {
		t.Fatalf("obsolete translation not kept:\n%s", kept)
	}
	if !strings.Contains(kept, "obsolete") || strings.Index(kept, "[page.b]") < strings.Index(kept, "[page.a]") {
		t.Errorf("obsolete entry not moved to the obsolete section at the end:\n%s", kept)
	}
	pruned := syncText(t, kept, []Source{src("a", "Alpha.")}, SyncOptions{Prune: true})
	if strings.Contains(pruned, "[page.b]") {
		t.Errorf("--prune kept the obsolete entry:\n%s", pruned)
	}
}

func TestSyncInsertsBesideNeighbours(t *testing.T) {
	text := syncText(t, "", []Source{src("a", "A."), src("c", "C.")}, SyncOptions{})
	// a translator moved c above a; sync must not undo that
	c := parse(t, text)
	c.Entries[0], c.Entries[1] = c.Entries[1], c.Entries[0]
	text = string(c.Format(nil, "en"))
	c = parse(t, syncText(t, text, []Source{src("a", "A."), src("b", "B."), src("c", "C.")}, SyncOptions{}))
	var order []string
	for _, e := range c.Entries {
		order = append(order, e.ID)
	}
	if d := cmp.Diff([]string{"page.c", "page.a", "page.b"}, order); d != "" {
		t.Errorf("entry order (-want +got):\n%s", d)
	}
}

func TestSourceCatalogFollowsUntouchedText(t *testing.T) {
	opt := SyncOptions{Source: true}
	text := syncText(t, "", []Source{src("a", "Teh text."), src("b", "Word salad.")}, opt)
	c := parse(t, text)
	if e := c.Lookup("page.a"); e.Other != "Teh text." || e.Source != "" {
		t.Fatalf("source entry = %+v; want other = the source, no #. line", e)
	}
	text = strings.Replace(text, `other = "Word salad."`, `other = "An editor's sentence."`, 1)
	text = syncText(t, text, []Source{src("a", "Teh text."), src("b", "Word salad.")}, opt)
	if e := parse(t, text).Lookup("page.b"); e.Source != "Word salad." || e.Fuzzy {
		t.Fatalf("rewritten entry = %+v; want the source it replaces shown in #. source:", e)
	}
	next := []Source{src("a", "The text."), src("b", "Word salad, changed.")}
	c = parse(t, syncText(t, text, next, opt))
	if e := c.Lookup("page.a"); e.Other != "The text." || !e.Translated(segment.Hash("The text.")) {
		t.Errorf("untouched entry = %+v; want it to follow the new source", e)
	}
	if e := c.Lookup("page.b"); e.Other != "An editor's sentence." || !e.Fuzzy || e.Previous != "Word salad." {
		t.Errorf("rewritten entry = %+v; want the rewrite kept and marked fuzzy", e)
	}
}

func TestFormatEscapes(t *testing.T) {
	text := syncText(t, "", []Source{src("a", `Say "hi" \ now`)}, SyncOptions{})
	text = translate(t, text, "a", `说\"你好\"\\<script>`)
	e := parse(t, text).Lookup("page.a")
	if e.Other != `说"你好"\<script>` || e.Source != `Say "hi" \ now` {
		t.Errorf("entry = %+v", e)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"unterminated string", "zh-Hans.toml", "[page.a]\nhash = \"x\"\nother = \"没有结束\n", "zh-Hans.toml:3:"},
		{"unknown key", "zh-Hans.toml", "[page.a]\nother = \"x\"\nnote = \"y\"\n", "zh-Hans.toml:3:1: unknown key \"note\""},
		{"array of tables", "zh-Hans.toml", "[[page]]\nother = \"x\"\n", "zh-Hans.toml:1:1:"},
		{"not UTF-8", "zh-Hans.toml", "[page.a]\nother = \"\xb9\xfa\"\n", "zh-Hans.toml:2:10: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, language.MustParse("zh-Hans"), []byte(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v; want prefix %q", err, tt.want)
			}
		})
	}
}

func TestTagFromPath(t *testing.T) {
	for name, ok := range map[string]bool{
		"locales/zh-Hans.toml": true, "locales/en.toml": true, "locales/pt-BR.toml": true,
		"locales/chinese_simplified.toml": false, "locales/zh_CN.toml": false, "locales/english.toml": false,
	} {
		_, err := TagFromPath(name)
		if (err == nil) != ok {
			t.Errorf("TagFromPath(%q) error = %v; want ok = %v", name, err, ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), name+":1:1:") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}
