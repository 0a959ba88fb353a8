package pipeline_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"xlate/pipeline"
	"xlate/synth"
)

// copyShipped copies the shipped project (config, content, catalogues)
// into a temporary directory.
func copyShipped(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "locales"} {
		files, _ := filepath.Glob(filepath.Join("..", sub, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(dir, sub), 0o755)
			if err := os.WriteFile(filepath.Join(dir, sub, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	data, _ := os.ReadFile(filepath.Join("..", pipeline.ConfigFile))
	os.WriteFile(filepath.Join(dir, pipeline.ConfigFile), data, 0o644)
	return dir
}

func catalogFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "locales", "*.toml"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		out[filepath.Base(f)] = string(data)
	}
	return out
}

// TestExchangeRoundTrip: exporting a catalogue as PO or XLIFF and
// importing the file back changes nothing, on the shipped catalogues and
// on a generated project; and a sync after it writes nothing either.
func TestExchangeRoundTrip(t *testing.T) {
	gen := t.TempDir()
	if err := synth.Generate(gen, synth.Default(200)); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"shipped": copyShipped(t), "generated": gen} {
		cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
		if err != nil {
			t.Fatal(err)
		}
		before := catalogFiles(t, dir)
		for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
			for _, format := range []string{"po", "xliff"} {
				var buf bytes.Buffer
				if err := pipeline.Export(cfg, format, language.MustParse(lang), &buf); err != nil {
					t.Fatalf("%s: export %s %s: %v", name, lang, format, err)
				}
				file := filepath.Join(t.TempDir(), lang+"."+map[string]string{"po": "po", "xliff": "xlf"}[format])
				os.WriteFile(file, buf.Bytes(), 0o644)
				res, err := pipeline.Import(cfg, file)
				if err != nil || res.Changed != 0 || len(res.Report) != 0 {
					t.Errorf("%s: import of the %s %s export: %d changed, %v, %v", name, lang, format, res.Changed, res.Report, err)
				}
			}
		}
		if d := cmp.Diff(before, catalogFiles(t, dir)); d != "" {
			t.Errorf("%s: a round trip changed the catalogues:\n%s", name, d)
		}
		if res, err := pipeline.Sync(cfg, pipeline.SyncOptions{}); err != nil || len(res.Written) != 0 {
			t.Errorf("%s: a sync after the round trip wrote %v, %v", name, res.Written, err)
		}
	}
}

// TestExportsForTranslatorsTools: the PO files pass gettext's msgfmt
// --check, Translate Toolkit's pocount reads every message, and its
// pofilter finds nothing in its critical tests; the XLIFF documents hold
// to XLIFF 2.0's core structure.
func TestExportsForTranslatorsTools(t *testing.T) {
	dir := copyShipped(t)
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	tools := []string{"msgfmt", "pocount", "pofilter"}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (apt install gettext translate-toolkit); CI must run this test", tool)
			}
			t.Skipf("%s is not installed (apt install gettext translate-toolkit)", tool)
		}
	}
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
		var po, xl bytes.Buffer
		if err := pipeline.Export(cfg, "po", language.MustParse(lang), &po); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), lang+".po")
		os.WriteFile(file, po.Bytes(), 0o644)
		if out, err := exec.Command("msgfmt", "--check", "-o", os.DevNull, file).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("msgfmt --check %s: %v\n%s", lang, err, out)
		}
		out, err := exec.Command("pocount", "--csv", file).CombinedOutput()
		if err != nil || !strings.Contains(string(out), strings.TrimSuffix(filepath.Base(file), ".po")) {
			t.Errorf("pocount %s: %v\n%s", lang, err, out)
		}
		filtered := filepath.Join(t.TempDir(), "filtered.po")
		args := []string{"--nofuzzy", "-t", "escapes", "-t", "newlines", "-t", "nplurals", "-t", "printf", "-t", "pythonbraceformat", "-t", "tabs", "-t", "variables", "-t", "xmltags", file, filtered}
		if out, err := exec.Command("pofilter", args...).CombinedOutput(); err != nil {
			t.Errorf("pofilter %s: %v\n%s", lang, err, out)
		}
		if data, _ := os.ReadFile(filtered); strings.Contains(string(data), "(pofilter)") {
			t.Errorf("pofilter's critical tests fail on the %s export:\n%s", lang, data)
		}
		if err := pipeline.Export(cfg, "xliff", language.MustParse(lang), &xl); err != nil {
			t.Fatal(err)
		}
		if err := checkXLIFF(xl.Bytes()); err != nil {
			t.Errorf("%s XLIFF: %v", lang, err)
		}
	}
}

// checkXLIFF holds a document to the structure of XLIFF 2.0's core: the
// root's namespace, version and languages, files with ids, units with
// unique ids holding one segment or more, each a source and at most one
// target, a state from the core's four, notes only before the segments,
// and inline codes ph and pc with ids.
func checkXLIFF(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	units := map[string]bool{}
	var segments, sources, targets int
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			attr := func(n string) string { return attrOfXML(t, n) }
			if t.Name.Space != "urn:oasis:names:tc:xliff:document:2.0" {
				return errorf("<%s> is not in the XLIFF 2.0 namespace", t.Name.Local)
			}
			allowed := map[string][]string{"xliff": {""}, "file": {"xliff"}, "unit": {"file"}, "notes": {"file", "unit"}, "note": {"notes"}, "segment": {"unit"}, "source": {"segment"}, "target": {"segment"}, "ph": {"source", "target", "pc"}, "pc": {"source", "target", "pc"}}
			ok := false
			for _, p := range allowed[t.Name.Local] {
				ok = ok || p == parent
			}
			if !ok {
				return errorf("<%s> inside <%s>", t.Name.Local, parent)
			}
			switch t.Name.Local {
			case "xliff":
				if attr("version") != "2.0" || attr("srcLang") == "" || attr("trgLang") == "" {
					return errorf("<xliff> needs version 2.0, srcLang and trgLang")
				}
			case "file":
				if attr("id") == "" {
					return errorf("<file> without an id")
				}
			case "unit":
				if id := attr("id"); id == "" || units[id] {
					return errorf("unit id %q empty or used twice", id)
				}
				units[attr("id")] = true
				segments, sources, targets = 0, 0, 0
			case "segment":
				switch attr("state") {
				case "", "initial", "translated", "reviewed", "final":
				default:
					return errorf("segment state %q", attr("state"))
				}
				segments++
				sources, targets = 0, 0
			case "source":
				sources++
			case "target":
				targets++
				if sources != 1 || targets > 1 {
					return errorf("a target not after one source")
				}
			case "ph", "pc":
				if attr("id") == "" {
					return errorf("<%s> without an id", t.Name.Local)
				}
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if t.Name.Local == "unit" && segments == 0 {
				return errorf("a unit without a segment")
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(units) == 0 {
		return errorf("no unit")
	}
	return nil
}

func attrOfXML(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
