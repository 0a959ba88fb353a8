package pipeline

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/normalize"
	"xlate/pipeline/render"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// BuildOptions says how a build runs.
type BuildOptions struct {
	// Workers is how many pages are rendered at once; 0: one per core.
	// The output is the same whatever the number.
	Workers int
	// Shard, when N > 0, builds only the pages of shard I of N (see
	// ShardOf), and no index page or sitemap: Merge writes those.
	Shard Shard
	// Progress, if not nil, is told how far the rendering is.
	Progress func(ProgressStep)
	// AllWarnings reports every warning, not only the first few.
	AllWarnings bool
	// AllLanguages publishes every page in every language, whatever the
	// publishing threshold: a preview for translators and editors.
	AllLanguages bool
	// Rendering, if not nil, is called once before the first page is
	// rendered; a build with nothing to render never calls it.
	Rendering func()
}

// Shard is one of N shares of a site's pages, numbered from 1.
type Shard struct{ I, N int }

// ShardOf returns the shard (from 1) a page belongs to: by a hash of its
// name alone, so adding or removing a page moves no other page.
func ShardOf(page string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(page))
	return int(h.Sum32()%uint32(n)) + 1
}

// BuildResult says what a build did.
type BuildResult struct {
	Written   []string // output files whose bytes changed
	Removed   []string // outputs of earlier builds that no longer belong to the site
	Unchanged int      // outputs left as they were
	// Warnings are the catalogues refused and the blocks shown in another
	// language: every one with BuildOptions.AllWarnings, else the first
	// few of the pages' (WarningSample), in order. WarningCount counts
	// them all.
	Warnings     source.List
	WarningCount int
	Pages        int
	Languages    int
	Rendered     int // pages rendered; the others were known from the cache
	// Withheld counts the pages and languages not published, being
	// translated less than the publishing threshold asks.
	Withheld int
	Cached   bool // nothing changed since the last build: nothing was read
}

// The build keeps, in the cache, what it read and wrote for each page: a
// key of its inputs (the page's content and its section in every
// catalogue), the files it wrote with their stamps, the page's titles for
// the index page, and its warnings. A build renders a page only when its
// key changed, one of its files changed or went, or the site's key (the
// program, the configuration, the languages) changed; with nothing
// changed it is a check of stamps. Deleting the cache changes no output,
// only speed.

// buildState is what the last build read and wrote: all that a build
// with nothing to do needs.
type buildState struct {
	Site     [32]byte
	Catalogs map[string]catalogState
	Pages    map[string]pageBuild
	Others   map[string]stamp // the index page and the sitemap
	Details  [16]byte         // the build details that go with this state
	// OthersKey hashes what the index page and the sitemap are made of:
	// the pages and their titles in every language
	OthersKey [32]byte
	// Inputs hashes every page's name and the hash of its content (the
	// shell's texts first), as the build read them (see inputsOf)
	Inputs  [32]byte
	Sample  source.List // the first of the pages' warnings, in order
	outputs int         // the pages' outputs, as decodeState counts them
	// packRegions: decodeState leaves each catalogue's regions packed
	// (see catalogState.unpack), for a build that may not need them
	packRegions bool
}

// pageBuild is what the last build knows of one page.
type pageBuild struct {
	Key      [32]byte
	Outputs  []fileStamp
	Warnings int
	Withheld int // languages the page is not published in (below the threshold)
	// first numbers the page's first output among all the pages' outputs
	// in the state's order (set by decodeState; see statOutputs)
	first int
}

// fileStamp is a file a build wrote, as it wrote it.
type fileStamp struct {
	Path  string // relative to the project, as the manifest names it
	Stamp stamp
}

// buildDetails is the rest of what the last build knew of each page, kept
// apart because only a build that renders something (or lists every
// warning) needs it.
type buildDetails struct {
	ID    [16]byte
	Pages map[string]pageDetail
}

// pageDetail is what a page gives the index page and the report.
type pageDetail struct {
	Titles   []pageTitle // in each language, for the index page
	Warnings source.List
	// Lines is where the page's section began in each catalogue when its
	// warnings were made: an edit above the section moves it, and its
	// warnings with it.
	Lines []int
}

// lines returns where a page's section begins in each catalogue (0: none).
func (b *builder) lines(page string) []int {
	out := make([]int, len(b.cats))
	for i, cf := range b.cats {
		if r, ok := cf.region(page); ok {
			out[i] = r.Line
		}
	}
	return out
}

// WarningSample is how many of the pages' warnings a build reports
// without BuildOptions.AllWarnings.
const WarningSample = 10

// pageTitle is a page's title in one language.
type pageTitle struct {
	Page, Title, Lang string
	// Percent is the share of the page's source words shown translated
	// in the language; Published, whether the page is published in it.
	Percent   int
	Published bool
}

const (
	buildStateFile   = "build.state"
	buildDetailsFile = "build.details"
	buildMarkerFile  = "build.running" // a build that did not finish left its temporary files
)

// layoutVersion changes when the built-in templates change what they write.
const layoutVersion = "1"

