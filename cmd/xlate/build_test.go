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

	"github.com/google/go-cmp/cmp"

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
	if code, _, stderr := xlate(t, "", "build", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	mine := filepath.Join(dir, "public", "robots-mine.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "public", "en", "extra", "notes.txt"), []byte("mine too"), 0o644)
	os.Remove(filepath.Join(dir, "content", "extra.txt"))
	code, _, stderr := xlate(t, "", "build", "--config", cfg)
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
	if len(first) != 60*3+2 {
		t.Errorf("%d files; want %d", len(first), 60*3+2)
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
