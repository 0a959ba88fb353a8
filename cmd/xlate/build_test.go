package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xlate/pipeline"
	"xlate/synth"
)

// TestBuildRefusesOutputsItMustNotWrite: an output directory that is the
// root, the home directory, the project or one holding it, or inside the
// content or the catalogues, is refused with exit 2 before anything is
// written.
func TestBuildRefusesOutputsItMustNotWrite(t *testing.T) {
	dir := project(t)
	home, _ := os.UserHomeDir()
	for _, out := range []string{"/", home, dir, filepath.Dir(dir), filepath.Join(dir, "content"), filepath.Join(dir, "locales"), filepath.Join(dir, "content", "site"), filepath.Join(dir, "locales", "public"), filepath.Join(dir, "..", filepath.Base(dir), "content")} {
		before := snapshot(t, dir)
		code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "xlate.toml"), "--out", out)
		if code != 2 || !strings.Contains(stderr, "refusing to build into") {
			t.Errorf("--out %s: exit %d; want 2 and a refusal\n%s", out, code, stderr)
		}
		if d := cmp.Diff(before, snapshot(t, dir)); d != "" {
			t.Errorf("--out %s: files changed:\n%s", out, d)
		}
	}
	// the output named in the configuration too
	editFile(t, filepath.Join(dir, "xlate.toml"), `out = "public"`, `out = "content"`)
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "xlate.toml")); code != 2 || !strings.Contains(stderr, "inside content") {
		t.Errorf("out = content: exit %d\n%s", code, stderr)
	}
}

// TestInputsAreRegularFilesInsideTheProject: a link out of the content
// directory, a named pipe, a device are refused (exit 2, the file named),
// before anything is read from them.
func TestInputsAreRegularFilesInsideTheProject(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string) string{
		"link to a file elsewhere": func(t *testing.T, dir string) string {
			os.Symlink("/etc/passwd", filepath.Join(dir, "content", "passwd.txt"))
			return "content/passwd.txt: a link to /etc/passwd, outside content"
		},
		"link to a device": func(t *testing.T, dir string) string {
			os.Symlink("/dev/zero", filepath.Join(dir, "content", "zero.txt"))
			return "content/zero.txt: a link to /dev/zero, outside content"
		},
		"named pipe": func(t *testing.T, dir string) string {
			if err := syscall.Mkfifo(filepath.Join(dir, "content", "fifo.txt"), 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			return "content/fifo.txt: a named pipe, not a page"
		},
	}
	for name, plant := range cases {
		t.Run(name, func(t *testing.T) {
			dir := project(t)
			want := plant(t, dir)
			for _, cmd := range []string{"build", "sync", "check"} {
				done := make(chan struct{})
				var code int
				var stderr string
				go func() {
					code, _, stderr = xlate(t, "", cmd, "--config", filepath.Join(dir, "xlate.toml"))
					close(done)
				}()
				select {
				case <-done:
				case <-time.After(20 * time.Second):
					t.Fatalf("%s hangs", cmd)
				}
				if code != 2 || !strings.Contains(stderr, want) {
					t.Errorf("%s: exit %d; want 2 and %q\n%s", cmd, code, want, stderr)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("the build wrote output")
			}
		})
	}
	// a link inside the content directory is a page like any other
	dir := project(t)
	os.Symlink(seedPage+".txt", filepath.Join(dir, "content", "alias.txt"))
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "xlate.toml")); code != 0 {
		t.Errorf("a link inside content: exit %d\n%s", code, stderr)
	}
}

