package pipeline

import (
	"path/filepath"

	"golang.org/x/text/language"

	"xlate/pipeline/render"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// BuildResult says what a build wrote and what it warned about.
type BuildResult struct {
	Written   []string // output files whose bytes changed
	Unchanged int
	Warnings  source.List // blocks shown in the source language, flagged English
}

// Build renders every page in every language into the output directory. It
// reads the catalogues and never writes them. A block whose translation is
// missing or stale is shown in the source language, marked with its lang,
// and reported as a warning. Only files whose bytes changed are written,
// each atomically; nothing outside the output directory is touched.
func Build(p *Project) (BuildResult, error) {
	var res BuildResult
	if err := p.brokenError(); err != nil {
		return res, err
	}
	for _, d := range p.status() {
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
		for _, pg := range p.Pages {
			rp := &render.Page{Name: pg.Name, Lang: lang}
			title := pg.Name
			for i := range pg.Blocks {
				b := p.published(blockRef{pg, i}, lang.Tag)
				rp.Blocks = append(rp.Blocks, b)
				if b.Kind == segment.Title {
					title = b.Text
				}
			}
			html, err := site.HTML(rp)
			if err != nil {
				return res, err
			}
			outs = append(outs, output{filepath.Join(lang.Dir(), pg.Name, "index.html"), html})
			titles[li] = append(titles[li], render.IndexEntry{Page: pg.Name, Title: title})
		}
	}
	index, err := site.Index(titles)
	if err != nil {
		return res, err
	}
	outs = append(outs, output{"index.html", index}, output{"sitemap.xml", site.Sitemap()})

	for _, o := range outs {
		path := filepath.Join(p.Out, o.path)
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

// published returns a block as the page in lang shows it: the current
// translation, else the English.
func (p *Project) published(r blockRef, lang language.Tag) render.Block {
	b := r.block()
	en := p.english(r)
	out := render.Block{Kind: b.Kind, Text: en, Lang: p.Source}
	if lang == p.Source {
		return out
	}
	if e := p.catalogFor(lang).Lookup(r.id()); e.Translated(segment.Hash(en)) {
		out.Text, out.Lang = e.Other, lang
	}
	return out
}
