package catalog

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// CheckOptions is what the checks of translations need from the project.
type CheckOptions struct {
	Keep     []string                           // words that stay as they are in every language
	Glossary map[language.Tag]map[string]string // per language: source term → required translation
}

// A Checker reports what the catalogues, as read, promise that the pages
// would not show, each at its position: errors for a block without an
// entry, a translation missing, fuzzy, not yet reviewed or out of date, a
// source flagged for a person that no editor has rewritten, and a
// translation that breaks what its source holds (see CheckMessage);
// warnings for obsolete entries and for one source text translated two
// ways in one language.
//
// It checks a project a part at a time, so that a large one need not be
// held whole: each part is some pages with every entry the catalogues hold
// for them, or the whole project as one part. What needs a whole catalogue
// is gathered as the parts go and settled by Finish: the entries no page
// took (obsolete), one source text translated two ways (inconsistent), and
// each translation's length against the usual ratio of its language pair.
// Entries every part holds (the obsolete section, which a page may take
// back) are given once to Shared. The findings are the same whatever the
// parts.
type Checker struct {
	opt  CheckOptions
	list source.List
	cats map[string]*catalogCheck // by catalogue path
}

// catalogCheck is what a Checker gathers of one catalogue.
type catalogCheck struct {
	path   string
	shared map[*Entry]bool // the entries every part holds: whether a page took each
	order  []*Entry        // the shared entries, in order
	same   map[string][]sameSource
	ratios map[language.Tag][]float64
	long   []longEnough
}

// sameSource is an entry whose source text others may share (see
// checkConsistent).
type sameSource struct {
	id, label, textHash string
	line                int
}

// longEnough is a translation whose length is checked against the usual
// ratio of its language pair once that is known.
type longEnough struct {
	id       string
	line     int
	from     language.Tag
	src, got int // characters
}

// NewChecker returns a Checker with nothing checked yet.
func NewChecker(opt CheckOptions) *Checker {
	return &Checker{opt: opt, cats: map[string]*catalogCheck{}}
}

func (k *Checker) catalog(c *Catalog) *catalogCheck {
	cc := k.cats[c.Path]
	if cc == nil {
		cc = &catalogCheck{path: c.Path, shared: map[*Entry]bool{}, same: map[string][]sameSource{}, ratios: map[language.Tag][]float64{}}
		k.cats[c.Path] = cc
	}
	return cc
}

// Shared names entries of a catalogue that every part given to Add holds
// too: each is obsolete unless some part's page takes it.
func (k *Checker) Shared(c *Catalog) {
	cc := k.catalog(c)
	for _, e := range c.Entries {
		cc.shared[e] = false
		cc.order = append(cc.order, e)
		cc.consider(e)
	}
}

// Add checks a part of the project: some pages, with every entry the
// catalogues hold for them (and the shared ones).
func (k *Checker) Add(p *Project) {
	assigned := map[string]bool{}
	for pi, pg := range p.Pages {
		for bi := range pg.Blocks {
			assigned[p.ID(pi, bi)] = true
		}
		k.list = append(k.list, p.PageStatus(pi)...)
	}
	for _, c := range p.Catalogs {
		cc := k.catalog(c)
		for _, e := range c.Entries {
			if taken, ok := cc.shared[e]; ok {
				cc.shared[e] = taken || assigned[e.ID]
				continue
			}
			if !assigned[e.ID] {
				k.obsolete(c.Path, e)
			}
			cc.consider(e)
		}
		k.checkTranslations(p, c, cc)
	}
}

// Finish settles what needed every part and returns every finding, in
// order.
func (k *Checker) Finish() source.List {
	for _, cc := range k.cats {
		for _, e := range cc.order {
			if !cc.shared[e] {
				k.obsolete(cc.path, e)
			}
		}
		cc.checkConsistent(&k.list)
		// the usual ratio of each language pair, found once
		usual := map[language.Tag]float64{}
		for from, rs := range cc.ratios {
			usual[from] = median(rs)
		}
		for _, l := range cc.long {
			if msg := lengthFinding(l.src, l.got, usual[l.from]); msg != "" {
				add(&k.list, linePos(cc.path, l.line), "length", "%s: %s", l.id, msg)
			}
		}
	}
	list := k.list
	list.Sort()
	return list
}

func (k *Checker) obsolete(path string, e *Entry) {
	add(&k.list, linePos(path, e.Line), "obsolete", "obsolete: %s is no longer in the content; xlate sync --prune removes it", e.ID)
}

// checkTranslations checks every translation in c of a block of the part
// against the text it translates (see CheckMessage); the length of each
// waits for the usual ratio of its language pair.
func (k *Checker) checkTranslations(p *Project, c *Catalog, cc *catalogCheck) {
	for pi, pg := range p.Pages {
		for bi, b := range pg.Blocks {
			own := p.Lang(b)
			e := c.Lookup(p.ID(pi, bi))
			if own == c.Tag || e == nil || e.Obsolete || e.Empty() {
				continue
			}
			text, _ := p.Final(pi, bi)
			n := utf8.RuneCountInString(text)
			if n >= 20 {
				cc.ratios[own] = append(cc.ratios[own], float64(utf8.RuneCountInString(e.Other()))/float64(n))
			}
			names, texts := e.Texts()
			tr := map[string]string{}
			for i, n := range names {
				tr[n] = texts[i]
			}
			mo := MessageOptions{Lang: c.Tag, From: own, Keep: k.opt.Keep, Glossary: k.opt.Glossary[c.Tag]}
			pos := entryPos(c, e)
			for _, pb := range CheckMessage(map[string]string{"other": text}, tr, mo) {
				add(&k.list, pos, pb.Check, "%s: %s", e.ID, pb.Msg)
			}
			if t := tr["other"]; t != "" && n >= minLengthChecked {
				cc.long = append(cc.long, longEnough{id: strings.Clone(e.ID), line: e.Line, from: own, src: n, got: utf8.RuneCountInString(t)})
			}
		}
	}
}

