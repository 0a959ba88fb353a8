package catalog

import (
	"fmt"

	"xlate/pipeline/segment"
)

// Source is what an entry translates: one block of one page.
type Source struct {
	ID          string   // "page.block"
	Path        []string // the table path: page, block
	Description string   // page › section › kind
	Text        string   // the text to translate
	Hash        string   // segment.Hash(Text)
	Flags       []string // reasons a person must look at the source text
}

// SyncOptions says how a sync treats the catalogue.
type SyncOptions struct {
	// Source marks the source language's own catalogue (en.toml): other
	// holds the published text and follows the source while nobody has
	// rewritten it.
	Source bool
	// Prune deletes obsolete entries instead of keeping them.
	Prune bool
}

// Sync brings c up to date with srcs (in content order), in memory.
// Existing entries keep their place and everything a person wrote; new
// entries go right after the entry of the block before them; entries whose
// block is gone move to the obsolete section (or go, with Prune). A
// translation whose source changed is kept and marked fuzzy, with the
// source it was made from; once the translator has updated it and deleted
// the fuzzy line, the next sync records the new hash. Sync is idempotent.
func (c *Catalog) Sync(srcs []Source, opt SyncOptions) {
	want := make(map[string]bool, len(srcs))
	after := map[string][]*Entry{} // new entries by the ID of the entry they follow
	var front []*Entry
	for i, src := range srcs {
		want[src.ID] = true
		e := c.byID[src.ID]
		if e == nil {
			e = &Entry{ID: src.ID, Path: src.Path}
			if opt.Source {
				e.Other, e.Hash = src.Text, src.Hash
			}
			prev := ""
			for j := i - 1; j >= 0 && prev == ""; j-- {
				if c.byID[srcs[j].ID] != nil {
					prev = srcs[j].ID
				}
			}
			if prev == "" {
				front = append(front, e)
			} else {
				after[prev] = append(after[prev], e)
			}
			c.byID[e.ID] = e
		}
		e.update(src, opt)
	}
	var active, obsolete []*Entry
	var emit func(e *Entry)
	emit = func(e *Entry) {
		active = append(active, e)
		for _, n := range after[e.ID] {
			emit(n)
		}
	}
	for _, e := range front {
		emit(e)
	}
	for _, e := range c.Entries {
		switch {
		case want[e.ID]:
			emit(e)
		case opt.Prune:
			delete(c.byID, e.ID)
		default:
			e.Obsolete = true
			obsolete = append(obsolete, e)
		}
	}
	c.Entries = append(active, obsolete...)
}

// notRecorded stands in for a previous source text that no sync recorded.
const notRecorded = "(not recorded)"

func (e *Entry) update(src Source, opt SyncOptions) {
	e.Description, e.Flags, e.Obsolete = src.Description, src.Flags, false
	shown := src.Text
	untouched := opt.Source && (e.Other == "" || segment.Hash(e.Other) == e.Hash)
	if untouched {
		// the published English is the source itself: no need to show it twice
		e.Other, e.Hash, e.Fuzzy, e.Previous, e.Source = src.Text, src.Hash, false, "", ""
		return
	}
	switch {
	case e.Other == "":
		e.Hash, e.Fuzzy, e.Previous = src.Hash, false, ""
	case e.Hash == src.Hash:
		e.Fuzzy, e.Previous = false, ""
	case e.Fuzzy:
		if e.Previous == "" {
			e.Previous = orNotRecorded(e.Source)
		}
	case e.Previous != "" && e.Source == src.Text:
		// the translator deleted "#, fuzzy": the translation now follows this source
		e.Hash, e.Previous = src.Hash, ""
	default:
		e.Fuzzy = true
		e.Previous = orNotRecorded(e.Source)
	}
	e.Source = shown
}

func orNotRecorded(s string) string {
	if s == "" {
		return notRecorded
	}
	return s
}

// Counts summarises a catalogue against its sources.
type Counts struct {
	Messages, Translated, Missing, Fuzzy, Rewritten, Obsolete int
}

// Count counts the entries of c.
func (c *Catalog) Count(source bool) Counts {
	var n Counts
	for _, e := range c.Entries {
		switch {
		case e.Obsolete:
			n.Obsolete++
			continue
		case e.Fuzzy:
			n.Fuzzy++
		case e.Other == "":
			n.Missing++
		case source && segment.Hash(e.Other) != e.Hash:
			n.Rewritten++
		default:
			n.Translated++
		}
		n.Messages++
	}
	return n
}

// Header returns the explanation at the top of a catalogue: what the file
// is, how to work in it, and where it stands.
func (c *Catalog) Header(name string, source bool) []string {
	n := c.Count(source)
	if source {
		return []string{
			fmt.Sprintf("xlate catalogue for %s (%s), go-i18n v2 format: the English as published.", name, c.Tag),
			"While other equals the normalised source text it follows the source. To publish an",
			"editor's version, rewrite other; the source it replaces is then shown in #. source:.",
			"#, flagged    xlate could not repair this passage: rewrite its other line",
			"#, fuzzy      the source changed under your rewrite (old text in #| source:);",
			"              update other, delete the #, fuzzy line and run xlate sync",
			"Lines starting #. #, #| #= belong to xlate and are rewritten by xlate sync;",
			"your own # comments stay where you put them.",
			fmt.Sprintf("%d messages: %d rewritten by an editor, %d as normalised, %d fuzzy, %d obsolete.",
				n.Messages, n.Rewritten, n.Translated, n.Fuzzy, n.Obsolete),
		}
	}
	return []string{
		fmt.Sprintf("xlate catalogue for %s (%s), go-i18n v2 format.", name, c.Tag),
		"Translate each other = \"…\" from the English in the #. en: line above it.",
		"other = \"\"    not translated yet: the page shows the English until it is",
		"#, fuzzy      the English changed (old text in #| en:); update the translation,",
		"              delete the #, fuzzy line and run xlate sync",
		"Lines starting #. #, #| #= belong to xlate and are rewritten by xlate sync;",
		"your own # comments stay where you put them.",
		fmt.Sprintf("%d messages: %d translated, %d to translate, %d fuzzy, %d obsolete.",
			n.Messages, n.Translated, n.Missing, n.Fuzzy, n.Obsolete),
	}
}
