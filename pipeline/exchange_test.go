package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// TestImportAppliesTranslations: a translation made in a tool becomes the
// entry's; an accepted fuzzy one is current; one still fuzzy replaces the
// text and stays fuzzy; one whose English changed since the export is
// reported and not applied; an entry the file does not name is untouched.
func TestImportAppliesTranslations(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	s.writeFile(filepath.Join("locales", "zh-Hans.toml"), strings.Replace(s.readFile(filepath.Join("locales", "zh-Hans.toml")), `other = "译：`+washEN+`"`, `other = ""`, 1))
	s.edit("visit", "Visiting Hours\n", "Visiting Times\n")
	s.sync() // the title's translation is fuzzy now
	var po bytes.Buffer
	if err := Export(s.config(), "po", language.MustParse("zh-Hans"), &po); err != nil {
		t.Fatal(err)
	}
	text := po.String()
	for _, want := range []string{
		"#, fuzzy\n#| msgid \"Visiting Hours\"\nmsgctxt \"" + title + "\"\nmsgid \"Visiting Times\"\nmsgstr \"译：Visiting Hours\"",
		"msgctxt \"" + wash + "\"\nmsgid \"" + washEN + "\"\nmsgstr \"\"",
		"#: content/visit.txt:",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("the export lacks\n%s\n\n%s", want, text)
		}
	}
	// a translator's work in a tool
	text = strings.Replace(text, "msgid \""+washEN+"\"\nmsgstr \"\"", "msgid \""+washEN+"\"\nmsgstr \"进入病房前请洗手。\"", 1)
	text = strings.Replace(text, "#, fuzzy\n#| msgid \"Visiting Hours\"\nmsgctxt \""+title+"\"\nmsgid \"Visiting Times\"\nmsgstr \"译：Visiting Hours\"", "msgctxt \""+title+"\"\nmsgid \"Visiting Times\"\nmsgstr \"探视时间\"", 1)
	// and a message whose English changes before the import
	text = strings.Replace(text, "msgid \""+opensEN+"\"\nmsgstr \"译："+opensEN+"\"", "msgid \""+opensEN+"\"\nmsgstr \"新译文\"", 1)
	s.edit("visit", "at nine in the morning", "at half past nine in the morning")
	file := filepath.Join(t.TempDir(), "zh.po")
	os.WriteFile(file, []byte(text), 0o644)
	before := s.readFile(filepath.Join("locales", "zh-Hant.toml"))
	res, err := Import(s.config(), file)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 2 || len(res.Report) != 1 || !strings.Contains(res.Report[0].Msg, opens+": the text to translate changed since the export; not applied") {
		t.Errorf("import: %d changed, %v; want 2 and the changed English reported", res.Changed, res.Report)
	}
	zh := s.readFile(filepath.Join("locales", "zh-Hans.toml"))
	for _, want := range []string{"[" + wash + "]\ndescription = \"visit › paragraph\"\nhash = \"sha1-", "other = \"进入病房前请洗手。\"", "#. en: Visiting Times\n[" + title + "]", "other = \"探视时间\""} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh-Hans.toml lacks %q:\n%s", want, zh)
		}
	}
	if strings.Contains(zh, "新译文") || strings.Contains(zh, "#| en: Visiting Hours") {
		t.Errorf("zh-Hans.toml took what it must not:\n%s", zh)
	}
	if after := s.readFile(filepath.Join("locales", "zh-Hant.toml")); after != before {
		t.Error("the import touched another catalogue")
	}
	if pub, lang := s.published("visit", "zh-Hans", title); pub != "探视时间" || lang != "zh-Hans" {
		t.Errorf("the imported title is not published: %q (%s)", pub, lang)
	}
}
