package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"xlate/pipeline"
	"xlate/synth"
)

// The tests here run xlate as its own process, as CI and translators do,
// to hold a lock against it, limit the size of the files it may write, or
// kill it at any moment.

func TestMain(m *testing.M) {
	if os.Getenv("XLATE_AS_COMMAND") == "1" {
		if limit := os.Getenv("XLATE_FILE_LIMIT"); limit != "" {
			var n uint64
			fmt.Sscan(limit, &n)
			syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
		}
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// command returns xlate as a process: the test binary acting as the command.
func command(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), "XLATE_AS_COMMAND=1"), env...)
	return cmd
}

// generated writes a synthetic project of n pages.
func generated(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Default(n)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// temps lists the temporary files xlate left in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err == nil && strings.Contains(fi.Name(), ".xlate-tmp-") {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func readCatalogs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range synth.Languages {
		data, err := os.ReadFile(filepath.Join(dir, "locales", l+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		out[l] = string(data)
	}
	return out
}

func TestSecondSyncWhileLockedExits2(t *testing.T) {
	dir := project(t)
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, "xlate.toml"))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := pipeline.LockProject(cfg, "xlate sync")
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml"))
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != 2 || !strings.Contains(stderr.String(), ".xlate/lock: the project is locked by xlate sync (pid ") {
		t.Errorf("sync while locked: exit %d (%v)\n%s", code, err, stderr.String())
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("sync waited for the lock instead of failing at once")
	}
	lock.Unlock()
	// a lock whose holder is gone (killed) is free: the file stays, the
	// system lock does not
	cmd = command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sync after the holder let go: %v\n%s", err, out)
	}
}

// TestStaleLockIsTakenOver kills a sync while it holds the lock; the next
// sync takes the lock over.
func TestStaleLockIsTakenOver(t *testing.T) {
	dir := generated(t, 200)
	os.RemoveAll(filepath.Join(dir, "locales"))
	cmd := command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(dir, ".xlate", "lock")); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	out, err := command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml")).CombinedOutput()
	if err != nil {
		t.Fatalf("sync after a killed sync: %v\n%s", err, out)
	}
}

