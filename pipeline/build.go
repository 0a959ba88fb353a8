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
}

// Build renders every page in every language into the output directory. It
// reads the catalogues and never writes them. A block with no current
// translation is shown in the language it is written in, marked with its
// lang, and reported as a warning. Only files whose bytes changed are
// written, each atomically; nothing outside the output directory is
// touched.
func Build(p *Project) (BuildResult, error) {
	var res BuildResult
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
