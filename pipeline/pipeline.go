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
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
	Result normalize.Result // of a text page: the repair of its whole text
	*segment.Page
	// Of a page in markup, repaired a piece of text at a time: the flags
	// of each block, placed in the file.
	Flags [][]catalog.Flag
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

// correctionsHash hashes the corrections glossary as it is on disk.
func correctionsHash(cfg Config) [32]byte {
	data, _ := os.ReadFile(cfg.Path(filepath.Join(cfg.Locales, CorrectionsFile)))
	return sha256.Sum256(data)
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
	names, files, err := contentPages(p.Config)
	if err != nil {
		return err
	}
	p.Pages, err = loadPages(p.Config, n, files, files.renamed(), names, nil)
	return err
}

// pageFormats are the kinds of content file, by extension.
var pageFormats = []string{".txt", ".md", ".html", ".htm"}

// pageFiles names the content file of each page, relative to the
// project.
type pageFiles map[string]string

// renamed names the pages not named after their files (a Markdown page's
// slug), by file name; nil when there are none.
func (f pageFiles) renamed() segment.Pages {
	var ps segment.Pages
	for page, name := range f {
		if name == "" {
			continue
		}
		base := filepath.Base(name)
		if strings.TrimSuffix(base, filepath.Ext(base)) != page {
			if ps == nil {
				ps = segment.Pages{}
			}
			ps[base] = page
		}
	}
	return ps
}

// contentPages lists the pages of the content directory by name, in the
// order of their files' names, with their files. A page is a file whose extension is one of
// pageFormats; its name is its address: the file's without the extension,
// or for a Markdown page the slug its front matter gives. Two files of
// one name are an error.
func contentPages(cfg Config) ([]string, pageFiles, error) {
	// as os.ReadDir, sorting by the names themselves: a build with nothing
	// to do lists ten thousand pages for a few stats each
	var entries []fs.DirEntry
	f, err := os.Open(cfg.Path(cfg.Content))
	if err == nil {
		entries, err = f.ReadDir(-1)
		f.Close()
	}
	if err != nil {
		return nil, nil, source.Errorf(source.Pos{File: cfg.Content}, "%v", errors.Unwrap(err))
	}
	type pageEntry struct {
		name string
		de   fs.DirEntry
	}
	var pageEntries []pageEntry
	for _, de := range entries {
		if name := de.Name(); !de.IsDir() && slices.Contains(pageFormats, filepath.Ext(name)) {
			pageEntries = append(pageEntries, pageEntry{name, de})
		}
	}
	slices.SortFunc(pageEntries, func(a, b pageEntry) int { return strings.Compare(a.name, b.name) })
	// the content directory's files are named by joining, not cleaning,
	// when it is clean (it is as the configuration gives it)
	join := func(name string) string { return filepath.Join(cfg.Content, name) }
	if c := cfg.Content; c != "" && c != "." && filepath.Clean(c) == c {
		join = func(name string) string { return c + string(filepath.Separator) + name }
	}
	// the slugs of Markdown pages, read from their heads, on every core
	type slugAt struct {
		slug string
		line int
	}
	slugs := make([]slugAt, len(pageEntries))
	parallel(len(pageEntries), func(i int) {
		if e := pageEntries[i]; filepath.Ext(e.name) == ".md" {
			slugs[i].slug, slugs[i].line = readSlug(cfg.Path(join(e.name)))
		}
	})
	names := make([]string, 0, len(pageEntries)+1)
	names = append(names, interfacePage) // the shell's texts, first (see interfacePage); it has no file
	files := make(pageFiles, len(pageEntries)+1)
	for i, e := range pageEntries {
		page := strings.TrimSuffix(e.name, filepath.Ext(e.name))
		name := join(e.name)
		what := "page name"
		if s := slugs[i]; s.slug != "" {
			if !validPageName(s.slug) {
				return nil, nil, source.Errorf(source.Pos{File: name, Line: s.line, Col: 1}, "slug %q must be lower-case letters, digits and hyphens; it becomes the page's URL", s.slug)
			}
			page, what = s.slug, "slug"
		}
		if !validPageName(page) {
			return nil, nil, source.Errorf(source.Pos{File: name}, "page name %q must be lower-case letters, digits and hyphens; it becomes the page's URL", page)
		}
		if other, ok := files[page]; ok {
			return nil, nil, source.Errorf(source.Pos{File: name, Line: slugs[i].line}, "%s %q is the page of %s too; a page has one file", what, page, other)
		}
		if err := checkPage(cfg, name, e.de); err != nil {
			return nil, nil, err
		}
		names = append(names, page)
		files[page] = name
	}
	if len(names) == 1 {
		return nil, nil, source.Errorf(source.Pos{File: cfg.Content}, "no pages (.txt, .md or .html files)")
	}
	files[interfacePage] = ""
	return names, files, nil
}

