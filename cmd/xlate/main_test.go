package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"xlate/pipeline/chinese"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	root     = "../.."
	seedPage = "pediatric-hematology-oncology"
)

// xlate runs the command as a user would and returns its exit code and
// output.
func xlate(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// project copies the shipped project (config, content, catalogues) into a
// temporary directory that a test may change.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"xlate.toml", "content", "locales"} {
		err := filepath.WalkDir(filepath.Join(root, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// snapshot reads every file under dir but xlate's cache and lock.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == ".xlate" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// lineOf returns the 1-based number of the first line of the file at path
// that contains s.
func lineOf(t *testing.T, path, s string) string {
	t.Helper()
	for i, l := range strings.Split(readFile(t, path), "\n") {
		if strings.Contains(l, s) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s has no line with %q", path, s)
	return ""
}

// headerLineOf returns the line of the [table] header of a message.
func headerLineOf(t *testing.T, path, id string) string {
	return lineOf(t, path, "["+seedPage+"."+id+"]")
}

func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildGolden builds the shipped content and compares public/ with
// testdata/golden (go test ./cmd/xlate -update rewrites it).
func TestBuildGolden(t *testing.T) {
	out := t.TempDir()
	before := snapshot(t, filepath.Join(root, "locales"))
	code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(root, "xlate.toml"), "--out", out)
	if code != 0 {
		t.Fatalf("build exit %d:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("the shipped catalogues are complete, yet build warned:\n%s", stderr)
	}
	got := snapshot(t, out)
	golden := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(golden)
		for name, data := range got {
			path := filepath.Join(golden, name)
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if d := cmp.Diff(snapshot(t, golden), got); d != "" {
		t.Errorf("public/ differs from testdata/golden (-golden +built); run go test ./cmd/xlate -update if the change is intended:\n%s", d)
	}
	if d := cmp.Diff(before, snapshot(t, filepath.Join(root, "locales"))); d != "" {
		t.Errorf("build changed locales/:\n%s", d)
	}

	// A second build gives the same bytes and writes nothing.
	code, _, stderr = xlate(t, "", "build", "--config", filepath.Join(root, "xlate.toml"), "--out", out)
	if code != 0 || !strings.Contains(stderr, "0 files written, "+itoa(len(got))+" unchanged") {
		t.Errorf("second build: exit %d, %s; want every file unchanged", code, stderr)
	}
	if d := cmp.Diff(got, snapshot(t, out)); d != "" {
		t.Errorf("second build differs:\n%s", d)
	}
}

// TestEnglishPageIsClean checks the acceptance list: none of the garbling
// of the seed reaches the English page.
func TestEnglishPageIsClean(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(root, "xlate.toml"), "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	page := readFile(t, filepath.Join(out, "en", seedPage, "index.html"))
	for _, bad := range []string{"-x-", "<x>", "&lt;x&gt;", "hematopoietie", "division,we", "Sciences.In", "They has", "First made has", "Their studies has", "their studies has", "members holds", "we provides"} {
		if strings.Contains(page, bad) {
			t.Errorf("English page contains %q", bad)
		}
	}
	for _, want := range []string{"iron metabolism", "hematopoietic stem cell", "the only hospital in Sichuan Province licensed", "Abnormal Iron Metabolism in Leukemia"} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

// TestEveryPageIsInItsLanguage checks every block of every shipped page in
// every language: each is the catalogue's translation or the block as
// written in that language, never a fallback, and in the right script —
// no Han on the English pages, no Traditional-only character on the
// Simplified pages and no Simplified-only one on the Traditional pages.
func TestEveryPageIsInItsLanguage(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(root, "xlate.toml"), "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(root, "content", "*.*"))
	if len(pages) < 4 {
		t.Fatalf("%d shipped pages; want the seed, the mixed page, an HTML page and a Markdown page", len(pages))
	}
	for _, file := range pages {
		name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
			page := readFile(t, filepath.Join(out, strings.ToLower(lang), name, "index.html"))
			if !strings.Contains(page, `<html lang="`+lang+`">`) {
				t.Errorf("%s/%s lacks its lang", lang, name)
			}
			main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
			if strings.Contains(main, " lang=") {
				t.Errorf("%s/%s falls back to another language:\n%s", lang, name, main)
			}
			for _, r := range main {
				bad := false
				switch lang {
				case "en":
					bad = unicode.Is(unicode.Han, r)
				case "zh-Hans":
					bad = chinese.Of(r) == chinese.Traditional
				case "zh-Hant":
					bad = chinese.Of(r) == chinese.Simplified
				}
				if bad {
					t.Errorf("%s/%s shows %q, which is not written in %s", lang, name, r, lang)
				}
			}
			lines := strings.Split(page, "\n")
			for i := 1; i < len(lines); i++ {
				prev, next := []rune(lines[i-1]), []rune(lines[i])
				if len(prev) > 0 && len(next) > 0 && unicode.Is(unicode.Han, prev[len(prev)-1]) && unicode.Is(unicode.Han, next[0]) {
					t.Errorf("%s/%s breaks a run of Han characters at line %d", lang, name, i)
				}
			}
		}
	}
}

func countHan(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestShippedProjectIsInSync(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	if code, stdout, stderr := xlate(t, "", "check", "--config", cfg); code != 0 {
		t.Errorf("check on the shipped project: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr := xlate(t, "", "sync", "--config", cfg)
	if code != 0 || !strings.Contains(stderr, "0 catalogues written, 3 unchanged") {
		t.Errorf("sync on the shipped project changed catalogues: exit %d\n%s", code, stderr)
	}
}

var diagLine = regexp.MustCompile(`^[^:\s]+:\d+:\d+: `)

func TestCheckFindings(t *testing.T) {
	tests := []struct {
		name string
		// edit changes the project and returns the lines check must print
		// (each a prefix or a part of one line)
		edit func(t *testing.T, dir string) []string
		// exact says the output must hold these lines and nothing else
		exact bool
	}{
		{
			name: "malformed catalogue",
			edit: func(t *testing.T, dir string) []string {
				path := filepath.Join(dir, "locales", "zh-Hans.toml")
				editFile(t, path, `other = "患者服务"`, `other = "患者服务`)
				// the string is cut off at the end of the line: the column after 务
				return []string{"locales/zh-Hans.toml:" + lineOf(t, path, `other = "患者服务`) + ":14: error: malformed: strings cannot contain newlines"}
			},
			exact: true,
		},
		{
			name: "unknown key",
			edit: func(t *testing.T, dir string) []string {
				path := filepath.Join(dir, "locales", "zh-Hant.toml")
				editFile(t, path, `other = "病患服務"`, "other = \"病患服務\"\nnote = \"x\"")
				return []string{"locales/zh-Hant.toml:" + lineOf(t, path, `note = "x"`) + `:1: error: malformed: unknown key "note"`}
			},
			exact: true,
		},
		{
			name: "file name is not a BCP 47 tag",
			edit: func(t *testing.T, dir string) []string {
				os.WriteFile(filepath.Join(dir, "locales", "zh_CN.toml"), nil, 0o644)
				return []string{`locales/zh_CN.toml:1:1: error: malformed: file name "zh_CN" is not a BCP 47 language tag`}
			},
			exact: true,
		},
		{
			name: "missing translation",
			edit: func(t *testing.T, dir string) []string {
				path := filepath.Join(dir, "locales", "zh-Hans.toml")
				editFile(t, path, `other = "临床服务"`, `other = ""`)
				return []string{"locales/zh-Hans.toml:" + headerLineOf(t, path, "clinical-services") + ":1: error: missing: not translated: " + seedPage + ".clinical-services"}
			},
			exact: true,
		},
		{
			name: "content changed, catalogues not synced",
			edit: func(t *testing.T, dir string) []string {
				editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "Clinical Services", "Clinical Care")
				id := "clinical-services"
				return []string{
					"locales/en.toml:" + headerLineOf(t, filepath.Join(dir, "locales", "en.toml"), id) + ":1: error: out of date: the source of " + seedPage + "." + id + " changed; run xlate sync",
					"locales/zh-Hans.toml:" + headerLineOf(t, filepath.Join(dir, "locales", "zh-Hans.toml"), id) + ":1: error: stale: the English of " + seedPage + "." + id + " changed",
					"locales/zh-Hant.toml:" + headerLineOf(t, filepath.Join(dir, "locales", "zh-Hant.toml"), id) + ":1: error: stale: the English of " + seedPage + "." + id + " changed",
				}
			},
			exact: true,
		},
		{
			name: "editor's rewrite outdated by the source",
			edit: func(t *testing.T, dir string) []string {
				editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "35 nurses.", "36 nurses.")
				id := "pediatric-hematology-oncology-established-1973"
				return []string{"locales/en.toml:" + headerLineOf(t, filepath.Join(dir, "locales", "en.toml"), id) + ":1: error: stale: the source of " + seedPage + "." + id + " changed since this rewrite"}
			},
		},
		{
			name: "flagged passage without an editor's rewrite",
			edit: func(t *testing.T, dir string) []string {
				path := filepath.Join(dir, "locales", "en.toml")
				data := readFile(t, path)
				i := strings.Index(data, "[pediatric-hematology-oncology.first-made-pregnant-mother-serious]")
				j := i + strings.Index(data[i:], "other = ")
				k := j + strings.Index(data[j:], "\n")
				os.WriteFile(path, []byte(data[:j]+"other = \"\""+data[k:]), 0o644)
				if code, _, stderr := xlate(t, "", "sync", "--config", filepath.Join(dir, "xlate.toml")); code != 0 {
					t.Fatal(stderr)
				}
				return []string{"needs an editor's rewrite (raw-mt at content/" + seedPage + ".txt:18:1)"}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t)
			wants := tt.edit(t, dir)
			code, stdout, stderr := xlate(t, "", "check", "--config", filepath.Join(dir, "xlate.toml"))
			if code != 1 {
				t.Fatalf("check exit %d; want 1\n%s%s", code, stdout, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			for _, line := range lines {
				if !diagLine.MatchString(line) {
					t.Errorf("output line is not file:line:col: message: %q", line)
				}
			}
			for _, want := range wants {
				if !strings.Contains(stdout, want) {
					t.Errorf("check output lacks %q:\n%s", want, stdout)
				}
			}
			if tt.exact && len(lines) != len(wants) {
				t.Errorf("check printed %d lines; want exactly %d:\n%s", len(lines), len(wants), stdout)
			}
		})
	}
}

func TestBuildFallsBackAndStrictFails(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	path := filepath.Join(dir, "locales", "zh-Hant.toml")
	editFile(t, path, `other = "臨床服務"`, `other = ""`)
	code, _, stderr := xlate(t, "", "build", "--config", cfg)
	if code != 0 || !strings.Contains(stderr, "locales/zh-Hant.toml:"+headerLineOf(t, path, "clinical-services")+":1: warning: not translated: "+seedPage+".clinical-services") {
		t.Fatalf("build: exit %d; want 0 with a positioned warning\n%s", code, stderr)
	}
	page := readFile(t, filepath.Join(dir, "public", "zh-hant", seedPage, "index.html"))
	if !strings.Contains(page, `<h2 lang="en" class="untranslated">Clinical Services</h2>`) {
		t.Errorf("untranslated heading not shown in English with its lang")
	}
	if !strings.Contains(page, `<p class="untranslated-note">本頁部分內容尚未翻譯，以原文顯示。</p>`) {
		t.Errorf("a page shown partly untranslated does not say so")
	}
	if code, _, _ := xlate(t, "", "build", "--strict", "--config", cfg); code != 1 {
		t.Errorf("build --strict exit %d; want 1", code)
	}
}

// TestTranslatorTextIsEscaped: a message holding markup renders as text.
func TestTranslatorTextIsEscaped(t *testing.T) {
	dir := project(t)
	editFile(t, filepath.Join(dir, "locales", "zh-Hans.toml"), `other = "临床服务"`, `other = "临床服务<script>alert('x')</script>"`)
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "xlate.toml")); code != 0 {
		t.Fatal(stderr)
	}
	page := readFile(t, filepath.Join(dir, "public", "zh-hans", seedPage, "index.html"))
	if strings.Contains(page, "<script>") || !strings.Contains(page, "<h2>临床服务&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h2>") {
		t.Errorf("catalogue markup was not escaped:\n%s", page)
	}
}

// TestBuildWritesOnlyItsOutput checks that build leaves the content and
// the catalogues byte for byte as they were.
func TestBuildWritesOnlyItsOutput(t *testing.T) {
	dir := project(t)
	before := snapshot(t, dir)
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(dir, "xlate.toml"), "--out", filepath.Join(dir, "site")); code != 0 {
		t.Fatal(stderr)
	}
	after := snapshot(t, dir)
	for name := range after {
		if strings.HasPrefix(name, "site/") {
			delete(after, name)
		}
	}
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("build wrote outside its output directory:\n%s", d)
	}
}

func TestSyncKeepsIDsWhenAParagraphIsInserted(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "Clinical Services\n", "Visiting hours are from 9 to 5 every day.\n\nClinical Services\n")
	if code, _, stderr := xlate(t, "", "sync", "--config", cfg); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ := xlate(t, "", "check", "--config", cfg)
	if code != 1 {
		t.Fatalf("check exit %d; want 1 for the new paragraph", code)
	}
	// only the new paragraph lacks translations: one line per Chinese catalogue
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.Contains(stdout, "not translated: "+seedPage+".visiting-hours-9-5-every") {
		t.Errorf("after inserting one paragraph, check reports:\n%s", stdout)
	}
}

type normalizeJSON struct {
	File  string `json:"file"`
	Text  string `json:"text"`
	Fixes []struct {
		Rule, Before, After string
		Line, Col           int
	} `json:"fixes"`
	Flags []struct {
		Rule, Excerpt, Reason string
		Line, Col             int
	} `json:"flags"`
}

func TestNormalizeJSONOnTheSeed(t *testing.T) {
	seed := filepath.Join(root, "content", seedPage+".txt")
	code, stdout, stderr := xlate(t, "", "normalize", "--json", "--config", filepath.Join(root, "xlate.toml"), seed)
	if code != 0 {
		t.Fatal(stderr)
	}
	var res normalizeJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	lines := strings.Split(readFile(t, seed), "\n")
	find := func(s string) (int, int) { // 1-based line and column of s in the seed
		for i, l := range lines {
			if j := strings.Index(l, s); j >= 0 {
				return i + 1, len([]rune(l[:j])) + 1
			}
		}
		t.Fatalf("%q not in the seed", s)
		return 0, 0
	}
	type at struct {
		rule      string
		line, col int
	}
	fixes := map[at]string{}
	for _, f := range res.Fixes {
		fixes[at{f.Rule, f.Line, f.Col}] = f.Before + "→" + f.After
	}
	for _, want := range []struct{ rule, anchor, change string }{
		{"filter-marker", "me-x-tabolism", "me-x-tabolism→metabolism"},
		{"filter-marker", "ba-x-sed", "ba-x-sed→based"},
		{"glossary", "hematopoietie", "hematopoietie→hematopoietic"},
		{"pronoun-agreement", "provides programs", "provides→provide"},
		{"pronoun-agreement", "has carried", "has→have"},
		{"space-after-punct", "we have 12", "→ "},
		{"space-after-punct", "In the division", "→ "},
	} {
		line, col := find(want.anchor)
		if got, ok := fixes[at{want.rule, line, col}]; !ok || got != want.change {
			t.Errorf("no %s fix %q at %d:%d (got %q)", want.rule, want.change, line, col, got)
		}
	}
	line, col := find("First made has")
	found := false
	for _, f := range res.Flags {
		if f.Rule == "raw-mt" && f.Line == line && f.Col == col && strings.HasPrefix(f.Excerpt, "First made has") && f.Reason != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("raw machine-translated paragraph not flagged at %d:%d: %+v", line, col, res.Flags)
	}
	if res.File != "" {
		t.Errorf("one input, yet a file field %q", res.File)
	}
}

func TestNormalizeStdinAndSeveralFiles(t *testing.T) {
	code, stdout, _ := xlate(t, "we provides care,now", "normalize")
	if code != 0 || stdout != "we provide care, now" {
		t.Errorf("stdin: exit %d, %q", code, stdout)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("They has"), 0o644)
	os.WriteFile(b, []byte("fine text"), 0o644)
	code, stdout, _ = xlate(t, "", "normalize", "--json", a, b)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("two files: exit %d, %d lines", code, len(lines))
	}
	var first, second normalizeJSON
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.File != a || first.Text != "They have" || second.File != b || len(second.Fixes) != 0 {
		t.Errorf("objects = %+v, %+v", first, second)
	}
}

func TestInputErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "image.txt")
	os.WriteFile(bin, []byte("PNG\n\x89\x00\x01"), 0o644)
	code, stdout, stderr := xlate(t, "", "normalize", bin)
	if code != 2 || stdout != "" || !strings.Contains(stderr, bin+":2:") {
		t.Errorf("binary input: exit %d, stdout %q, stderr %q; want 2 naming the file and position", code, stdout, stderr)
	}

	proj := project(t)
	editFile(t, filepath.Join(proj, "locales", "zh-Hans.toml"), `other = "患者服务"`, `other = "患者服务`)
	before := snapshot(t, proj)
	code, _, stderr = xlate(t, "", "sync", "--config", filepath.Join(proj, "xlate.toml"))
	if code != 2 || !strings.Contains(stderr, "locales/zh-Hans.toml:"+lineOf(t, filepath.Join(proj, "locales", "zh-Hans.toml"), `other = "患者服务`)+":14: ") {
		t.Errorf("sync with a broken catalogue: exit %d, %s", code, stderr)
	}
	if d := cmp.Diff(before, snapshot(t, proj)); d != "" {
		t.Errorf("a failed sync changed files:\n%s", d)
	}
	editFile(t, filepath.Join(proj, "locales", "zh-Hant.toml"), `other = "病患服務"`, `other = 病患服務`)
	code, _, stderr = xlate(t, "", "build", "--config", filepath.Join(proj, "xlate.toml"))
	if code != 2 || !strings.Contains(stderr, "locales/zh-Hans.toml:") || !strings.Contains(stderr, "locales/zh-Hant.toml:") {
		t.Errorf("build with two broken catalogues: exit %d; want 2 naming both:\n%s", code, stderr)
	}

	for _, args := range [][]string{{}, {"translate"}, {"build", "--nope"}, {"check", "extra"}} {
		if code, _, _ := xlate(t, "", args...); code != 2 {
			t.Errorf("xlate %v: exit %d; want 2", args, code)
		}
	}
	if code, stdout, _ := xlate(t, "", "help"); code != 0 || !strings.Contains(stdout, "normalize") {
		t.Errorf("help: exit %d", code)
	}
}

