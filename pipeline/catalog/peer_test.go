package catalog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

const peerDir = "../../../shared/peer/catalogs"

// TestPeerCatalogs parses the real go-i18n catalogues of other projects
// (Hugo themes, go-i18n's own examples) and formats them again: every file
// must parse, and the formatted file must decode to the same values.
func TestPeerCatalogs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(peerDir, "*", "*.toml"))
	if len(files) == 0 {
		t.Skipf("peer catalogues not found at %s (they ship beside the project, not in a clone)", peerDir)
	}
	for _, path := range files {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(path)
			if filepath.Base(filepath.Dir(path)) == "go-i18n-example" {
				name = "en.toml" // example_active.en.toml: the tag is the last part
			}
			tag, err := TagFromPath(name)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(name, tag, data)
			if err != nil {
				t.Fatal(err)
			}
			var before, after map[string]any
			if _, err := toml.Decode(string(data), &before); err != nil {
				t.Fatal(err)
			}
			if got, want := len(c.Entries), len(flatten(before)); got != want {
				t.Fatalf("parsed %d messages, the file holds %d", got, want)
			}
			out := c.Format(nil, "en")
			if _, err := toml.Decode(string(out), &after); err != nil {
				t.Fatalf("formatted file does not decode: %v\n%s", err, out)
			}
			if d := cmp.Diff(flatten(before), flatten(after)); d != "" {
				t.Errorf("values changed by a parse/format round trip (-before +after):\n%s", d)
			}
		})
	}
}

// flatten turns a decoded catalogue into message ID → key → value, the
// way go-i18n sees it, whether the file used tables or short forms.
func flatten(raw map[string]any) map[string]map[string]string {
	out := map[string]map[string]string{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		if isMessage(m) {
			msg := map[string]string{}
			for k, v := range m {
				if s, ok := v.(string); ok {
					msg[k] = s
				}
			}
			out[prefix] = msg
			return
		}
		for k, v := range m {
			id := k
			if prefix != "" {
				id = prefix + "." + k
			}
			switch v := v.(type) {
			case string:
				out[id] = map[string]string{"other": v}
			case map[string]any:
				walk(id, v)
			}
		}
	}
	walk("", raw)
	return out
}