func TestConfigurationIsChecked(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "nope.toml")); code != 2 || !strings.Contains(stderr, "nope.toml") {
		t.Errorf("a missing --config: exit %d\n%s", code, stderr)
	}
	base := lineOf(t, cfg, "base_url =")
	next := itoa(atoi(base) + 2)
	for _, tc := range []struct{ old, new, want string }{
		{`base_url = "https://example.org/"`, `base_url = "example.org/"`, "xlate.toml:" + base + ":1: base_url \"example.org/\" must start with https:// or http://"},
		{`base_url = "https://example.org/"`, `base_url = "https://example.org/site"`, `must end in "/"`},
		{`base_url = "https://example.org/"`, `base_url = "ftp://example.org/"`, "must start with https://"},
		{`languages = ["en", "zh-Hans", "zh-Hant"]`, `languages = ["en", "zh_Hans", "zh-Hant"]`, `language "zh_Hans" is not a BCP 47 tag`},
		{`base_url = "https://example.org/"`, "base_url = \"https://example.org/\"\n[names]\nzh-Hans = \"简体\\n中文\"", "xlate.toml:" + next + ":1: names: the name of zh-Hans must be one line"},
	} {
		editFile(t, cfg, tc.old, tc.new)
		code, _, stderr := xlate(t, "", "build", "--config", cfg)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d; want 2 and %q\n%s", tc.new, code, tc.want, stderr)
		}
		editFile(t, cfg, tc.new, tc.old)
	}
}

// TestBuildOwnsWhatItWrote: the files of a page or a language removed go;
// a file xlate did not write stays.
func TestBuildOwnsWhatItWrote(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	os.WriteFile(filepath.Join(dir, "content", "extra.txt"), []byte("Extra Page\n\nA short page.\n"), 0o644)
	if code, _, stderr := xlate(t, "", "build", "--all-languages", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	mine := filepath.Join(dir, "public", "robots-mine.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "public", "en", "extra", "notes.txt"), []byte("mine too"), 0o644)
	os.Remove(filepath.Join(dir, "content", "extra.txt"))
	code, _, stderr := xlate(t, "", "build", "--all-languages", "--config", cfg)
	if code != 0 || !strings.Contains(stderr, "3 removed") {
		t.Fatalf("after a page was removed: exit %d\n%s", code, stderr)
	}
	for _, l := range []string{"en", "zh-hans", "zh-hant"} {
		if _, err := os.Stat(filepath.Join(dir, "public", l, "extra", "index.html")); err == nil {
			t.Errorf("%s/extra/index.html is still there", l)
		}
	}
	for _, f := range []string{mine, filepath.Join(dir, "public", "en", "extra", "notes.txt")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("a file xlate did not write was touched: %v", err)
		}
	}
	// a language removed
	editFile(t, cfg, `languages = ["en", "zh-Hans", "zh-Hant"]`, `languages = ["en", "zh-Hans"]`)
	os.Remove(filepath.Join(dir, "locales", "zh-Hant.toml"))
	if code, _, stderr := xlate(t, "", "build", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "zh-hant")); err == nil {
		t.Error("the pages of a removed language are still there")
	}
}

// buildTree builds a project into out and returns every file of out.
func buildTree(t *testing.T, dir, out string, opt pipeline.BuildOptions) map[string]string {
	t.Helper()
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, "xlate.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Out = out
	if _, err := pipeline.Build(cfg, opt); err != nil {
		t.Fatal(err)
	}
	return snapshot(t, out)
}

// TestBuildIsTheSameOnAnyNumberOfCores builds a generated project with 1, 2
// and 8 workers, without the cache each time: the same bytes.
func TestBuildIsTheSameOnAnyNumberOfCores(t *testing.T) {
	dir := generated(t, 60)
	var first map[string]string
	for _, workers := range []int{1, 2, 8} {
		os.RemoveAll(filepath.Join(dir, ".xlate"))
		got := buildTree(t, dir, filepath.Join(t.TempDir(), "out"), pipeline.BuildOptions{Workers: workers})
		if first == nil {
			first = got
			continue
		}
		if d := cmp.Diff(first, got); d != "" {
			t.Errorf("%d workers build other bytes than 1:\n%s", workers, d)
		}
	}
	// every page in every language; the root page, the sitemap,
	// robots.txt, the style sheet, a not-found page in each language and
	// at the root
	if want := 60*3 + 4 + 3 + 1; len(first) != want {
		t.Errorf("%d files; want %d", len(first), want)
	}
}