func TestNormalizeRulesAndListRules(t *testing.T) {
	// --rules encoding repairs the mojibake and leaves the grammar alone.
	code, stdout, stderr := xlate(t, "Itâ€™s we provides", "normalize", "--rules", "encoding")
	if code != 0 || stdout != "It’s we provides" {
		t.Errorf("--rules encoding: exit %d, %q, %s", code, stdout, stderr)
	}
	code, stdout, _ = xlate(t, "Itâ€™s we provides", "normalize", "--rules", "grammar, mt")
	if code != 0 || stdout != "Itâ€™s we provide" {
		t.Errorf("--rules grammar,mt: exit %d, %q", code, stdout)
	}
	code, stdout, stderr = xlate(t, "x", "normalize", "--rules", "encodng")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `unknown rule family "encodng"`) || !strings.Contains(stderr, "encoding, markers") {
		t.Errorf("unknown family: exit %d, stdout %q, stderr %q; want 2 and the families", code, stdout, stderr)
	}

	code, stdout, _ = xlate(t, "", "normalize", "--list-rules")
	if code != 0 {
		t.Fatalf("--list-rules: exit %d", code)
	}
	families := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			t.Fatalf("--list-rules line %q lacks family, rule and description", line)
		}
		families[f[0]] = true
	}
	for _, f := range []string{"encoding", "markers", "invisible", "width", "spacing", "glossary", "grammar", "mt"} {
		if !families[f] {
			t.Errorf("--list-rules has no rule of family %s", f)
		}
	}
	for _, rule := range []string{"utf8-mojibake", "gbk-mojibake", "filter-marker", "cjk-spacing", "raw-mt", "domain-typo"} {
		if !strings.Contains(stdout, " "+rule+" ") {
			t.Errorf("--list-rules does not list %s", rule)
		}
	}
}

