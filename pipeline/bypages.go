package pipeline

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// pageChunk is how many pages a check, a status or an export reads at a
// time.
var pageChunk = 250

// errReadByPages says a project must be read whole (see readByPages).
var errReadByPages = errors.New("the project must be read whole")

// pageVisitor is what a run that reads a project by pages does with it:
// Shared takes, once for each catalogue, the entries every chunk holds
// (the obsolete section, which a page may take back), then Chunk each
// chunk in the order of the pages.
type pageVisitor struct {
	Shared func(c *catalog.Catalog)
	Chunk  func(loaded []*Page, proj *catalog.Project)
}

// readByPages reads a project a chunk of pages at a time, each chunk with
// its sections of every catalogue, the next chunk while one is visited,
// so that memory holds a chunk and what the visitor keeps, not every
// catalogue at once. A catalogue is read a section at a time; it is read
// whole only to find where its sections lie when the cache does not say,
// one file after the other. It returns the catalogues found.
//
// A visit sees what a visit of the whole project would see. Where that is
// not sure — a catalogue that cannot be read, or not section by section;
// entries of a page outside that page's section; a table name that stands
// in two sections; any error — it stops with errReadByPages, and the run
// reads the project whole instead, which also words any error.
func readByPages(cfg Config, v pageVisitor) (*catalogSet, error) {
	set, err := discoverCatalogs(cfg)
	if err != nil || len(set.broken) > 0 {
		return nil, errReadByPages
	}
	pages, files, err := contentPages(cfg)
	if err != nil {
		return nil, errReadByPages
	}
	inContent := map[string]bool{}
	for _, p := range pages {
		inContent[p] = true
	}
	// where the sections lie, as a sync or a build last found them
	var synced syncState
	var built buildState
	readState(cfg, syncStateFile, &synced)
	readState(cfg, buildStateFile, &built)

	type catalogRead struct {
		*catFile
		names  *catalog.Names
		shared []*catalog.Entry
	}
	// a region of a catalogue, read with the names of those read before
	parse := func(cf *catalogRead, r regionState, text string) (*catalog.Catalog, error) {
		part, apart, err := catalog.ParseRegionNamed(cf.name, cf.tag, text, catalog.Region{Page: r.Page, Line: r.Line}, cf.names)
		if err != nil || !apart {
			return nil, errReadByPages
		}
		return part, nil
	}
	cats := make([]*catalogRead, len(set.langs))
	for i, tag := range set.langs {
		cf := &catalogRead{catFile: &catFile{tag: tag, name: set.names[i], path: cfg.Path(set.names[i]), exists: set.exists[i]}, names: catalog.NewNames()}
		cats[i] = cf
		if !cf.exists {
			continue
		}
		idx, _, _, err := indexCatalog(cf.path, cf.name, synced.Catalogs[cf.name], built.Catalogs[cf.name])
		if err != nil {
			return nil, errReadByPages
		}
		cf.bom, cf.crlf, cf.regions = idx.BOM, idx.CRLF, idx.Regions
		if cf.f, err = os.Open(cf.path); err != nil {
			return nil, errReadByPages
		}
		defer cf.f.Close()
		fixed := catalog.Empty(cf.name, tag)
		err = cf.eachRegion(func(r regionState) bool { return !isPage(r.Page) }, func(r regionState, text string) error {
			part, err := parse(cf, r, text)
			if err != nil || r.Page != catalog.Obsolete && len(part.Entries) > 0 {
				return errReadByPages // entries outside the sections: not as xlate lays a file out
			}
			fixed.Append(part)
			return nil
		})
		if err != nil {
			return nil, errReadByPages
		}
		v.Shared(fixed)
		cf.shared = fixed.Entries
	}

	n, err := Normalizer(cfg)
	if err != nil {
		return nil, errReadByPages
	}
	renamed := files.renamed()
	type chunkRead struct {
		loaded []*Page
		parts  []*catalog.Catalog
		err    error
	}
	read := func(chunk []string, last bool) chunkRead {
		inChunk := map[string]bool{}
		for _, p := range chunk {
			inChunk[p] = true
		}
		// the sections of pages gone from the content go with the last
		wanted := func(r regionState) bool {
			return isPage(r.Page) && (inChunk[r.Page] || last && !inContent[r.Page])
		}
		parts := make([]*catalog.Catalog, len(cats))
		errs := make([]error, len(cats))
		var wg sync.WaitGroup
		for i, cf := range cats {
			c := catalog.Empty(cf.name, cf.tag)
			parts[i] = c
			if !cf.exists {
				continue
			}
			wg.Go(func() {
				add := func(r regionState, text string) error {
					part, err := parse(cf, r, text)
					if err != nil {
						return err
					}
					for _, e := range part.Entries {
						if len(e.Path) >= 2 && e.Path[0] != r.Page {
							return errReadByPages // a page's entry in another page's section
						}
					}
					c.Append(part)
					return nil
				}
				if at, ok := cf.regionsOf(inChunk, false); ok && !last {
					errs[i] = cf.eachRegionAt(at, add)
				} else {
					errs[i] = cf.eachRegion(wanted, add)
				}
				for _, e := range cf.shared {
					c.Add(e)
				}
			})
		}
		loaded, err := loadPagesWith(cfg, n, files, renamed, chunk, nil, runtime.GOMAXPROCS(0))
		wg.Wait()
		return chunkRead{loaded, parts, errors.Join(append(errs, err)...)}
	}
	err = readAhead(len(pages), pageChunk, func(from, to int) (chunkRead, error) {
		c := read(pages[from:to], to == len(pages))
		return c, c.err
	}, func(c chunkRead) error {
		v.Chunk(c.loaded, catalog.NewProject(cfg.Source, catalogPages(c.loaded), c.parts))
		return nil
	})
	if err != nil {
		return nil, errReadByPages
	}
	return set, nil
}

