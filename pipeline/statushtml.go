package pipeline

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
)

// StatusHTML writes a status as one self-contained HTML page, for editors
// and as an artefact of CI: each language's and each page's share of the
// work as bar charts, the passages flagged for a person and what xlate
// check finds, each with its file and line, linked to the file relative to
// dir, where the page is written.
func StatusHTML(st *Status, dir, projectDir string) ([]byte, error) {
	link := func(file string, line int) string {
		if file == "" || strings.HasPrefix(file, "(") {
			return ""
		}
		rel, err := filepath.Rel(dir, filepath.Join(projectDir, file))
		if err != nil {
			return ""
		}
		return filepath.ToSlash(rel) + fmt.Sprintf("#L%d", line)
	}
	var b bytes.Buffer
	err := statusTemplate.Execute(&b, struct {
		*Status
		Link func(string, int) string
	}{st, link})
	return b.Bytes(), err
}

var statusTemplate = template.Must(template.New("status").Funcs(template.FuncMap{
	"pct": func(t, all int) string {
		if all == 0 {
			return "0"
		}
		return fmt.Sprintf("%.1f", float64(t)*100/float64(all))
	},
	"one": func(f float64) string { return fmt.Sprintf("%.1f", f) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation status</title>
<style>
body{font:15px/1.5 "Noto Sans","Noto Sans CJK SC",sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1f2328}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{text-align:left;padding:.2rem .5rem;border-bottom:1px solid #d1d9e0;vertical-align:middle}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;width:16rem;height:.9rem;background:#eee;border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%}
.t{background:#2da44e}.f{background:#d4a72c}.s{background:#8250df}.m{background:#cf222e}
.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
.no{color:#cf222e}
.wide{overflow-x:auto;margin:.5rem 0 1.5rem}
.wide table{margin:0}
td:first-child{white-space:nowrap}
@media (max-width:40rem){
  .bar{width:5rem}
  th,td{padding:.2rem .3rem}
  /* a passage or a finding a card: its cells one under the other */
  #flagged tr:first-child,#findings tr:first-child{display:none}
  #flagged tr,#findings tr{display:block;padding:.4rem 0;border-bottom:1px solid #d1d9e0}
  #flagged td,#findings td{display:block;border:0;padding:0;white-space:normal;overflow-wrap:anywhere}
}
</style>
</head>
<body>
<main>
<h1>Translation status</h1>
<p class="key">Words of the source:<span class="t"></span>translated<span class="f"></span>fuzzy<span class="s"></span>suggested<span class="m"></span>missing. A page is published in a language once {{.Threshold}} % of its words are translated.</p>
<div class="wide" tabindex="0" role="region" aria-label="Languages"><table id="languages">
<tr><th>Language</th><th>Words</th><th class="n">Translated</th><th class="n">Fuzzy</th><th class="n">Suggested</th><th class="n">Missing</th><th class="n">Obsolete</th><th class="n">Pages published</th></tr>
{{range .Languages}}{{$w := .Total.Words}}<tr data-lang="{{.Lang}}">
<td lang="{{.Lang}}">{{.Name}}</td>
<td><div class="bar" role="img" aria-label="{{pct .Total.Translated.Words $w}} % translated"><span class="t" style="width:{{pct .Total.Translated.Words $w}}%"></span><span class="f" style="width:{{pct .Total.Fuzzy.Words $w}}%"></span><span class="s" style="width:{{pct .Total.Suggested.Words $w}}%"></span><span class="m" style="width:{{pct .Total.Missing.Words $w}}%"></span></div></td>
<td class="n" data-words="{{.Total.Translated.Words}}">{{.Total.Translated.Entries}}</td><td class="n" data-words="{{.Total.Fuzzy.Words}}">{{.Total.Fuzzy.Entries}}</td><td class="n" data-words="{{.Total.Suggested.Words}}">{{.Total.Suggested.Entries}}</td><td class="n" data-words="{{.Total.Missing.Words}}">{{.Total.Missing.Entries}}</td><td class="n" data-words="{{.Total.Obsolete.Words}}">{{.Total.Obsolete.Entries}}</td><td class="n">{{.Published}} of {{len .Pages}}</td>
</tr>
{{end}}</table></div>
{{range .Languages}}<h2 lang="{{.Lang}}">{{.Name}}</h2>
<div class="wide" tabindex="0" role="region" aria-label="Pages: {{.Name}}"><table class="pages" data-lang="{{.Lang}}">
<tr><th>Page</th><th>Words</th><th class="n">Translated</th><th class="n">Fuzzy</th><th class="n">Suggested</th><th class="n">Missing</th><th class="n">Obsolete</th><th>Published</th></tr>
{{range .Pages}}{{$w := .Counts.Words}}<tr data-page="{{.Page}}" data-percent="{{one .Percent}}">
<td>{{.Page}}</td>
<td><div class="bar" role="img" aria-label="{{one .Percent}} % translated"><span class="t" style="width:{{pct .Counts.Translated.Words $w}}%"></span><span class="f" style="width:{{pct .Counts.Fuzzy.Words $w}}%"></span><span class="s" style="width:{{pct .Counts.Suggested.Words $w}}%"></span><span class="m" style="width:{{pct .Counts.Missing.Words $w}}%"></span></div></td>
<td class="n">{{.Counts.Translated.Entries}}</td><td class="n">{{.Counts.Fuzzy.Entries}}</td><td class="n">{{.Counts.Suggested.Entries}}</td><td class="n">{{.Counts.Missing.Entries}}</td><td class="n">{{.Counts.Obsolete.Entries}}</td><td>{{if .Published}}yes{{else}}<span class="no">no</span>{{end}} ({{one .Percent}} %)</td>
</tr>
{{end}}</table></div>
{{end}}<h2>Flagged passages</h2>
{{if .Flagged}}<div class="wide" tabindex="0" role="region" aria-label="Flagged passages"><table id="flagged">
<tr><th>Where</th><th>Entry</th><th>Rule</th><th>Why</th><th>Rewritten</th></tr>
{{range .Flagged}}<tr><td>{{with call $.Link .Pos.File .Pos.Line}}<a href="{{.}}">{{end}}{{.Pos}}{{with call $.Link .Pos.File .Pos.Line}}</a>{{end}}</td><td>{{.Entry}}</td><td>{{.Rule}}</td><td>{{.Reason}}</td><td>{{if .Rewritten}}yes{{else}}<span class="no">no</span>{{end}}</td></tr>
{{end}}</table></div>
{{else}}<p>None.</p>
{{end}}<h2>Check findings</h2>
{{if .Findings}}<div class="wide" tabindex="0" role="region" aria-label="Check findings"><table id="findings">
<tr><th>Where</th><th>Severity</th><th>Finding</th></tr>
{{range .Findings}}<tr><td>{{with call $.Link .Pos.File .Pos.Line}}<a href="{{.}}">{{end}}{{.Pos}}{{with call $.Link .Pos.File .Pos.Line}}</a>{{end}}</td><td>{{if eq .Severity 1}}warning{{else}}error{{end}}</td><td>{{.Msg}}</td></tr>
{{end}}</table></div>
{{else}}<p>None.</p>
{{end}}</main>
</body>
</html>
`))
