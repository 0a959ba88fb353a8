package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// SyncOptions says how a sync treats the catalogues.
type SyncOptions struct {
	// Prune deletes obsolete entries instead of keeping them.
	Prune bool
	// Memory returns, for a project whose catalogues hold only some of
	// their pages (an incremental sync), the translation memory of a
	// language: of its whole catalogue as read. It is called only when an
	// entry needs a suggestion, for different languages at once. Nil: the
	// project's catalogues are whole.
	Memory func(language.Tag) (*Memory, error)
	// Derive names, for a language, the language its untranslated entries
	// are pre-filled from, converted (see Derivation).
	Derive map[language.Tag]Derivation
}

// Derivation pre-fills the untranslated entries of a language from
// another's translations (or source text) by a conversion of script:
// Traditional Chinese from Simplified. What it fills is a suggestion,
// published only once a person has reviewed it.
type Derivation struct {
	From    language.Tag
	Convert func(string) string
}

// Sync brings every catalogue up to date with the content, in memory, and
// returns the new catalogues (Format writes one); the catalogues of p are
// left as they were read. Entries follow the content's order, page by page;
// obsolete entries (whose block left the content) move to a section at
// the end (or go, with Prune). Sync is idempotent: a second sync changes
// nothing.
//
// In the catalogue of the language a block is written in, the entry holds
// the text as published: the source while nobody rewrote it, or an
// editor's rewrite (then the "#. source:" line shows the source it
// replaces). In every other catalogue the entry translates the text its
// own language publishes, quoted in its "#. <language>:" line; when that
// text changes, a translation is kept, marked fuzzy, with the text it was
// made from in its "#|" line, until a translator updates it and deletes
// the fuzzy line. An entry with no text is filled from the translation
// memory where it can be (see MemoryThreshold).
func (p *Project) Sync(opt SyncOptions) ([]*Catalog, error) {
	// each catalogue only reads the others as they were read: they are
	// synced side by side
	out := make([]*Catalog, len(p.Catalogs))
	errs := make([]error, len(p.Catalogs))
	var wg sync.WaitGroup
	for i, c := range p.Catalogs {
		wg.Go(func() {
			out[i], errs[i] = p.syncCatalog(c, opt)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// target is what one entry of one catalogue says after a sync.
type target struct {
	id, desc string
	own      bool   // the block is written in the catalogue's language
	text     string // own: the block's source; else the text to translate
	hash     string
	label    string // the language of text, for the "#. " line
	kind     string
	flags    []string // own: why a person must look at the source
}

func (p *Project) target(page, block int, c *Catalog) target {
	b := p.block(page, block)
	id := p.ID(page, block)
	lang := p.Lang(b)
	t := target{id: id, desc: p.descs[page][b.Kind], kind: string(b.Kind), label: p.labels[lang]}
	if lang == c.Tag {
		t.own, t.text, t.hash = true, b.Text, b.Hash
		seen := map[string]bool{}
		for _, f := range b.Flags {
			if l := f.line(); !seen[l] {
				seen[l] = true
				t.flags = append(t.flags, l)
			}
		}
		return t
	}
	t.text, t.hash = p.Final(page, block)
	return t
}

func (p *Project) syncCatalog(c *Catalog, opt SyncOptions) (*Catalog, error) {
	nc := c.Clone()
	var mem *Memory
	memory := func() (*Memory, error) {
		if mem == nil {
			if opt.Memory == nil {
				mem = MemoryOf(c)
			} else {
				var err error
				if mem, err = opt.Memory(c.Tag); err != nil {
					return nil, err
				}
			}
		}
		return mem, nil
	}
	assigned := map[string]bool{}
	active := make([]*Entry, 0, len(nc.Entries))
	for pi, pg := range p.Pages {
		for bi := range pg.Blocks {
			t := p.target(pi, bi, c)
			assigned[t.id] = true
			e := nc.byID[t.id]
			created := e == nil
			if created {
				name := pg.Name
				e = &Entry{ID: t.id, Path: []string{name, strings.TrimPrefix(t.id, name+".")}}
				nc.byID[t.id] = e
			}
			e.Description, e.Obsolete = t.desc, false
			if t.own {
				e.syncOwn(t)
				active = append(active, e)
				continue
			}
			if ids := p.joined[t.id]; len(ids) > 1 {
				joinTranslations(e, c, ids, t.label)
			}
			changed := e.syncTranslation(t)
			if e.Empty() && !e.Suggested {
				if from := p.split[t.id]; from != "" && created {
					suggestPart(e, c.Lookup(from))
				}
			}
			if d, ok := opt.Derive[c.Tag]; ok && e.Empty() && !e.Suggested {
				p.derive(e, t, pi, bi, d)
			}
			if e.Empty() && !e.Suggested && (created || changed) {
				m, err := memory()
				if err == nil {
					err = m.suggest(e, t.label, t.text, t.kind)
				}
				if err != nil {
					return nil, err
				}
			}
			active = append(active, e)
		}
	}
	var kept, gone []*Entry
	for _, e := range nc.Entries {
		switch {
		case assigned[e.ID]:
		case opt.Prune:
			delete(nc.byID, e.ID)
		case e.Obsolete:
			kept = append(kept, e)
		default:
			e.Obsolete = true
			gone = append(gone, e)
		}
	}
	nc.Entries = append(append(active, kept...), gone...)
	return nc, nil
}

// derive pre-fills an entry from the translation of its block in the
// language a derivation is from (or from the block itself, written in that
// language), converted; a translation that is missing or not current
// gives nothing.
func (p *Project) derive(e *Entry, t target, page, block int, d Derivation) {
	text := ""
	if p.Lang(p.block(page, block)) == d.From {
		text = t.text
	} else if from := p.Catalog(d.From); from != nil {
		if fe := from.Lookup(t.id); fe != nil && fe.State(t.text, t.hash) == Translated {
			text = fe.Other()
		}
	}
	if text == "" {
		return
	}
	e.SetForm("other", d.Convert(text))
	e.Suggested = true
	e.Suggestion = "converted from " + d.From.String() + "; check the words written otherwise here"
}

// joinTranslations puts together the translations of the entries joined
// into one block, in their order, in the block's entry, and quotes their
// sources as the text the translation was made from; syncTranslation then
// marks it fuzzy. Where fewer than two of them are translated there is
// nothing to put together.
func joinTranslations(e *Entry, c *Catalog, ids []string, label string) {
	var texts, sources []string
	for _, id := range ids {
		f := c.Lookup(id)
		if f == nil || f.Empty() || f.Fuzzy || f.Suggested || f.Source.Label == "" {
			continue
		}
		texts = append(texts, f.Other())
		sources = append(sources, f.Source.Text)
	}
	if len(texts) < 2 {
		return
	}
	sep := " "
	if base, _ := c.Tag.Base(); base.String() == "zh" || base.String() == "ja" {
		sep = ""
	}
	e.SetOther(strings.Join(texts, sep))
	e.Previous = Quote{Label: label, Text: strings.Join(sources, " ")}
	e.Hash = segment.Hash(e.Previous.Text)
	e.Suggested, e.Suggestion = false, ""
}

// suggestPart suggests, for a block split from an entry, that entry's
// translation, to trim.
func suggestPart(e *Entry, from *Entry) {
	if from == nil || from.Empty() || from.Fuzzy || from.Suggested || from.Source.Label == "" || from.Source.Label == "source" {
		return
	}
	names, texts := from.Texts()
	for i, n := range names {
		e.SetForm(n, texts[i])
	}
	e.Suggested = true
	e.Suggestion = "split from " + from.ID + "; keep the part that translates this text"
	e.Previous = from.Source
	e.Hash = segment.Hash(from.Source.Text)
}

// notRecorded stands in for a previous source text that no sync recorded.
const notRecorded = "(not recorded)"

// syncOwn updates an entry of the block's own language: it follows the
// source until an editor rewrites it.
func (e *Entry) syncOwn(t target) {
	e.Flags = t.flags
	e.Suggested, e.Suggestion = false, ""
	if !rewritten(e) {
		e.SetOther(t.text)
		e.Hash, e.Fuzzy, e.Previous, e.Source = t.hash, false, Quote{}, Quote{}
		return
	}
	switch {
	case e.Hash == t.hash:
		e.Fuzzy, e.Previous = false, Quote{}
	case e.Fuzzy:
		if e.Previous.Label == "" {
			e.Previous = e.madeFrom("source")
		}
	case e.Source.Label != "" && e.Source.Text == t.text:
		// the editor deleted "#, fuzzy": the rewrite now follows this source
		e.Hash, e.Previous = t.hash, Quote{}
	default:
		e.Fuzzy, e.Previous = true, e.madeFrom("source")
	}
	e.Source = Quote{Label: "source", Text: t.text}
}

// syncTranslation updates an entry of another language than the block's,
// and reports whether its source changed under a translation.
func (e *Entry) syncTranslation(t target) (changed bool) {
	e.Flags = nil
	switch {
	case e.Empty() && !e.Suggested:
		e.Hash, e.Fuzzy, e.Previous = t.hash, false, Quote{}
		changed = e.Source.Label != "" && e.Source.Text != t.text
	case e.Hash == t.hash:
		e.Fuzzy, e.Previous = false, Quote{}
	case e.Fuzzy, e.Suggested:
		if e.Previous.Label == "" {
			e.Previous = e.madeFrom(t.label)
		}
	case e.Source.Label != "" && e.Source.Text == t.text:
		// the translator deleted "#, fuzzy" (and perhaps the "#|" line)
		// since the last sync: the translation now follows this source
		e.Hash, e.Previous = t.hash, Quote{}
	default:
		e.Fuzzy, e.Previous = true, e.madeFrom(t.label)
		changed = true
	}
	e.Source = Quote{Label: t.label, Text: t.text}
	return changed
}

// madeFrom quotes the source the entry's text was made from, as far as
// the catalogue recorded it: its "#|" line, or its "#. " line when the
// hash says that is the one.
func (e *Entry) madeFrom(label string) Quote {
	switch {
	case e.Previous.Label != "":
		return e.Previous
	case e.Source.Label != "" && segment.Hash(e.Source.Text) == e.Hash:
		return Quote{Label: label, Text: e.Source.Text}
	}
	return Quote{Label: label, Text: notRecorded}
}

// Counts summarises a catalogue.
type Counts struct {
	Messages   int // entries of blocks in the content
	Own        int // of them, blocks written in the catalogue's language
	Rewritten  int // of those, rewritten by an editor
	Translated int
	Missing    int
	Suggested  int
	Fuzzy      int
	Obsolete   int
}

// Add returns the sum of two counts.
func (n Counts) Add(m Counts) Counts {
	return Counts{n.Messages + m.Messages, n.Own + m.Own, n.Rewritten + m.Rewritten, n.Translated + m.Translated,
		n.Missing + m.Missing, n.Suggested + m.Suggested, n.Fuzzy + m.Fuzzy, n.Obsolete + m.Obsolete}
}

// Count counts the entries of a synced catalogue.
func (c *Catalog) Count() Counts { return Count(c.Entries) }

// Count counts synced entries.
func Count(entries []*Entry) Counts {
	var n Counts
	for _, e := range entries {
		if e.Obsolete {
			n.Obsolete++
			continue
		}
		n.Messages++
		own := e.Source.Label == "source" || e.Source.Label == "" && !e.Empty()
		switch {
		case own:
			n.Own++
			if rewritten(e) {
				n.Rewritten++
			}
		case e.Empty():
			n.Missing++
		case e.Suggested:
			n.Suggested++
		case e.Fuzzy:
			n.Fuzzy++
		default:
			n.Translated++
		}
	}
	return n
}

// Header returns the explanation at the top of a catalogue: what the file
// is, how to work in it, and where it stands.
func (c *Catalog) Header(name string) []string { return Header(name, c.Tag, c.Count()) }

// Header returns the header of the catalogue of a language with the given
// counts; name names the language in its own script.
func Header(name string, tag language.Tag, n Counts) []string {
	return []string{
		fmt.Sprintf("xlate catalogue for %s (%s), go-i18n v2 format.", name, tag),
		"An entry with a \"#. <language>:\" line translates that text: write the translation in other.",
		"  other = \"\"      not translated yet: the page shows the text in its own language",
		"  #, fuzzy        the text changed (the old one is in #|): update other, delete the line",
		"  #, suggestion   pre-filled from a similar translated text: check it, delete the line",
		"An entry without that line is a block written in " + name + ": other is the text as",
		"published. Rewrite other to publish an editor's version (#. source: then shows the source).",
		"  #, flagged      xlate could not repair the source: rewrite other",
		"Lines starting #. #| #= and the flags above belong to xlate and are rewritten by xlate sync;",
		"your own # comments stay where you put them.",
		n.summary(name),
	}
}

func (n Counts) summary(name string) string {
	var parts []string
	if t := n.Messages - n.Own; t > 0 || n.Own == 0 {
		parts = append(parts, fmt.Sprintf("%d to translate from other languages: %d translated, %d not yet, %d suggested, %d fuzzy", t, n.Translated, n.Missing, n.Suggested, n.Fuzzy))
	}
	if n.Own > 0 {
		parts = append(parts, fmt.Sprintf("%d written in %s, %d of them rewritten by an editor", n.Own, name, n.Rewritten))
	}
	parts = append(parts, fmt.Sprintf("%d obsolete", n.Obsolete))
	return fmt.Sprintf("%d messages: %s.", n.Messages, strings.Join(parts, "; "))
}

// FormatNew writes the section of a page as Sync writes it in a catalogue
// that has no entry yet: every entry new, the source for a block written
// in the catalogue's language, empty for the others (an empty catalogue
// has no translation memory to draw on). It makes each entry only to write
// it, so a project's first sync holds no catalogue in memory. It reports
// what the section counts.
func (p *Project) FormatNew(b *bytes.Buffer, page int, c *Catalog) Counts {
	pg := p.Pages[page]
	if len(pg.Blocks) == 0 {
		return Counts{}
	}
	b.WriteString(pageMarker + pg.Name + " ───\n")
	for bi := range pg.Blocks {
		t := p.target(page, bi, c)
		e := &Entry{ID: t.id, Path: []string{pg.Name, strings.TrimPrefix(t.id, pg.Name+".")}, Description: t.desc}
		if t.own {
			e.syncOwn(t)
		} else {
			e.syncTranslation(t)
		}
		b.WriteString("\n")
		c.formatEntry(b, e)
	}
	return p.CountNew(page, c)
}

// CountNew returns what FormatNew's section of a page counts, without
// writing it.
func (p *Project) CountNew(page int, c *Catalog) Counts {
	var n Counts
	for _, b := range p.Pages[page].Blocks {
		n.Messages++
		if p.Lang(b) == c.Tag {
			n.Own++
		} else {
			n.Missing++
		}
	}
	return n
}
