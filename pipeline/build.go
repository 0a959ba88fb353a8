package pipeline

import (
	"path/filepath"

	"xlate/pipeline/render"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// BuildResult says what a build wrote and what it warned about.
type BuildResult struct {
	Written   []string // output files whose bytes changed
	Unchanged int
	Warnings  source.List // blocks shown in another language, catalogues refused
	Pages     int
	Languages int
	Cached    bool // nothing changed since the last build: nothing was read
	outputs   []string
}

// buildState is what the last build read and wrote.
type buildState struct {
	Key       [32]byte
	Outputs   map[string]stamp
	Warnings  source.List
	Pages     int
	Languages int
}

const buildStateFile = "build.state"

// BuildCached builds the site of cfg, or, when every input is byte for
// byte what the last build read and every file it wrote is still as it
// wrote it, does nothing but say so.
func BuildCached(cfg Config) (BuildResult, error) {
	key, keyErr := inputsKey(cfg)
	var last buildState
	if keyErr == nil && readState(cfg, buildStateFile, &last) && last.Key == key && outputsIntact(cfg, last.Outputs) {
		return BuildResult{Unchanged: len(last.Outputs), Warnings: last.Warnings, Pages: last.Pages, Languages: last.Languages, Cached: true}, nil
	}
	p, err := Load(cfg)
	if err != nil {
		return BuildResult{}, err
	}
	res, err := Build(p)
	if err != nil || keyErr != nil {
		return res, err
	}
	state := buildState{Key: key, Outputs: map[string]stamp{}, Warnings: res.Warnings, Pages: res.Pages, Languages: res.Languages}
	var paths []string
	for _, o := range res.outputs {
		paths = append(paths, cfg.Path(o))
	}
	if len(res.Written) > 0 {
		settleAfter(paths)
	}
	for i, o := range res.outputs {
		st, err := stat(paths[i])
		if err != nil {
			return res, nil
		}
		state.Outputs[o] = st
	}
	writeState(cfg, buildStateFile, &state)
	return res, nil
}

// outputsIntact reports whether every file a build wrote is still as it
// wrote it.
func outputsIntact(cfg Config, outputs map[string]stamp) bool {
	for name, was := range outputs {
		now, err := stat(cfg.Path(name))
		if err != nil || !unchanged(now, was) {
			return false
		}
	}
	return len(outputs) > 0
}

// Build renders every page in every language into the output directory. It
// reads the catalogues and never writes them. A block with no current
// translation is shown in the language it is written in, marked with its
// lang, and reported as a warning. Only files whose bytes changed are
// written, each atomically; nothing outside the output directory is
// touched.
func Build(p *Project) (BuildResult, error) {
	res := BuildResult{Pages: len(p.Pages), Languages: len(p.Langs)}
	if err := p.brokenError(); err != nil {
		return res, err
	}
	for _, d := range append(p.cat.Check(), p.Refused...) {
		d.Severity = source.Warning
		res.Warnings = append(res.Warnings, d)
	}
	res.Warnings.Sort()

	site := &render.Site{BaseURL: p.BaseURL}
	for _, t := range p.Langs {
		site.Languages = append(site.Languages, render.Language{Tag: t, Name: p.LanguageName(t)})
	}
	for _, pg := range p.Pages {
		site.Pages = append(site.Pages, pg.Name)
	}

	type output struct {
		path string
		data []byte
	}
	var outs []output
	titles := make([][]render.IndexEntry, len(site.Languages))
	for li, lang := range site.Languages {
		for pi, pg := range p.Pages {
			rp := &render.Page{Name: pg.Name, Lang: lang}
			title := render.IndexEntry{Page: pg.Name, Title: pg.Name, Lang: lang.Tag}
			for bi, b := range pg.Blocks {
				pub := p.cat.Published(pi, bi, lang.Tag)
				rp.Blocks = append(rp.Blocks, render.Block{Kind: b.Kind, Text: pub.Text, Lang: pub.Lang})
				if b.Kind == segment.Title {
					title.Title, title.Lang = pub.Text, pub.Lang
				}
			}
			html, err := site.HTML(rp)
			if err != nil {
				return res, err
			}
			outs = append(outs, output{filepath.Join(lang.Dir(), pg.Name, "index.html"), html})
			titles[li] = append(titles[li], title)
		}
	}
	index, err := site.Index(titles)
	if err != nil {
		return res, err
	}
	outs = append(outs, output{"index.html", index}, output{"sitemap.xml", site.Sitemap()})

	for _, o := range outs {
		path := filepath.Join(p.Out, o.path)
		res.outputs = append(res.outputs, path)
		wrote, err := writeFile(p.Path(path), o.data)
		if err != nil {
			return res, err
		}
		if wrote {
			res.Written = append(res.Written, path)
		} else {
			res.Unchanged++
		}
	}
	return res, nil
}
