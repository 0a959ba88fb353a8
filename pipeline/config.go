package pipeline

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// ConfigFile is the name of the project's configuration file.
const ConfigFile = "xlate.toml"

// Config is a run's configuration: the languages and the directories.
type Config struct {
	Dir       string         // directory the relative paths below start from
	Source    language.Tag   // the language of content/
	Languages []language.Tag // published languages; the first is x-default
	Names     map[string]string
	Content   string // source pages, never rewritten
	Locales   string // catalogues and corrections.toml
	Out       string // the built site
	BaseURL   string // absolute URL the site is published at, ending in "/"
	// ContentSelector names the main content of the project's HTML
	// pages (see segment.HTML); "" lets xlate find it.
	ContentSelector string
	// PublishThreshold is the share (in percent) of a page's source words
	// that must be shown translated in a language for the page to be
	// published in it. Default 80.
	PublishThreshold int
	// Derive names, for a language, the language whose translations its
	// untranslated entries are pre-filled from (Traditional Chinese from
	// Simplified), as suggestions.
	Derive map[language.Tag]language.Tag
	// Keep are words a translation may keep as they are (HSCT).
	Keep []string
	// Severities are the project's severities of checks (see
	// parseSeverities).
	Severities Severities
	// SiteName is the site's name in the source language; translators
	// translate it with the shell's other texts. Default: the host of
	// BaseURL.
	SiteName string
}

// fileConfig is xlate.toml as written.
type fileConfig struct {
	SourceLanguage   string            `toml:"source_language"`
	Languages        []string          `toml:"languages"`
	Names            map[string]string `toml:"names"`
	Content          string            `toml:"content"`
	Locales          string            `toml:"locales"`
	Out              string            `toml:"out"`
	BaseURL          string            `toml:"base_url"`
	ContentSelector  string            `toml:"content_selector"`
	SiteName         string            `toml:"site_name"`
	PublishThreshold *int              `toml:"publish_threshold"`
	Derive           map[string]string `toml:"derive"`
	Keep             []string          `toml:"keep"`
	Checks           map[string]any    `toml:"checks"`
}

// siteHost is the host of an address, the default name of a site.
func siteHost(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return base
}

// DefaultConfig is the configuration of a project without xlate.toml.
func DefaultConfig(dir string) Config {
	return Config{
		SiteName:         "example.org",
		PublishThreshold: 80,
		Dir:              dir,
		Source:           language.English,
		Languages:        []language.Tag{language.English},
		Content:          "content",
		Locales:          "locales",
		Out:              "public",
		BaseURL:          "https://example.org/",
	}
}

