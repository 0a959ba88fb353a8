package pipeline

import (
	"crypto/sha256"
	"errors"
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
// read: "po" (gettext) or "xliff" (XLIFF 2.0). It reads the project by
// pages (see readByPages), into a temporary file, since a chunk may yet
// say that the project must be read whole; w gets the export only once it
// is complete.
func Export(cfg Config, format string, lang language.Tag, w io.Writer) error {
	if format != "po" && format != "xliff" {
		return fmt.Errorf("unknown format %q: po or xliff", format)
	}
	tmp, err := os.CreateTemp("", "xlate-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	err = exportByPages(cfg, format, lang, tmp)
	if errors.Is(err, errReadByPages) {
		if err = tmp.Truncate(0); err == nil {
			_, err = tmp.Seek(0, io.SeekStart)
		}
		if err == nil {
			err = exportWhole(cfg, format, lang, tmp)
		}
	}
	if err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = io.Copy(w, tmp)
	return err
}

// exportByPages is Export on the project read by pages.
func exportByPages(cfg Config, format string, lang language.Tag, w io.Writer) error {
	var x *catalog.Exporter
	var err error
	_, rerr := readByPages(cfg, pageVisitor{
		Shared: func(*catalog.Catalog) {},
		Chunk: func(_ []*Page, proj *catalog.Project) {
			if err != nil {
				return
			}
			if x == nil {
				c := proj.Catalog(lang)
				if c == nil {
					err = errNotALanguage(lang, proj.Catalogs)
					return
				}
				if x, err = catalog.NewExporter(w, format, c.Path, lang, cfg.Source, catalogTime(cfg, c.Path)); err != nil {
					return
				}
			}
			err = x.Add(proj)
		},
	})
	if rerr != nil {
		return rerr
	}
	if err != nil {
		return err
	}
	return x.Close()
}

// exportWhole is Export on the project read whole.
func exportWhole(cfg Config, format string, lang language.Tag, w io.Writer) error {
	p, err := Load(cfg)
	if err != nil {
		return err
	}
	if err := p.Broken.Err(); err != nil {
		return err
	}
	c := p.Entries().Catalog(lang)
	if c == nil {
		return errNotALanguage(lang, p.Catalogs)
	}
	return p.Entries().Export(w, format, lang, cfg.Source, catalogTime(cfg, c.Path))
}

// errNotALanguage says a language has no catalogue among some.
func errNotALanguage(lang language.Tag, cats []*catalog.Catalog) error {
	var langs []language.Tag
	for _, c := range cats {
		langs = append(langs, c.Tag)
	}
	return fmt.Errorf("%s is not a language of the project (%v)", lang, langs)
}

// catalogTime is the time of a catalogue file (zero if it has none): an
// export is dated by the catalogue, so that an export of one catalogue is
// always the same bytes.
func catalogTime(cfg Config, name string) time.Time {
	if fi, err := os.Stat(cfg.Path(name)); err == nil {
		return fi.ModTime()
	}
	return time.Time{}
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