// readSlug returns the slug a Markdown page's front matter gives and its
// line, reading only the page's head when the front matter ends there;
// "" when there is none, or when the front matter cannot be read (the
// page's reading reports that).
func readSlug(path string) (slug string, line int) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("---\n")) && !bytes.HasPrefix(head, []byte("---\r\n")) {
		return "", 0
	}
	if !bytes.Contains(head, []byte("\n---")) && n == len(head) {
		rest, err := io.ReadAll(f)
		if err != nil {
			return "", 0
		}
		head = append(head, rest...)
	}
	fm, _, err := segment.SplitFrontMatter(string(head))
	if err != nil {
		return "", 0
	}
	return fm.Slug, fm.Line["slug"]
}

// loadPages reads, normalizes and segments pages, on every core. data
// holds the bytes of pages already read.
func loadPages(cfg Config, n *normalize.Normalizer, files pageFiles, renamed segment.Pages, names []string, data map[string][]byte) ([]*Page, error) {
	return loadPagesWith(cfg, n, files, renamed, names, data, runtime.GOMAXPROCS(0))
}

// loadPagesWith is loadPages with a number of workers.
func loadPagesWith(cfg Config, n *normalize.Normalizer, files pageFiles, renamed segment.Pages, names []string, data map[string][]byte, workers int) ([]*Page, error) {
	pages := make([]*Page, len(names))
	errs := make([]error, len(names))
	// each worker takes the next page there is: no hand-over per page
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names); i = int(next.Add(1) - 1) {
				pages[i], errs[i] = loadPage(cfg, n, renamed, names[i], files[names[i]], data[names[i]])
			}
		})
	}
	wg.Wait()
	return pages, errors.Join(errs...)
}

func loadPage(cfg Config, n *normalize.Normalizer, renamed segment.Pages, page, name string, data []byte) (*Page, error) {
	if page == interfacePage {
		return loadInterface(cfg)
	}
	if data == nil {
		var err error
		if data, err = readFile(cfg.Path(name)); err != nil {
			return nil, err
		}
	}
	f, err := decodePage(name, data)
	if err != nil {
		return nil, err
	}
	switch filepath.Ext(name) {
	case ".md":
		fm, off, err := segment.SplitFrontMatter(f.Text)
		if err != nil {
			return nil, source.Errorf(source.Pos{File: name}, "%v", err)
		}
		return markupPage(n, f, segment.Markdown(page, f.Text[off:], off, fm, renamed)), nil
	case ".html", ".htm":
		sp, _, err := segment.HTML(page, f.Text, cfg.ContentSelector, renamed)
		if err != nil {
			return nil, source.Errorf(source.Pos{File: name}, "%v", err)
		}
		return markupPage(n, f, sp), nil
	}
	res := n.Normalize(f.Text)
	return &Page{File: f, Result: res, Page: segment.Split(page, res.Text)}, nil
}

// decodePage turns a content file's bytes into text: an HTML page by
// its declared charset where the bytes bear it out, any other as a page
// that declares nothing.
func decodePage(name string, data []byte) (*source.File, error) {
	switch filepath.Ext(name) {
	case ".html", ".htm":
		label, at := segment.Charset(data)
		return source.DecodeDeclared(name, data, label, at)
	}
	return source.DecodePage(name, data)
}

