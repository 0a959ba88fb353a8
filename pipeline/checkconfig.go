package pipeline

import (
	"errors"

	"os"
	"path/filepath"
	"sort"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// The checks of xlate check (catalog.Checks, `xlate check --list`) each
// have a severity a project may change, for every language or for one:
//
//	[checks]
//	identical = "off"
//	[checks.zh-Hant]
//	missing = "warning"   # a language in progress
//
// "error" fails the check, "warning" is reported, "off" is not reported.
// keep = ["HSCT", "WeChat"] in xlate.toml lists words a translation may
// keep as they are; locales/glossary.toml the terms each language must
// translate so:
//
//	["zh-Hans"]
//	"hematopoietic stem cell transplantation" = "造血干细胞移植"

// GlossaryFile is the glossary the checks hold translations to.
const GlossaryFile = "glossary.toml"

// Severities are a project's severities of checks: by language ("" for
// every one), by check.
type Severities map[string]map[string]string

// parseSeverities reads the [checks] table of xlate.toml.
func parseSeverities(raw map[string]any, f *source.File, path string) (Severities, error) {
	out := Severities{}
	set := func(lang, check string, v any) error {
		sev, ok := v.(string)
		if _, known := catalog.CheckNamed(check); !known {
			return source.Errorf(linePos(f, path, check), "checks: no check named %q (xlate check --list names them)", check)
		}
		if !ok || sev != "error" && sev != "warning" && sev != "off" {
			return source.Errorf(linePos(f, path, check), "checks: %s = %v: want \"error\", \"warning\" or \"off\"", check, v)
		}
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		out[lang][check] = sev
		return nil
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if table, ok := raw[k].(map[string]any); ok {
			tag, err := catalog.ParseTag(k)
			if err != nil {
				return nil, source.Errorf(keyPos(f, path, "checks."+k), "checks.%s: %q is not a BCP 47 tag", k, k)
			}
			for check, v := range table {
				if err := set(tag.String(), check, v); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := set("", k, raw[k]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// apply gives each finding the severity the project sets for its check in
// its catalogue's language (or in every language), and leaves out those
// it turns off.
func (s Severities) apply(list source.List) source.List {
	if len(s) == 0 {
		return list
	}
	out := list[:0]
	for _, d := range list {
		sev := s[""][d.Check]
		if tag, err := catalog.TagFromPath(d.Pos.File); err == nil {
			if v, ok := s[tag.String()][d.Check]; ok {
				sev = v
			}
		}
		switch sev {
		case "off":
			continue
		case "error":
			d.Severity = source.Error
		case "warning":
			d.Severity = source.Warning
		}
		out = append(out, d)
	}
	return out
}

// readGlossary reads locales/glossary.toml: per language, the source
// terms and the translation each must have.
func readGlossary(cfg Config) (map[language.Tag]map[string]string, error) {
	tables, err := readTermTables(cfg, GlossaryFile)
	if err != nil || tables == nil {
		return nil, err
	}
	out := map[language.Tag]map[string]string{}
	for _, t := range tables {
		out[t.tag] = t.terms
	}
	return out, nil
}

// termTable is one language's table of a term file in locales/: a word or
// phrase, and what that language must write for it.
type termTable struct {
	key   string // as the file writes it
	tag   language.Tag
	pos   source.Pos // of its key in the file
	terms map[string]string
}

// readTermTables reads a term file in locales/ (the glossary, the derived
// languages' term list): a table per language, in the order of their
// tags. A file that is not there has none.
func readTermTables(cfg Config, file string) ([]termTable, error) {
	name := filepath.Join(cfg.Locales, file)
	data, err := os.ReadFile(cfg.Path(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	var raw map[string]map[string]string
	if _, err := toml.Decode(f.Text, &raw); err != nil {
		return nil, tomlError(f, name, err)
	}
	langs := make([]string, 0, len(raw))
	for l := range raw {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	out := make([]termTable, 0, len(langs))
	for _, l := range langs {
		pos := keyPos(f, name, l)
		tag, err := catalog.ParseTag(l)
		if err != nil {
			return nil, source.Errorf(pos, "%q is not a BCP 47 tag", l)
		}
		out = append(out, termTable{key: l, tag: tag, pos: pos, terms: raw[l]})
	}
	return out, nil
}
