// Package pipeline runs the stages in order — source, normalize, segment,
// catalog, render — for a Config, and collects their diagnostics into one
// sorted list.
//
// It is the only package that calls the stages; they never call each other
// backwards or print. Pipeline does not print or exit either: cmd/xlate
// turns its results into output and exit codes.
package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/normalize"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// CorrectionsFile is the corrections glossary, kept beside the catalogues.
const CorrectionsFile = "corrections.toml"

// Page is one source page through normalize and segment.
type Page struct {
	File   *source.File
	Result normalize.Result
	*segment.Page
	Pos   []source.Pos       // of each block in the content file
	Flags [][]normalize.Flag // of each block
}

// Project is everything a run reads.
type Project struct {
	Config
	Pages    []*Page
	Catalogs []*catalog.Catalog // one per language, in Languages order
	Langs    []language.Tag     // configured languages, then any other catalogue found
	// Broken lists catalogues that could not be read; their languages have
	// an empty catalogue in Catalogs so a run can go on and report them all.
	Broken source.List
	broken map[language.Tag]bool
}

// InputError is bad input a run cannot go on with: an unreadable or
// undecodable file, a bad page name, a broken glossary.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Normalizer returns the normalizer of the project, with the corrections
// glossary from the locales directory.
func Normalizer(cfg Config) (*normalize.Normalizer, error) {
	name := filepath.Join(cfg.Locales, CorrectionsFile)
	data, err := os.ReadFile(cfg.Path(name))
	if errors.Is(err, os.ErrNotExist) {
		return &normalize.Normalizer{}, nil
	}
	if err != nil {
		return nil, &InputError{err}
	}
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, &InputError{err}
	}
	var raw map[string]any
	if _, err := toml.Decode(f.Text, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &InputError{fmt.Errorf("%s: %s", f.Lines.Pos(name, pe.Position.Start), pe.Message)}
		}
		return nil, &InputError{fmt.Errorf("%s: %v", name, err)}
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cs []normalize.Correction
	for _, k := range keys {
		right, ok := raw[k].(string)
		pos := keyPos(f, name, k)
		if !ok {
			return nil, &InputError{fmt.Errorf("%s: correction %q must be a string: \"wrong\" = \"right\"", pos, k)}
		}
		cs = append(cs, normalize.Correction{Wrong: k, Right: right, Pos: pos})
	}
	g, err := normalize.NewGlossary(cs)
	if err != nil {
		return nil, &InputError{err}
	}
	return &normalize.Normalizer{Glossary: g}, nil
}

// Load reads the content and the catalogues of cfg.
func Load(cfg Config) (*Project, error) {
	p := &Project{Config: cfg}
	n, err := Normalizer(cfg)
	if err != nil {
		return nil, err
	}
	if err := p.loadPages(n); err != nil {
		return nil, err
	}
	if err := p.loadCatalogs(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Project) loadPages(n *normalize.Normalizer) error {
	entries, err := os.ReadDir(p.Path(p.Content))
	if err != nil {
		return &InputError{fmt.Errorf("%s: %v", p.Content, err)}
	}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".txt") {
			continue
		}
		name := filepath.Join(p.Content, de.Name())
		page := strings.TrimSuffix(de.Name(), ".txt")
		if !validPageName(page) {
			return &InputError{fmt.Errorf("%s: page name %q must be lower-case letters, digits and hyphens; it becomes the page's URL", name, page)}
		}
		data, err := os.ReadFile(p.Path(name))
		if err != nil {
			return &InputError{err}
		}
		f, err := source.DecodePage(name, data)
		if err != nil {
			return &InputError{err}
		}
		p.Pages = append(p.Pages, newPage(page, f, n))
	}
	if len(p.Pages) == 0 {
		return &InputError{fmt.Errorf("%s: no .txt pages", p.Content)}
	}
	return nil
}

func validPageName(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) < 0
}

// newPage normalizes and segments one file, and places each block and
// each flag in the content file.
func newPage(name string, f *source.File, n *normalize.Normalizer) *Page {
	res := n.Normalize(f.Text)
	pg := &Page{File: f, Result: res, Page: segment.Split(name, res.Text)}
	starts := make([]int, len(pg.Blocks))
	for i, b := range pg.Blocks {
		starts[i] = res.Original(b.Offset)
		pg.Pos = append(pg.Pos, f.Lines.Pos(f.Name, starts[i]))
	}
	pg.Flags = make([][]normalize.Flag, len(pg.Blocks))
	for _, fl := range res.Flags {
		i := sort.SearchInts(starts, fl.Offset+1) - 1
		if i >= 0 {
			pg.Flags[i] = append(pg.Flags[i], fl)
		}
	}
	return pg
}