// markupPage repairs each piece of text of a page read from markup
// (never its tags, addresses or code) and makes its blocks.
func markupPage(n *normalize.Normalizer, f *source.File, sp *segment.Page) *Page {
	pg := &Page{File: f, Page: sp}
	flags := make([][]catalog.Flag, len(sp.Blocks))
	for i := range sp.Blocks {
		b := &sp.Blocks[i]
		for j := range b.Runs {
			r := &b.Runs[j]
			if r.Tag || r.Code || strings.TrimSpace(r.Text) == "" {
				continue
			}
			// the white space at the ends parts the text from the
			// elements beside it: kept as it is
			core := strings.TrimSpace(r.Text)
			lead := strings.Index(r.Text, core)
			res := n.Normalize(core)
			r.Text = r.Text[:lead] + res.Text + r.Text[lead+len(core):]
			for _, fl := range res.Flags {
				flags[i] = append(flags[i], catalog.Flag{Rule: fl.Rule, Reason: fl.Reason, Pos: f.Lines.Pos(f.Name, r.Offset+lead+fl.Offset)})
			}
		}
		if b.Runs == nil && b.Text != "" {
			// a block given whole (a title from the front matter, an
			// alternative text): repaired whole
			res := n.Normalize(b.Text)
			b.Text = res.Text
			for _, fl := range res.Flags {
				flags[i] = append(flags[i], catalog.Flag{Rule: fl.Rule, Reason: fl.Reason, Pos: f.Lines.Pos(f.Name, b.Offset)})
			}
		}
	}
	numbers := sp.Finish()
	pg.Flags = make([][]catalog.Flag, len(sp.Blocks))
	for i, num := range numbers {
		if num > 0 {
			pg.Flags[num-1] = flags[i] // a block dropped empty has none
		}
	}
	return pg
}

func validPageName(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) < 0
}

// catalogPages places each block and each flag in its content file.
func (p *Project) catalogPages() []catalog.Page { return catalogPages(p.Pages) }

func catalogPages(pages []*Page) []catalog.Page {
	out := make([]catalog.Page, len(pages))
	parallel(len(pages), func(i int) {
		pg := pages[i]
		cp := catalog.Page{Name: pg.Name, Blocks: make([]catalog.Block, len(pg.Blocks))}
		if pg.Body != nil {
			// a page in markup: each block knows where it stands, and its flags
			for j, b := range pg.Blocks {
				cp.Blocks[j] = catalog.Block{Kind: b.Kind, Text: b.Text, Hash: b.Hash, Script: b.Script, Pos: pg.File.Lines.Pos(pg.File.Name, b.Offset), Flags: pg.Flags[j]}
			}
			out[i] = cp
			return
		}
		res := pg.Result
		starts := make([]int, len(pg.Blocks))
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
	})
	return out
}

func (p *Project) loadCatalogs() error {
	set, err := discoverCatalogs(p.Config)
	if err != nil {
		return err
	}
	p.Broken, p.Refused = set.broken, set.refused
	// the files are read on every core
	cats := make([]*catalog.Catalog, len(set.langs))
	errs := make([]error, len(set.langs))
	var wg sync.WaitGroup
	for i, tag := range set.langs {
		wg.Go(func() {
			cats[i], errs[i] = p.readCatalog(set.names[i], tag, set.exists[i])
		})
	}
	wg.Wait()
	for i, tag := range set.langs {
		c, err := cats[i], errs[i]
		if err != nil {
			// the run stops before it writes anything; until then the
			// other catalogues are checked without this one
			p.Broken = append(p.Broken, asList(err, set.names[i])...)
			continue
		}
		p.Langs = append(p.Langs, tag)
		p.Catalogs = append(p.Catalogs, c)
	}
	return nil
}