// median is the middle of some ratios, 0 for too few to tell.
func median(rs []float64) float64 {
	if len(rs) < 5 {
		return 0
	}
	s := slices.Clone(rs)
	slices.Sort(s)
	return s[len(s)/2]
}

// PageStatus reports, for each block of a page, what the catalogues would
// not show of it: no entry, a translation missing, fuzzy, not yet reviewed
// or out of date, a source flagged for a person that no editor rewrote.
// It is what a build of the page warns about.
func (p *Project) PageStatus(pi int) source.List {
	var list source.List
	for bi, b := range p.Pages[pi].Blocks {
		id := p.ID(pi, bi)
		own := p.Lang(b)
		text, hash := p.Final(pi, bi)
		for _, c := range p.Catalogs {
			e := c.Lookup(id)
			if e == nil {
				add(&list, b.Pos, "no-entry", "%s has no entry for %s; run xlate sync", c.Path, id)
				continue
			}
			pos := entryPos(c, e)
			if e.Obsolete {
				add(&list, pos, "out-of-date", "out of date: %s is back in the content; run xlate sync", id)
				continue
			}
			if c.Tag == own {
				p.checkOwn(&list, pos, id, b, e)
				continue
			}
			switch e.State(text, hash) {
			case Missing:
				add(&list, pos, "missing", "not translated: %s", id)
			case Suggested:
				add(&list, pos, "unreviewed", "suggestion not reviewed: %s; check it and delete the #, suggestion line", id)
			case Fuzzy:
				add(&list, pos, "fuzzy", "fuzzy: the %s of %s changed since this translation (see #| %s:); update it and delete #, fuzzy", englishName(own), id, own)
			case Stale:
				add(&list, pos, "stale", "stale: the %s of %s changed since this translation; run xlate sync", englishName(own), id)
			}
		}
	}
	return list
}

func (p *Project) checkOwn(list *source.List, pos source.Pos, id string, b Block, e *Entry) {
	current := false
	switch {
	case e.follows(b.Text, b.Hash) || !rewritten(e):
		if e.Hash != b.Hash {
			add(list, pos, "out-of-date", "out of date: the source of %s changed; run xlate sync", id)
		}
	default:
		switch e.State(b.Text, b.Hash) {
		case Translated:
			current = true
		case Fuzzy:
			add(list, pos, "fuzzy", "fuzzy: the source of %s changed since this rewrite (see #| source:); update other and delete #, fuzzy", id)
		default:
			add(list, pos, "stale", "stale: the source of %s changed since this rewrite; run xlate sync", id)
		}
	}
	if len(b.Flags) > 0 && !current {
		f := b.Flags[0]
		add(list, pos, "flagged", "%s needs an editor's rewrite (%s at %s): %s", id, f.Rule, f.Pos, f.Reason)
	}
}

// consider keeps an entry that translates a source text others may
// translate too: a current translation quoting a source of another
// language.
func (cc *catalogCheck) consider(e *Entry) {
	if e.Source.Label == "" || e.Source.Label == "source" || e.Empty() || e.Fuzzy || e.Suggested || e.Hash != segment.Hash(e.Source.Text) {
		return
	}
	// the hash stands for the source text it is the hash of
	k := e.Source.Label + "\x00" + e.Hash
	cc.same[k] = append(cc.same[k], sameSource{id: strings.Clone(e.ID), label: strings.Clone(e.Source.Label), textHash: e.TextHash(), line: e.Line})
}

// checkConsistent warns where one source text has two translations in a
// catalogue, at both of them.
func (cc *catalogCheck) checkConsistent(list *source.List) {
	for _, es := range cc.same {
		if len(es) < 2 {
			continue
		}
		// in the order of the file, the first entry of each distinct
		// translation stands for it
		slices.SortStableFunc(es, func(a, b sameSource) int { return a.line - b.line })
		var firsts []sameSource
		seen := map[string]bool{}
		for _, e := range es {
			if !seen[e.textHash] {
				seen[e.textHash] = true
				firsts = append(firsts, e)
			}
		}
		if len(firsts) < 2 {
			continue
		}
		for _, e := range es {
			other := firsts[0]
			if other.textHash == e.textHash {
				other = firsts[1]
			}
			add(list, linePos(cc.path, e.line), "inconsistent", "%s translates the same %s as %s (line %d) differently", e.id, englishName(language.Make(e.label)), other.id, other.line)
		}
	}
}

func entryPos(c *Catalog, e *Entry) source.Pos { return linePos(c.Path, e.Line) }

// linePos is the position of an entry on a line of a file (a new entry,
// on line 0, is placed at the top).
func linePos(path string, line int) source.Pos {
	if line == 0 {
		return source.Pos{File: path, Line: 1, Col: 1}
	}
	return source.Pos{File: path, Line: line, Col: 1}
}

// englishName names a language in English for a message: "English",
// "Simplified Chinese".
func englishName(tag language.Tag) string {
	if n := display.English.Tags().Name(tag); n != "" {
		return n
	}
	return tag.String()
}