func (p *Project) loadCatalogs() error {
	p.Langs = append([]language.Tag(nil), p.Languages...)
	dir := p.Path(p.Locales)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &InputError{err}
	}
	files := map[language.Tag]string{}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".toml") || de.Name() == CorrectionsFile {
			continue
		}
		name := filepath.Join(p.Locales, de.Name())
		tag, err := catalog.TagFromPath(name)
		if err != nil {
			p.Broken = append(p.Broken, diag(err, name))
			continue
		}
		if other, ok := files[tag]; ok {
			p.Broken.Add(source.Pos{File: name, Line: 1, Col: 1}, source.Error, "a second catalogue for %s (the first is %s)", tag, other)
			continue
		}
		files[tag] = name
		if !containsTag(p.Langs, tag) {
			p.Langs = append(p.Langs, tag)
		}
	}
	for _, tag := range p.Langs {
		name, ok := files[tag]
		if !ok {
			name = filepath.Join(p.Locales, tag.String()+".toml")
		}
		c, err := catalog.Load(p.Path(name), name)
		if err != nil {
			p.Broken = append(p.Broken, diag(err, name))
			c = catalog.Empty(name, tag)
			if p.broken == nil {
				p.broken = map[language.Tag]bool{}
			}
			p.broken[tag] = true
		}
		p.Catalogs = append(p.Catalogs, c)
	}
	return nil
}

// diag turns a positioned error into a diagnostic.
func diag(err error, name string) source.Diagnostic {
	var ce *catalog.Error
	var de *source.DecodeError
	switch {
	case errors.As(err, &ce):
		return source.Diagnostic{Pos: ce.Pos, Msg: ce.Msg}
	case errors.As(err, &de):
		return source.Diagnostic{Pos: de.Pos, Msg: de.Msg}
	}
	return source.Diagnostic{Pos: source.Pos{File: name}, Msg: err.Error()}
}

// brokenError reports every catalogue that could not be read, one
// file:line:col line each, or nil.
func (p *Project) brokenError() error {
	if len(p.Broken) == 0 {
		return nil
	}
	p.Broken.Sort()
	lines := make([]string, len(p.Broken))
	for i, d := range p.Broken {
		lines[i] = d.String()
	}
	return &InputError{errors.New(strings.Join(lines, "\n"))}
}

// catalogFor returns the catalogue of a language.
func (p *Project) catalogFor(tag language.Tag) *catalog.Catalog {
	for i, t := range p.Langs {
		if t == tag {
			return p.Catalogs[i]
		}
	}
	return nil
}

// blockRef names one block of one page.
type blockRef struct {
	page *Page
	i    int
}

func (r blockRef) block() segment.Block { return r.page.Blocks[r.i] }
func (r blockRef) id() string           { return r.page.Name + "." + r.block().ID }
func (r blockRef) pos() source.Pos      { return r.page.Pos[r.i] }

func (p *Project) blocks() []blockRef {
	var out []blockRef
	for _, pg := range p.Pages {
		for i := range pg.Blocks {
			out = append(out, blockRef{pg, i})
		}
	}
	return out
}

func (r blockRef) description() string {
	b := r.block()
	parts := []string{r.page.Title()}
	if b.Section != "" && b.Kind != segment.Heading {
		parts = append(parts, b.Section)
	}
	return strings.Join(append(parts, string(b.Kind)), " › ")
}

// english returns the English a block publishes: the editor's rewrite when
// it is current, else the normalised source.
func (p *Project) english(r blockRef) string {
	b := r.block()
	if e := p.catalogFor(p.Source).Lookup(r.id()); e.Translated(b.Hash) {
		return e.Other
	}
	return b.Text
}

// sources lists what the catalogue of tag translates, in content order.
func (p *Project) sources(tag language.Tag) []catalog.Source {
	var out []catalog.Source
	for _, r := range p.blocks() {
		s := catalog.Source{ID: r.id(), Path: []string{r.page.Name, r.block().ID}, Description: r.description()}
		if tag == p.Source {
			s.Text, s.Hash = r.block().Text, r.block().Hash
			seen := map[string]bool{}
			for _, f := range r.page.Flags[r.i] {
				if line := "flagged " + f.Rule + ": " + f.Reason; !seen[line] {
					seen[line] = true
					s.Flags = append(s.Flags, line)
				}
			}
		} else {
			s.Text = p.english(r)
			s.Hash = segment.Hash(s.Text)
		}
		out = append(out, s)
	}
	return out
}