// catalogSet is the catalogues of a project, found but not yet read.
type catalogSet struct {
	langs   []language.Tag // configured, then others found
	names   []string       // the catalogue of each, as diagnostics name it
	exists  []bool
	broken  source.List // files that are not catalogues at all
	refused source.List // catalogues xlate will not use, and why
}

// discoverCatalogs finds the catalogues of a project: one per configured
// language, and any other catalogue in the locales directory, less those
// xlate refuses.
func discoverCatalogs(cfg Config) (*catalogSet, error) {
	set := &catalogSet{}
	entries, err := os.ReadDir(cfg.Path(cfg.Locales))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	files := map[language.Tag]string{}
	var found []language.Tag
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".toml") || de.Name() == CorrectionsFile || de.Name() == DeriveFile || de.Name() == GlossaryFile {
			continue
		}
		name := filepath.Join(cfg.Locales, de.Name())
		tag, err := catalog.TagFromPath(name)
		if err != nil {
			set.broken = append(set.broken, asList(err, name)...)
			continue
		}
		pos := source.Pos{File: name, Line: 1, Col: 1}
		if other, ok := files[tag]; ok {
			set.broken.Add(pos, source.Error, "a second catalogue for %s (the first is %s)", tag, other)
			continue
		}
		files[tag] = name
		if containsTag(cfg.Languages, tag) {
			continue
		}
		if c, ok := catalog.Overlap(tag, cfg.Languages); ok {
			set.refused.Add(pos, source.Error, "%s is a variant of %s, which xlate.toml lists: move its translations to %s, or list %s in languages to publish it as a language of its own", tag, c, filepath.Join(cfg.Locales, c.String()+".toml"), tag)
			continue
		}
		if err := catalog.Loadable(tag); err != nil {
			set.refused.Add(pos, source.Error, "%v; xlate will not publish it", err)
			continue
		}
		found = append(found, tag)
	}
	for _, tag := range append(append([]language.Tag(nil), cfg.Languages...), found...) {
		name, ok := files[tag]
		if !ok {
			name = filepath.Join(cfg.Locales, tag.String()+".toml")
		}
		if err := catalog.Loadable(tag); err != nil {
			set.refused.Add(source.Pos{File: name, Line: 1, Col: 1}, source.Error, "%v; remove %s from languages in xlate.toml", err, tag)
			continue
		}
		set.langs = append(set.langs, tag)
		set.names = append(set.names, name)
		set.exists = append(set.exists, ok)
	}
	return set, nil
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

// CheckResult is what a check found.
type CheckResult struct {
	List     source.List
	Catalogs int  // catalogues checked
	Cached   bool // the inputs were those of the last check: its findings were reused
}

type checkState struct {
	Key      [32]byte
	List     source.List
	Catalogs int
}

const checkStateFile = "check.state"

// CheckCached checks a project, or, when its inputs are byte for byte
// those of the last check, gives that check's findings from the cache.
func CheckCached(cfg Config) (CheckResult, error) {
	key, err := inputsKey(cfg)
	if err == nil {
		var last checkState
		if readState(cfg, checkStateFile, &last) && last.Key == key {
			return CheckResult{List: last.List, Catalogs: last.Catalogs, Cached: true}, nil
		}
	}
	var res CheckResult
	res.List, res.Catalogs, err = checkByPages(cfg)
	if err != nil {
		p, err := Load(cfg)
		if err != nil {
			return CheckResult{}, err
		}
		res = CheckResult{List: Check(p), Catalogs: len(p.Catalogs)}
	}
	if key != ([32]byte{}) {
		writeState(cfg, checkStateFile, &checkState{Key: key, List: res.List, Catalogs: res.Catalogs})
	}
	return res, nil
}

// Check reports every catalogue problem: files that cannot be read or are
// refused, blocks without an entry, translations missing, fuzzy or stale,
// flagged passages no editor has rewritten; pages read in an encoding that
// was a close call, obsolete entries and inconsistent translations are
// warnings.
func Check(p *Project) source.List {
	c := newProjectChecker(p.Config)
	c.add(p.Pages, p.cat)
	return c.findings(p.Broken, p.Refused)
}
