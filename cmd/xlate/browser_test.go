package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The browser test reads the site built from the shipped project as a
// reader, a web developer and a search engine would, in Debian's Chromium
// driven headless through the DevTools protocol, from the disk (file://,
// as the README tells a newcomer to open it). Its tools are installed by
// .ci/run: Chromium and the Noto CJK faces from Debian, the Nu HTML
// checker (vnu-jar, run on the machine's Java) and axe-core from npm,
// the last two under browserTools.

// browserTools is where .ci/run installs the npm tools; XLATE_BROWSER_TOOLS
// overrides it.
func browserTools() string {
	if d := os.Getenv("XLATE_BROWSER_TOOLS"); d != "" {
		return d
	}
	return filepath.Join(root, ".ci", "tools")
}

// browserSetup finds the test's tools: without them it skips, saying how to
// get them, except in CI (CI set), where it fails.
func browserSetup(t *testing.T) (chromium, vnu, axe string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser test takes a while; run without -short")
	}
	tools, _ := filepath.Abs(browserTools())
	chromium = "/usr/bin/chromium"
	vnu = filepath.Join(tools, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	axe = filepath.Join(tools, "node_modules", "axe-core", "axe.min.js")
	var missing []string
	for _, p := range []string{chromium, vnu, axe} {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing = append(missing, "java")
	}
	if out, err := exec.Command("fc-list", ":lang=zh-cn", "family").Output(); err != nil || !bytes.Contains(out, []byte("Noto Sans CJK SC")) {
		missing = append(missing, "the Noto Sans CJK faces (fonts-noto-cjk)")
	}
	if len(missing) > 0 {
		msg := "the browser test needs " + strings.Join(missing, ", ") + "; .ci/run installs them (apt-get install chromium fonts-noto-cjk; npm install --prefix .ci/tools vnu-jar axe-core)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return chromium, vnu, axe
}

// screenshotDir is where the screenshots go: XLATE_SCREENSHOTS (which
// .ci/run sets to .ci/out/screenshots, kept as CI output), else a
// temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("XLATE_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// builtPages builds the shipped project and returns the output directory
// and its HTML pages, relative and slash-separated.
func builtPages(t *testing.T) (out string, pages []string) {
	t.Helper()
	proj := project(t)
	out = filepath.Join(t.TempDir(), "public")
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(proj, "xlate.toml"), "--out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			rel, _ := filepath.Rel(out, path)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(pages)
	return out, pages
}

func TestSiteInABrowser(t *testing.T) {
	chromium, vnu, axe := browserSetup(t)
	out, pages := builtPages(t)
	if len(pages) < 12 {
		t.Fatalf("the shipped site has %d HTML pages; want every page in three languages and more", len(pages))
	}
	t.Run("nu validator", func(t *testing.T) { validate(t, vnu, out, pages, true) })

	axeScript, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
	)...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void]("1")); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	t.Run("status page", func(t *testing.T) { checkStatusPage(t, ctx, vnu, string(axeScript), shots) })
	base := "file://" + filepath.ToSlash(out) + "/"
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			u := base + page
			for _, width := range []int64{375, 1280} {
				name := strings.ReplaceAll(strings.TrimSuffix(page, ".html"), "/", "_") + fmt.Sprintf("-%dpx.png", width)
				shoot(t, ctx, u, width, "the page", filepath.Join(shots, name))
			}
			checkLinks(t, ctx, out, base)
			checkFaces(t, ctx)
			for _, scheme := range []string{"light", "dark"} {
				checkAccessible(t, ctx, string(axeScript), scheme)
			}
		})
	}
	t.Logf("screenshots in %s", shots)
}

