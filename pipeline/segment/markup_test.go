package segment

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// block is a block as the tests compare them.
type block struct {
	Kind Kind
	Text string
}

func blocks(p *Page) []block {
	var out []block
	for _, b := range p.Blocks {
		out = append(out, block{b.Kind, b.Text})
	}
	return out
}

// body writes a page's body with each block's number in its slot.
func body(p *Page) string {
	var b strings.Builder
	for _, pt := range p.Body {
		switch {
		case pt.Block == 0:
			b.WriteString(pt.Markup)
		case pt.Attr != "":
			b.WriteString("<" + pt.Tag + pt.Attrs + " " + pt.Attr + "=#" + itoa(pt.Block) + ">")
		case pt.Tag == "":
			b.WriteString("#" + itoa(pt.Block))
		default:
			b.WriteString("<" + pt.Tag + pt.Attrs + ">#" + itoa(pt.Block) + "</" + pt.Tag + ">")
		}
	}
	return b.String()
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestMarkdown(t *testing.T) {
	src := "---\ntitle: Visiting the ward\ndescription: \"When to come, and what to bring\"\nslug: visiting\n---\n" +
		"The ward opens at *nine* and closes at **noon**.\nSee [the hours](https://x.org/h \"Opening hours\") or `config.Load()`.\n\n" +
		"## Rules\n\n- Wash hands\n- Bring:\n  - a book\n\n1. one\n\n| Day | Hours |\n|---|--:|\n| Mon | 9–12 |\n\n" +
		"![A ward](ward.jpg)\n\n```\nkeep  this\n```\n\n> Quote with &amp; and \\*stars\\*.\n\n病房每天九点\n开放。Line<br>two<sup>1</sup>\n\n[bad](javascript:alert(1))\n"
	fm, off, err := SplitFrontMatter(src)
	if err != nil {
		t.Fatal(err)
	}
	if fm.Slug != "visiting" || off != strings.Index(src, "The ward") {
		t.Fatalf("front matter %+v, text at %d", fm, off)
	}
	p := Markdown("visiting", src[off:], off, fm, nil)
	p.Finish()
	want := []block{
		{Title, "Visiting the ward"},
		{Description, "When to come, and what to bring"},
		{Paragraph, "The ward opens at <1>nine</1> and closes at <2>noon</2>. See <3>the hours</3> or <4>config.Load()</4>."},
		{LinkTitle, "Opening hours"},
		{Heading, "Rules"},
		{ListItem, "Wash hands"}, {ListItem, "Bring:"}, {ListItem, "a book"}, {ListItem, "one"},
		{Cell, "Day"}, {Cell, "Hours"}, {Cell, "Mon"}, {Cell, "9–12"},
		{Alt, "A ward"},
		{Paragraph, "Quote with & and *stars*."},
		{Paragraph, "病房每天九点开放。Line<1/>two<2>1</2>"},
		{Paragraph, "<1>bad</1>"},
	}
	if d := cmp.Diff(want, blocks(p)); d != "" {
		t.Errorf("blocks (-want +got):\n%s", d)
	}
	wantBody := "<p>#03</p>\n<h2>#05</h2>\n<ul>\n<li>#06</li>\n<li>#07<ul>\n<li>#08</li>\n</ul>\n</li>\n</ul>\n<ol>\n<li>#09</li>\n</ol>\n" +
		"<table>\n<thead>\n<tr>\n<th>#10</th>\n<th style=\"text-align:right\">#11</th>\n</tr>\n</thead>\n<tr>\n<td>#12</td>\n<td style=\"text-align:right\">#13</td>\n</tr>\n</table>\n" +
		"<p><img src=\"ward.jpg\" alt=#14></p>\n<pre><code>keep  this\n</code></pre>\n<blockquote>\n<p>#15</p>\n</blockquote>\n<p>#16</p>\n<p>#17</p>\n"
	if d := cmp.Diff(wantBody, body(p)); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	in := p.Blocks[2].Inlines
	if in[2].Tag != "a" || in[2].Attrs != ` href="https://x.org/h"` || in[2].Title != 4 {
		t.Errorf("link %+v", in[2])
	}
	if bad := p.Blocks[16].Inlines[0]; bad.Attrs != "" {
		t.Errorf("a javascript: link kept its address: %+v", bad)
	}
	for link, want := range map[string]string{
		"visiting.md": "../visiting/index.html", "ward.txt#hours": "../ward/index.html#hours", "beds.html": "../beds/index.html",
		"https://x.org/a.html": "https://x.org/a.html", "/about/": "/about/", "#top": "#top", "Ward.html": "Ward.html", "a/b.md": "a/b.md", "photo.jpg": "photo.jpg",
	} {
		if got := (Pages(nil)).href(link); got != want {
			t.Errorf("link %s: %s; want %s", link, got, want)
		}
	}
	// a page named by its slug, not its file
	slugs := Pages{"visiting-hours.md": "visiting"}
	for link, want := range map[string]string{
		"visiting-hours.md": "../visiting/index.html", "visiting-hours.md#bring": "../visiting/index.html#bring", "beds.html": "../beds/index.html",
	} {
		if got := slugs.href(link); got != want {
			t.Errorf("link %s with a slug: %s; want %s", link, got, want)
		}
	}
	if p.Blocks[2].Offset != off || p.Blocks[4].Offset != strings.Index(src, "Rules") {
		t.Errorf("offsets %d, %d", p.Blocks[2].Offset, p.Blocks[4].Offset)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	for src, want := range map[string]string{
		"---\ntitle: x\n":         "line 1: the front matter is not closed",
		"---\ntitle x\n---\nText": "line 2: want key: value",
	} {
		if _, _, err := SplitFrontMatter(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v; want %q", src, err, want)
		}
	}
}

func TestHTML(t *testing.T) {
	src := `<!DOCTYPE html><html><head><meta charset="gbk"><title>Ward - Hospital</title><meta name="description" content="About the ward"><script>var x=1</script></head>
<body><div id="header"><nav><a href="/">Home</a> | <a href="/a">About</a></nav></div>
<div class="breadcrumb"><a href="/">Home</a> &gt; Ward</div>
<div id="content"><h1>Pediatric  Ward</h1>
<p>The ward has <b>60</b> beds, <a href="javascript:alert(1)" title="Evil">click</a> and
 <a href="beds.html">more</a>.</p>
Loose text in a div<br>next line<br><br>New para
<ul><li>One</li><li>Two <em>items</em><ul><li>Nested</li></ul></li></ul>
<table><tr><th>Day</th><th colspan="2" onclick="x()">Hours</th></tr><tr><td>Mon</td><td><p>Morning</p><p>Evening</p></td></tr></table>
<p><img src="ward.jpg" alt="The ward" onerror="x"></p>
<pre>code  kept</pre>
<form><input value="no"></form><script>evil()</script>
</div><div id="footer">Copyright 2020</div></body></html>`
	if got, at := Charset([]byte(src)); got != "gbk" || at != strings.Index(src, "<meta") {
		t.Errorf("charset %q at %d", got, at)
	}
	p, info, err := HTML("ward", src, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Finish()
	if info.Title != "Ward - Hospital" || info.Description != "About the ward" {
		t.Errorf("%+v", info)
	}
	want := []block{
		{Description, "About the ward"},
		{Title, "Pediatric Ward"},
		{Paragraph, "The ward has <1>60</1> beds, <2>click</2> and <3>more</3>."},
		{LinkTitle, "Evil"},
		{Paragraph, "Loose text in a div<1/>next line"},
		{Paragraph, "New para"},
		{ListItem, "One"}, {ListItem, "Two <1>items</1>"}, {ListItem, "Nested"},
		{Cell, "Day"}, {Cell, "Hours"}, {Cell, "Mon"}, {Paragraph, "Morning"}, {Paragraph, "Evening"},
		{Alt, "The ward"},
	}
	if d := cmp.Diff(want, blocks(p)); d != "" {
		t.Errorf("blocks (-want +got):\n%s", d)
	}
	wantBody := "<p>#03</p>\n<p>#05</p>\n<p>#06</p>\n<ul>\n<li>#07</li>\n<li>#08\n<ul>\n<li>#09</li>\n</ul>\n</li>\n</ul>\n" +
		"<table>\n<tbody>\n<tr>\n<th>#10</th>\n<th colspan=\"2\">#11</th>\n</tr>\n<tr>\n<td>#12</td>\n<td><p>#13</p>\n<p>#14</p>\n</td>\n</tr>\n</tbody>\n</table>\n" +
		"<p><img src=\"ward.jpg\" alt=#15></p>\n<pre>code  kept</pre>\n"
	if d := cmp.Diff(wantBody, body(p)); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	if p.Blocks[2].Inlines[1].Attrs != "" {
		t.Errorf("a javascript: link kept its address: %+v", p.Blocks[2].Inlines[1])
	}
	// the selector chooses the content
	p, _, err = HTML("ward", src, "div#footer", nil)
	if err == nil {
		p.Finish()
	}
	if err != nil || len(p.Blocks) != 3 || p.Blocks[2].Text != "Copyright 2020" {
		t.Errorf("selector: %v %+v", err, p)
	}
	if _, _, err := HTML("ward", src, ".nothing", nil); err == nil || !strings.Contains(err.Error(), `".nothing" matches nothing`) {
		t.Errorf("a selector that matches nothing: %v", err)
	}
}

func TestPlaceholders(t *testing.T) {
	inlines := []Inline{{Tag: "a"}, {Tag: "br"}, {Tag: "em"}}
	for text, want := range map[string]string{
		"See <1>the <3>hours</3></1><2/> now.": "",
		"<3>Hours</3> <1>see</1><2/>":          "",
		"See the hours<2/> <3>now</3>":         "placeholder <1> of the source is missing",
		"<1>a</1><1>b</1><2/><3>c</3>":         "placeholder <1> is used twice",
		"<1>a <3>b</1></3><2/>":                "placeholder </1> closes what is not open",
		"<1>a<2/><3>b</3>":                     "placeholder <1> is never closed",
		"<1>a</1><2>b</2><3>c</3>":             "placeholder <2> must be written <2/>",
		"<1/><2/><3>c</3>":                     "placeholder <1/> must be written <1>…</1>",
		"<1>a</1><2/><3>c</3><4/>":             "placeholder <4/> stands for no element of the source",
		"a < b, <1>x</1><2/><3>c</3> <a>":      "",
	} {
		if got := CheckPlaceholders(text, inlines); got != want {
			t.Errorf("%q: %q; want %q", text, got, want)
		}
	}
	if got := StripPlaceholders("See <1>the  hours</1><2/>."); got != "See the hours." {
		t.Errorf("strip: %q", got)
	}
}