// Build renders every page in every language into the output directory,
// holding the project's build lock. It reads the catalogues and never
// writes them. A block with no current translation is shown in the
// language it is written in, marked with its lang, and reported as a
// warning. Pages are rendered and written on every core, a chunk at a
// time; only files whose bytes changed are written, each atomically; the
// index page and the sitemap are written last. Files of earlier builds
// that no longer belong to the site are removed; a file xlate did not
// write is never touched.
func Build(cfg Config, opt BuildOptions) (BuildResult, error) {
	if err := checkOut(cfg); err != nil {
		return BuildResult{}, err
	}
	lock, err := lockFile(cfg, "build.lock", "xlate build")
	if err != nil {
		return BuildResult{}, err
	}
	defer lock.Unlock()
	b := &builder{cfg: cfg, opt: opt, out: &outputWriter{cfg: cfg}}
	return b.run()
}

// builder is the state of one build.
type builder struct {
	cfg   Config
	opt   BuildOptions
	old   buildState
	next  buildState
	site  *render.Site
	langs []language.Tag
	cats  []*catFile
	pages []string
	files pageFiles
	// renamed: the pages not named after their files, whose links every
	// page that links to them follows
	renamed segment.Pages
	out     *outputWriter
	// shellKey is the key of the shell's texts (see interfacePage)
	shellKey [32]byte
	// details: of every page, as the last build left them and as this
	// one renders them; nil until needed
	details        map[string]pageDetail
	detailsChanged bool
}

func (b *builder) run() (BuildResult, error) {
	cfg := b.cfg
	var res BuildResult
	marker := filepath.Join(cfg.CacheDir(), buildMarkerFile)
	if _, err := os.Stat(marker); err == nil {
		removeTempsUnder(cfg.Path(cfg.Out))
	}
	removeTemps(cfg.CacheDir())
	// the program's hash (its whole executable, when the cache has no stamp
	// of it) is taken on a core of its own
	var hashing sync.WaitGroup
	hashing.Go(func() { programHash(cfg) })
	defer hashing.Wait()
	// the content is listed, statted and (where its stamps cannot vouch for
	// it) hashed on a core of its own from the start, while the last
	// build's state is read and the files it wrote are statted: with
	// nothing to do, a build is these stats
	var (
		content           sync.WaitGroup
		hashes            [][32]byte
		pagesErr, hashErr error
	)
	content.Go(func() {
		if b.pages, b.files, pagesErr = contentPages(cfg); pagesErr == nil {
			hashes, hashErr = pageHashes(cfg, b.files, b.pages)
		}
	})
	defer content.Wait()     // on every return: nothing of this build outlives it
	b.old.packRegions = true // unpacked only if a page's key must be made
	readState(cfg, buildStateFile, &b.old)
	seen := b.statOutputs()
	set, err := discoverCatalogs(cfg)
	if err != nil {
		return res, err
	}
	if err := set.broken.Err(); err != nil {
		return res, err
	}
	// the inputs of each page: its content (being hashed), its section in
	// each catalogue; the catalogues are indexed side by side with the
	// content, each on a core as one comes free
	var wg sync.WaitGroup
	defer wg.Wait()
	var syncRecords *syncState // read only for a catalogue the last build did not see
	var once sync.Once
	idxs := make([]catalogState, len(set.langs))
	errs := make([]error, len(set.langs))
	for i, tag := range set.langs {
		cf := &catFile{tag: tag, name: set.names[i], path: cfg.Path(set.names[i]), exists: set.exists[i]}
		b.cats = append(b.cats, cf)
		if !cf.exists {
			continue
		}
		wg.Go(func() {
			records := []catalogState{b.old.Catalogs[cf.name]}
			if st, err := stat(cf.path); err != nil || !unchanged(st, records[0].Stamp) {
				once.Do(func() {
					syncRecords = new(syncState)
					readState(cfg, syncStateFile, syncRecords)
				})
				records = append(records, syncRecords.Catalogs[cf.name])
			}
			idxs[i], _, _, errs[i] = indexCatalog(cf.path, cf.name, records...)
		})
	}
	content.Wait()
	if pagesErr != nil {
		return res, pagesErr
	}
	b.renamed = b.files.renamed()
	b.langs = set.langs
	b.site = &render.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL}
	for _, t := range b.langs {
		b.site.Languages = append(b.site.Languages, render.Language{Tag: t, Name: cfg.LanguageName(t)})
	}
	layouts, layoutsHash, err := readLayouts(cfg)
	if err != nil {
		return res, err
	}
	b.site.Layouts = layouts
	res.Pages, res.Languages = len(b.pages)-1, len(b.langs) // the shell's texts are no page
	program := programHash(cfg)
	// the corrections glossary is applied to every page before it is
	// segmented: like the configuration, it is an input of every page
	corrections := correctionsHash(cfg)
	b.next = buildState{
		Site:     hashOf(program[:], []byte(fmt.Sprintf("%s %v %s %v %v", cfg.identity(), b.langs, layoutVersion, b.opt.AllLanguages, b.renamed)), layoutsHash[:], corrections[:]),
		Catalogs: map[string]catalogState{}, Others: map[string]stamp{}, // Pages below
	}
	siteSame := b.old.Site == b.next.Site

	wg.Wait()
	if err := joinLists(append([]error{hashErr}, errs...)); err != nil {
		return res, err
	}
	for i, cf := range b.cats {
		if cf.exists {
			idx := idxs[i]
			cf.stamp, cf.bom, cf.crlf, cf.regions = idx.Stamp, idx.BOM, idx.CRLF, idx.Regions
			b.next.Catalogs[cf.name] = idx
		}
	}
	// a page whose key is as recorded is kept if its files are as written
	type candidate struct {
		page   string
		hash   [32]byte // of its content
		key    [32]byte
		intact bool
	}
	cands := make([]candidate, 0, len(b.pages))
	for i, p := range b.pages {
		if p != interfacePage && (b.opt.Shard.N == 0 || ShardOf(p, b.opt.Shard.N) == b.opt.Shard.I) {
			cands = append(cands, candidate{page: p, hash: hashes[i]})
		}
	}
	// When every input of every page is as the last build read it (the
	// site, each catalogue's stamp, every page's content), every page's key
	// is the one it recorded, and neither the catalogues' regions nor the
	// keys are made: a build with nothing to do checks the stamps only.
	// (Listing every warning moves their lines by the regions: not then.)
	b.next.Inputs = inputsOf(b.pages, hashes)
	asBefore := siteSame && b.opt.Shard.N == 0 && !b.opt.AllWarnings && b.catalogsAsRecorded() && b.next.Inputs == b.old.Inputs
	for i := 0; asBefore && i < len(cands); i++ {
		old, ok := b.old.Pages[cands[i].page]
		cands[i].key, asBefore = old.Key, ok
	}
	if !asBefore {
		b.makeKeys(hashes[0], len(cands), func(i int) (string, [32]byte, *[32]byte) {
			return cands[i].page, cands[i].hash, &cands[i].key
		})
	}
	<-seen.done
	var todo []string
	for i := range cands {
		c := &cands[i]
		if old, ok := b.old.Pages[c.page]; siteSame && ok && old.Key == c.key && len(old.Outputs) > 0 {
			c.intact = true
			for i, o := range old.Outputs {
				now := seen.now[old.first+i]
				c.intact = c.intact && now.err == nil && unchanged(now.stamp(), o.Stamp)
			}
			if c.intact {
				res.Unchanged += len(old.Outputs)
				continue
			}
		}
		todo = append(todo, c.page)
	}
	if len(todo) == 0 && len(cands) == len(b.old.Pages) {
		b.next.Pages = b.old.Pages // every page as the last build left it
	} else {
		b.next.Pages = make(map[string]pageBuild, len(b.pages))
		for _, c := range cands {
			if c.intact {
				b.next.Pages[c.page] = b.old.Pages[c.page]
			} else {
				b.next.Pages[c.page] = pageBuild{Key: c.key}
			}
		}
	}
	// with no page to render, no page gone and the index page and sitemap
	// as written, there is nothing to do
	if len(todo) == 0 && len(cands) == len(b.old.Pages) && b.opt.Shard.N == 0 && siteSame && b.othersIntact() {
		res.Cached = true
		res.Unchanged += len(b.next.Others)
		// the sample of warnings holds while no line of a catalogue moved
		if (b.opt.AllWarnings || !b.catalogsAsRecorded()) && !b.readDetails() {
			res.Cached = false // the details went: render every page again
		} else {
			b.collectWarnings(&res, set.refused)
			// every page is as the last build left it: none is stale
			if b.catalogsAsRecorded() {
				return res, nil // the state on disk is this build's already
			}
			b.saveDetails()
			return res, b.save(res)
		}
	}
	if asBefore {
		// something to do after all (an output changed): the rest reads
		// the regions and the shell's key
		b.makeKeys(hashes[0], 0, nil)
	}
	if !b.readDetails() {
		// the details of the pages kept went: render them again
		todo, res.Unchanged = nil, 0
		b.next.Pages = make(map[string]pageBuild, len(b.pages)) // not the last build's
		for _, c := range cands {
			b.next.Pages[c.page] = pageBuild{Key: c.key}
			todo = append(todo, c.page)
		}
	}
	if err := os.MkdirAll(cfg.CacheDir(), 0o755); err == nil {
		os.WriteFile(marker, nil, 0o644)
	}
	if err := b.render(todo, &res); err != nil {
		return res, err
	}
	if b.opt.Shard.N > 0 {
		if err := b.writeShard(&res); err != nil {
			return res, err
		}
		b.collectWarnings(&res, set.refused)
	} else {
		// the warnings are gathered and the details written while the
		// index page and the sitemap are made (neither reads what the
		// other writes)
		var details sync.WaitGroup
		details.Go(func() {
			b.collectWarnings(&res, set.refused)
			b.saveDetails()
		})
		err := b.writeOthers(&res)
		if err == nil {
			b.removeStale(&res)
		}
		details.Wait()
		if err != nil {
			return res, err
		}
	}
	if err := b.save(res); err != nil {
		return res, err
	}
	os.Remove(marker)
	return res, nil
}