// TestBuildRendersOnlyWhatChanged: after an edit of one page, only that
// page is rendered; after a translator's edit of one section, only its
// page; the output is what a build without the cache writes.
func TestBuildRendersOnlyWhatChanged(t *testing.T) {
	dir := generated(t, 40)
	cfg, _ := pipeline.LoadConfig(filepath.Join(dir, "xlate.toml"))
	if res, err := pipeline.Build(cfg, pipeline.BuildOptions{}); err != nil || res.Rendered != 40 {
		t.Fatalf("first build: %+v, %v", res, err)
	}
	editFile(t, filepath.Join(dir, "content", synth.PageName(7)+".txt"), " children.", " young patients.")
	res, err := pipeline.Build(cfg, pipeline.BuildOptions{})
	if err != nil || res.Rendered != 1 {
		t.Fatalf("after one page was edited: rendered %d, %v; want 1", res.Rendered, err)
	}
	zh := filepath.Join(dir, "locales", "zh-Hans.toml")
	data := readFile(t, zh)
	i := strings.Index(data, "["+synth.PageName(20)+".")
	j := i + strings.Index(data[i:], "\nother = \"") + len("\nother = \"")
	os.WriteFile(zh, []byte(data[:j]+"译者改写："+data[j:]), 0o644)
	if res, err = pipeline.Build(cfg, pipeline.BuildOptions{}); err != nil || res.Rendered != 1 {
		t.Fatalf("after one section was edited: rendered %d, %v; want 1", res.Rendered, err)
	}
	got := snapshot(t, cfg.Path(cfg.Out))
	os.RemoveAll(filepath.Join(dir, ".xlate"))
	fresh := buildTree(t, dir, filepath.Join(t.TempDir(), "out"), pipeline.BuildOptions{})
	if d := cmp.Diff(fresh, got); d != "" {
		t.Errorf("the incremental build differs from a build without the cache:\n%s", d)
	}
}

// TestShardsMergeIntoOneBuild builds a generated project in 1, 3 and 7
// shards: the union of their outputs and the merge is byte for byte what
// one build writes.
func TestShardsMergeIntoOneBuild(t *testing.T) {
	dir := generated(t, 50)
	whole := buildTree(t, dir, filepath.Join(t.TempDir(), "whole"), pipeline.BuildOptions{})
	for _, n := range []int{1, 3, 7} {
		out := filepath.Join(t.TempDir(), "sharded")
		// each shard on its own machine: its own copy of the project
		for i := 1; i <= n; i++ {
			machine := t.TempDir()
			copyTree(t, dir, machine)
			os.RemoveAll(filepath.Join(machine, ".xlate"))
			part := buildTree(t, machine, filepath.Join(machine, "public"), pipeline.BuildOptions{Shard: pipeline.Shard{I: i, N: n}})
			for name, data := range part {
				path := filepath.Join(out, name)
				os.MkdirAll(filepath.Dir(path), 0o755)
				os.WriteFile(path, []byte(data), 0o644)
			}
		}
		code, _, stderr := xlate(t, "", "build", "--merge", "--config", filepath.Join(dir, "xlate.toml"), "--out", out)
		if code != 0 {
			t.Fatalf("merge of %d shards: exit %d\n%s", n, code, stderr)
		}
		if d := cmp.Diff(whole, snapshot(t, out)); d != "" {
			t.Errorf("%d shards merged differ from one build:\n%s", n, d)
		}
	}
	// adding a page moves no other page to another shard
	var before []int
	for i := 0; i < 50; i++ {
		before = append(before, pipeline.ShardOf(synth.PageName(i), 7))
	}
	for i := 0; i < 50; i++ {
		if pipeline.ShardOf(synth.PageName(i), 7) != before[i] {
			t.Fatal("a page changed shard")
		}
	}
}

