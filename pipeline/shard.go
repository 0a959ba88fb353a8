package pipeline

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/text/language"

	"xlate/pipeline/render"
	"xlate/pipeline/source"
)

// A site too large for one machine is built in shards, on as many CI jobs:
// `xlate build --shard i/n` renders the pages of shard i (see ShardOf) and
// leaves, beside them, a summary of what the index page and the sitemap
// need; `xlate build --merge` then, on the union of every shard's output,
// writes the index page and the sitemap and removes the summaries. The
// result is byte for byte what one build writes.

// shardDir holds the shards' summaries inside the output directory, until
// the merge.
const shardDir = ".xlate-shards"

// shardSummary is what a shard tells the merge.
type shardSummary struct {
	Site   [32]byte
	I, N   int
	Pages  []string // every page of the site
	Titles map[string][]pageTitle
	UI     []render.UI // the shell's texts in each language
}

func shardFile(cfg Config, i, n int) string {
	return cfg.Path(filepath.Join(cfg.Out, shardDir, fmt.Sprintf("%d-of-%d", i, n)))
}

// writeShard leaves a shard's summary in the output directory.
func (b *builder) writeShard(res *BuildResult) error {
	if err := b.readUI(); err != nil {
		return err
	}
	sum := shardSummary{Site: b.next.Site, I: b.opt.Shard.I, N: b.opt.Shard.N, Pages: b.pages, Titles: map[string][]pageTitle{}, UI: b.site.UI}
	for p := range b.next.Pages {
		sum.Titles[p] = b.details[p].Titles
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&sum); err != nil {
		return err
	}
	path := shardFile(b.cfg, sum.I, sum.N)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	_, err := writeFile(path, buf.Bytes())
	return err
}

// MergeResult says what a merge wrote.
type MergeResult struct {
	Written []string
	Shards  int
}

// Merge writes the index page and the sitemap of a site built in shards,
// from the summaries every shard left in the output directory, and removes
// the summaries. It refuses shards of another site (another program,
// configuration or set of languages) or a missing shard.
func Merge(cfg Config) (MergeResult, error) {
	var res MergeResult
	if err := checkOut(cfg); err != nil {
		return res, err
	}
	dir := cfg.Path(filepath.Join(cfg.Out, shardDir))
	names, _ := filepath.Glob(filepath.Join(dir, "*-of-*"))
	sort.Strings(names)
	pos := source.Pos{File: filepath.Join(cfg.Out, shardDir)}
	if len(names) == 0 {
		return res, source.Errorf(pos, "no shard summaries: build the shards first (xlate build --shard i/n) into %s", cfg.Out)
	}
	var sums []shardSummary
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return res, err
		}
		var s shardSummary
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
			return res, source.Errorf(source.Pos{File: name}, "not a shard summary: %v", err)
		}
		sums = append(sums, s)
	}
	n := sums[0].N
	seen := map[int]bool{}
	for _, s := range sums {
		if s.N != n || s.Site != sums[0].Site {
			return res, source.Errorf(pos, "the shards were built from different projects, programs or shard counts; build them again from one commit")
		}
		seen[s.I] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			return res, source.Errorf(pos, "shard %d of %d is missing", i, n)
		}
	}
	set, err := discoverCatalogs(cfg)
	if err != nil {
		return res, err
	}
	site := &render.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL, UI: sums[0].UI}
	for _, t := range set.langs {
		site.Languages = append(site.Languages, render.Language{Tag: t, Name: cfg.LanguageName(t)})
	}
	if site.Layouts, _, err = readLayouts(cfg); err != nil {
		return res, err
	}
	titles := make([][]render.IndexEntry, len(site.Languages))
	var pages []render.SitemapPage
	for _, p := range sums[0].Pages {
		if p == interfacePage {
			continue
		}
		var ts []pageTitle
		for _, s := range sums {
			if t, ok := s.Titles[p]; ok {
				ts = t
			}
		}
		if len(ts) != len(site.Languages) {
			return res, source.Errorf(pos, "no shard built page %s", p)
		}
		pages = append(pages, render.SitemapPage{Name: p, Langs: publishedIn(site.Languages, ts)})
		for li, t := range ts {
			if t.Published {
				titles[li] = append(titles[li], render.IndexEntry{Page: t.Page, Title: t.Title, Lang: language.Make(t.Lang)})
			}
		}
	}
	index, err := site.Index(titles)
	if err != nil {
		return res, err
	}
	outs, err := siteFiles(cfg, site, index, site.Sitemap(pages))
	if err != nil {
		return res, err
	}
	if outs, err = (&outputWriter{cfg: cfg}).write(outs); err != nil {
		return res, err
	}
	for _, o := range outs {
		if o.wrote {
			res.Written = append(res.Written, o.path)
		}
	}
	res.Shards = n
	return res, os.RemoveAll(dir)
}
