package pipeline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"xlate/pipeline"
	"xlate/synth"
)

// The benchmarks run on a generated project of 1,000 pages (about 10,000
// blocks × 3 languages); cmd/synth writes the same at any size, for the
// 10,000-page figures the README quotes.

const benchPages = 1000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func benchProject(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "xlate-bench-")
		if benchErr == nil {
			benchErr = synth.Generate(benchDir, synth.Default(benchPages))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// copyProject copies the generated project so a benchmark may change it.
func copyProject(b *testing.B, dir string) string {
	b.Helper()
	dst := b.TempDir()
	if out, err := exec.Command("cp", "-a", dir+"/.", dst).CombinedOutput(); err != nil {
		b.Fatalf("cp: %v\n%s", err, out)
	}
	return dst
}

func config(b *testing.B, dir string) pipeline.Config {
	b.Helper()
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, pipeline.ConfigFile))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

func load(b *testing.B, dir string) *pipeline.Project {
	b.Helper()
	p, err := pipeline.Load(config(b, dir))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func contentBytes(b *testing.B, dir string) int64 {
	var n int64
	files, _ := filepath.Glob(filepath.Join(dir, "content", "*.txt"))
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			n += st.Size()
		}
	}
	return n
}

// pageEditor returns what changes one paragraph of the page half-way
// through the project before even rounds and puts it back before odd ones,
// with the timer stopped.
func pageEditor(b *testing.B, dir string) func(round int) {
	page := filepath.Join(dir, "content", synth.PageName(benchPages/2)+".txt")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	return func(round int) {
		b.StopTimer()
		defer b.StartTimer()
		text := string(orig)
		if round%2 == 0 {
			text = strings.Replace(text, " children.", " young patients.", 1)
		}
		if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// removeUntimed removes some of the project's directories, with the timer
// stopped.
func removeUntimed(b *testing.B, dir string, names ...string) {
	b.StopTimer()
	defer b.StartTimer()
	for _, n := range names {
		os.RemoveAll(filepath.Join(dir, n))
	}
}

// BenchmarkSyncNothingChanged syncs a project whose catalogues are up to date.
func BenchmarkSyncNothingChanged(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pipeline.Sync(config(b, dir), pipeline.SyncOptions{})
		if err != nil || len(res.Written) > 0 {
			b.Fatalf("wrote %v, %v", res.Written, err)
		}
	}
}

// BenchmarkSyncOnePageEdited changes one paragraph of one page, then syncs.
func BenchmarkSyncOnePageEdited(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	edit := pageEditor(b, dir)
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edit(i)
		if _, err := pipeline.Sync(config(b, dir), pipeline.SyncOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSyncFromScratch syncs a project that has no catalogues yet.
func BenchmarkSyncFromScratch(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		removeUntimed(b, dir, "locales")
		if _, err := pipeline.Sync(config(b, dir), pipeline.SyncOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck checks a project whose catalogues are up to date, as
// xlate check does when the inputs changed since the last check: chunk by
// chunk of pages.
func BenchmarkCheck(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	cfg := config(b, dir)
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.Remove(filepath.Join(cfg.CacheDir(), "check.state")) // the last check's findings
		res, err := pipeline.CheckCached(cfg)
		if err != nil || res.Cached || len(res.List) == 0 {
			b.Fatalf("a generated project with missing translations: %d findings, cached %v, %v", len(res.List), res.Cached, err)
		}
	}
}

// BenchmarkCheckWhole checks the same project read whole, as a check of a
// catalogue laid out otherwise than xlate writes it does.
func BenchmarkCheckWhole(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if list := pipeline.Check(load(b, dir)); len(list) == 0 {
			b.Fatal("a generated project with missing translations checked clean")
		}
	}
}

// BenchmarkBuildCold builds into an empty output, with no cache.
func BenchmarkBuildCold(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		removeUntimed(b, dir, "public", ".xlate")
		if _, err := pipeline.Build(config(b, dir), pipeline.BuildOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildNothingChanged builds a site built already.
func BenchmarkBuildNothingChanged(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	if _, err := pipeline.Build(config(b, dir), pipeline.BuildOptions{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pipeline.Build(config(b, dir), pipeline.BuildOptions{})
		if err != nil || !res.Cached {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}

// BenchmarkBuildOnePageEdited changes one paragraph of one page, then
// builds.
func BenchmarkBuildOnePageEdited(b *testing.B) {
	dir := copyProject(b, benchProject(b))
	if _, err := pipeline.Build(config(b, dir), pipeline.BuildOptions{}); err != nil {
		b.Fatal(err)
	}
	edit := pageEditor(b, dir)
	b.SetBytes(contentBytes(b, dir))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edit(i)
		res, err := pipeline.Build(config(b, dir), pipeline.BuildOptions{})
		if err != nil || res.Rendered != 1 {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}
