package catalog

import (
	"golang.org/x/text/language"

	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// Block is one block of a content page as the catalogues see it.
type Block struct {
	Kind   segment.Kind
	Text   string // the clean source text
	Hash   string // segment.Hash(Text)
	Script segment.Script
	Pos    source.Pos // where the block starts in its content file
	Flags  []Flag     // why a person must look at the text
}

// Flag is a passage of a block that the normaliser sent to a person.
type Flag struct {
	Rule, Reason string
	Pos          source.Pos
}

// line is the flag as the block's own catalogue shows it.
func (f Flag) line() string { return "flagged " + f.Rule + ": " + f.Reason }

// Page is one content page: its name (the file name without extension,
// the first part of its entries' IDs) and its blocks in order.
type Page struct {
	Name   string
	Blocks []Block
}

// Project is a site's content and the catalogues that translate it.
// NewProject aligns the blocks with the entries; Sync, Published and
// Check then all see the same pairing.
type Project struct {
	Source   language.Tag // the language of the content
	Pages    []Page
	Catalogs []*Catalog // one per language

	ids    [][]string          // per page and block: the ID of its entry
	fresh  map[string]bool     // IDs made for blocks that have no entry yet
	joined map[string][]string // a block's ID → the entries joined into it, its own among them
	split  map[string]string   // a new block's ID → the entry it was split from
	descs  []map[segment.Kind]string
	labels map[language.Tag]string
}

// NewProject aligns every page's blocks with the catalogues' entries
// (see Alignment).
func NewProject(src language.Tag, pages []Page, cats []*Catalog) *Project {
	p := &Project{Source: src, Pages: pages, Catalogs: cats, labels: map[language.Tag]string{}}
	p.align()
	// the strings every entry of a page or language shares, made once
	p.descs = make([]map[segment.Kind]string, len(pages))
	for i, pg := range pages {
		p.descs[i] = map[segment.Kind]string{}
		for _, b := range pg.Blocks {
			if _, ok := p.descs[i][b.Kind]; !ok {
				p.descs[i][b.Kind] = description(pg.Name, b)
			}
			if l := p.Lang(b); p.labels[l] == "" {
				p.labels[l] = l.String()
			}
		}
	}
	return p
}

// ID returns the ID of the entry of a block.
func (p *Project) ID(page, block int) string { return p.ids[page][block] }

// Catalog returns the catalogue of a language, or nil.
func (p *Project) Catalog(tag language.Tag) *Catalog {
	for _, c := range p.Catalogs {
		if c.Tag == tag {
			return c
		}
	}
	return nil
}

// catalogsByPriority lists the source language's catalogue first.
func (p *Project) catalogsByPriority() []*Catalog {
	out := make([]*Catalog, 0, len(p.Catalogs))
	if c := p.Catalog(p.Source); c != nil {
		out = append(out, c)
	}
	for _, c := range p.Catalogs {
		if c.Tag != p.Source {
			out = append(out, c)
		}
	}
	return out
}

var hans, hant = language.MustParseScript("Hans"), language.MustParseScript("Hant")

// Lang returns the language a block is written in: the content's for the
// default script, and for Chinese the project's language of that script
// (zh-Hans or zh-Hant, or a regional tag such as zh-TW if that is the one
// configured).
func (p *Project) Lang(b Block) language.Tag {
	var want language.Script
	switch b.Script {
	case segment.Hans:
		want = hans
	case segment.Hant:
		want = hant
	default:
		return p.Source
	}
	for _, c := range p.Catalogs {
		if base, _ := c.Tag.Base(); base.String() == "zh" {
			if s, _ := c.Tag.Script(); s == want {
				return c.Tag
			}
		}
	}
	return language.Make("zh-" + want.String())
}

func (p *Project) block(page, block int) Block { return p.Pages[page].Blocks[block] }

// Final returns the text a block publishes in its own language, and its
// hash: an editor's current rewrite in that language's catalogue, else the
// source. It is what every other language translates.
func (p *Project) Final(page, block int) (text, hash string) {
	b := p.block(page, block)
	if c := p.Catalog(p.Lang(b)); c != nil {
		if e := c.Lookup(p.ID(page, block)); e != nil && !e.follows(b.Text, b.Hash) && rewritten(e) && e.State(b.Text, b.Hash) == Translated {
			return e.Other(), segment.Hash(e.Other())
		}
	}
	return b.Text, b.Hash
}

// rewritten reports whether an entry of a block's own language holds an
// editor's text rather than the source it follows.
func rewritten(e *Entry) bool {
	return e != nil && !e.Empty() && e.TextHash() != e.Hash
}

// State is where an entry stands against the source it translates.
type State int

const (
	// Missing: no text yet.
	Missing State = iota
	// Translated: a reviewed translation of the current source.
	Translated
	// Suggested: pre-filled from the translation memory, not yet reviewed.
	Suggested
	// Fuzzy: the source changed since the translation; marked by sync.
	Fuzzy
	// Stale: the source changed since the translation and no sync has
	// marked it yet.
	Stale
)

func (s State) String() string {
	return [...]string{"missing", "translated", "suggested", "fuzzy", "stale"}[s]
}

// State tells where an entry stands against the source text it translates
// (and that text's hash). A translation is current when it was made from
// that text, or when its "#. " line quotes that text and a translator
// removed the fuzzy flag since the last sync (deleting the "#, fuzzy" line
// accepts a translation, with or without its "#|" line).
func (e *Entry) State(text, hash string) State {
	switch {
	case e == nil || e.Empty():
		return Missing
	case e.Suggested:
		return Suggested
	case e.Fuzzy:
		return Fuzzy
	case e.Hash == hash, e.Source.Label != "" && e.Source.Text == text:
		return Translated
	}
	return Stale
}

// Published is one block as the page in one language shows it.
type Published struct {
	Text  string
	Lang  language.Tag // the language of Text: the page's, or the block's own when it falls back
	State State        // of the translation (Translated for a block in its own language)
}

// Published returns a block as the page in lang shows it: the block's own
// text on its own language's page, the current translation on the others,
// and the block's own text (in its own language) where there is none.
func (p *Project) Published(page, block int, lang language.Tag) Published {
	text, hash := p.Final(page, block)
	return p.publishedFrom(page, block, lang, text, hash)
}

// PublishedIn is Published for each of langs, with the block's final text
// found once.
func (p *Project) PublishedIn(page, block int, langs []language.Tag, out []Published) {
	text, hash := p.Final(page, block)
	for i, l := range langs {
		out[i] = p.publishedFrom(page, block, l, text, hash)
	}
}

// publishedFrom is Published, given the block's final text and hash.
func (p *Project) publishedFrom(page, block int, lang language.Tag, text, hash string) Published {
	own := p.Lang(p.block(page, block))
	if lang == own {
		return Published{Text: text, Lang: own, State: Translated}
	}
	st := Missing
	if c := p.Catalog(lang); c != nil {
		e := c.Lookup(p.ID(page, block))
		if st = e.State(text, hash); st == Translated {
			return Published{Text: e.Other(), Lang: lang, State: st}
		}
	}
	return Published{Text: text, Lang: own, State: st}
}

// description says where an entry's block stands, in words that no edit
// of another block changes.
func description(page string, b Block) string { return page + " › " + string(b.Kind) }