// TestKilledBuildHeals kills a build at random moments, 30 times: the next
// build writes what an uninterrupted build writes, and leaves no temporary
// file.
func TestKilledBuildHeals(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a build 30 times")
	}
	base := generated(t, 150)
	want := buildTree(t, base, filepath.Join(t.TempDir(), "want"), pipeline.BuildOptions{})
	os.RemoveAll(filepath.Join(base, ".xlate"))
	probe := t.TempDir()
	copyTree(t, base, probe)
	start := time.Now()
	if out, err := command(t, nil, "build", "--config", filepath.Join(probe, "xlate.toml")).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	took := time.Since(start)
	rng := rand.New(rand.NewPCG(9, 9))
	killed := 0
	for i := 0; i < 30; i++ {
		dir := t.TempDir()
		copyTree(t, base, dir)
		if i%2 == 1 {
			// an earlier build, then an edit: the killed build is incremental
			if out, err := command(t, nil, "build", "--config", filepath.Join(dir, "xlate.toml")).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			editFile(t, filepath.Join(dir, "content", synth.PageName(i)+".txt"), " children.", " young patients.")
			editFile(t, filepath.Join(dir, "content", synth.PageName(i)+".txt"), " young patients.", " children.")
		}
		cmd := command(t, nil, "build", "--config", filepath.Join(dir, "xlate.toml"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took) + 1)))
		if cmd.Process.Kill() == nil {
			killed++
		}
		cmd.Wait()
		if out, err := command(t, nil, "build", "--config", filepath.Join(dir, "xlate.toml")).CombinedOutput(); err != nil {
			t.Fatalf("kill %d: the next build: %v\n%s", i, err, out)
		}
		got := snapshot(t, filepath.Join(dir, "public"))
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("kill %d: the next build differs from an uninterrupted one:\n%s", i, d)
		}
		if tmp := temps(t, filepath.Join(dir, "public")); len(tmp) > 0 {
			t.Fatalf("kill %d: temporary files left: %v", i, tmp)
		}
	}
	if killed < 30 {
		t.Errorf("only %d of 30 builds were still running when killed", killed)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestBuildShowsTheFirstWarnings: a site with many warnings shows the
// first few and says how many more; --all-warnings prints every one, from
// the cache as from a build; --strict fails on them all the same.
func TestBuildShowsTheFirstWarnings(t *testing.T) {
	dir := generated(t, 30)
	cfg := filepath.Join(dir, "xlate.toml")
	warnings := func(stderr string) (n int) {
		for _, l := range strings.Split(stderr, "\n") {
			if strings.Contains(l, ": warning: ") {
				n++
			}
		}
		return n
	}
	code, _, all := xlate(t, "", "build", "--all-warnings", "--config", cfg)
	total := warnings(all)
	if code != 0 || total <= pipeline.WarningSample {
		t.Fatalf("exit %d, %d warnings; want more than %d\n%s", code, total, pipeline.WarningSample, all)
	}
	for i, args := range [][]string{{"build"}, {"build", "--all-warnings"}, {"build", "--strict"}} {
		code, _, stderr := xlate(t, "", append(args, "--config", cfg)...)
		want := pipeline.WarningSample
		if i == 1 {
			want = total
		}
		if warnings(stderr) != want {
			t.Errorf("%v printed %d warnings; want %d\n%s", args, warnings(stderr), want, stderr)
		}
		if i != 1 && !strings.Contains(stderr, "and "+itoa(total-want)+" more (of "+itoa(total)+" warnings") {
			t.Errorf("%v does not say how many more:\n%s", args, stderr)
		}
		if (code == 1) != (i == 2) || code == 2 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}

// TestShardFlagsAreChecked: a shard that does not exist, a shard with a
// merge, a merge with no shard built: exit 2 and a message, nothing
// written.
func TestShardFlagsAreChecked(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "0/3"}, "want i/n with 1 ≤ i ≤ n"},
		{[]string{"--shard", "4/3"}, "want i/n with 1 ≤ i ≤ n"},
		{[]string{"--shard", "two"}, "want i/n with 1 ≤ i ≤ n"},
		{[]string{"--shard", "1/2", "--merge"}, "give one of the two"},
		{[]string{"--merge"}, "no shard summaries"},
	} {
		code, _, stderr := xlate(t, "", append(append([]string{"build"}, tc.args...), "--config", cfg)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("build %v: exit %d; want 2 and %q\n%s", tc.args, code, tc.want, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
			t.Errorf("build %v wrote public/", tc.args)
		}
	}
}