// checkByPages checks a project read by pages (see readByPages): its
// findings are those of Check on the whole project.
func checkByPages(cfg Config) (source.List, int, error) {
	c := newProjectChecker(cfg)
	set, err := readByPages(cfg, pageVisitor{Shared: c.k.Shared, Chunk: c.add})
	if err != nil {
		return nil, 0, err
	}
	return c.findings(nil, set.refused), len(set.langs), nil
}

// projectChecker checks a project a chunk of pages at a time, or whole as
// one chunk: what the catalogues say of the pages (see catalog.Checker),
// with how the pages were read and the glossary.
type projectChecker struct {
	cfg         Config
	k           *catalog.Checker
	warnings    source.List // pages read in an encoding that was a close call
	glossaryErr error
}

func newProjectChecker(cfg Config) *projectChecker {
	glossary, err := readGlossary(cfg)
	return &projectChecker{cfg: cfg, k: catalog.NewChecker(catalog.CheckOptions{Keep: cfg.Keep, Glossary: glossary}), glossaryErr: err}
}

// add checks some pages, with the catalogue side of them.
func (c *projectChecker) add(loaded []*Page, proj *catalog.Project) {
	for _, pg := range loaded {
		c.warnings = append(c.warnings, pg.File.Warnings...)
	}
	c.k.Add(proj)
}

// findings puts together what the check found: catalogues that cannot be
// read or are refused, pages read in an encoding that was a close call, a
// glossary that cannot be read, and what the catalogues say; each finding
// at the severity the configuration gives its kind, in order.
func (c *projectChecker) findings(broken, refused source.List) source.List {
	var list source.List
	for _, d := range broken {
		if d.Check == "" {
			d.Check = "malformed"
		}
		list = append(list, d)
	}
	for _, d := range refused {
		d.Check = "refused"
		list = append(list, d)
	}
	for _, d := range c.warnings {
		d.Check = "encoding"
		list = append(list, d)
	}
	if c.glossaryErr != nil {
		list = append(list, asList(c.glossaryErr, filepath.Join(c.cfg.Locales, GlossaryFile))...)
	}
	list = append(list, c.k.Finish()...)
	list = c.cfg.Severities.apply(list)
	list.Sort()
	return list
}

// eachRegion reads the regions of a catalogue that are wanted, each run of
// them at once into one string, and gives f the text of each (a piece of
// that string, which the entries read from it keep pieces of).
func (cf *catFile) eachRegion(wanted func(regionState) bool, f func(r regionState, text string) error) error {
	var at []int
	for i, r := range cf.regions {
		if wanted(r) {
			at = append(at, i)
		}
	}
	return cf.eachRegionAt(at, f)
}

// eachRegionAt is eachRegion for the regions at some indexes, in
// increasing order.
func (cf *catFile) eachRegionAt(at []int, f func(r regionState, text string) error) error {
	var text string
	var textStart int64
	for k, i := range at {
		r := cf.regions[i]
		if r.Start < textStart || r.End > textStart+int64(len(text)) {
			// with the regions wanted right after it
			end := r.End
			for j := k + 1; j < len(at) && at[j] == at[j-1]+1; j++ {
				end = cf.regions[at[j]].End
			}
			var sb strings.Builder
			sb.Grow(int(end - r.Start))
			if _, err := io.CopyN(&sb, io.NewSectionReader(cf.f, int64(cf.bom)+r.Start, end-r.Start), end-r.Start); err != nil {
				return err
			}
			text, textStart = sb.String(), r.Start
		}
		if err := f(r, text[r.Start-textStart:r.End-textStart]); err != nil {
			return err
		}
	}
	return nil
}
