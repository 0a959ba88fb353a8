package pipeline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
)

// TestCatalogsLoadWithGoI18n loads every shipped catalogue with go-i18n's
// own Bundle.LoadMessageFile, unchanged, and localizes a message from each
// through go-i18n: any go-i18n user can read what xlate writes.
func TestCatalogsLoadWithGoI18n(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("..", ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "locales", "*.toml"))
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	loaded := 0
	for _, f := range files {
		if filepath.Base(f) == CorrectionsFile || filepath.Base(f) == DeriveFile {
			continue
		}
		mf, err := bundle.LoadMessageFile(f)
		if err != nil {
			t.Errorf("go-i18n cannot load %s: %v", f, err)
			continue
		}
		loaded++
		blocks := 0
		for _, pg := range p.Pages {
			blocks += len(pg.Blocks)
		}
		if got, want := len(mf.Messages), blocks; got != want {
			t.Errorf("%s: go-i18n sees %d messages; the content has %d blocks", f, got, want)
		}
	}
	if loaded != len(cfg.Languages) {
		t.Fatalf("loaded %d catalogues; want one per configured language (%d)", loaded, len(cfg.Languages))
	}
	id := "pediatric-hematology-oncology.clinical-services"
	for lang, want := range map[string]string{"en": "Clinical Services", "zh-Hans": "临床服务", "zh-Hant": "臨床服務"} {
		got, err := i18n.NewLocalizer(bundle, lang).Localize(&i18n.LocalizeConfig{MessageID: id})
		if err != nil || got != want {
			t.Errorf("go-i18n localizes %s in %s as %q, %v; want %q", id, lang, got, err, want)
		}
	}
}

func TestLoadConfigIsStrict(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ text, want string }{
		{"languages = [\"en\", \"zh_CN\"]\n", ":1:1: language \"zh_CN\" is not a BCP 47 tag"},
		{"source_language = \"en\"\nlanguage = [\"fr\"]\n", ":2:1: unknown setting \"language\""},
		{"out = \"public\nx\"\n", ":1:"},
	} {
		path := filepath.Join(dir, ConfigFile)
		if err := writeTestFile(path, tc.text); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), path+tc.want) {
			t.Errorf("LoadConfig(%q) error = %v; want %q", tc.text, err, path+tc.want)
		}
	}
}

func writeTestFile(path, text string) error {
	_, err := writeFile(path, []byte(text))
	return err
}

// TestCRLFPagesSegmentAlike: a page saved with Windows line endings gives
// the same blocks as the same page with Unix ones.
func TestCRLFPagesSegmentAlike(t *testing.T) {
	text := "Title\n\nFirst paragraph,with a fix.\n\nSecond paragraph.\n"
	load := func(text string) []catalog.Page {
		dir := t.TempDir()
		if err := writeTestFile(filepath.Join(dir, "content", "p.txt"), text); err != nil {
			t.Fatal(err)
		}
		p, err := Load(DefaultConfig(dir))
		if err != nil {
			t.Fatal(err)
		}
		return p.catalogPages()
	}
	unix := load(text)[1] // after the site's interface texts
	dos := load(strings.ReplaceAll(text, "\n", "\r\n"))[1]
	if len(dos.Blocks) != 3 || len(unix.Blocks) != 3 {
		t.Fatalf("blocks: %d with CRLF, %d with LF; want 3", len(dos.Blocks), len(unix.Blocks))
	}
	for i := range unix.Blocks {
		if dos.Blocks[i].Text != unix.Blocks[i].Text || dos.Blocks[i].Pos.Line != unix.Blocks[i].Pos.Line {
			t.Errorf("block %d: CRLF %+v, LF %+v", i, dos.Blocks[i], unix.Blocks[i])
		}
	}
}
