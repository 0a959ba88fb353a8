package catalog

import (
	"slices"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// Check reports what the catalogues, as read, promise that the pages would
// not show, each at its position: errors for a block without an entry, a
// translation missing, fuzzy, not yet reviewed or out of date, and a source
// flagged for a person that no editor has rewritten; warnings for obsolete
// entries and for one source text translated two ways in one language.
func (p *Project) Check(opt CheckOptions) source.List {
	var list source.List
	assigned := map[string]bool{}
	for pi, pg := range p.Pages {
		for bi := range pg.Blocks {
			assigned[p.ID(pi, bi)] = true
		}
		list = append(list, p.PageStatus(pi)...)
	}
	for _, c := range p.Catalogs {
		for _, e := range c.Entries {
			if !assigned[e.ID] {
				add(&list, entryPos(c, e), "obsolete", "obsolete: %s is no longer in the content; xlate sync --prune removes it", e.ID)
			}
		}
		checkConsistent(&list, c)
	}
	list = append(list, p.checkTranslations(opt)...)
	list.Sort()
	return list
}

// CheckOptions is what the checks of translations need from the project.
type CheckOptions struct {
	Keep     []string                           // words that stay as they are in every language
	Glossary map[language.Tag]map[string]string // per language: source term → required translation
}

// checkTranslations checks every translation against the text it
// translates (see CheckMessage).
func (p *Project) checkTranslations(opt CheckOptions) source.List {
	var list source.List
	for _, c := range p.Catalogs {
		type pair struct {
			e    *Entry
			text string
			from language.Tag
		}
		var pairs []pair
		for pi, pg := range p.Pages {
			for bi, b := range pg.Blocks {
				own := p.Lang(b)
				e := c.Lookup(p.ID(pi, bi))
				if own == c.Tag || e == nil || e.Obsolete || e.Empty() {
					continue
				}
				text, _ := p.Final(pi, bi)
				pairs = append(pairs, pair{e, text, own})
			}
		}
		ratios := map[language.Tag][]float64{}
		for _, pr := range pairs {
			if n := utf8.RuneCountInString(pr.text); n >= 20 {
				ratios[pr.from] = append(ratios[pr.from], float64(utf8.RuneCountInString(pr.e.Other()))/float64(n))
			}
		}
		// the usual ratio of each language pair, found once
		usual := map[language.Tag]float64{}
		for from, rs := range ratios {
			usual[from] = median(rs)
		}
		for _, pr := range pairs {
			names, texts := pr.e.Texts()
			tr := map[string]string{}
			for i, n := range names {
				tr[n] = texts[i]
			}
			mo := MessageOptions{Lang: c.Tag, From: pr.from, Keep: opt.Keep, Glossary: opt.Glossary[c.Tag], Ratio: usual[pr.from]}
			for _, pb := range CheckMessage(map[string]string{"other": pr.text}, tr, mo) {
				add(&list, entryPos(c, pr.e), pb.Check, "%s: %s", pr.e.ID, pb.Msg)
			}
		}
	}
	return list
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

// checkConsistent warns where one source text has two translations in a
// catalogue, at both of them.
func checkConsistent(list *source.List, c *Catalog) {
	groups := map[string][]*Entry{}
	var order []string
	for _, e := range c.Entries {
		if e.Source.Label == "" || e.Source.Label == "source" || e.Empty() || e.Fuzzy || e.Suggested || e.Hash != segment.Hash(e.Source.Text) {
			continue
		}
		k := e.Source.Label + "\x00" + e.Source.Text
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	for _, k := range order {
		es := groups[k]
		if len(es) < 2 {
			continue
		}
		// the first entry of each distinct translation stands for it
		var firsts []*Entry
		hashes := make([]string, len(es))
		seen := map[string]bool{}
		for i, e := range es {
			hashes[i] = e.TextHash()
			if !seen[hashes[i]] {
				seen[hashes[i]] = true
				firsts = append(firsts, e)
			}
		}
		if len(firsts) < 2 {
			continue
		}
		for i, e := range es {
			other := firsts[0]
			if other.TextHash() == hashes[i] {
				other = firsts[1]
			}
			add(list, entryPos(c, e), "inconsistent", "%s translates the same %s as %s (line %d) differently", e.ID, englishName(language.Make(e.Source.Label)), other.ID, other.Line)
		}
	}
}

func entryPos(c *Catalog, e *Entry) source.Pos {
	if e.Line == 0 {
		return source.Pos{File: c.Path, Line: 1, Col: 1}
	}
	return source.Pos{File: c.Path, Line: e.Line, Col: 1}
}

// englishName names a language in English for a message: "English",
// "Simplified Chinese".
func englishName(tag language.Tag) string {
	if n := display.English.Tags().Name(tag); n != "" {
		return n
	}
	return tag.String()
}