// outputsSeen are the files the last build wrote for its pages, as a stat
// sees them now.
type outputsSeen struct {
	done chan struct{} // closed once every file is seen
	// now holds the stat of each file, in the state's order: a page's
	// outputs from its pageBuild.first on
	now []fileStat
}

// statOutputs stats the files the last build wrote for its pages, on
// every core, while the inputs are read and hashed: a build with nothing
// to do is mostly these stats.
func (b *builder) statOutputs() *outputsSeen {
	seen := &outputsSeen{done: make(chan struct{})}
	names := make([]string, b.old.outputs)
	for _, pb := range b.old.Pages {
		for i, o := range pb.Outputs {
			names[pb.first+i] = o.Path
		}
	}
	go func() {
		seen.now = statAll(b.cfg.Dir, names)
		close(seen.done)
	}()
	return seen
}

// makeKeys unpacks the catalogues' regions, makes the key of the shell's
// texts (whose content hash is shell) and, on every core, the keys of n
// pages: page(i) names the i-th, its content's hash and where its key goes.
func (b *builder) makeKeys(shell [32]byte, n int, page func(i int) (string, [32]byte, *[32]byte)) {
	for _, cf := range b.cats {
		if idx, ok := b.next.Catalogs[cf.name]; ok && idx.packed != "" {
			idx.unpack()
			b.next.Catalogs[cf.name], cf.regions, cf.byPage = idx, idx.Regions, nil
		}
		cf.region("") // its index made now, before it is read on every core
	}
	// every page shows the shell's texts: their key is in every page's
	b.shellKey = b.pageKey(interfacePage, shell)
	parallel(n, func(i int) {
		name, content, key := page(i)
		*key = b.pageKey(name, content, b.shellKey[:])
	})
}