func TestNormalizeReadsLegacyEncodings(t *testing.T) {
	dir := t.TempDir()
	gbk := filepath.Join(dir, "gbk.txt")
	os.WriteFile(gbk, []byte("\xd4\xec\xd1\xaa\xb8\xc9\xcf\xb8\xb0\xfb\xd2\xc6\xd6\xb2"), 0o644) // 造血干细胞移植 in GBK
	utf16 := filepath.Join(dir, "utf16.txt")
	os.WriteFile(utf16, []byte{0xff, 0xfe, 'w', 0, 'e', 0, ' ', 0, 'p', 0, 'r', 0, 'o', 0, 'v', 0, 'i', 0, 'd', 0, 'e', 0, 's', 0}, 0o644)
	for file, want := range map[string]string{gbk: "造血干细胞移植", utf16: "we provide"} {
		code, stdout, stderr := xlate(t, "", "normalize", file)
		if code != 0 || stdout != want {
			t.Errorf("%s: exit %d, %q, %s; want %q", file, code, stdout, stderr, want)
		}
	}
	junk := filepath.Join(dir, "junk.txt")
	os.WriteFile(junk, []byte("text\n\xff\xff\xff"), 0o644)
	code, stdout, stderr := xlate(t, "", "normalize", junk)
	if code != 2 || stdout != "" || !strings.Contains(stderr, junk+":2:1:") || !strings.Contains(stderr, "not UTF-8, GB18030 or Big5") {
		t.Errorf("undecodable input: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestBuildReadsUTF16Content saves the seed page as UTF-16 with a
// byte-order mark, as some editors on Windows do: the built site must be
// the golden one, byte for byte.
func TestBuildReadsUTF16Content(t *testing.T) {
	proj := project(t)
	page := filepath.Join(proj, "content", seedPage+".txt")
	units := utf16.Encode([]rune(readFile(t, page)))
	data := []byte{0xff, 0xfe}
	for _, u := range units {
		data = append(data, byte(u), byte(u>>8))
	}
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if code, _, stderr := xlate(t, "", "build", "--config", filepath.Join(proj, "xlate.toml"), "--out", out); code != 0 {
		t.Fatalf("build of a UTF-16 page: exit %d\n%s", code, stderr)
	}
	got := snapshot(t, out)
	for name, want := range snapshot(t, filepath.Join("testdata", "golden")) {
		if name == "sitemap.xml" || name == "index.html" {
			continue // they carry no page text
		}
		if got[name] != want {
			t.Errorf("%s built from the UTF-16 page differs from the golden one", name)
		}
	}
}

// TestLanguagesThatCannotWorkAreRefused: a stray catalogue for a variant
// of a configured language, or for a language go-i18n cannot load, is
// refused by sync and check (exit 1, the file and the reason), never
// written, and never published.
func TestLanguagesThatCannotWorkAreRefused(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"zh-TW.toml", "locales/zh-TW.toml:1:1: zh-TW is a variant of zh-Hant, which xlate.toml lists: move its translations to locales/zh-Hant.toml"},
		{"zh.toml", "locales/zh.toml:1:1: zh is a variant of zh-Hans, which xlate.toml lists"},
		{"zh-CN.toml", "locales/zh-CN.toml:1:1: zh-CN is a variant of zh-Hans"},
		{"tw.toml", "locales/tw.toml:1:1: go-i18n cannot load a catalogue for tw: it has no plural rule for the language"},
		{"oc.toml", "locales/oc.toml:1:1: go-i18n cannot load a catalogue for oc"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir := project(t)
			cfg := filepath.Join(dir, "xlate.toml")
			stray := filepath.Join(dir, "locales", tc.file)
			text := "[pediatric-hematology-oncology.clinical-services]\nother = \"臨床服務\"\n"
			if err := os.WriteFile(stray, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			code, stdout, stderr := xlate(t, "", "check", "--config", cfg)
			if want := strings.Replace(tc.want, ":1:1: ", ":1:1: error: refused: ", 1); code != 1 || !strings.Contains(stdout, want) {
				t.Errorf("check: exit %d; want 1 and %q\n%s%s", code, want, stdout, stderr)
			}
			code, _, stderr = xlate(t, "", "sync", "--config", cfg)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("sync: exit %d; want 1 and %q\n%s", code, tc.want, stderr)
			}
			if d := cmp.Diff(before, snapshot(t, dir)); d != "" {
				t.Errorf("sync changed files:\n%s", d)
			}
			out := t.TempDir()
			code, _, stderr = xlate(t, "", "build", "--config", cfg, "--out", out)
			if code != 0 || !strings.Contains(stderr, "warning: "+strings.SplitN(tc.want, ": ", 2)[1]) {
				t.Errorf("build: exit %d; want 0 with the refusal as a warning\n%s", code, stderr)
			}
			index := readFile(t, filepath.Join(out, "index.html"))
			if strings.Count(index, "<section") != 3 {
				t.Errorf("the refused catalogue is published:\n%s", index)
			}
		})
	}
	// a configured language go-i18n cannot load: its catalogue is never
	// written
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	editFile(t, cfg, `languages = ["en", "zh-Hans", "zh-Hant"]`, `languages = ["en", "zh-Hans", "zh-Hant", "oc"]`)
	code, _, stderr := xlate(t, "", "sync", "--config", cfg)
	if code != 1 || !strings.Contains(stderr, "locales/oc.toml:1:1: go-i18n cannot load a catalogue for oc: it has no plural rule for the language; remove oc from languages in xlate.toml") {
		t.Errorf("sync with oc configured: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "locales", "oc.toml")); err == nil {
		t.Error("sync wrote oc.toml, which go-i18n cannot load")
	}
}

// TestCheckWarnsAboutTwoTranslationsOfOneText: the same English translated
// two ways in one language is reported at both entries.
func TestCheckWarnsAboutTwoTranslationsOfOneText(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	path := filepath.Join(dir, "locales", "zh-Hans.toml")
	// both pages have a "For Patients" breadcrumb, translated alike; make
	// one of them differ
	data := readFile(t, path)
	i := strings.Index(data, "[pediatric-ward-visiting.for-patients]")
	j := i + strings.Index(data[i:], `other = "患者服务"`)
	os.WriteFile(path, []byte(data[:j]+`other = "患者须知"`+data[j+len(`other = "患者服务"`):]), 0o644)
	code, stdout, stderr := xlate(t, "", "check", "--config", cfg)
	first := headerLineOf(t, path, "for-patients")
	second := lineOf(t, path, "[pediatric-ward-visiting.for-patients]")
	for _, want := range []string{
		"locales/zh-Hans.toml:" + first + ":1: warning: inconsistent: pediatric-hematology-oncology.for-patients translates the same English as pediatric-ward-visiting.for-patients (line " + second + ") differently",
		"locales/zh-Hans.toml:" + second + ":1: warning: inconsistent: pediatric-ward-visiting.for-patients translates the same English as pediatric-hematology-oncology.for-patients (line " + first + ") differently",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, stdout)
		}
	}
	if code != 0 {
		t.Errorf("check exit %d; warnings alone must not fail it\n%s", code, stderr)
	}
}
