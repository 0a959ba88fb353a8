package catalog

import (
	"bytes"
	"os"
	"path/filepath"
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
	})
}
