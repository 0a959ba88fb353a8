package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xlate/pipeline/source"
)

// plantedProject is the shipped project with faults planted in its
// catalogues: a broken template, a placeholder lost, half-width
// punctuation and a Traditional character in zh-Hans, a translation left
// as the English in zh-Hant.
func plantedProject(t *testing.T) (dir string, lines map[string]string) {
	t.Helper()
	dir = project(t)
	hans := filepath.Join(dir, "locales", "zh-Hans.toml")
	hant := filepath.Join(dir, "locales", "zh-Hant.toml")
	editFile(t, hans, `other = "临床服务"`, `other = "临床服务 {{.Name"`)
	editFile(t, hans, `other = "门诊时间"`, `other = "门诊,时间"`)
	editFile(t, hans, `other = "初次就诊"`, `other = "初次就診"`)
	editFile(t, hans, `请见<2>探视须知</2>。"`, `请见探视须知。"`)
	editFile(t, hant, `other = "門診時間"`, `other = "Clinic hours"`)
	lines = map[string]string{
		"template":     "locales/zh-Hans.toml:" + headerLineOf(t, hans, "clinical-services") + ":1",
		"punctuation":  "locales/zh-Hans.toml:" + lineOf(t, hans, "[outpatient-clinics.clinic-hours]") + ":1",
		"script":       "locales/zh-Hans.toml:" + lineOf(t, hans, "[outpatient-clinics.your-first-visit]") + ":1",
		"placeholders": "locales/zh-Hans.toml:" + lineOf(t, hans, "[transplant-preparation.blood-counts-checked-every-week]") + ":1",
		"identical":    "locales/zh-Hant.toml:" + lineOf(t, hant, "[outpatient-clinics.clinic-hours]") + ":1",
	}
	return dir, lines
}

// TestCheckFormats: every planted fault is found at its entry, with its
// check's name and severity, in each format; exit 1 for the errors.
func TestCheckFormats(t *testing.T) {
	dir, at := plantedProject(t)
	cfg := filepath.Join(dir, "xlate.toml")
	code, text, _ := xlate(t, "", "check", "--config", cfg)
	if code != 1 {
		t.Fatalf("check: exit %d\n%s", code, text)
	}
	want := []string{
		at["template"] + ": error: template: pediatric-hematology-oncology.clinical-services: the translation is not a valid template: 1: unclosed action",
		at["placeholders"] + ": error: placeholders: transplant-preparation.blood-counts-checked-every-week: the translation: placeholder <2> of the source is missing",
		at["punctuation"] + `: warning: punctuation: outpatient-clinics.clinic-hours: half-width "," between Chinese characters (write ，)`,
		at["script"] + ": warning: script: outpatient-clinics.your-first-visit: zh-Hans is written in Simplified Chinese; these characters are not: 診",
		at["identical"] + ": warning: identical: outpatient-clinics.clinic-hours: the translation is the source itself",
	}
	for _, w := range want {
		if !strings.Contains(text, w+"\n") {
			t.Errorf("check lacks\n%s\n\n%s", w, text)
		}
	}
	if n := len(strings.Split(strings.TrimSpace(text), "\n")); n != len(want) {
		t.Errorf("check printed %d findings; want %d:\n%s", n, len(want), text)
	}
	// the same as JSON, one object a line
	code, js, _ := xlate(t, "", "check", "--format", "json", "--config", cfg)
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(js), "\n") {
		var f struct {
			File            string
			Line, Col       int
			Severity, Check string
			Message         string
		}
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		got = append(got, f.File+":"+itoa(f.Line)+":"+itoa(f.Col)+": "+f.Severity+": "+f.Check+": "+f.Message)
	}
	if code != 1 || strings.Join(got, "\n")+"\n" != text {
		t.Errorf("JSON (exit %d) differs from text:\n%s\n---\n%s", code, strings.Join(got, "\n"), text)
	}
	// as GitHub annotations
	code, gh, _ := xlate(t, "", "check", "--format", "github", "--config", cfg)
	if code != 1 || !strings.Contains(gh, "::error file=locales/zh-Hans.toml,line="+strings.Split(at["template"], ":")[1]+",col=1,title=xlate template::pediatric-hematology-oncology.clinical-services: the translation is not a valid template: 1: unclosed action\n") ||
		!strings.Contains(gh, "::warning file=locales/zh-Hant.toml,line=") {
		t.Errorf("github format (exit %d):\n%s", code, gh)
	}
}

