// Package pipeline runs the stages in order — source, normalize, segment,
// catalog, render — for a Config, and collects their diagnostics into one
// sorted list.
//
// It is the only package that calls the stages, and the thin layer that
// reads and writes files; the stages never call each other backwards or
// print. Pipeline does not print or exit either: cmd/xlate turns its
// results into output and exit codes.
package pipeline

import (
	"errors"
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
}

// Project is everything a run reads.
type Project struct {
	Config
	Pages    []*Page
	Langs    []language.Tag     // the languages published: configured, then other catalogues found
	Catalogs []*catalog.Catalog // one per language, in Langs order
	// Broken lists catalogues that cannot be read (a run stops: exit 2).
	Broken source.List
	// Refused lists catalogues xlate will not use or write — a language
	// go-i18n cannot load, a variant of a configured language — and why.
	Refused source.List
	cat     *catalog.Project
}

// Entries returns the catalogue side of the project: the blocks of every
// page aligned with the catalogues' entries.
func (p *Project) Entries() *catalog.Project { return p.cat }

// tomlError turns an error of the TOML decoder into a positioned
// diagnostic, keeping the decoder's help text.
func tomlError(f *source.File, name string, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return source.Errorf(source.Pos{File: name}, "%v", err)
	}
	d := source.Diagnostic{Pos: f.Lines.Pos(name, pe.Position.Start), Msg: pe.Message}
	if _, help, ok := strings.Cut(pe.ErrorWithUsage(), "Error help:\n"); ok {
		d.Help = strings.TrimSpace(help)
	}
	return source.List{d}
}

// Normalizer returns the normalizer of the project, with the corrections
// glossary from the locales directory.
func Normalizer(cfg Config) (*normalize.Normalizer, error) {
	name := filepath.Join(cfg.Locales, CorrectionsFile)
	data, err := os.ReadFile(cfg.Path(name))
	if errors.Is(err, os.ErrNotExist) {
		return &normalize.Normalizer{}, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(f.Text, &raw); err != nil {
		return nil, tomlError(f, name, err)
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
			return nil, source.Errorf(pos, "correction %q must be a string: \"wrong\" = \"right\"", k)
		}
		cs = append(cs, normalize.Correction{Wrong: k, Right: right, Pos: pos})
	}
	g, err := normalize.NewGlossary(cs)
	if err != nil {
		return nil, err
	}
	return &normalize.Normalizer{Glossary: g}, nil
}

// Load reads the content and the catalogues of cfg. A page or a glossary
// that cannot be read is an error; a catalogue that cannot be read is
// listed in Broken, so that a run can report them all.
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
	p.cat = catalog.NewProject(p.Source, p.catalogPages(), p.Catalogs)
	return p, nil
}

func (p *Project) loadPages(n *normalize.Normalizer) error {
	entries, err := os.ReadDir(p.Path(p.Content))
	if err != nil {
		return source.Errorf(source.Pos{File: p.Content}, "%v", errors.Unwrap(err))
	}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".txt") {
			continue
		}
		name := filepath.Join(p.Content, de.Name())
		page := strings.TrimSuffix(de.Name(), ".txt")
		if !validPageName(page) {
			return source.Errorf(source.Pos{File: name}, "page name %q must be lower-case letters, digits and hyphens; it becomes the page's URL", page)
		}
		data, err := os.ReadFile(p.Path(name))
		if err != nil {
			return err
		}
		f, err := source.DecodePage(name, data)
		if err != nil {
			return err
		}
		res := n.Normalize(f.Text)
		p.Pages = append(p.Pages, &Page{File: f, Result: res, Page: segment.Split(page, res.Text)})
	}
	if len(p.Pages) == 0 {
		return source.Errorf(source.Pos{File: p.Content}, "no .txt pages")
	}
	return nil
}

func validPageName(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) < 0
}

// catalogPages places each block and each flag in its content file.
func (p *Project) catalogPages() []catalog.Page {
	out := make([]catalog.Page, len(p.Pages))
	for i, pg := range p.Pages {
		res := pg.Result
		starts := make([]int, len(pg.Blocks))
		cp := catalog.Page{Name: pg.Name, Blocks: make([]catalog.Block, len(pg.Blocks))}
		for j, b := range pg.Blocks {
			starts[j] = res.Original(b.Offset)
			cp.Blocks[j] = catalog.Block{Kind: b.Kind, Text: b.Text, Hash: b.Hash, Script: b.Script, Pos: pg.File.Lines.Pos(pg.File.Name, starts[j])}
		}
		for _, fl := range res.Flags {
			if j := sort.SearchInts(starts, fl.Offset+1) - 1; j >= 0 {
				cp.Blocks[j].Flags = append(cp.Blocks[j].Flags, catalog.Flag{
					Rule: fl.Rule, Reason: fl.Reason,
					Pos: source.Pos{File: pg.File.Name, Line: fl.Line, Col: fl.Col},
				})
			}
		}
		out[i] = cp
	}
	return out
}