// TestMarkupPagesKeepTheirStructure: a Markdown page and a scraped HTML
// page are read, repaired in their text only, synced and built: every
// language keeps the lists, the table, the links (their addresses never
// in a catalogue) and the image, with the translator's placeholders made
// elements again.
func TestMarkupPagesKeepTheirStructure(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	md := "---\ntitle: Visiting hours\ndescription: When to come.\n---\n" +
		"The ward opens at *nine*, see [the map](https://example.org/map.png \"Map of the ward\").\n\n" +
		"## What to bring\n\n- A book\n- `ward-pass` card\n\n| Day | Hours |\n|---|---|\n| Mon | 9–12 |\n"
	html := `<html><head><title>Beds</title></head><body><nav><a href="/">Home</a></nav>` +
		`<main><h1>Our beds</h1><p>We have <b>80</b> beds in the me-x-tabolism ward.<br>Call <a href="tel:123" onclick="x()">us</a>.</p>` +
		`<p><img src="beds.jpg" alt="The beds"></p><p><code>me-x-tabolism</code> stays as written in code.</p></main><footer>Footer</footer></body></html>`
	os.WriteFile(filepath.Join(dir, "content", "visit.md"), []byte(md), 0o644)
	os.WriteFile(filepath.Join(dir, "content", "beds.html"), []byte(html), 0o644)
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	en := readFile(t, filepath.Join(dir, "locales", "en.toml"))
	for _, want := range []string{
		`other = "The ward opens at <1>nine</1>, see <2>the map</2>."`,
		`other = "We have <1>80</1> beds in the metabolism ward.<2/>Call <3>us</3>."`, // the text repaired, not the markup
		`other = "<1>me-x-tabolism</1> stays as written in code."`,                    // code is never repaired
		`other = "Map of the ward"`, `other = "The beds"`, `description = "visit › list item"`, `description = "beds › alt text"`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("en.toml lacks %s", want)
		}
	}
	for _, never := range []string{"https://example.org/map.png", "tel:123", "onclick", "Footer", "beds.jpg"} {
		if strings.Contains(en, never) {
			t.Errorf("en.toml holds %q, which is markup or not content", never)
		}
	}
	// a translator moves the placeholders
	zh := filepath.Join(dir, "locales", "zh-Hans.toml")
	data := readFile(t, zh)
	for en, tr := range map[string]string{
		"The ward opens at <1>nine</1>, see <2>the map</2>.": "请见<2>地图</2>：病房<1>九点</1>开放。",
		"Map of the ward": "病房地图",
		"We have <1>80</1> beds in the metabolism ward.<2/>Call <3>us</3>.": "代谢病房有<1>80</1>张床。<2/>请<3>致电</3>。",
		"Our beds": "我们的病床",
	} {
		i := strings.Index(data, "#. en: "+en+"\n")
		if i < 0 {
			t.Fatalf("zh-Hans.toml has no entry for %q", en)
		}
		j := i + strings.Index(data[i:], `other = ""`)
		data = data[:j] + `other = "` + tr + `"` + data[j+len(`other = ""`):]
	}
	os.WriteFile(zh, []byte(data), 0o644)
	// the page is mostly untranslated: published only for preview
	if code, _, stderr := xlate(t, "", "build", "--all-languages", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	page := readFile(t, filepath.Join(dir, "public", "zh-hans", "visit", "index.html"))
	for _, want := range []string{
		`<p>请见<a href="https://example.org/map.png" title="病房地图">地图</a>：病房<em>九点</em>开放。</p>`,
		`<li lang="en" class="untranslated"><code>ward-pass</code> card</li>`,
		`<th lang="en" class="untranslated">Day</th>`, "<table>", "</table>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("zh-hans/visit lacks %s:\n%s", want, page)
		}
	}
	beds := readFile(t, filepath.Join(dir, "public", "zh-hans", "beds", "index.html"))
	for _, want := range []string{
		`<h1>我们的病床</h1>`, `<p>代谢病房有<b>80</b>张床。<br>请<a href="tel:123">致电</a>。</p>`, `<img src="beds.jpg" alt="The beds">`,
	} {
		if !strings.Contains(beds, want) {
			t.Errorf("zh-hans/beds lacks %s:\n%s", want, beds)
		}
	}
	if strings.Contains(beds, "onclick") || strings.Contains(beds, "Footer") {
		t.Errorf("zh-hans/beds holds what is not content:\n%s", beds)
	}
}