// TestSaveDuringSyncIsKept: a translator saves a catalogue after sync read
// it and before sync replaced it; sync leaves every file alone and says so.
func TestSaveDuringSyncIsKept(t *testing.T) {
	dir := project(t)
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, "xlate.toml"))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "chronic anemia and leukemia.", "chronic anemia and childhood leukemia.")
	before := snapshot(t, dir)
	lock, err := pipeline.LockProject(cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := pipeline.PlanSync(cfg, pipeline.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	// the translator's save, with a new line of the same length or not
	zh := filepath.Join(dir, "locales", "zh-Hant.toml")
	saved := strings.Replace(readFile(t, zh), `other = "臨床服務"`, `other = "臨床醫療服務"`, 1)
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(zh, []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	err = plan.Apply()
	lock.Unlock()
	var changed *pipeline.ChangedError
	if !errors.As(err, &changed) || changed.Path != "locales/zh-Hant.toml" {
		t.Fatalf("Apply after a save: %v; want a ChangedError for locales/zh-Hant.toml", err)
	}
	after := snapshot(t, dir)
	if after["locales/zh-Hant.toml"] != saved {
		t.Error("the translator's save was overwritten")
	}
	for _, name := range []string{"locales/en.toml", "locales/zh-Hans.toml"} {
		if after[name] != before[name] {
			t.Errorf("%s was written though another catalogue changed", name)
		}
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	// and the command says so, with exit 1, and writes when run again
	code, _, stderr := xlate(t, "", "sync", "--config", filepath.Join(dir, "xlate.toml"))
	if code != 0 {
		t.Errorf("sync after the save: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(readFile(t, zh), `other = "臨床醫療服務"`) {
		t.Error("the next sync lost the translator's save")
	}
}

// TestWriteErrorLeavesEveryCatalogue limits the size of a file xlate may
// write so that the third and largest catalogue cannot be written: none
// is replaced, and no temporary file is left.
func TestWriteErrorLeavesEveryCatalogue(t *testing.T) {
	dir := generated(t, 60)
	editFile(t, filepath.Join(dir, "content", synth.PageName(30)+".txt"), " children.", " young patients.")
	// a translator's long notes at the end of zh-Hant make it the largest
	zh := filepath.Join(dir, "locales", "zh-Hant.toml")
	notes := strings.Repeat("# 譯者筆記：本檔案的術語以臺灣醫學名詞為準。\n", 4000)
	if err := os.WriteFile(zh, []byte(readFile(t, zh)+"\n"+notes), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readCatalogs(t, dir)
	var sizes []int
	for _, l := range synth.Languages {
		sizes = append(sizes, len(before[l]))
	}
	// en and zh-Hans fit, zh-Hant does not
	limit := max(sizes[0], sizes[1]) + 64<<10
	if sizes[2] <= limit {
		t.Fatalf("catalogue sizes %v: the third is not the largest", sizes)
	}
	var stderr bytes.Buffer
	cmd := command(t, []string{fmt.Sprintf("XLATE_FILE_LIMIT=%d", limit)}, "sync", "--config", filepath.Join(dir, "xlate.toml"))
	cmd.Stderr = &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), "locales/zh-Hant.toml") {
		t.Errorf("sync with a write error: exit %d; want 2 naming the file\n%s", code, stderr.String())
	}
	after := readCatalogs(t, dir)
	for _, l := range synth.Languages {
		if after[l] != before[l] {
			t.Errorf("%s was replaced though the sync failed", l)
		}
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestKilledSyncLeavesOldOrNew kills a large sync at random moments, 30
// times: every catalogue is then the old version or the new one, go-i18n
// loads it, and the next sync leaves no temporary file and gives what an
// uninterrupted sync gives.
func TestKilledSyncLeavesOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a large sync 30 times")
	}
	base := generated(t, 120)
	// the old catalogues, and the new ones of an uninterrupted sync after
	// an edit of the English
	old := readCatalogs(t, base)
	edited := t.TempDir()
	copyTree(t, base, edited)
	editPages(t, edited)
	if out, err := command(t, nil, "sync", "--config", filepath.Join(edited, "xlate.toml")).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := readCatalogs(t, edited)
	// how long an uninterrupted sync takes, to kill within it
	probe := t.TempDir()
	copyTree(t, base, probe)
	editPages(t, probe)
	os.RemoveAll(filepath.Join(probe, ".xlate"))
	start := time.Now()
	if out, err := command(t, nil, "sync", "--config", filepath.Join(probe, "xlate.toml")).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	took := time.Since(start)
	rng := rand.New(rand.NewPCG(7, 7))
	killed := 0
	for i := 0; i < 30; i++ {
		dir := t.TempDir()
		copyTree(t, base, dir)
		editPages(t, dir)
		if i%2 == 0 {
			os.RemoveAll(filepath.Join(dir, ".xlate")) // without the cache too
		}
		cmd := command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took) + 1)))
		if cmd.Process.Kill() == nil {
			killed++
		}
		cmd.Wait()
		now := readCatalogs(t, dir)
		for _, l := range synth.Languages {
			if now[l] != old[l] && now[l] != want[l] {
				t.Fatalf("kill %d: %s is neither the old nor the new catalogue", i, l)
			}
			loads(t, dir, l)
		}
		if out, err := command(t, nil, "sync", "--config", filepath.Join(dir, "xlate.toml")).CombinedOutput(); err != nil {
			t.Fatalf("kill %d: the next sync: %v\n%s", i, err, out)
		}
		if tmp := temps(t, dir); len(tmp) > 0 {
			t.Fatalf("kill %d: temporary files left after the next sync: %v", i, tmp)
		}
		if now := readCatalogs(t, dir); fmt.Sprint(now) != fmt.Sprint(want) {
			t.Fatalf("kill %d: the next sync does not give what an uninterrupted one gives", i)
		}
	}
	if killed < 30 {
		t.Errorf("only %d of 30 syncs were still running when killed", killed)
	}
}

