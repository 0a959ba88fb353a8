package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

const peerDir = "../../../shared/peer/catalogs"

// peerFiles lists the real go-i18n catalogues of other projects (Hugo
// themes, go-i18n's own examples). They ship beside the project, not in
// it: a clone without them skips, but CI, which always has them, fails.
func peerFiles(t *testing.T) []string {
	files, _ := filepath.Glob(filepath.Join(peerDir, "*", "*.toml"))
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("peer catalogues not found at %s; CI must have them", peerDir)
		}
		t.Skipf("peer catalogues not found at %s (they ship beside the project, not in a clone)", peerDir)
	}
	return files
}

// peerName is the name a peer file is read under: its language tag.
func peerName(path string) string {
	name := filepath.Base(path)
	if parts := strings.Split(name, "."); len(parts) == 3 { // example_active.en.toml
		name = parts[1] + ".toml"
	}
	return name
}

// comments lists a person's comments of each entry, and of the file.
func comments(c *Catalog) map[string][]string {
	out := map[string][]string{"": append(append([]string(nil), c.preamble...), c.trailer...)}
	for _, e := range c.Entries {
		var cs []string
		for _, l := range e.lead {
			if l != "" {
				cs = append(cs, l)
			}
		}
		if e.comment != "" {
			cs = append(cs, e.comment)
		}
		for _, it := range e.body {
			if it.comment != "" {
				cs = append(cs, it.comment)
			}
		}
		out[e.ID] = cs
	}
	return out
}

// TestPeerCatalogs reads every peer catalogue as go-i18n reads it, then
// takes it through a sync that translates its project's English messages
// (every entry gets its English quoted and, its translation having no
// recorded source, is marked fuzzy) and writes it: every value and every
// comment must survive, beside its entry, and go-i18n must load the file
// with the same messages.
func TestPeerCatalogs(t *testing.T) {
	for _, path := range peerFiles(t) {
		dir := filepath.Base(filepath.Dir(path))
		t.Run(dir+"/"+filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			name := peerName(path)
			tag, err := TagFromPath(name)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(name, tag, data)
			if err != nil {
				t.Fatal(err)
			}
			want, err := goI18nMessages(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, c.Messages()); d != "" {
				t.Fatalf("xlate reads other messages than go-i18n (-go-i18n +xlate):\n%s", d)
			}
			english := peerEnglish(t, filepath.Dir(path))
			synced := c.Clone()
			for _, e := range synced.Entries {
				if en, ok := english[e.ID]; ok && tag != language.English {
					e.syncTranslation(target{id: e.ID, text: en, hash: segment.Hash(en), label: "en"})
				}
			}
			out := synced.Format(nil)
			back, err := Parse(name, tag, out)
			if err != nil {
				t.Fatalf("xlate cannot read what it wrote: %v\n%s", err, out)
			}
			after, err := goI18nMessages(name, out)
			if err != nil {
				t.Fatalf("go-i18n cannot read what xlate wrote: %v\n%s", err, out)
			}
			if d := cmp.Diff(after, back.Messages()); d != "" {
				t.Fatalf("written file: xlate and go-i18n disagree:\n%s", d)
			}
			for i, m := range want {
				if a := after[i]; a.ID != m.ID || a.Other != m.Other || a.One != m.One || a.Few != m.Few || a.Many != m.Many || a.Description != m.Description {
					t.Errorf("message %s changed: %+v → %+v", m.ID, m, a)
				}
			}
			if d := cmp.Diff(comments(c), comments(back)); d != "" {
				t.Errorf("comments lost or moved (-before +after):\n%s", d)
			}
			// and with no content at all, every entry goes to the obsolete
			// section, values and comments kept
			obs := mustSync(t, NewProject(language.English, nil, []*Catalog{c}))[0]
			back, err = Parse(name, tag, obs.Data)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, back.Messages()); d != "" {
				t.Errorf("obsolete entries changed (-before +after):\n%s", d)
			}
			if d := cmp.Diff(comments(c), comments(back)); d != "" {
				t.Errorf("comments of obsolete entries lost (-before +after):\n%s", d)
			}
		})
	}
}

// peerEnglish reads the English messages of a peer project.
func peerEnglish(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*en.toml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Parse(peerName(f), language.English, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range c.Entries {
			out[e.ID] = e.Other()
		}
	}
	return out
}
