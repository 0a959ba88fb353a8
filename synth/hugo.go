package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xlate/pipeline"
	"xlate/pipeline/segment"
)

// Hugo writes, into dir, a Hugo site of the same pages as the xlate project
// in project: every page in every language with the text xlate publishes,
// as Markdown, and layouts that write what xlate's page does (the lang, the
// canonical link and the language alternates, the language picker, the
// breadcrumb, headings and paragraphs), with Hugo's sitemap. It is the
// peer a build of the project is measured against:
//
//	go install github.com/gohugoio/hugo@v0.165.0
//	go run ./cmd/synth -hugo /tmp/hugo-site -from /tmp/site
//	hugo --source /tmp/hugo-site
func Hugo(project, dir string) error {
	cfg, err := pipeline.LoadConfig(filepath.Join(project, pipeline.ConfigFile))
	if err != nil {
		return err
	}
	p, err := pipeline.Load(cfg)
	if err != nil {
		return err
	}
	var langs strings.Builder
	for i, t := range p.Langs {
		fmt.Fprintf(&langs, "[languages.%s]\nlanguageCode = %q\nlanguageName = %q\ncontentDir = \"content/%s\"\nweight = %d\n\n",
			strings.ToLower(t.String()), t.String(), cfg.LanguageName(t), strings.ToLower(t.String()), i+1)
	}
	config := fmt.Sprintf("baseURL = %q\ndefaultContentLanguage = %q\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\n%s",
		cfg.BaseURL, strings.ToLower(p.Langs[0].String()), langs.String())
	if err := write(filepath.Join(dir, "hugo.toml"), config); err != nil {
		return err
	}
	for name, text := range hugoLayouts {
		if err := write(filepath.Join(dir, "layouts", name), text); err != nil {
			return err
		}
	}
	cat := p.Entries()
	for pi, pg := range p.Pages {
		for _, t := range p.Langs {
			var crumbs, body []string
			title := pg.Name
			for bi, b := range pg.Blocks {
				pub := cat.Published(pi, bi, t)
				switch b.Kind {
				case segment.Breadcrumb:
					crumbs = append(crumbs, fmt.Sprintf("%q", pub.Text))
				case segment.Title:
					title = pub.Text
				case segment.Heading:
					body = append(body, "## "+pub.Text)
				default:
					body = append(body, pub.Text)
				}
			}
			md := fmt.Sprintf("---\ntitle: %q\nbreadcrumb: [%s]\n---\n\n%s\n", title, strings.Join(crumbs, ", "), strings.Join(body, "\n\n"))
			if err := write(filepath.Join(dir, "content", strings.ToLower(t.String()), pg.Name+".md"), md); err != nil {
				return err
			}
		}
	}
	return os.MkdirAll(filepath.Join(dir, "static"), 0o755)
}

var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header>
<nav class="languages"><ul>
{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.LanguageCode }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></nav>
{{ with .Params.breadcrumb }}<nav class="breadcrumb"><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol></nav>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
`,
}