// translate fills the empty translation of the entry whose source text is
// en, in a catalogue.
func translate(t *testing.T, path, en, tr string) {
	t.Helper()
	data := readFile(t, path)
	i := strings.Index(data, ": "+en+"\n")
	if i < 0 {
		t.Fatalf("%s has no entry for %q", path, en)
	}
	j := i + strings.Index(data[i:], `other = ""`)
	os.WriteFile(path, []byte(data[:j]+`other = "`+tr+`"`+data[j+len(`other = ""`):]), 0o644)
}

// TestPublishingThreshold: a page whose words are 79 % translated into a
// language is not published in it; at 81 % it is. The picker, the
// hreflang links, the sitemap and the root page agree, and the files of
// a language that falls below again go.
func TestPublishingThreshold(t *testing.T) {
	dir := t.TempDir()
	words := func(from, n int) string {
		var ws []string
		for i := from; i < from+n; i++ {
			ws = append(ws, "w"+itoa(i))
		}
		return strings.Join(ws, " ") + "."
	}
	a, b, c := words(1, 78), words(100, 2), words(200, 19) // with the title's word, 100 words
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "xlate.toml"), []byte("languages = [\"en\", \"zh-Hans\"]\nbase_url = \"https://example.org/\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content", "ward.txt"), []byte("Ward\n\n"+a+"\n\n"+b+"\n\n"+c+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content", "home.txt"), []byte("Home page\n\nWelcome.\n"), 0o644)
	cfg := filepath.Join(dir, "xlate.toml")
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	zh := filepath.Join(dir, "locales", "zh-Hans.toml")
	translate(t, zh, "Home page", "首页")
	translate(t, zh, "Welcome.", "欢迎。")
	translate(t, zh, "Ward", "病房")
	translate(t, zh, a, "甲")
	check := func(published bool) {
		t.Helper()
		code, _, stderr := xlate(t, "", "build", "--config", cfg)
		if code != 0 {
			t.Fatal(stderr)
		}
		if said := strings.Contains(stderr, "xlate: 1 page not published in a language it is less than 80 % translated into"); said == published {
			t.Errorf("the build says a page is withheld: %v; want %v\n%s", said, !published, stderr)
		}
		out := filepath.Join(dir, "public")
		_, err := os.Stat(filepath.Join(out, "zh-hans", "ward", "index.html"))
		if (err == nil) != published {
			t.Errorf("zh-hans/ward published: %v; want %v", err == nil, published)
		}
		en := readFile(t, filepath.Join(out, "en", "ward", "index.html"))
		sitemap := readFile(t, filepath.Join(out, "sitemap.xml"))
		index := readFile(t, filepath.Join(out, "index.html"))
		for what, has := range map[string]bool{
			"the picker":    strings.Contains(en, `<a href="../../zh-hans/ward/index.html"`),
			"the hreflang":  strings.Contains(en, `hreflang="zh-Hans" href="https://example.org/zh-hans/ward/"`),
			"the sitemap":   strings.Contains(sitemap, "<loc>https://example.org/zh-hans/ward/</loc>") && strings.Contains(sitemap, `hreflang="zh-Hans" href="https://example.org/zh-hans/ward/"`),
			"the root page": strings.Contains(index, `href="zh-hans/ward/index.html"`),
		} {
			if has != published {
				t.Errorf("%s names zh-hans/ward: %v; want %v", what, has, published)
			}
		}
		if !strings.Contains(en, `hreflang="en" href="https://example.org/en/ward/"`) {
			t.Error("the English page is not published")
		}
	}
	check(false) // 79 %
	translate(t, zh, b, "乙")
	check(true) // 81 %
	// the English changes: the translation of b is fuzzy, 79 % again
	editFile(t, filepath.Join(dir, "content", "ward.txt"), b, words(300, 2))
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	check(false)
	// a preview publishes it
	if code, _, stderr := xlate(t, "", "build", "--all-languages", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "zh-hans", "ward", "index.html")); err != nil {
		t.Errorf("--all-languages does not publish zh-hans/ward: %v", err)
	}
}

