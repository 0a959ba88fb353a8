package pipeline

import (
	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// Status is how far the translation of a project is: per language and per
// page, how many entries (and how many of the source's words) are
// translated, fuzzy, suggested, missing and obsolete, and whether each
// page is published in each language under the publishing threshold.
type Status struct {
	Threshold int              `json:"threshold"` // publish_threshold, in percent
	Languages []LanguageStatus `json:"languages"`
	// Flagged lists the passages the normaliser sent to a person, and
	// Findings what xlate check finds; both for the HTML report.
	Flagged  []FlaggedPassage `json:"flagged"`
	Findings source.List      `json:"-"`
}

// LanguageStatus is a language's share of the work.
type LanguageStatus struct {
	Lang      string       `json:"lang"`
	Name      string       `json:"name"` // in its own script
	Total     Counts       `json:"total"`
	Published int          `json:"published"` // pages published in it
	Pages     []PageStatus `json:"pages"`
}

// PageStatus is a page in a language.
type PageStatus struct {
	Page      string  `json:"page"`
	Counts    Counts  `json:"counts"`
	Percent   float64 `json:"percent"` // of the page's words shown translated
	Published bool    `json:"published"`
}

// Counts are entries and the source words they hold, by state. A block
// written in the language counts as translated: it is published as it is.
type Counts struct {
	Translated Tally `json:"translated"`
	Fuzzy      Tally `json:"fuzzy"` // fuzzy, or out of date before a sync
	Suggested  Tally `json:"suggested"`
	Missing    Tally `json:"missing"`
	Obsolete   Tally `json:"obsolete"`
}

// Tally is a number of entries and of the source words they hold.
type Tally struct {
	Entries int `json:"entries"`
	Words   int `json:"words"`
}

func (t *Tally) add(words int) { t.Entries++; t.Words += words }

func (c *Counts) plus(d Counts) {
	for _, p := range [][2]*Tally{{&c.Translated, &d.Translated}, {&c.Fuzzy, &d.Fuzzy}, {&c.Suggested, &d.Suggested}, {&c.Missing, &d.Missing}, {&c.Obsolete, &d.Obsolete}} {
		p[0].Entries += p[1].Entries
		p[0].Words += p[1].Words
	}
}

// Words is the words of the entries that are in the content.
func (c Counts) Words() int {
	return c.Translated.Words + c.Fuzzy.Words + c.Suggested.Words + c.Missing.Words
}

// Percent is the share of the words shown translated.
func (c Counts) Percent() float64 {
	if c.Words() == 0 {
		return 100
	}
	return float64(c.Translated.Words) * 100 / float64(c.Words())
}

// FlaggedPassage is a passage of the content the normaliser sent to a
// person, with what an editor did about it.
type FlaggedPassage struct {
	Pos       source.Pos `json:"pos"`
	Entry     string     `json:"entry"`
	Rule      string     `json:"rule"`
	Reason    string     `json:"reason"`
	Rewritten bool       `json:"rewritten"` // an editor's rewrite is published instead
}

// ProjectStatus reads a project and tells how far its translation is. It
// reads the project by pages (see readByPages), or whole when it must.
func ProjectStatus(cfg Config) (*Status, error) {
	if st, err := statusByPages(cfg); err == nil {
		return st, nil
	}
	return statusWhole(cfg)
}

// statusWhole is ProjectStatus on the project read whole.
func statusWhole(cfg Config) (*Status, error) {
	p, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if err := p.Broken.Err(); err != nil {
		return nil, err
	}
	t := newTally(cfg, p.Langs)
	t.add(p.Pages, p.Entries())
	t.st.Findings = Check(p)
	return t.st, nil
}

// statusByPages is ProjectStatus on the project read by pages.
func statusByPages(cfg Config) (*Status, error) {
	c := newProjectChecker(cfg)
	var t *statusTally
	set, err := readByPages(cfg, pageVisitor{
		Shared: c.k.Shared,
		Chunk: func(loaded []*Page, proj *catalog.Project) {
			if t == nil {
				var langs []language.Tag
				for _, cat := range proj.Catalogs {
					langs = append(langs, cat.Tag)
				}
				t = newTally(cfg, langs)
			}
			t.add(loaded, proj)
			c.add(loaded, proj)
		},
	})
	if err != nil {
		return nil, err
	}
	t.st.Findings = c.findings(nil, set.refused)
	return t.st, nil
}

// statusTally adds up the status of a project a chunk of pages at a time.
type statusTally struct {
	st     *Status
	langs  []language.Tag // of st.Languages
	source language.Tag
}

// newTally is the status of a project in some languages with no page
// counted yet.
func newTally(cfg Config, langs []language.Tag) *statusTally {
	t := &statusTally{st: &Status{Threshold: cfg.PublishThreshold}, langs: langs, source: cfg.Source}
	for _, lang := range langs {
		t.st.Languages = append(t.st.Languages, LanguageStatus{Lang: lang.String(), Name: cfg.LanguageName(lang)})
	}
	return t
}

// add counts some pages, with the catalogue side of them, in every
// language: each in the order given.
func (t *statusTally) add(pages []*Page, cp *catalog.Project) {
	st := t.st
	for li := range st.Languages {
		ls := &st.Languages[li]
		lang := t.langs[li]
		c := cp.Catalogs[li]
		obsolete := map[string]Counts{}
		for _, e := range c.Entries {
			if e.Obsolete && len(e.Path) > 1 {
				o := obsolete[e.Path[0]]
				o.Obsolete.add(segment.Words(e.Source.Text))
				obsolete[e.Path[0]] = o
			}
		}
		for pi, pg := range pages {
			if pg.Name == interfacePage {
				continue
			}
			ps := PageStatus{Page: pg.Name, Counts: obsolete[pg.Name]}
			for bi, b := range pg.Blocks {
				words := segment.Words(b.Text)
				switch cp.Published(pi, bi, lang).State {
				case catalog.Translated:
					ps.Counts.Translated.add(words)
				case catalog.Suggested:
					ps.Counts.Suggested.add(words)
				case catalog.Fuzzy, catalog.Stale:
					ps.Counts.Fuzzy.add(words)
				default:
					ps.Counts.Missing.add(words)
				}
			}
			ps.Percent = ps.Counts.Percent()
			ps.Published = lang == t.source || int(ps.Percent) >= st.Threshold
			if ps.Published {
				ls.Published++
			}
			ls.Total.plus(ps.Counts)
			ls.Pages = append(ls.Pages, ps)
		}
	}
	for pi, pg := range cp.Pages {
		for bi, b := range pg.Blocks {
			for _, fl := range b.Flags {
				final, _ := cp.Final(pi, bi)
				st.Flagged = append(st.Flagged, FlaggedPassage{Pos: fl.Pos, Entry: cp.ID(pi, bi), Rule: fl.Rule, Reason: fl.Reason, Rewritten: final != b.Text})
			}
		}
	}
}
