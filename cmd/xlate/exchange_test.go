package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportImportCommands: export writes a PO file (or XLIFF) a tool can
// take; import brings a translation back (exit 0), reports one it cannot
// apply (exit 1), and refuses what is not a translation file (exit 2).
func TestExportImportCommands(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	po := filepath.Join(t.TempDir(), "zh.po")
	if code, _, stderr := xlate(t, "", "export", "--config", cfg, "--lang", "zh-Hant", "-o", po); code != 0 {
		t.Fatal(stderr)
	}
	data := readFile(t, po)
	if !strings.Contains(data, `msgctxt "`+seedPage+`.clinical-services"`+"\n"+`msgid "Clinical Services"`+"\n"+`msgstr "臨床服務"`) {
		t.Fatalf("the export lacks the heading:\n%s", data)
	}
	os.WriteFile(po, []byte(strings.Replace(data, `msgstr "臨床服務"`, `msgstr "臨床醫療服務"`, 1)), 0o644)
	code, _, stderr := xlate(t, "", "import", "--config", cfg, po)
	if code != 0 || !strings.Contains(stderr, "1 translation changed in locales/zh-Hant.toml") {
		t.Errorf("import: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "locales", "zh-Hant.toml")), `other = "臨床醫療服務"`) {
		t.Error("the imported translation is not in the catalogue")
	}
	os.WriteFile(po, []byte(strings.Replace(data, `msgid "Clinical Services"`, `msgid "Clinical Care"`, 1)), 0o644)
	if code, _, stderr := xlate(t, "", "import", "--config", cfg, po); code != 1 || !strings.Contains(stderr, "the text to translate changed since the export") {
		t.Errorf("import of a changed text: exit %d\n%s", code, stderr)
	}
	for args, want := range map[*[]string]string{
		{"export", "--config", cfg, "--lang", "fr"}:                   "fr is not a language of the project",
		{"export", "--config", cfg}:                                   `--lang "": want the BCP 47 tag`,
		{"import", "--config", cfg, filepath.Join(dir, "missing.po")}: "no such file",
		{"import", "--config", cfg, cfg}:                              "want a .po, .xlf or .xliff file",
	} {
		if code, _, stderr := xlate(t, "", (*args)...); code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%v: exit %d; want 2 and %q\n%s", *args, code, want, stderr)
		}
	}
}

// TestFailedExportLeavesTheFile: an export that fails leaves the file -o
// names as it was, and no temporary file beside it; one that succeeds
// replaces it whole.
func TestFailedExportLeavesTheFile(t *testing.T) {
	dir := project(t)
	cfg := filepath.Join(dir, "xlate.toml")
	out := t.TempDir()
	po := filepath.Join(out, "zh.po")
	os.WriteFile(po, []byte("a translator's earlier export\n"), 0o644)
	if code, _, stderr := xlate(t, "", "export", "--config", cfg, "--lang", "fr", "-o", po); code != 2 {
		t.Fatalf("export to a language the project has not: exit %d\n%s", code, stderr)
	}
	if got := readFile(t, po); got != "a translator's earlier export\n" {
		t.Errorf("a failed export changed the file:\n%s", got)
	}
	if code, _, stderr := xlate(t, "", "export", "--config", cfg, "--lang", "zh-Hant", "-o", po); code != 0 {
		t.Fatal(stderr)
	}
	if got := readFile(t, po); !strings.HasPrefix(got, "# locales/zh-Hant.toml exported by xlate") {
		t.Errorf("the export did not replace the file:\n%.200s", got)
	}
	if files, _ := os.ReadDir(out); len(files) != 1 {
		t.Errorf("files beside the export: %v", files)
	}
}
