package catalog

import (
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
func (p *Project) Check() source.List {
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
				list.Add(entryPos(c, e), source.Warning, "obsolete: %s is no longer in the content; xlate sync --prune removes it", e.ID)
			}
		}
		checkConsistent(&list, c)
	}
	list.Sort()
	return list
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
				list.Add(b.Pos, source.Error, "%s has no entry for %s; run xlate sync", c.Path, id)
				continue
			}
			pos := entryPos(c, e)
			if e.Obsolete {
				list.Add(pos, source.Error, "out of date: %s is back in the content; run xlate sync", id)
				continue
			}
			if c.Tag == own {
				p.checkOwn(&list, pos, id, b, e)
				continue
			}
			switch e.State(text, hash) {
			case Missing:
				list.Add(pos, source.Error, "not translated: %s", id)
			case Suggested:
				list.Add(pos, source.Error, "suggestion not reviewed: %s; check it and delete the #, suggestion line", id)
			case Fuzzy:
				list.Add(pos, source.Error, "fuzzy: the %s of %s changed since this translation (see #| %s:); update it and delete #, fuzzy", englishName(own), id, own)
			case Stale:
				list.Add(pos, source.Error, "stale: the %s of %s changed since this translation; run xlate sync", englishName(own), id)
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
			list.Add(pos, source.Error, "out of date: the source of %s changed; run xlate sync", id)
		}
	default:
		switch e.State(b.Text, b.Hash) {
		case Translated:
			current = true
		case Fuzzy:
			list.Add(pos, source.Error, "fuzzy: the source of %s changed since this rewrite (see #| source:); update other and delete #, fuzzy", id)
		default:
			list.Add(pos, source.Error, "stale: the source of %s changed since this rewrite; run xlate sync", id)
		}
	}
	if len(b.Flags) > 0 && !current {
		f := b.Flags[0]
		list.Add(pos, source.Error, "%s needs an editor's rewrite (%s at %s): %s", id, f.Rule, f.Pos, f.Reason)
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
			list.Add(entryPos(c, e), source.Warning, "%s translates the same %s as %s (line %d) differently", e.ID, englishName(language.Make(e.Source.Label)), other.ID, other.Line)
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