func (p *Project) loadCatalogs() error {
	dir := p.Path(p.Locales)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	files := map[language.Tag]string{}
	var found []language.Tag
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".toml") || de.Name() == CorrectionsFile {
			continue
		}
		name := filepath.Join(p.Locales, de.Name())
		tag, err := catalog.TagFromPath(name)
		if err != nil {
			p.Broken = append(p.Broken, asList(err, name)...)
			continue
		}
		pos := source.Pos{File: name, Line: 1, Col: 1}
		if other, ok := files[tag]; ok {
			p.Broken.Add(pos, source.Error, "a second catalogue for %s (the first is %s)", tag, other)
			continue
		}
		files[tag] = name
		if containsTag(p.Languages, tag) {
			continue
		}
		if c, ok := catalog.Overlap(tag, p.Languages); ok {
			p.Refused.Add(pos, source.Error, "%s is a variant of %s, which xlate.toml lists: move its translations to %s, or list %s in languages to publish it as a language of its own", tag, c, filepath.Join(p.Locales, c.String()+".toml"), tag)
			continue
		}
		if err := catalog.Loadable(tag); err != nil {
			p.Refused.Add(pos, source.Error, "%v; xlate will not publish it", err)
			continue
		}
		found = append(found, tag)
	}
	for _, tag := range append(append([]language.Tag(nil), p.Languages...), found...) {
		name, ok := files[tag]
		if !ok {
			name = filepath.Join(p.Locales, tag.String()+".toml")
		}
		if err := catalog.Loadable(tag); err != nil {
			p.Refused.Add(source.Pos{File: name, Line: 1, Col: 1}, source.Error, "%v; remove %s from languages in xlate.toml", err, tag)
			continue
		}
		c, err := p.readCatalog(name, tag, ok)
		if err != nil {
			// the run stops before it writes anything; until then the
			// other catalogues are checked without this one
			p.Broken = append(p.Broken, asList(err, name)...)
			continue
		}
		p.Langs = append(p.Langs, tag)
		p.Catalogs = append(p.Catalogs, c)
	}
	return nil
}

// readCatalog reads one catalogue; a missing file is an empty catalogue.
func (p *Project) readCatalog(name string, tag language.Tag, exists bool) (*catalog.Catalog, error) {
	if !exists {
		return catalog.Empty(name, tag), nil
	}
	data, err := os.ReadFile(p.Path(name))
	if err != nil {
		return nil, err
	}
	return catalog.Parse(name, tag, data)
}

// asList turns an error into diagnostics, positioned ones as they are.
func asList(err error, name string) source.List {
	var l source.List
	if errors.As(err, &l) {
		return l
	}
	return source.Errorf(source.Pos{File: name}, "%v", err)
}

// brokenError reports every catalogue that could not be read, or nil.
func (p *Project) brokenError() error { return p.Broken.Err() }

// SyncResult says what a sync wrote.
type SyncResult struct {
	Written   []string // catalogues whose bytes changed
	Unchanged []string
	Refused   source.List // catalogues left alone, and why
}

// Sync brings every catalogue up to date with the content and writes those
// that changed. It plans all of them in memory first, so a broken
// catalogue stops the run before anything is written.
func Sync(p *Project, prune bool) (SyncResult, error) {
	res := SyncResult{Refused: p.Refused}
	if err := p.brokenError(); err != nil {
		return res, err
	}
	for _, s := range p.cat.Sync(catalog.SyncOptions{Prune: prune, Name: p.LanguageName}) {
		path := s.Catalog.Path
		wrote, err := writeFile(p.Path(path), s.Data)
		if err != nil {
			return res, err
		}
		if wrote {
			res.Written = append(res.Written, path)
		} else {
			res.Unchanged = append(res.Unchanged, path)
		}
	}
	return res, nil
}

// Check reports every catalogue problem: files that cannot be read or are
// refused, blocks without an entry, translations missing, fuzzy or stale,
// flagged passages no editor has rewritten; obsolete entries and
// inconsistent translations are warnings.
func Check(p *Project) source.List {
	list := append(append(source.List(nil), p.Broken...), p.Refused...)
	list = append(list, p.cat.Check()...)
	list.Sort()
	return list
}