// TestProjectLayouts: a project's layouts/page.html and index.html are
// used instead of the built-in ones, with the data the README documents;
// changing one builds every page again; one that does not parse stops the
// build (exit 2) naming it, before anything is written.
func TestProjectLayouts(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	page := `<!DOCTYPE html><html lang="{{.Lang}}"><title>{{.HeadTitle}}</title><h1>{{.Heading.HTML}}</h1>{{range .Picker}}<a href="{{.Href}}">{{.Name}}</a>{{end}}{{.Content}}<p>{{.UI.SiteName.Text}}</p></html>`
	os.WriteFile(filepath.Join(dir, "layouts", "page.html"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "layouts", "index.html"), []byte(`<!DOCTYPE html><title>{{.Title}}</title>{{range .Languages}}<h2>{{.Name}}</h2>{{range .Pages}}<a href="{{.Href}}">{{.Title}}</a>{{end}}{{end}}`), 0o644)
	code, _, stderr := xlate(t, "", "build", "--config", cfg)
	if code != 0 {
		t.Fatal(stderr)
	}
	zh := readFile(t, filepath.Join(dir, "public", "zh-hans", seedPage, "index.html"))
	for _, want := range []string{`<html lang="zh-Hans"><title>小儿血液肿瘤科 · 华西第二医院</title><h1>小儿血液肿瘤科</h1>`, `<a href="../../en/` + seedPage + `/index.html">English</a>`, "<p>华西第二医院</p>"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the page's own layout is not used: lacks %s\n%s", want, zh)
		}
	}
	if index := readFile(t, filepath.Join(dir, "public", "index.html")); !strings.Contains(index, "<h2>简体中文</h2>") || strings.Contains(index, "skip") {
		t.Errorf("the index's own layout is not used:\n%s", index)
	}
	os.WriteFile(filepath.Join(dir, "layouts", "page.html"), []byte(page+"<!-- v2 -->"), 0o644)
	cf, _ := pipeline.LoadConfig(cfg)
	if res, err := pipeline.Build(cf, pipeline.BuildOptions{}); err != nil || res.Rendered != res.Pages {
		t.Errorf("after the layout changed: rendered %d, %v; want every page", res.Rendered, err)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	os.WriteFile(filepath.Join(dir, "layouts", "page.html"), []byte("{{.Title"), 0o644)
	code, _, stderr = xlate(t, "", "build", "--config", cfg)
	if code != 2 || !strings.Contains(stderr, filepath.Join("layouts", "page.html")) {
		t.Errorf("a layout that does not parse: exit %d\n%s", code, stderr)
	}
	if d := cmp.Diff(before, snapshot(t, filepath.Join(dir, "public"))); d != "" {
		t.Errorf("a broken layout changed the site:\n%s", d)
	}
}

