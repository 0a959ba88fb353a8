package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// FuzzRead holds xlate's reader to go-i18n's on the same bytes: whatever
// xlate reads, go-i18n reads too, as the same messages; and what xlate
// writes back it reads again as the same messages and comments, and
// writes again byte for byte.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(peerDir, "*", "*.toml"))
	shipped, _ := filepath.Glob("../../locales/*.toml")
	for _, path := range append(seeds, shipped...) {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"[a]\nother = \"x\"\n",
		"# c\n[a.b] # note\ndescription = 'd'\nOther = \"\"\"\nline\\\n  joined\"\"\"\n# after\n",
		"k = \"v\"\n[t.u]\none = '''x'''\nother = \"\\u00e9\\x41\\e\"\n",
		"\ufeff[\"a b\".'c']\r\nother = \"x\"\r\n",
		"[a]\n\n# between\n\nother = \"x\"\n[b]\n",
		"#= header\n\n#= ─── page: p ───\n\n#. en: \"quoted\\nsource\"\n#, fuzzy\n#| en: old\n[p.a]\nother = \"y\"\n\n#= ─── obsolete\n\n[p.b]\nother = \"z\"\n",
	} {
		f.Add([]byte(s))
	}
	tag := language.MustParse("zh-Hans")
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("zh-Hans.toml", tag, data)
		if err != nil {
			return
		}
		want, err := goI18nMessages("zh-Hans.toml", data)
		if err != nil {
			t.Fatalf("xlate reads a file go-i18n refuses (%v):\n%q", err, data)
		}
		if d := cmp.Diff(want, c.Messages()); d != "" {
			t.Fatalf("xlate and go-i18n read different messages (-go-i18n +xlate):\n%s\n%q", d, data)
		}
		out := c.Format(nil)
		back, err := Parse("zh-Hans.toml", tag, out)
		if err != nil {
			t.Fatalf("xlate cannot read what it wrote: %v\n%q\nfrom %q", err, out, data)
		}
		if d := cmp.Diff(c.Messages(), back.Messages()); d != "" {
			t.Fatalf("writing changed the messages:\n%s\n%q", d, out)
		}
		if d := cmp.Diff(comments(c), comments(back)); d != "" {
			t.Fatalf("writing moved comments:\n%s\n%q\n%q", d, data, out)
		}
		if again := back.Format(nil); !bytes.Equal(again, out) {
			t.Fatalf("writing twice differs:\n%q\n%q", out, again)
		}
		// an xlate catalogue as sync writes it, read region by region
		synced := mustSync(t, NewProject(language.English, nil, []*Catalog{back}))[0]
		regionsHold(t, "zh-Hans.toml", tag, synced.Data)
	})
}

// parseByRegions reads a file region by region, as an incremental sync
// does, and joins the regions' catalogues.
func parseByRegions(t *testing.T, name string, tag language.Tag, text string) *Catalog {
	t.Helper()
	c := Empty(name, tag)
	for _, r := range Regions(text) {
		part, err := ParseRegion(name, tag, text[r.Start:r.End], r)
		if err != nil {
			t.Fatalf("region %q at line %d: %v", r.Page, r.Line, err)
		}
		c.Append(part)
	}
	return c
}

// regionsHold checks that a file xlate wrote splits into regions that join
// back to it, and that reading it region by region gives what reading it
// whole gives, positions included.
func regionsHold(t *testing.T, name string, tag language.Tag, out []byte) {
	t.Helper()
	text := string(out)
	if bytes.HasPrefix(out, []byte("\ufeff")) {
		text = text[len("\ufeff"):]
	}
	rs := Regions(text)
	var joined strings.Builder
	for i, r := range rs {
		if i > 0 {
			joined.WriteString(text[rs[i-1].End:r.Start])
		}
		joined.WriteString(text[r.Start:r.End])
	}
	joined.WriteString(text[rs[len(rs)-1].End:])
	if joined.String() != text {
		t.Fatalf("regions do not join back to the file:\n%q", text)
	}
	whole, err := Parse(name, tag, out)
	if err != nil {
		t.Fatal(err)
	}
	parts := parseByRegions(t, name, tag, text)
	if d := cmp.Diff(whole.Messages(), parts.Messages()); d != "" {
		t.Fatalf("read by regions, the messages differ:\n%s\n%q", d, text)
	}
	if d := cmp.Diff(comments(whole), comments(parts)); d != "" {
		t.Fatalf("read by regions, the comments differ:\n%s\n%q", d, text)
	}
	if d := cmp.Diff(whole.trailer, parts.trailer); d != "" {
		t.Fatalf("read by regions, the closing comments differ:\n%s\n%q", d, text)
	}
	if d := cmp.Diff(whole.preamble, parts.preamble); d != "" {
		t.Fatalf("read by regions, the preamble differs:\n%s\n%q", d, text)
	}
	for i, e := range whole.Entries {
		if f := parts.Entries[i]; f.Line != e.Line || f.Obsolete != e.Obsolete || f.Source != e.Source || f.Fuzzy != e.Fuzzy {
			t.Fatalf("entry %s read by regions: %+v; whole: %+v", e.ID, f, e)
		}
	}
}