// inputsOf hashes the pages' names with their contents' hashes.
func inputsOf(pages []string, hashes [][32]byte) [32]byte {
	h := newPartHasher()
	for i, p := range pages {
		h.addString(p)
		h.add(hashes[i][:])
	}
	return h.sum()
}

// pageKey hashes what a page's files are made of: its content, and its
// section (or none) in each catalogue, and more (the key of the shell's
// texts).
func (b *builder) pageKey(page string, content [32]byte, more ...[]byte) [32]byte {
	buf := make([]byte, 0, 512) // on the stack: the parts of a key fit
	buf = appendPart(buf, page)
	buf = appendPart(buf, content[:])
	for _, m := range more {
		buf = appendPart(buf, m)
	}
	for _, cf := range b.cats {
		buf = appendPart(buf, cf.name)
		if i, ok := cf.regionIndex(page); ok {
			buf = appendPart(buf, cf.regions[i].Hash[:])
		} else {
			buf = appendPart(buf, "")
		}
	}
	return sha256.Sum256(buf)
}

// pageHashes hashes every content page, reading only those whose stamps
// the cache cannot vouch for; the hash of pages[i] is the i-th.
func pageHashes(cfg Config, files pageFiles, pages []string) ([][32]byte, error) {
	var old inputsState
	readState(cfg, inputsStateFile, &old)
	names := make([]string, len(pages)) // "" for the shell's texts, which have no file
	// the pages are statted from the content directory, where the system
	// walks one name for each
	inContent := make([]string, len(pages))
	prefix := cfg.Content + string(filepath.Separator)
	for i, p := range pages {
		names[i] = files[p]
		if inContent != nil && names[i] != "" {
			inContent[i] = strings.TrimPrefix(names[i], prefix)
			if len(inContent[i]) == len(names[i]) {
				inContent = nil // not all there as named: statted as named
			}
		}
	}
	var stats []fileStat
	if inContent != nil {
		stats = statAll(cfg.Path(cfg.Content), inContent)
	} else {
		stats = statAll(cfg.Dir, names)
	}
	out := make([][32]byte, len(pages))
	changed := false
	var buf []byte // the pages read, one after another
	for i, name := range names {
		if name == "" {
			out[i] = interfaceStamp(cfg).Hash
			continue
		}
		if stats[i].err != nil {
			return nil, stats[i].err
		}
		st := stats[i].stamp()
		if was, ok := old.Stamps[name]; ok && unchanged(st, was) {
			st.Hash = was.Hash
		} else {
			var err error
			if buf, err = appendFile(buf[:0], cfg.Path(name)); err != nil {
				return nil, err
			}
			st.Hash = sha256.Sum256(buf)
			changed = true
		}
		out[i] = st.Hash
	}
	if changed {
		next := inputsState{Stamps: make(map[string]stamp, len(pages)+len(old.Stamps))}
		for i, name := range names {
			if name != "" {
				st := stats[i].stamp()
				st.Hash = out[i]
				next.Stamps[name] = st
			}
		}
		// keep the other inputs' stamps (the catalogues') for check
		for name, st := range old.Stamps {
			if _, ok := next.Stamps[name]; !ok && !strings.HasPrefix(name, cfg.Content+string(filepath.Separator)) {
				next.Stamps[name] = st
			}
		}
		writeState(cfg, inputsStateFile, &next)
	}
	return out, nil
}

// render renders pages, a chunk at a time, each chunk on every core.
func (b *builder) render(pages []string, res *BuildResult) error {
	cfg := b.cfg
	res.Rendered = len(pages)
	if len(pages) == 0 {
		return nil
	}
	if b.opt.Rendering != nil {
		b.opt.Rendering()
	}
	n, err := Normalizer(cfg)
	if err != nil {
		return err
	}
	for _, cf := range b.cats {
		if cf.exists {
			f, err := os.Open(cf.path)
			if err != nil {
				return err
			}
			defer f.Close()
			cf.f = f
		}
	}
	workers := b.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for _, cf := range b.cats {
		cf.region("") // its index made now, before the chunks are read beside it
	}
	if err := b.readUI(); err != nil {
		return err
	}
	// a chunk is read while the one before it is rendered
	done := 0
	return readAhead(len(pages), buildChunkPages, func(from, to int) (*buildChunk, error) {
		c := b.readChunk(n, pages[from:to], workers)
		return c, c.err
	}, func(c *buildChunk) error {
		if err := b.renderChunk(c, workers, res); err != nil {
			return err
		}
		done += len(c.loaded)
		if b.opt.Progress != nil {
			b.opt.Progress(ProgressStep{Stage: "rendering", Done: done, Total: len(pages), Unit: "pages"})
		}
		return nil
	})
}

