package pipeline_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"xlate/pipeline"
	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
	"xlate/synth"
)

// checkWhole checks a project read whole, as a check did before it read
// projects by pages.
func checkWhole(t *testing.T, cfg pipeline.Config) source.List {
	t.Helper()
	p, err := pipeline.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return pipeline.Check(p)
}

// appendParagraph adds a paragraph at the end of a page of a generated
// project.
func appendParagraph(t *testing.T, dir, page, text string) {
	t.Helper()
	name := filepath.Join(dir, "content", page+".txt")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(strings.TrimRight(string(data), "\n")+"\n\n"+text+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// entriesQuoting returns the IDs of a catalogue's entries that translate
// an English text.
func entriesQuoting(t *testing.T, file, text string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^#\. en: ` + regexp.QuoteMeta(text) + `\n\[([^\]]+)\]$`)
	var ids []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// setOther gives an entry of a catalogue a translation.
func setOther(t *testing.T, file, id, text string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^(\[` + regexp.QuoteMeta(id) + `\]\n(?:[^\[\n].*\n)*?)other = ".*"$`)
	if !re.Match(data) {
		t.Fatalf("%s: no entry %s", file, id)
	}
	data = re.ReplaceAll(data, []byte(`${1}other = "`+text+`"`))
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// entryText cuts out of a catalogue's text the lines of one entry: the
// comments above its header, the header and its keys.
func entryText(t *testing.T, text, id string) (start, end int) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^(?:#[.|,].*\n)*\[` + regexp.QuoteMeta(id) + `\]\n(?:[^\[\n#].*\n)*\n?`)
	loc := re.FindStringIndex(text)
	if loc == nil {
		t.Fatalf("no entry %s", id)
	}
	return loc[0], loc[1]
}

// TestCheckByPagesIsCheckWhole: a check that reads a project a chunk of
// pages at a time finds exactly what a check of the project read whole
// finds — every kind of finding, those that need a whole catalogue among
// them (obsolete entries, one text translated two ways on pages in
// different chunks, a translation's length against its language pair's
// usual one) — whatever the size of the chunks; and the status and the PO
// and XLIFF exports are those of the whole project too.
func TestCheckByPagesIsCheckWhole(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Default(60)); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	// one paragraph on pages far apart, translated two ways; a long one
	// translated by one character
	same := "The same paragraph stands on three pages of this site and says the same thing on each."
	long := "This paragraph is long enough for its translation's length to be held to the usual ratio of its language pair."
	for _, p := range []string{"page-00002", "page-00031", "page-00055"} {
		appendParagraph(t, dir, p, same)
	}
	appendParagraph(t, dir, "page-00040", long)
	if _, err := pipeline.Sync(cfg, pipeline.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	hans := filepath.Join(dir, "locales", "zh-Hans.toml")
	ids := entriesQuoting(t, hans, same)
	if len(ids) != 3 {
		t.Fatalf("entries of the shared paragraph: %v", ids)
	}
	setOther(t, hans, ids[0], "同一段落出现在本站的三个页面上，每处意思相同。")
	setOther(t, hans, ids[1], "这一段在网站的三个页面上都有，内容一样。")
	setOther(t, hans, ids[2], "同一段落出现在本站的三个页面上，每处意思相同。")
	setOther(t, filepath.Join(dir, "locales", "zh-Hant.toml"), entriesQuoting(t, hans, long)[0], "長")

	// then, without a sync: a page deleted, a deleted paragraph back, a
	// new paragraph, an edited one
	if err := os.Remove(filepath.Join(dir, "content", "page-00045.txt")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "locales", "en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := catalog.Parse("en.toml", language.English, data)
	if err != nil {
		t.Fatal(err)
	}
	restored := false
	for _, e := range en.Entries {
		if e.Obsolete && len(e.Path) == 2 && e.Path[0] != "page-00045" && e.Other() != "" {
			appendParagraph(t, dir, e.Path[0], e.Other())
			restored = true
			break
		}
	}
	if !restored {
		t.Fatal("the generated catalogue has no obsolete entry to restore")
	}
	appendParagraph(t, dir, "page-00012", "A paragraph no sync has seen yet.")
	page := filepath.Join(dir, "content", "page-00020.txt")
	data, _ = os.ReadFile(page)
	os.WriteFile(page, []byte(strings.Replace(string(data), "children", "young people", 1)), 0o644)

	want := checkWhole(t, cfg)
	kinds := map[string]int{}
	for _, d := range want {
		kinds[d.Check]++
	}
	for _, k := range []string{"obsolete", "inconsistent", "length", "out-of-date", "no-entry", "missing", "fuzzy", "stale"} {
		if kinds[k] == 0 {
			t.Errorf("the project gives no %s finding to compare (%v)", k, kinds)
		}
	}
	// each of the three names the first entry that translates it otherwise
	line := func(id string) int {
		data, _ := os.ReadFile(hans)
		i := strings.Index(string(data), "\n["+id+"]\n")
		return strings.Count(string(data[:i+1]), "\n") + 1
	}
	var inconsistent []string
	for _, d := range want {
		if d.Check == "inconsistent" {
			inconsistent = append(inconsistent, fmt.Sprintf("%d: %s", d.Pos.Line, d.Msg))
		}
	}
	says := func(at, other string) string {
		return fmt.Sprintf("%d: %s translates the same English as %s (line %d) differently", line(at), at, other, line(other))
	}
	if d := cmp.Diff([]string{says(ids[0], ids[1]), says(ids[1], ids[0]), says(ids[2], ids[1])}, inconsistent); d != "" {
		t.Errorf("inconsistent translations (-want +got):\n%s", d)
	}
	wantStatus, err := pipeline.StatusWhole(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantStatus.Flagged) == 0 || wantStatus.Languages[1].Total.Obsolete.Entries == 0 || wantStatus.Languages[1].Total.Fuzzy.Entries == 0 {
		t.Errorf("the status has no flagged passage, obsolete or fuzzy entry to compare: %+v", wantStatus.Languages[1].Total)
	}
	for _, n := range []int{1, 7, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			defer pipeline.SetPageChunk(n)()
			got, cats, err := pipeline.CheckByPages(cfg)
			if err != nil {
				t.Fatalf("the project was not checked by pages: %v", err)
			}
			if cats != 3 {
				t.Errorf("%d catalogues checked, want 3", cats)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("check by pages differs from the check of the whole project (-whole +by pages):\n%s", d)
			}
			st, err := pipeline.StatusByPages(cfg)
			if err != nil {
				t.Fatalf("the status was not made by pages: %v", err)
			}
			if d := cmp.Diff(wantStatus, st); d != "" {
				t.Errorf("status by pages differs from the status of the whole project (-whole +by pages):\n%s", d)
			}
			for _, lang := range synth.Languages {
				for _, format := range []string{"po", "xliff"} {
					var whole, byPages bytes.Buffer
					if err := pipeline.ExportWhole(cfg, format, language.MustParse(lang), &whole); err != nil {
						t.Fatal(err)
					}
					if err := pipeline.ExportByPages(cfg, format, language.MustParse(lang), &byPages); err != nil {
						t.Fatalf("the %s %s export was not made by pages: %v", lang, format, err)
					}
					if !strings.Contains(whole.String(), map[string]string{"po": "msgctxt", "xliff": "<unit "}[format]) || whole.String() != byPages.String() {
						t.Errorf("%s %s: export by pages (%d bytes) differs from the export of the whole project (%d bytes)", lang, format, byPages.Len(), whole.Len())
					}
				}
			}
		})
	}
}

// TestCheckByPagesLeavesOddFilesToTheWholeCheck: a catalogue a person laid
// out otherwise — an entry moved to another page's section, or defined
// twice in two sections — is checked whole, so that the check finds what
// it would have found before it read by pages: the fault, with its
// position.
func TestCheckByPagesLeavesOddFilesToTheWholeCheck(t *testing.T) {
	gen := t.TempDir()
	if err := synth.Generate(gen, synth.Default(30)); err != nil {
		t.Fatal(err)
	}
	original, err := os.ReadFile(filepath.Join(gen, "locales", "zh-Hans.toml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(original)
	id := regexp.MustCompile(`(?m)^\[(page-00003\.[^\]]+)\]$`).FindStringSubmatch(text)[1]
	start, end := entryText(t, text, id)
	entry := text[start:end]
	page4 := strings.Index(text, "#= ─── page: page-00004 ───\n") + len("#= ─── page: page-00004 ───\n\n")
	obsolete := strings.Index(text, "#= ─── obsolete")
	if obsolete >= 0 {
		obsolete += strings.Index(text[obsolete:], "\n") + 2 // after the marker line and a blank one
	}
	if page4 < len("#= ─── page: page-00004 ───\n\n") || obsolete < 0 {
		t.Fatal("the generated catalogue has no section for page-00004 or no obsolete section")
	}
	for _, tc := range []struct {
		name    string
		text    string
		malform string // the fault the check reports, if any
	}{
		{"moved to another page's section", text[:start] + text[end:page4] + entry + text[page4:], ""},
		{"defined in two sections", text[:page4] + entry + text[page4:], "is defined twice"},
		{"defined in a section and the obsolete section", text[:obsolete] + entry + "\n" + text[obsolete:], "is defined twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(gen)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "locales", "zh-Hans.toml"), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
			if err != nil {
				t.Fatal(err)
			}
			defer pipeline.SetPageChunk(3)()
			if _, _, err := pipeline.CheckByPages(cfg); !errors.Is(err, pipeline.ErrReadByPages) {
				t.Fatalf("checked by pages (%v); want the whole check", err)
			}
			res, err := pipeline.CheckCached(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(checkWhole(t, cfg), res.List); d != "" {
				t.Errorf("the check differs from the check of the whole project (-whole +check):\n%s", d)
			}
			found := false
			for _, d := range res.List {
				found = found || d.Check == "malformed" && strings.Contains(d.Msg, tc.malform)
			}
			if tc.malform != "" && !found {
				t.Errorf("no finding says %q", tc.malform)
			}
		})
	}
}
