package pipeline

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// Export writes a language's catalogue in a format translators' tools
// read: "po" (gettext) or "xliff" (XLIFF 2.0).
func Export(cfg Config, format string, lang language.Tag, w io.Writer) error {
	p, err := Load(cfg)
	if err != nil {
		return err
	}
	if err := p.Broken.Err(); err != nil {
		return err
	}
	if p.Entries().Catalog(lang) == nil {
		return fmt.Errorf("%s is not a language of the project (%v)", lang, p.Langs)
	}
	switch format {
	case "po":
		var revised time.Time
		for i, t := range p.Langs {
			if t == lang {
				if fi, err := os.Stat(cfg.Path(p.Catalogs[i].Path)); err == nil {
					revised = fi.ModTime()
				}
			}
		}
		return p.Entries().ExportPO(w, lang, revised)
	case "xliff":
		return p.Entries().ExportXLIFF(w, lang, cfg.Source)
	}
	return fmt.Errorf("unknown format %q: po or xliff", format)
}

// ImportResult says what an import did.
type ImportResult struct {
	Catalog string // the catalogue written to
	catalog.ImportResult
}

// Import applies the translations of a PO or XLIFF file (by its
// extension: .po, .xlf, .xliff) to the catalogue of its language, holding
// the project's lock; the catalogue is written atomically, and not if
// someone saved it meanwhile (a ChangedError). A translation whose text to
// translate changed since the export, or whose entry is gone, is reported
// and not applied; an entry the file does not name is not touched.
func Import(cfg Config, file string) (ImportResult, error) {
	var res ImportResult
	data, err := os.ReadFile(file)
	if err != nil {
		return res, err
	}
	var imports []catalog.Import
	var lang language.Tag
	switch strings.ToLower(filepath.Ext(file)) {
	case ".po":
		po, err := catalog.ReadPO(file, data)
		if err != nil {
			return res, err
		}
		if lang, err = po.Language(); err != nil {
			return res, source.Errorf(source.Pos{File: file, Line: 1, Col: 1}, "%v", err)
		}
		imports = catalog.POImports(file, po)
	case ".xlf", ".xliff":
		x, err := catalog.ReadXLIFF(file, data)
		if err != nil {
			return res, err
		}
		lang, imports = x.Lang, x.Imports
	default:
		return res, fmt.Errorf("%s: want a .po, .xlf or .xliff file", file)
	}
	lock, err := LockProject(cfg, "xlate import")
	if err != nil {
		return res, err
	}
	defer lock.Unlock()
	set, err := discoverCatalogs(cfg)
	if err != nil {
		return res, err
	}
	name := ""
	for i, t := range set.langs {
		if t == lang && set.exists[i] {
			name = set.names[i]
		}
	}
	if name == "" {
		return res, source.Errorf(source.Pos{File: file}, "the file is in %s, which has no catalogue in %s", lang, cfg.Locales)
	}
	res.Catalog = name
	// the catalogue's stamp before the read, so that a save after it
	// shows; its hash proves it when the time cannot
	was, err := stat(cfg.Path(name))
	if err != nil {
		return res, err
	}
	if raw, err := os.ReadFile(cfg.Path(name)); err == nil {
		was.Hash = sha256.Sum256(raw)
	}
	p, err := Load(cfg)
	if err != nil {
		return res, err
	}
	if err := p.Broken.Err(); err != nil {
		return res, err
	}
	if res.ImportResult, err = p.Entries().Apply(lang, imports); err != nil || res.Changed == 0 {
		return res, err
	}
	c := p.Entries().Catalog(lang)
	out := c.Format(c.Header(cfg.LanguageName(lang)))
	plan := &Plan{Writes: []*Write{{Path: name, path: cfg.Path(name), exists: true, was: was, pieces: []piece{{data: out}}}}}
	defer plan.Close()
	return res, plan.Apply()
}