// LoadConfig reads the configuration file at path strictly: an unknown key
// or a language that is not a BCP 47 tag is an error naming its line. A
// missing file gives the defaults.
func LoadConfig(path string) (Config, error) {
	cfg := DefaultConfig(filepath.Dir(path))
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, err
	}
	f, err := source.Decode(path, data)
	if err != nil {
		return cfg, err
	}
	var fc fileConfig
	md, err := toml.Decode(f.Text, &fc)
	if err != nil {
		return cfg, tomlError(f, path, err)
	}
	var und []toml.Key
	for _, k := range md.Undecoded() {
		if len(k) < 2 || k[0] != "checks" { // [checks] is read by parseSeverities
			und = append(und, k)
		}
	}
	if len(und) > 0 {
		k := und[0].String()
		return cfg, source.Errorf(keyPos(f, path, k), "unknown setting %q (known: source_language, languages, names, site_name, publish_threshold, derive, keep, checks, content, locales, out, base_url, content_selector)", k)
	}
	if fc.SourceLanguage != "" {
		if cfg.Source, err = catalog.ParseTag(fc.SourceLanguage); err != nil {
			return cfg, source.Errorf(keyPos(f, path, "source_language"), "source_language %q is not a BCP 47 tag", fc.SourceLanguage)
		}
	}
	if len(fc.Languages) > 0 {
		cfg.Languages = nil
		seen := map[language.Tag]bool{}
		for _, s := range fc.Languages {
			tag, err := catalog.ParseTag(s)
			if err != nil {
				return cfg, source.Errorf(keyPos(f, path, "languages"), "language %q is not a BCP 47 tag", s)
			}
			if seen[tag] {
				return cfg, source.Errorf(keyPos(f, path, "languages"), "language %q is listed twice", s)
			}
			seen[tag] = true
			cfg.Languages = append(cfg.Languages, tag)
		}
	}
	if !containsTag(cfg.Languages, cfg.Source) {
		cfg.Languages = append([]language.Tag{cfg.Source}, cfg.Languages...)
	}
	for k, name := range fc.Names {
		if _, err := catalog.ParseTag(k); err != nil {
			return cfg, source.Errorf(linePos(f, path, k), "names: %q is not a BCP 47 tag", k)
		}
		if strings.TrimSpace(name) == "" || strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 }) >= 0 {
			return cfg, source.Errorf(linePos(f, path, k), "names: the name of %s must be one line of text (it goes into every catalogue's header and every page)", k)
		}
	}
	cfg.Names = fc.Names
	for k, v := range map[*string]string{&cfg.Content: fc.Content, &cfg.Locales: fc.Locales, &cfg.Out: fc.Out, &cfg.BaseURL: fc.BaseURL, &cfg.ContentSelector: fc.ContentSelector} {
		if v != "" {
			*k = v
		}
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return cfg, source.Errorf(keyPos(f, path, "base_url"), "%v", err)
	}
	for to, from := range fc.Derive {
		pos := keyPos(f, path, "derive")
		tt, err1 := catalog.ParseTag(to)
		ft, err2 := catalog.ParseTag(from)
		if err1 != nil || err2 != nil {
			return cfg, source.Errorf(pos, "derive: %q = %q: both must be BCP 47 tags", to, from)
		}
		if s, _ := tt.Script(); s.String() != "Hant" {
			return cfg, source.Errorf(pos, "derive: %s is not written in Traditional Chinese; only Traditional Chinese is derived (from Simplified)", to)
		}
		if s, _ := ft.Script(); s.String() != "Hans" {
			return cfg, source.Errorf(pos, "derive: %s is not written in Simplified Chinese; Traditional Chinese is derived from Simplified", from)
		}
		if cfg.Derive == nil {
			cfg.Derive = map[language.Tag]language.Tag{}
		}
		cfg.Derive[tt] = ft
	}
	cfg.Keep = fc.Keep
	if fc.Checks != nil {
		if cfg.Severities, err = parseSeverities(fc.Checks, f, path); err != nil {
			return cfg, err
		}
	}
	if t := fc.PublishThreshold; t != nil {
		if *t < 0 || *t > 100 {
			return cfg, source.Errorf(keyPos(f, path, "publish_threshold"), "publish_threshold %d must be a percentage, from 0 to 100", *t)
		}
		cfg.PublishThreshold = *t
	}
	if fc.SiteName != "" {
		if strings.IndexFunc(fc.SiteName, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 }) >= 0 || strings.TrimSpace(fc.SiteName) == "" {
			return cfg, source.Errorf(keyPos(f, path, "site_name"), "site_name must be one line of text (it heads every page)")
		}
		cfg.SiteName = strings.TrimSpace(fc.SiteName)
	} else {
		cfg.SiteName = siteHost(cfg.BaseURL)
	}
	return cfg, nil
}

// linePos finds the first line that sets a key, in any table.
func linePos(f *source.File, path, key string) source.Pos {
	off := 0
	for _, line := range strings.SplitAfter(f.Text, "\n") {
		t := strings.TrimSpace(line)
		for _, k := range []string{key, `"` + key + `"`} {
			if strings.HasPrefix(t, k) && strings.HasPrefix(strings.TrimSpace(t[len(k):]), "=") {
				return f.Lines.Pos(path, off+strings.Index(line, k))
			}
		}
		off += len(line)
	}
	return keyPos(f, path, "names")
}

// identity is what of the configuration decides what a run writes, but
// where the project lies and where the site goes: two machines building
// one project at different paths agree on it.
func (c Config) identity() string {
	names := make([]string, 0, len(c.Names))
	for k, v := range c.Names {
		names = append(names, k+"="+v)
	}
	sort.Strings(names)
	var derive []string
	for to, from := range c.Derive {
		derive = append(derive, to.String()+"="+from.String())
	}
	sort.Strings(derive)
	return fmt.Sprintf("%v %v %q %q %q %q %q %q %d %q %q %v", c.Source, c.Languages, names, c.Content, c.Locales, c.BaseURL, c.ContentSelector, c.SiteName, c.PublishThreshold, derive, c.Keep, c.Severities)
}

func containsTag(tags []language.Tag, t language.Tag) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// keyPos finds the line where a top-level key is set.
func keyPos(f *source.File, path, key string) source.Pos {
	off := 0
	for _, line := range strings.SplitAfter(f.Text, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, key) && strings.HasPrefix(strings.TrimSpace(t[len(key):]), "=") {
			return f.Lines.Pos(path, off+strings.Index(line, key))
		}
		off += len(line)
	}
	return source.Pos{File: path}
}

// Path resolves a configured directory against the config's directory.
func (c Config) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// LanguageName names a language in its own script: the configured name,
// or x/text's self-name (English, 简体中文, 繁體中文).
func (c Config) LanguageName(t language.Tag) string {
	if n := c.Names[t.String()]; n != "" {
		return n
	}
	if n := display.Self.Name(t); n != "" {
		return n
	}
	return t.String()
}