// buildChunkPages is how many pages a build reads at a time. Two chunks
// are held at once, one read while the other is rendered: small ones keep
// the memory a build needs small, and the collector's work with it (a
// 10,000-page cold build took 11 % less CPU in chunks of 100 than of 250,
// and the same from 50 to 100).
var buildChunkPages = 100

// buildChunk is some pages as read, with their sections of every
// catalogue.
type buildChunk struct {
	loaded []*Page
	proj   *catalog.Project
	err    error
}

// readChunk reads some pages and their sections of every catalogue, each
// catalogue beside the others and the pages.
func (b *builder) readChunk(n *normalize.Normalizer, chunk []string, workers int) *buildChunk {
	inChunk := map[string]bool{}
	for _, p := range chunk {
		inChunk[p] = true
	}
	// every catalogue is read, so that a build names every broken one
	cats := make([]*catalog.Catalog, len(b.cats))
	errs := make([]error, len(b.cats))
	var wg sync.WaitGroup
	for i, cf := range b.cats {
		wg.Go(func() {
			cats[i], errs[i] = b.readSections(cf, inChunk)
		})
	}
	loaded, err := loadPagesWith(b.cfg, n, b.files, b.renamed, chunk, nil, workers)
	wg.Wait()
	if err != nil {
		return &buildChunk{err: err}
	}
	if err := joinLists(errs); err != nil {
		return &buildChunk{err: err}
	}
	return &buildChunk{loaded: loaded, proj: catalog.NewProject(b.cfg.Source, catalogPages(loaded), cats)}
}

// renderChunk renders and writes the pages of a chunk on every core.
func (b *builder) renderChunk(c *buildChunk, workers int, res *BuildResult) error {
	loaded, proj := c.loaded, c.proj
	type page struct {
		outputs  []output
		titles   []pageTitle
		warnings source.List
		err      error
	}
	made := make([]page, len(loaded))
	var next atomic.Int64 // each worker takes the next page there is
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for pi := int(next.Add(1) - 1); pi < len(loaded); pi = int(next.Add(1) - 1) {
				m := &made[pi]
				m.outputs, m.titles, m.err = b.renderPage(proj, pi, loaded[pi])
				if m.err == nil {
					m.outputs, m.err = b.out.write(m.outputs)
				}
				// how the page was read, then what its languages lack
				m.warnings = append(slices.Clip(loaded[pi].File.Warnings), proj.PageStatus(pi)...)
			}
		})
	}
	wg.Wait()
	for pi, pg := range loaded {
		m := made[pi]
		if m.err != nil {
			return m.err
		}
		pb := b.next.Pages[pg.Name]
		pb.Warnings, pb.Outputs = len(m.warnings), nil
		pb.Withheld = len(b.site.Languages) - len(publishedIn(b.site.Languages, m.titles))
		b.details[pg.Name] = pageDetail{Titles: m.titles, Warnings: m.warnings, Lines: b.lines(pg.Name)}
		b.detailsChanged = true
		for _, o := range m.outputs {
			pb.Outputs = append(pb.Outputs, fileStamp{Path: o.path, Stamp: o.stamp})
			if o.wrote {
				res.Written = append(res.Written, o.path)
			} else {
				res.Unchanged++
			}
		}
		b.next.Pages[pg.Name] = pb
	}
	return nil
}

