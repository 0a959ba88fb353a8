package pipeline

import (
	"os"
	"path/filepath"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/chinese"
	"xlate/pipeline/source"
)

// A language derived from another — Traditional Chinese from Simplified,
// `derive = { "zh-Hant" = "zh-Hans" }` in xlate.toml — has its
// untranslated entries pre-filled at each sync from the other's reviewed
// translations, converted phrase by phrase to Taiwan's standard
// characters (see chinese.ToTaiwan), as suggestions a person reviews
// before they are published. Words the region says otherwise are
// converted only as the project's term list says, in locales/derive.toml:
//
//	["zh-Hant"]
//	"再生障碍性贫血" = "再生不良性貧血"
//	"软件" = "軟體"

// DeriveFile is the term list of derived languages, beside the
// catalogues.
const DeriveFile = "derive.toml"

// derivations returns how each derived language is derived.
func derivations(cfg Config) (map[language.Tag]catalog.Derivation, error) {
	if len(cfg.Derive) == 0 {
		return nil, nil
	}
	terms, err := deriveTerms(cfg)
	if err != nil {
		return nil, err
	}
	out := map[language.Tag]catalog.Derivation{}
	for to, from := range cfg.Derive {
		t := terms[to]
		out[to] = catalog.Derivation{From: from, Convert: func(s string) string { return chinese.ToTaiwan(s, t) }}
	}
	return out, nil
}

// deriveTerms reads the term list: for each derived language, a table of
// words of the language derived from and what to write for them.
func deriveTerms(cfg Config) (map[language.Tag]map[string]string, error) {
	tables, err := readTermTables(cfg, DeriveFile)
	if err != nil || tables == nil {
		return nil, err
	}
	out := map[language.Tag]map[string]string{}
	for _, t := range tables {
		if _, ok := cfg.Derive[t.tag]; !ok {
			return nil, source.Errorf(t.pos, "%s is not derived (derive in xlate.toml names it not)", t.key)
		}
		out[t.tag] = t.terms
	}
	return out, nil
}

// deriveBytes is the term list as it is on disk, for the sync's key.
func deriveBytes(cfg Config) []byte {
	data, _ := os.ReadFile(cfg.Path(filepath.Join(cfg.Locales, DeriveFile)))
	return data
}
