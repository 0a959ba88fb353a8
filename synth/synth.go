// Package synth generates synthetic xlate projects for benchmarks and
// scale tests: any number of pages in the style of the shipped content
// (English with some garbling, now and then a Chinese paragraph), and
// catalogues as a team of translators would have them after a while —
// most entries translated, some missing, some fuzzy after an edit of the
// English, some obsolete after a paragraph was deleted.
//
// Everything is derived from a seed, so a size and a seed always give the
// same project. Synth drives xlate's own pipeline to write the catalogues;
// it is a tool for measuring xlate, not part of it.
package synth

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"xlate/pipeline"
	"xlate/pipeline/catalog"
)

// Options say what to generate.
type Options struct {
	Pages      int     // content pages, about ten blocks each
	Seed       uint64  // the same seed gives the same project
	Catalogs   bool    // write catalogues too (else only content and config)
	Translated float64 // share of entries translated, e.g. 0.9
	Fuzzy      float64 // share of entries whose English changed after translation
	Obsolete   float64 // share of blocks deleted after translation
	GoI18n     bool    // also write the same messages as goi18n's active files, under goi18n/
}

// Default is a project as the scale measurements use it.
func Default(pages int) Options {
	return Options{Pages: pages, Seed: 1, Catalogs: true, Translated: 0.9, Fuzzy: 0.02, Obsolete: 0.01}
}

// Languages are the languages of a generated project.
var Languages = []string{"en", "zh-Hans", "zh-Hant"}

// PageName is the name of the i-th page (from 0).
func PageName(i int) string { return fmt.Sprintf("page-%05d", i+1) }

// Generate writes a project into dir.
func Generate(dir string, o Options) error {
	// every page in every language, however much of it is translated, as
	// the Hugo site made from the project has it
	cfg := "source_language = \"en\"\nlanguages = [\"en\", \"zh-Hans\", \"zh-Hant\"]\nbase_url = \"https://example.org/\"\npublish_threshold = 0\n"
	if err := write(filepath.Join(dir, pipeline.ConfigFile), cfg); err != nil {
		return err
	}
	pages := make([][]string, o.Pages)
	for i := range pages {
		pages[i] = Page(o.Seed, i)
		if err := writePage(dir, i, pages[i]); err != nil {
			return err
		}
	}
	if !o.Catalogs {
		return nil
	}
	if err := sync(dir); err != nil {
		return err
	}
	if err := translate(dir, o); err != nil {
		return err
	}
	if err := sync(dir); err != nil {
		return err
	}
	// the English changes under some translations, and some paragraphs go
	rng := rand.New(rand.NewPCG(o.Seed, 2))
	for i, blocks := range pages {
		changed := false
		var kept []string
		for j, b := range blocks {
			if j < 2 || !strings.HasSuffix(b, ".") {
				kept = append(kept, b)
				continue
			}
			switch r := rng.Float64(); {
			case r < o.Obsolete:
				changed = true
				continue
			case r < o.Obsolete+o.Fuzzy:
				b = strings.TrimSuffix(b, ".") + ", as the ward team confirmed."
				changed = true
			}
			kept = append(kept, b)
		}
		if changed {
			pages[i] = kept
			if err := writePage(dir, i, kept); err != nil {
				return err
			}
		}
	}
	if err := sync(dir); err != nil {
		return err
	}
	if o.GoI18n {
		return goI18nFiles(dir)
	}
	return nil
}

func write(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

func writePage(dir string, i int, blocks []string) error {
	return write(filepath.Join(dir, "content", PageName(i)+".txt"), strings.Join(blocks, "\n\n")+"\n")
}

func sync(dir string) error {
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
	if err != nil {
		return err
	}
	_, err = pipeline.Sync(cfg, pipeline.SyncOptions{})
	return err
}

// pick says, from a key and a seed, whether something falls in a share.
func pick(seed uint64, key string, share float64) bool {
	h := sha1.Sum([]byte(fmt.Sprint(seed) + key))
	return float64(binary.BigEndian.Uint64(h[:8])>>11)/(1<<53) < share
}

// translate fills a share of the entries of every catalogue with a
// translation that reads as one (Han text of about the right length).
func translate(dir string, o Options) error {
	for _, tag := range Languages {
		path := filepath.Join(dir, "locales", tag+".toml")
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		t := language.MustParse(tag)
		c, err := catalog.Parse(path, t, data)
		if err != nil {
			return err
		}
		for _, e := range c.Entries {
			if e.Source.Label == "" || e.Source.Label == "source" || !e.Empty() || !pick(o.Seed, tag+e.ID, o.Translated) {
				continue
			}
			e.SetOther(fakeTranslation(tag, e.Source.Text))
		}
		if err := os.WriteFile(path, c.Format(c.Header(tag)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goI18nFiles writes the project's messages as goi18n merge's active
// files: the English of every block, and the reviewed translations with
// the hash of the English they translate.
func goI18nFiles(dir string) error {
	for _, tag := range Languages {
		data, err := os.ReadFile(filepath.Join(dir, "locales", tag+".toml"))
		if err != nil {
			return err
		}
		c, err := catalog.Parse(tag+".toml", language.MustParse(tag), data)
		if err != nil {
			return err
		}
		var b strings.Builder
		ids := make([]string, 0, len(c.Entries))
		byID := map[string]*catalog.Entry{}
		for _, e := range c.Entries {
			if !e.Obsolete {
				ids = append(ids, e.ID)
				byID[e.ID] = e
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			e := byID[id]
			switch {
			case tag == "en":
				fmt.Fprintf(&b, "[%q]\nother = %q\n\n", id, e.Other())
			case !e.Empty() && !e.Fuzzy && !e.Suggested && e.Source.Label == "en":
				fmt.Fprintf(&b, "[%q]\nhash = %q\nother = %q\n\n", id, e.Hash, e.Other())
			}
		}
		if err := write(filepath.Join(dir, "goi18n", "active."+strings.ToLower(tag)+".toml"), b.String()); err != nil {
			return err
		}
	}
	return nil
}