// readSections reads the sections of some pages from a catalogue.
func (b *builder) readSections(cf *catFile, pages map[string]bool) (*catalog.Catalog, error) {
	c := catalog.Empty(cf.name, cf.tag)
	if !cf.exists {
		return c, nil
	}
	c.BOM, c.CRLF = cf.bom > 0, cf.crlf
	wanted := func(r regionState) bool {
		if isPage(r.Page) {
			return pages[r.Page]
		}
		return !cf.checked
	}
	defer func() { cf.checked = true }()
	var whole bool
	read := func(r regionState, text string) error {
		part, err := catalog.ParseRegion(cf.name, cf.tag, text, catalog.Region{Page: r.Page, Line: r.Line})
		if err != nil {
			whole = true
			return err
		}
		if isPage(r.Page) { // the other regions are read to find a fault; the pages need none of them
			c.Append(part)
		}
		return nil
	}
	var err error
	if at, ok := cf.regionsOf(pages, !cf.checked); ok {
		err = cf.eachRegionAt(at, read)
	} else {
		err = cf.eachRegion(wanted, read)
	}
	if whole {
		// the file may be laid out otherwise (or broken): read it whole
		data, err := os.ReadFile(cf.path)
		if err != nil {
			return nil, err
		}
		return catalog.Parse(cf.name, cf.tag, data)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// output is one file of a page.
type output struct {
	path  string // as the manifest names it: relative to the project
	data  []byte
	wrote bool
	stamp stamp
}

// renderPage renders one page in every language.
func (b *builder) renderPage(proj *catalog.Project, pi int, pg *Page) ([]output, []pageTitle, error) {
	// each language's blocks as published, and the share of the page's
	// words they show translated
	pages := make([]*render.Page, len(b.site.Languages))
	titles := make([]pageTitle, len(b.site.Languages))
	var published []render.Language
	total := 0
	words := make([]int, len(pg.Blocks))
	for bi, blk := range pg.Blocks {
		words[bi] = segment.Words(blk.Text)
		total += words[bi]
	}
	// each block as published in each language: pubs[bi*len(tags)+li]
	tags := b.langs // the site's languages, in its order
	pubs := make([]catalog.Published, len(pg.Blocks)*len(tags))
	for bi := range pg.Blocks {
		proj.PublishedIn(pi, bi, tags, pubs[bi*len(tags):(bi+1)*len(tags)])
	}
	for li, lang := range b.site.Languages {
		rp := &render.Page{Name: pg.Name, Lang: lang, Body: pg.Body}
		t := pageTitle{Page: pg.Name, Title: pg.Name, Lang: lang.Tag.String()}
		done := 0
		rp.Blocks = make([]render.Block, 0, len(pg.Blocks))
		for bi, blk := range pg.Blocks {
			pub := pubs[bi*len(tags)+li]
			rp.Blocks = append(rp.Blocks, render.Block{Kind: blk.Kind, Text: pub.Text, Lang: pub.Lang, Inlines: blk.Inlines})
			if pub.Lang == lang.Tag {
				done += words[bi]
			}
			if blk.Kind == segment.Title {
				// a copy: the text is a piece of the catalogue chunk, which may go
				t.Title, t.Lang = strings.Clone(segment.StripPlaceholders(pub.Text)), pub.Lang.String()
			}
		}
		t.Percent = 100
		if total > 0 {
			t.Percent = done * 100 / total
		}
		// the content's own language is always published: it is the
		// original, and the page's x-default
		t.Published = b.opt.AllLanguages || t.Percent >= b.cfg.PublishThreshold || lang.Tag == b.cfg.Source
		if t.Published {
			published = append(published, lang)
		}
		pages[li], titles[li] = rp, t
	}
	var outs []output
	for li, lang := range b.site.Languages {
		if !titles[li].Published {
			continue
		}
		pages[li].Langs = published
		html, err := b.site.HTML(pages[li])
		if err != nil {
			return nil, nil, err
		}
		outs = append(outs, output{path: filepath.Join(b.cfg.Out, lang.Dir(), pg.Name, "index.html"), data: html})
	}
	return outs, titles, nil
}

// outputWriter writes the pages of one build. It remembers the
// directories it made or found, so that a page in a directory known to
// exist costs no look at the directory.
type outputWriter struct {
	cfg  Config
	dirs sync.Map
}

// write writes the files whose bytes changed and stamps those it left as
// they were (a file written is stamped once the build is done).
func (w *outputWriter) write(outs []output) ([]output, error) {
	for i := range outs {
		path := w.cfg.Path(outs[i].path)
		st, wrote, err := w.writeOne(path, outs[i].data)
		if err != nil {
			return nil, err
		}
		outs[i].stamp, outs[i].wrote, outs[i].data = st, wrote, nil
	}
	return outs, nil
}

// writeOne writes a page of the site, and returns its stamp and whether
// it wrote. Every file is written under a temporary name and renamed into
// place, so that a server never serves half a page and a build killed
// while writing leaves only a temporary file, which the next build
// removes. A file that exists is written only if its bytes change. The
// stamp of a file written is taken from the file before its rename.
func (w *outputWriter) writeOne(path string, data []byte) (stamp, bool, error) {
	dir := filepath.Dir(path)
	made, known := w.dirs.Load(dir)
	if !known {
		// its parent is most often known to exist: one call, not a walk
		err := os.Mkdir(dir, 0o755)
		if errors.Is(err, fs.ErrNotExist) {
			err = os.MkdirAll(dir, 0o755)
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return stamp{}, false, err
		}
		made = err == nil
		w.dirs.Store(dir, made)
	}
	// In a directory this build made, nothing is there yet: no old
	// version a half-written file could stand in for, so the file is
	// written where it belongs, with no temporary file and rename. If the build is killed while writing
	// it, the next build finds the file unlike what it renders (and
	// unlike the stamp in the manifest) and replaces it.
	if made == true {
		st, err := writeNew(path, data)
		return st, err == nil, err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		st, err := stat(path)
		return st, false, err
	}
	tmp := tempName(path)
	st, err := writeNew(tmp, data)
	if err == nil {
		if err = rename(tmp, path); err != nil {
			os.Remove(tmp)
		}
	}
	return st, err == nil, err
}

// titles lists, per language, the index entries of every page, in content
// order.
func (b *builder) titles() [][]render.IndexEntry {
	out := make([][]render.IndexEntry, len(b.site.Languages))
	for _, p := range b.pages {
		if p == interfacePage {
			continue
		}
		pd := b.details[p]
		for li := range b.site.Languages {
			if li < len(pd.Titles) && pd.Titles[li].Published {
				t := pd.Titles[li]
				out[li] = append(out[li], render.IndexEntry{Page: t.Page, Title: t.Title, Lang: language.Make(t.Lang)})
			}
		}
	}
	return out
}

// writeOthers writes the index page and the sitemap, after the pages,
// unless what they are made of is as the last build made them from and
// they are as it wrote them.
func (b *builder) writeOthers(res *BuildResult) error {
	h := newPartHasher()
	h.add(b.next.Site[:])
	h.add(b.shellKey[:])
	for _, p := range b.pages {
		h.addString(p)
		for _, t := range b.details[p].Titles {
			h.addString(t.Title)
			h.addString(t.Lang)
			h.addString(strconv.FormatBool(t.Published))
		}
	}
	b.next.OthersKey = h.sum()
	if b.next.OthersKey == b.old.OthersKey && b.othersIntact() {
		res.Unchanged += len(b.next.Others)
		return nil
	}
	if err := b.readUI(); err != nil {
		return err
	}
	var sitemap []byte
	made := make(chan struct{})
	go func() {
		sitemap = b.site.Sitemap(b.sitemapPages())
		close(made)
	}()
	index, err := b.site.Index(b.titles())
	<-made
	if err != nil {
		return err
	}
	outs, err := siteFiles(b.cfg, b.site, index, sitemap)
	if err != nil {
		return err
	}
	if outs, err = b.out.write(outs); err != nil {
		return err
	}
	for _, o := range outs {
		b.next.Others[o.path] = o.stamp
		if o.wrote {
			res.Written = append(res.Written, o.path)
		} else {
			res.Unchanged++
		}
	}
	return nil
}

// othersIntact reports whether the index page and the sitemap are as the
// last build wrote them.
func (b *builder) othersIntact() bool {
	if len(b.old.Others) == 0 || !outputsIntact(b.cfg, b.old.Others) {
		return false
	}
	b.next.Others = b.old.Others
	return true
}

// outputsIntact reports whether every file of a list is still as written.
func outputsIntact(cfg Config, outputs map[string]stamp) bool {
	for name, was := range outputs {
		now, err := stat(cfg.Path(name))
		if err != nil || !unchanged(now, was) {
			return false
		}
	}
	return len(outputs) > 0
}

// removeStale removes the files earlier builds wrote that no longer
// belong to the site: of a page or a language gone. Only files a build
// recorded as its own are removed.
func (b *builder) removeStale(res *BuildResult) {
	keep := map[string]bool{}
	for _, pb := range b.next.Pages {
		for _, o := range pb.Outputs {
			keep[o.Path] = true
		}
	}
	for o := range b.next.Others {
		keep[o] = true
	}
	var gone []string
	for _, pb := range b.old.Pages {
		for _, o := range pb.Outputs {
			if !keep[o.Path] {
				gone = append(gone, o.Path)
			}
		}
	}
	for o := range b.old.Others {
		if !keep[o] && len(b.next.Others) > 0 {
			gone = append(gone, o)
		}
	}
	sort.Strings(gone)
	for _, o := range gone {
		path := b.cfg.Path(o)
		if err := os.Remove(path); err == nil || errors.Is(err, fs.ErrNotExist) {
			if err == nil {
				res.Removed = append(res.Removed, o) // one already gone is not news
			}
			// and the directories it leaves empty, up to the output's
			for dir := filepath.Dir(path); dir != b.cfg.Path(b.cfg.Out) && strings.HasPrefix(dir, b.cfg.Path(b.cfg.Out)); dir = filepath.Dir(dir) {
				if os.Remove(dir) != nil {
					break
				}
			}
		}
	}
}

// catalogsAsRecorded reports whether every catalogue is as the last
// build recorded it, stamp for stamp.
func (b *builder) catalogsAsRecorded() bool {
	if len(b.next.Catalogs) != len(b.old.Catalogs) {
		return false
	}
	for name, idx := range b.next.Catalogs {
		if old, ok := b.old.Catalogs[name]; !ok || old.Stamp != idx.Stamp {
			return false
		}
	}
	return true
}

// readDetails reads the details the last build left, and reports
// whether they are there and go with its state.
func (b *builder) readDetails() bool {
	if b.details != nil {
		return true
	}
	var d buildDetails
	if !readState(b.cfg, buildDetailsFile, &d) || d.ID != b.old.Details {
		b.details = map[string]pageDetail{}
		return len(b.old.Pages) == 0
	}
	b.details = d.Pages
	if b.details == nil {
		b.details = map[string]pageDetail{}
	}
	return true
}

// collectWarnings reports the catalogues refused, then the pages'
// warnings in order: every one if asked for and known, else the sample
// the last build recorded.
func (b *builder) collectWarnings(res *BuildResult, refused source.List) {
	for _, d := range refused {
		d.Severity = source.Warning
		res.Warnings = append(res.Warnings, d)
	}
	res.WarningCount = len(refused)
	for _, p := range b.pages {
		res.WarningCount += b.next.Pages[p].Warnings
		res.Withheld += b.next.Pages[p].Withheld
	}
	if b.details == nil {
		res.Warnings = append(res.Warnings, b.old.Sample...)
		return
	}
	var all source.List
	for _, p := range b.pages {
		pd := b.details[p]
		now := b.lines(p)
		for _, d := range pd.Warnings {
			d.Severity = source.Warning
			for i, cf := range b.cats {
				if d.Pos.File == cf.name && i < len(pd.Lines) && pd.Lines[i] > 0 && now[i] > 0 {
					d.Pos.Line += now[i] - pd.Lines[i]
				}
			}
			all = append(all, d)
		}
	}
	if b.opt.AllWarnings {
		all.Sort()
		b.next.Sample = all[:min(len(all), WarningSample)]
	} else {
		all = all.First(WarningSample)
		b.next.Sample = all
	}
	res.Warnings = append(res.Warnings, all...)
}

// save records what the build read and wrote, a little after the files it
// wrote, so that their stamps can vouch for them. The details the state
// names are written before (saveDetails), since a state names only details
// written whole.
func (b *builder) save(res BuildResult) error {
	// a stamp taken as a file was written vouches for it once the clock
	// is a tick past its time
	var stamps []*stamp
	for _, pb := range b.next.Pages {
		for i := range pb.Outputs {
			if !pb.Outputs[i].Stamp.Settled {
				stamps = append(stamps, &pb.Outputs[i].Stamp)
			}
		}
	}
	var latest int64
	for _, st := range stamps {
		latest = max(latest, st.ModTime)
	}
	for _, st := range b.next.Others {
		if !st.Settled {
			latest = max(latest, st.ModTime)
		}
	}
	if latest > 0 {
		time.Sleep(min(settle, time.Until(time.Unix(0, latest).Add(settle))))
		now := time.Now().UnixNano()
		for _, st := range stamps {
			st.Settled = settled(st.ModTime, now)
		}
		for o, st := range b.next.Others {
			if !st.Settled && settled(st.ModTime, now) {
				st.Settled = true
				b.next.Others[o] = st
			}
		}
	}
	if b.opt.Shard.N > 0 {
		return nil // a shard's pages are recorded in the shard's summary
	}
	writeState(b.cfg, buildStateFile, &b.next)
	return nil
}

// saveDetails writes the details of every page, when they changed, and
// names them in the next state.
func (b *builder) saveDetails() {
	b.next.Details = b.old.Details
	if b.details == nil {
		b.next.Sample = b.old.Sample
	} else if b.detailsChanged || len(b.details) != len(b.pages) {
		d := buildDetails{Pages: make(map[string]pageDetail, len(b.pages))}
		for _, p := range b.pages {
			d.Pages[p] = b.details[p]
		}
		rand.Read(d.ID[:])
		writeState(b.cfg, buildDetailsFile, &d)
		b.next.Details = d.ID
	}
}

// joinLists joins errors, positioned ones into one sorted list.
func joinLists(errs []error) error {
	var list source.List
	var other []error
	for _, err := range errs {
		var l source.List
		switch {
		case err == nil:
		case errors.As(err, &l):
			list = append(list, l...)
		default:
			other = append(other, err)
		}
	}
	if len(other) > 0 {
		return errors.Join(append(other, list.Err())...)
	}
	return list.Err()
}

// readUI reads the shell's texts, as published in every language, from
// the catalogues (see interfacePage).
func (b *builder) readUI() error {
	if b.site.UI != nil {
		return nil
	}
	pg, err := loadInterface(b.cfg)
	if err != nil {
		return err
	}
	cats := make([]*catalog.Catalog, len(b.cats))
	for i, cf := range b.cats {
		if cf.exists && cf.f == nil {
			f, err := os.Open(cf.path)
			if err != nil {
				return err
			}
			defer func() { f.Close(); cf.f = nil }()
			cf.f = f
		}
		if cats[i], err = b.readSections(cf, map[string]bool{interfacePage: true}); err != nil {
			return err
		}
	}
	proj := catalog.NewProject(b.cfg.Source, catalogPages([]*Page{pg}), cats)
	texts := make([][]render.UIText, len(b.site.Languages))
	for li, lang := range b.site.Languages {
		for bi := range pg.Blocks {
			pub := proj.Published(0, bi, lang.Tag)
			texts[li] = append(texts[li], render.UIText{Text: strings.Clone(pub.Text), Lang: pub.Lang.String()})
		}
	}
	b.site.UI = siteUI(texts)
	return nil
}

// sitemapPages lists the pages for the sitemap, each in the languages it
// is published in.
func (b *builder) sitemapPages() []render.SitemapPage {
	var out []render.SitemapPage
	for _, p := range b.pages {
		if p != interfacePage {
			out = append(out, render.SitemapPage{Name: p, Langs: publishedIn(b.site.Languages, b.details[p].Titles)})
		}
	}
	return out
}

// siteFiles are the files of the site besides its pages: the root page,
// the sitemap, robots.txt, the style sheet, and a not-found page in each
// language (the first language's also at the root, where servers look).
func siteFiles(cfg Config, site *render.Site, index, sitemap []byte) ([]output, error) {
	outs := []output{
		{path: filepath.Join(cfg.Out, "index.html"), data: index},
		{path: filepath.Join(cfg.Out, "sitemap.xml"), data: sitemap},
		{path: filepath.Join(cfg.Out, "robots.txt"), data: site.Robots()},
		{path: filepath.Join(cfg.Out, "style.css"), data: site.StyleSheet()},
	}
	for i, l := range site.Languages {
		nf, err := site.NotFound(l)
		if err != nil {
			return nil, err
		}
		outs = append(outs, output{path: filepath.Join(cfg.Out, l.Dir(), "404.html"), data: nf})
		if i == 0 {
			outs = append(outs, output{path: filepath.Join(cfg.Out, "404.html"), data: nf})
		}
	}
	return outs, nil
}

// layoutsDir is where a project keeps its own layouts, beside xlate.toml.
const layoutsDir = "layouts"

// readLayouts reads the project's own layouts (see render.Layouts) and
// hashes them: they are inputs of every page.
func readLayouts(cfg Config) (*render.Layouts, [32]byte, error) {
	var parts [][]byte
	for _, name := range []string{"page.html", "index.html"} {
		data, _ := os.ReadFile(cfg.Path(filepath.Join(layoutsDir, name)))
		parts = append(parts, []byte(name), data)
	}
	ls, err := render.ReadLayouts(cfg.Path(layoutsDir))
	if err != nil {
		return nil, [32]byte{}, source.Errorf(source.Pos{File: layoutsDir}, "%v", err)
	}
	return ls, hashOf(parts...), nil
}

// publishedIn lists the languages a page is published in, from its
// titles in each.
func publishedIn(langs []render.Language, titles []pageTitle) []render.Language {
	var out []render.Language
	for i, l := range langs {
		if i < len(titles) && titles[i].Published {
			out = append(out, l)
		}
	}
	return out
}