// TestGB18030PageWithAWrongDeclaration: the shipped scraped page saved as
// GB18030 while its <meta> still says UTF-8 (as pages copied between
// sites do) is read as GB18030, builds byte for byte as its UTF-8
// original does in every language, and the declaration is reported at
// its line by the build and by check.
func TestGB18030PageWithAWrongDeclaration(t *testing.T) {
	proj := project(t)
	page := filepath.Join(proj, "content", "outpatient-clinics.html")
	text := readFile(t, page)
	if !strings.Contains(text, `charset=utf-8">`) {
		t.Fatal("the shipped page no longer declares UTF-8 in its <meta>")
	}
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(data) {
		t.Fatal("the page in GB18030 is still UTF-8: the test would prove nothing")
	}
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(proj, "xlate.toml")
	out := t.TempDir()
	code, _, stderr := xlate(t, "", "build", "--config", cfg, "--out", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	const want = `content/outpatient-clinics.html:4:1: warning: the page declares charset "utf-8", but byte 0xa3 at content/outpatient-clinics.html:`
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, "is not UTF-8; read as gb18030") {
		t.Errorf("the build does not report the declaration; stderr:\n%s", stderr)
	}
	got := snapshot(t, out)
	golden := snapshot(t, filepath.Join("testdata", "golden"))
	n := 0
	for name, want := range golden {
		if !strings.Contains(name, "outpatient-clinics") {
			continue
		}
		n++
		if got[name] != want {
			t.Errorf("%s built from the GB18030 page differs from the golden one:\n%s", name, cmp.Diff(want, got[name]))
		}
	}
	if n != 3 {
		t.Errorf("the golden site has %d pages of outpatient-clinics; want one a language", n)
	}
	code, stdout, _ := xlate(t, "", "check", "--config", cfg, "--format", "json")
	if !strings.Contains(stdout, `"check":"encoding"`) || !strings.Contains(stdout, `"line":4`) {
		t.Errorf("check does not report the declaration (exit %d):\n%s", code, stdout)
	}
}

// TestMarkdownSlug: a Markdown page's front matter slug is its name and
// address; links to its file from other pages follow it, also when it
// changes (the old address goes); a slug that cannot be an address, or
// that another page already is, stops sync and build at its line.
func TestMarkdownSlug(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	content := filepath.Join(dir, "content")
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(content, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("visiting-hours.md", "---\ntitle: Visiting hours\nslug: visiting\n---\nThe ward opens at nine.\n")
	write("beds.md", "# Beds\n\nSee [the hours](visiting-hours.md#when) before you come.\n")
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	if en := readFile(t, filepath.Join(dir, "locales", "en.toml")); !strings.Contains(en, "#= ─── page: visiting ───") || strings.Contains(en, "page: visiting-hours") {
		t.Errorf("the page is not named by its slug in en.toml")
	}
	out := filepath.Join(dir, "public")
	if code, _, stderr := xlate(t, "", "build", "--config", cfg, "--all-languages"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "en", "visiting", "index.html")); err != nil {
		t.Errorf("no page at the slug's address: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "en", "visiting-hours")); err == nil {
		t.Errorf("a page at the file's name besides the slug's")
	}
	for _, lang := range []string{"en", "zh-hans"} {
		if beds := readFile(t, filepath.Join(out, lang, "beds", "index.html")); !strings.Contains(beds, `href="../visiting/index.html#when"`) {
			t.Errorf("%s/beds does not link to the slug's address:\n%s", lang, beds)
		}
	}
	// the slug changes: the link follows, the old address goes
	write("visiting-hours.md", "---\ntitle: Visiting hours\nslug: hours\n---\nThe ward opens at nine.\n")
	if code, _, stderr := xlate(t, "", "build", "--config", cfg, "--all-languages"); code != 0 {
		t.Fatal(stderr)
	}
	if beds := readFile(t, filepath.Join(out, "en", "beds", "index.html")); !strings.Contains(beds, `href="../hours/index.html#when"`) {
		t.Errorf("the link did not follow the new slug:\n%s", beds)
	}
	if _, err := os.Stat(filepath.Join(out, "en", "visiting", "index.html")); err == nil {
		t.Errorf("the page is still at the old slug's address")
	}
	for _, tt := range []struct{ text, want string }{
		{"---\ntitle: Hours\nslug: Visiting Hours\n---\nText.\n", `content/visiting-hours.md:3:1: slug "Visiting Hours" must be lower-case letters, digits and hyphens`},
		{"---\n# the ward's own page\nslug: beds\n---\nText.\n", `content/visiting-hours.md:3: slug "beds" is the page of content/beds.md too`},
	} {
		write("visiting-hours.md", tt.text)
		for _, cmd := range []string{"sync", "build"} {
			code, _, stderr := xlate(t, "", cmd, "--config", cfg)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("%s: exit %d, %s; want exit 2 and %s", cmd, code, stderr, tt.want)
			}
		}
	}
}