// shoot opens a page in light colours in a window of a width (a phone's
// below 600 px), reports where the page (what) is wider than the window,
// and keeps a screenshot of it in file.
func shoot(t *testing.T, ctx context.Context, url string, width int64, what, file string) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, opts...), colours("light"), chromedp.Navigate(url)); err != nil {
		t.Fatalf("%d px: %v", width, err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow > 0 {
		t.Errorf("at %d px %s is %d px wider than the window", width, what, overflow)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkStatusPage opens xlate status --html of a project with work to
// do (a page without translations, so flagged passages and findings are
// listed) as an editor would: it fits a phone and a desktop, and the Nu
// checker and axe-core find nothing.
func checkStatusPage(t *testing.T, ctx context.Context, vnu, axe, shots string) {
	proj := project(t)
	cfg := filepath.Join(proj, "xlate.toml")
	page := "Visiting the ward\n\nThe ward opens at nine, and the me-x-tabolism clinic at ten.\n\nChildren under twelve visit with a parent.\n"
	if err := os.WriteFile(filepath.Join(proj, "content", "visiting.txt"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	status := filepath.Join(t.TempDir(), "status.html")
	if code, _, stderr := xlate(t, "", "status", "--config", cfg, "--html", status); code != 0 {
		t.Fatal(stderr)
	}
	validate(t, vnu, filepath.Dir(status), []string{filepath.Base(status)}, false)
	for _, width := range []int64{375, 1280} {
		shoot(t, ctx, "file://"+filepath.ToSlash(status), width, "the status page", filepath.Join(shots, fmt.Sprintf("status-%dpx.png", width)))
	}
	findings, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href*="locales/"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if findings == 0 {
		t.Errorf("the status page links no finding to its catalogue")
	}
	checkAccessible(t, ctx, axe, "light")
}

// colours sets the colour scheme the page is drawn in.
func colours(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// validate runs the Nu HTML checker on every page, and the site's style
// sheet: no error and no warning.
func validate(t *testing.T, vnu, out string, pages []string, styleSheet bool) {
	args := []string{"-jar", vnu, "--format", "json", "--also-check-css"}
	for _, p := range pages {
		args = append(args, filepath.Join(out, filepath.FromSlash(p)))
	}
	if styleSheet {
		args = append(args, filepath.Join(out, "style.css"))
	}
	cmd := exec.Command("java", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // vnu writes its report to stderr
	err := cmd.Run()
	var report struct {
		Messages []struct {
			Type, SubType, Message, URL string
			LastLine                    int
		}
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		t.Fatalf("vnu: %v (%v)\n%s", err, jerr, stderr.Bytes())
	}
	t.Logf("vnu: %d files checked, %d messages", len(args)-5, len(report.Messages))
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "warning" || m.Type == "non-document-error" {
			t.Errorf("vnu: %s:%d: %s %s: %s", strings.TrimPrefix(m.URL, "file:"+filepath.ToSlash(out)+"/"), m.LastLine, m.Type, m.SubType, m.Message)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("vnu: %v", err)
	}
}

// checkLinks holds every link of the page in view, and every alternate
// and canonical address of the site, to a file that exists: a link as
// it is (from the disk, a link to a directory shows a listing), an
// address on the site's base URL as the server would resolve it.
func checkLinks(t *testing.T, ctx context.Context, out, base string) {
	t.Helper()
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]struct{ Tag, Rel, Href, Hreflang string }](
		`[...document.querySelectorAll('a[href], link[href]')].map(e => ({tag: e.localName, rel: e.getAttribute('rel') || '', href: e.href, hreflang: e.hreflang}))`))
	if err != nil {
		t.Fatal(err)
	}
	const site = "https://example.org/" // the shipped project's base_url
	alternates := 0
	for _, l := range links {
		var path string
		switch {
		case strings.HasPrefix(l.Href, base):
			path = strings.TrimPrefix(l.Href, base)
		case strings.HasPrefix(l.Href, site):
			path = strings.TrimPrefix(l.Href, site)
			if path == "" || strings.HasSuffix(path, "/") {
				path += "index.html"
			}
		case l.Tag == "link":
			t.Errorf("<link rel=%q> to %s, not on the site", l.Rel, l.Href)
			continue
		default:
			continue // a link off the site
		}
		if l.Hreflang != "" {
			alternates++
		}
		path, _, _ = strings.Cut(path, "#")
		if p, err := url.PathUnescape(path); err == nil {
			path = p
		}
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(path)))
		if err != nil || !fi.Mode().IsRegular() {
			what := "<" + l.Tag
			if l.Rel != "" {
				what += fmt.Sprintf(" rel=%q", l.Rel)
			}
			if l.Hreflang != "" {
				what += fmt.Sprintf(" hreflang=%q", l.Hreflang)
			}
			t.Errorf("%s> leads to %s, which is not a file of the site", what, l.Href)
		}
	}
	robots, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('meta[name=robots]') || {}).content || ''`))
	if err != nil {
		t.Fatal(err)
	}
	if alternates == 0 && !strings.Contains(robots, "noindex") {
		t.Errorf("an indexed page without hreflang alternates")
	}
}

// checkFaces asks the browser which fonts drew the page's Chinese
// paragraphs: an SC face for zh-Hans, a TC face for zh-Hant, and no other
// CJK face.
func checkFaces(t *testing.T, ctx context.Context) {
	t.Helper()
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}[lang]
	if want == "" {
		return
	}
	ids, err := chromedp.Run(ctx, chromedp.QueryNodeIDs(chromedp.CSSAll(`main p:not([lang]), main li:not([lang]), h1`), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatalf("a %s page without a paragraph in its language", lang)
	}
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if _, err := cdp.Call(ctx, target, css.Enable, cdp.Empty{}); err != nil {
			return err
		}
		for _, id := range ids {
			res, err := cdp.Call(ctx, target, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
			if err != nil {
				return err
			}
			var names []string
			drawn := false
			for _, f := range res.Fonts {
				names = append(names, fmt.Sprintf("%s (%d glyphs)", f.FamilyName, int(f.GlyphCount)))
				if f.FamilyName == want {
					drawn = true
				} else if strings.Contains(f.FamilyName, "CJK") {
					drawn = false
					break
				}
			}
			if !drawn {
				t.Errorf("a %s paragraph (node %d) drawn from %s; want %s alone among the CJK faces", lang, id, strings.Join(names, ", "), want)
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// checkAccessible runs axe-core on the page in view, in a colour scheme:
// no violation.
func checkAccessible(t *testing.T, ctx context.Context, axe, scheme string) {
	t.Helper()
	if err := chromedp.Do(ctx, colours(scheme), chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("axe (%s): %v", scheme, err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]struct {
		ID, Impact, Help string
		Nodes            []string
	}](`axe.run(document).then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe (%s): %v", scheme, err)
	}
	for _, v := range violations {
		t.Errorf("axe (%s colours): %s (%s): %s at %s", scheme, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
	}
}