// TestLeftTemporariesAreRemoved plants the temporary files a run killed
// while writing leaves behind, in each place xlate writes: the catalogues,
// the cache and the output. The next sync and build remove them, whatever
// moment of the killed run's writing they come from.
func TestLeftTemporariesAreRemoved(t *testing.T) {
	dir := generated(t, 3)
	cfg := filepath.Join(dir, "xlate.toml")
	for _, args := range [][]string{{"sync"}, {"build"}} {
		if out, err := command(t, nil, append(args, "--config", cfg)...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	planted := []string{
		filepath.Join(dir, "locales", ".zh-Hans.toml.xlate-tmp-0a0b0c0d0e0f"),
		filepath.Join(dir, ".xlate", "cache", ".program.state.xlate-tmp-0a0b0c0d0e0f"),
		filepath.Join(dir, ".xlate", "cache", ".build.state.xlate-tmp-0a0b0c0d0e0f"),
	}
	for _, p := range planted {
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := command(t, nil, "sync", "--config", cfg).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("after sync: temporary files left: %v", tmp)
	}
	for _, p := range planted[1:] {
		os.WriteFile(p, []byte("half"), 0o644)
	}
	if out, err := command(t, nil, "build", "--config", cfg).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("after build: temporary files left: %v", tmp)
	}
}

// editPages changes the English of some pages, as an editor would.
func editPages(t *testing.T, dir string) {
	for _, i := range []int{3, 60, 110} {
		editFile(t, filepath.Join(dir, "content", synth.PageName(i)+".txt"), " children.", " young patients.")
	}
}

func loads(t *testing.T, dir, lang string) {
	t.Helper()
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	if _, err := b.LoadMessageFile(filepath.Join(dir, "locales", lang+".toml")); err != nil {
		t.Fatalf("go-i18n cannot load %s: %v", lang, err)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
}

// TestSyncWritesThroughLinksAndKeepsModes: a catalogue that is a symbolic
// link stays one, and the file it points to gets the new text with its
// mode.
func TestSyncWritesThroughLinksAndKeepsModes(t *testing.T) {
	dir := project(t)
	elsewhere := filepath.Join(t.TempDir(), "shared-zh-Hans.toml")
	zh := filepath.Join(dir, "locales", "zh-Hans.toml")
	if err := os.WriteFile(elsewhere, []byte(readFile(t, zh)), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(zh)
	if err := os.Symlink(elsewhere, zh); err != nil {
		t.Fatal(err)
	}
	en := filepath.Join(dir, "locales", "en.toml")
	if err := os.Chmod(en, 0o640); err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "chronic anemia and leukemia.", "chronic anemia and childhood leukemia.")
	if code, _, stderr := xlate(t, "", "sync", "--config", filepath.Join(dir, "xlate.toml")); code != 0 {
		t.Fatalf("sync: exit %d\n%s", code, stderr)
	}
	if fi, err := os.Lstat(zh); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v", err)
	}
	if !strings.Contains(readFile(t, elsewhere), "childhood leukemia") {
		t.Error("the file the link points to did not get the new text")
	}
	for path, mode := range map[string]os.FileMode{elsewhere: 0o600, en: 0o640} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v; want %v kept", path, fi.Mode().Perm(), mode)
		}
	}
}

// TestTOMLErrorsKeepTheirHelp: an error in xlate.toml names the position
// and says how to write it right.
func TestTOMLErrorsKeepTheirHelp(t *testing.T) {
	dir := project(t)
	editFile(t, filepath.Join(dir, "xlate.toml"), `base_url = "https://example.org/"`, `base_url = "https://example.org/\q"`)
	code, _, stderr := xlate(t, "", "sync", "--config", filepath.Join(dir, "xlate.toml"))
	if code != 2 || !strings.Contains(stderr, "xlate.toml:") || !strings.Contains(stderr, "\\q") || !strings.Contains(stderr, "\n\t") {
		t.Errorf("exit %d; want 2, the position and the decoder's help:\n%s", code, stderr)
	}
}
