package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"xlate/pipeline"
)

// TestStatus: status --json counts entries and words by state per
// language and page; the HTML page is well-formed and shows the same
// figures; the table on stdout names every language and page.
func TestStatus(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	path := filepath.Join(dir, "locales", "zh-Hant.toml")
	editFile(t, path, `other = "臨床服務"`, `other = ""`)
	editFile(t, path, `other = "門診時間"`, "other = \"門診時間\"\n# reviewed")
	data := readFile(t, path)
	i := strings.Index(data, "[outpatient-clinics.your-first-visit]")
	os.WriteFile(path, []byte(data[:i]+"#, fuzzy\n"+data[i:]), 0o644)
	code, stdout, stderr := xlate(t, "", "status", "--json", "--config", cfg)
	if code != 0 {
		t.Fatal(stderr)
	}
	var st pipeline.Status
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(st.Languages) != 3 || st.Threshold != 80 {
		t.Fatalf("%+v", st)
	}
	hant := st.Languages[2]
	pages := map[string]pipeline.PageStatus{}
	for _, p := range hant.Pages {
		pages[p.Page] = p
	}
	if c := pages[seedPage].Counts; c.Missing.Entries != 1 || c.Missing.Words != 2 || c.Fuzzy.Entries != 0 {
		t.Errorf("%s in zh-Hant: %+v; want one missing entry of 2 words", seedPage, c)
	}
	if c := pages["outpatient-clinics"].Counts; c.Fuzzy.Entries != 1 || c.Fuzzy.Words != 3 {
		t.Errorf("outpatient-clinics in zh-Hant: %+v; want one fuzzy entry of 3 words", c)
	}
	if hant.Total.Missing.Entries != 1 || hant.Total.Fuzzy.Entries != 1 || hant.Published != 4 {
		t.Errorf("zh-Hant: %+v", hant)
	}
	if en := st.Languages[0]; en.Total.Percent() != 100 || en.Total.Translated.Entries == 0 {
		t.Errorf("en: %+v", en)
	}
	if len(st.Flagged) == 0 || !st.Flagged[0].Rewritten {
		t.Errorf("flagged passages: %+v; want the seed's, rewritten", st.Flagged)
	}
	// the HTML page, well-formed, with the same figures
	page := filepath.Join(t.TempDir(), "status.html")
	if code, _, stderr := xlate(t, "", "status", "--html", page, "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	html := readFile(t, page)
	assertWellFormedHTML(t, html)
	doc, err := xhtml.Parse(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	var walk func(n *xhtml.Node, inRow bool)
	walk = func(n *xhtml.Node, inRow bool) {
		if n.Type == xhtml.ElementNode && n.Data == "tr" {
			for _, a := range n.Attr {
				if a.Key == "data-lang" && a.Val == "zh-Hant" {
					inRow = true
				}
			}
		}
		if inRow && n.Type == xhtml.ElementNode && n.Data == "td" {
			for _, a := range n.Attr {
				if a.Key == "data-words" {
					cells = append(cells, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inRow)
		}
	}
	walk(doc, false)
	want := []string{itoa(hant.Total.Translated.Words), itoa(hant.Total.Fuzzy.Words), itoa(hant.Total.Suggested.Words), itoa(hant.Total.Missing.Words), itoa(hant.Total.Obsolete.Words)}
	if strings.Join(cells, " ") != strings.Join(want, " ") {
		t.Errorf("the HTML page's zh-Hant words %v; status --json says %v", cells, want)
	}
	if !strings.Contains(html, "content/"+seedPage+".txt#L") || !strings.Contains(html, "locales/zh-Hant.toml#L") {
		t.Errorf("the flagged passages and findings are not linked to their files:\n%s", html)
	}
	// the table
	code, stdout, _ = xlate(t, "", "status", "--config", cfg)
	for _, want := range []string{"繁體中文 (zh-Hant)", "  outpatient-clinics", "4 of 4 pages", "published"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, stdout)
		}
	}
}

// assertWellFormedHTML fails when an element of the page is not closed in
// order (void elements aside).
func assertWellFormedHTML(t *testing.T, s string) {
	t.Helper()
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var stack []string
	void := map[string]bool{"meta": true, "link": true, "br": true, "img": true, "hr": true}
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			if len(stack) != 0 {
				t.Errorf("elements left open: %v", stack)
			}
			return
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				stack = append(stack, string(name))
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}