// TestGitHubAnnotationsEscape: what GitHub reads as the end of a
// property (, :) or of the message (a line break), and %, are written
// as %XX.
func TestGitHubAnnotationsEscape(t *testing.T) {
	var b strings.Builder
	writeFinding(&b, diag("dir:a,b/zh-Hans.toml", 3, 1, "50% done,\nnext: line\r"), "github")
	want := "::error file=dir%3Aa%2Cb/zh-Hans.toml,line=3,col=1,title=xlate missing::50%25 done,%0Anext: line%0D\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestCheckNamedOnce: the text format names a finding's check before its
// message, once: not again where the message starts with the name.
func TestCheckNamedOnce(t *testing.T) {
	for _, tc := range []struct{ check, msg, want string }{
		{"missing", "not translated: p.x", "f.toml:3:1: error: missing: not translated: p.x\n"},
		{"stale", "stale: the English of p.x changed", "f.toml:3:1: error: stale: the English of p.x changed\n"},
		{"out-of-date", "out of date: the source of p.x changed", "f.toml:3:1: error: out of date: the source of p.x changed\n"},
		{"obsolete", "obsolete p.x", "f.toml:3:1: error: obsolete: obsolete p.x\n"},
		{"fuzzy", "fuzzy", "f.toml:3:1: error: fuzzy: fuzzy\n"},
	} {
		var b strings.Builder
		d := diag("f.toml", 3, 1, tc.msg)
		d.Check = tc.check
		writeFinding(&b, d, "text")
		if b.String() != tc.want {
			t.Errorf("got  %q\nwant %q", b.String(), tc.want)
		}
	}
}

// TestCheckSeverities: a project turns a check into a warning for one
// language (a language in progress) and off for all; --strict fails on
// warnings; --list names every check.
func TestCheckSeverities(t *testing.T) {
	dir, _ := plantedProject(t)
	cfg := filepath.Join(dir, "xlate.toml")
	editFile(t, filepath.Join(dir, "locales", "zh-Hans.toml"), `other = "临床服务 {{.Name"`, `other = "临床服务"`)
	editFile(t, filepath.Join(dir, "locales", "zh-Hans.toml"), `请见探视须知。"`, `请见<2>探视须知</2>。"`)
	editFile(t, filepath.Join(dir, "locales", "zh-Hant.toml"), `other = "臨床服務"`, `other = ""`)
	if code, out, _ := xlate(t, "", "check", "--config", cfg); code != 1 || !strings.Contains(out, ": error: missing: not translated") {
		t.Fatalf("before: exit %d\n%s", code, out)
	}
	data := readFile(t, cfg) + "\n[checks]\nidentical = \"off\"\n[checks.zh-Hant]\nmissing = \"warning\"\n"
	writeFileT(t, cfg, data)
	code, out, stderr := xlate(t, "", "check", "--config", cfg)
	if code != 0 || !strings.Contains(out, ": warning: missing: not translated") || strings.Contains(out, "identical") {
		t.Errorf("with severities: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, _ := xlate(t, "", "check", "--strict", "--config", cfg); code != 1 {
		t.Errorf("--strict with warnings: exit %d; want 1", code)
	}
	writeFileT(t, cfg, readFile(t, cfg)+"\n[checks.fr]\nnope = \"error\"\n")
	if code, _, stderr := xlate(t, "", "check", "--config", cfg); code != 2 || !strings.Contains(stderr, `no check named "nope"`) {
		t.Errorf("an unknown check: exit %d\n%s", code, stderr)
	}
	code, list, _ := xlate(t, "", "check", "--list")
	for _, name := range []string{"missing", "placeholders", "template-code", "plural-forms", "glossary"} {
		if code != 0 || !strings.Contains(list, "\n"+name+" ") {
			t.Errorf("--list lacks %s:\n%s", name, list)
		}
	}
}

func writeFileT(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func diag(file string, line, col int, msg string) source.Diagnostic {
	return source.Diagnostic{Pos: source.Pos{File: file, Line: line, Col: col}, Msg: msg, Check: "missing"}
}

// TestPofilterFindsNothingCheckMisses: Translate Toolkit's pofilter, in
// its critical tests, on a PO export of the planted catalogue, flags no
// message that xlate check does not flag too.
func TestPofilterFindsNothingCheckMisses(t *testing.T) {
	if _, err := exec.LookPath("pofilter"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pofilter is not installed (apt install translate-toolkit); CI must run this test")
		}
		t.Skip("pofilter is not installed (apt install translate-toolkit)")
	}
	dir, _ := plantedProject(t)
	cfg := filepath.Join(dir, "xlate.toml")
	po := filepath.Join(t.TempDir(), "zh-Hans.po")
	if code, _, stderr := xlate(t, "", "export", "--config", cfg, "--lang", "zh-Hans", "-o", po); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "flagged.po")
	args := []string{"--nofuzzy", "-t", "escapes", "-t", "newlines", "-t", "nplurals", "-t", "printf", "-t", "pythonbraceformat", "-t", "tabs", "-t", "variables", "-t", "xmltags", po, out}
	if b, err := exec.Command("pofilter", args...).CombinedOutput(); err != nil {
		t.Fatalf("pofilter: %v\n%s", err, b)
	}
	_, js, _ := xlate(t, "", "check", "--format", "json", "--config", cfg)
	flagged := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(js), "\n") {
		var f struct{ Severity, Message string }
		json.Unmarshal([]byte(l), &f)
		if f.Severity == "error" {
			id, _, _ := strings.Cut(f.Message, ":")
			flagged[id] = true
		}
	}
	data, _ := os.ReadFile(out)
	n := 0
	for _, chunk := range strings.Split(string(data), "\n\n") {
		if !strings.Contains(chunk, "(pofilter)") {
			continue
		}
		n++
		i := strings.Index(chunk, "msgctxt \"")
		id := chunk[i+len("msgctxt \""):]
		id = id[:strings.Index(id, "\"\n")]
		if !flagged[id] {
			t.Errorf("pofilter flags %s, which xlate check does not:\n%s", id, chunk)
		}
	}
	if n == 0 {
		t.Error("pofilter flags nothing in the planted catalogue; the test proves nothing")
	}
}