// SyncResult says what a sync wrote.
type SyncResult struct {
	Written   []string // catalogues whose bytes changed
	Unchanged []string
}

// Sync brings every catalogue up to date with the content and writes those
// that changed. It plans all of them in memory first, so a broken
// catalogue stops the run before anything is written.
func Sync(p *Project, prune bool) (SyncResult, error) {
	var res SyncResult
	if err := p.brokenError(); err != nil {
		return res, err
	}
	out := make([][]byte, len(p.Catalogs))
	// the source catalogue first: the others translate its final text
	order := []int{}
	for i, t := range p.Langs {
		if t == p.Source {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	for _, i := range order {
		c, tag := p.Catalogs[i], p.Langs[i]
		isSource := tag == p.Source
		c.Sync(p.sources(tag), catalog.SyncOptions{Source: isSource, Prune: prune})
		label := p.Source.String()
		if isSource {
			label = "source"
		}
		out[i] = c.Format(c.Header(p.LanguageName(tag), isSource), label)
	}
	for i, c := range p.Catalogs {
		wrote, err := writeFile(p.Path(c.Path), out[i])
		if err != nil {
			return res, err
		}
		if wrote {
			res.Written = append(res.Written, c.Path)
		} else {
			res.Unchanged = append(res.Unchanged, c.Path)
		}
	}
	return res, nil
}

// Check reports every catalogue problem: files that cannot be read, blocks
// without an entry, translations missing or stale, flagged English passages
// that no editor has rewritten. Obsolete entries are warnings.
func Check(p *Project) source.List {
	list := append(source.List(nil), p.Broken...)
	list = append(list, p.status()...)
	ids := map[string]bool{}
	for _, r := range p.blocks() {
		ids[r.id()] = true
	}
	for _, c := range p.Catalogs {
		for _, e := range c.Entries {
			if !ids[e.ID] {
				list.Add(entryPos(c, e), source.Warning, "obsolete: %s is no longer in the content; xlate sync --prune removes it", e.ID)
			}
		}
	}
	list.Sort()
	return list
}

func entryPos(c *catalog.Catalog, e *catalog.Entry) source.Pos {
	if e == nil || e.Line == 0 {
		return source.Pos{File: c.Path, Line: 1, Col: 1}
	}
	return source.Pos{File: c.Path, Line: e.Line, Col: 1}
}

// status lists, as errors, every block whose page in some language would
// not show what the catalogues promise.
func (p *Project) status() source.List {
	var list source.List
	for i, tag := range p.Langs {
		c := p.Catalogs[i]
		if p.broken[tag] {
			continue // the file's own error says it all
		}
		for _, r := range p.blocks() {
			e := c.Lookup(r.id())
			b := r.block()
			if e == nil {
				list.Add(r.pos(), source.Error, "%s has no entry for %s; run xlate sync", c.Path, r.id())
				continue
			}
			if tag == p.Source {
				switch {
				case e.Stale(b.Hash) && segment.Hash(e.Other) == e.Hash:
					list.Add(entryPos(c, e), source.Error, "out of date: the source of %s changed; run xlate sync", r.id())
				case e.Stale(b.Hash):
					list.Add(entryPos(c, e), source.Error, "stale: the source of %s changed since this rewrite (see #| source:); update other, delete #, fuzzy and run xlate sync", r.id())
				case len(r.page.Flags[r.i]) > 0 && e.Other == b.Text:
					f := r.page.Flags[r.i][0]
					list.Add(entryPos(c, e), source.Error, "%s needs an editor's rewrite (%s at %s:%d:%d): %s", r.id(), f.Rule, r.page.File.Name, f.Line, f.Col, f.Reason)
				}
				continue
			}
			h := segment.Hash(p.english(r))
			switch {
			case e.Other == "":
				list.Add(entryPos(c, e), source.Error, "not translated: %s", r.id())
			case e.Stale(h):
				list.Add(entryPos(c, e), source.Error, "stale: the English of %s changed since this translation (see #| %s:); update it, delete #, fuzzy and run xlate sync", r.id(), p.Source)
			}
		}
	}
	return list
}
