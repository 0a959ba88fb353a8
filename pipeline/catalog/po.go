package catalog

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/language"

	"xlate/pipeline/source"
)

// A catalogue goes to translators' tools (Poedit, OmegaT, Lokalise,
// Transifex, Weblate) as a gettext PO file and comes back from them. Each
// entry that translates a text is one PO message: msgctxt is the entry's
// ID, msgid the text to translate as it is now, msgstr the translation;
// "#." lines say where the block stands and, for a suggestion, where it
// came from; "#:" names the content file and line of the block; a fuzzy
// or suggested translation is "#, fuzzy", with the text it was made from
// in "#| msgid". The placeholders of inline elements (<1>…</1>) are text
// in a PO file. Blocks written in the catalogue's own language translate
// nothing and are not exported.

// Export writes a language's catalogue whole in a format ("po" or
// "xliff"; see NewExporter), the project as one part.
func (p *Project) Export(w io.Writer, format string, lang, src language.Tag, revised time.Time) error {
	c := p.Catalog(lang)
	if c == nil {
		return fmt.Errorf("no catalogue for %s", lang)
	}
	x, err := NewExporter(w, format, c.Path, lang, src, revised)
	if err != nil {
		return err
	}
	if err := x.Add(p); err != nil {
		return err
	}
	return x.Close()
}

// An Exporter writes a language's catalogue for translators' tools a
// part of the project at a time, as a Checker checks it: the head when it
// is made, the entries of each part's pages as the part is added, the end
// on Close. The bytes are those of an export of the whole project.
type Exporter struct {
	b         *bufio.Writer
	format    string // "po" or "xliff"
	lang, src language.Tag
	units     int // XLIFF units written
}

// NewExporter starts an export in a format ("po" or "xliff") of the
// catalogue at path, of language lang, whose source language is src (for
// XLIFF); revised is the catalogue's time (for PO).
func NewExporter(w io.Writer, format, path string, lang, src language.Tag, revised time.Time) (*Exporter, error) {
	x := &Exporter{b: bufio.NewWriter(w), format: format, lang: lang, src: src}
	b := x.b
	switch format {
	case "po":
		fmt.Fprintf(b, "# %s exported by xlate; translate msgstr, keep msgctxt.\n", path)
		b.WriteString("msgid \"\"\nmsgstr \"\"\n")
		for _, h := range [][2]string{
			{"Project-Id-Version", "xlate"},
			{"PO-Revision-Date", revised.UTC().Format("2006-01-02 15:04-0700")},
			{"Last-Translator", "translators of " + path},
			{"Language-Team", lang.String()},
			{"Language", strings.ReplaceAll(lang.String(), "-", "_")},
			{"MIME-Version", "1.0"},
			{"Content-Type", "text/plain; charset=UTF-8"},
			{"Content-Transfer-Encoding", "8bit"},
			{"Plural-Forms", pluralForms(lang)},
			{"X-Xlate-Language", lang.String()},
			{"X-Xlate-Catalog", path},
		} {
			b.WriteString(poQuote(h[0]+": "+h[1]+"\n") + "\n")
		}
	case "xliff":
		b.WriteString(xml.Header)
		fmt.Fprintf(b, "<xliff xmlns=\"%s\" version=\"2.0\" srcLang=\"%s\" trgLang=\"%s\">\n", xliffNS, src, lang)
		fmt.Fprintf(b, " <file id=\"f1\" original=\"%s\">\n", xmlAttr(path))
	default:
		return nil, fmt.Errorf("unknown format %q: po or xliff", format)
	}
	return x, nil
}

// Add writes the entries of a part of the project: some pages, with the
// language's entries for them.
func (x *Exporter) Add(p *Project) error {
	c := p.Catalog(x.lang)
	if c == nil {
		return fmt.Errorf("no catalogue for %s", x.lang)
	}
	if x.format == "xliff" {
		p.xliffUnits(x.b, c, x.src, &x.units)
		return nil
	}
	p.poEntries(x.b, c)
	return nil
}

// Close writes the end of the export.
func (x *Exporter) Close() error {
	if x.format == "xliff" {
		x.b.WriteString(" </file>\n</xliff>\n")
	}
	return x.b.Flush()
}

// poEntries writes a PO message for each block of the project that the
// catalogue c translates.
func (p *Project) poEntries(b *bufio.Writer, c *Catalog) {
	lang := c.Tag
	for pi, pg := range p.Pages {
		for bi, blk := range pg.Blocks {
			if p.Lang(blk) == lang {
				continue
			}
			id := p.ID(pi, bi)
			e := c.Lookup(id)
			text, hash := p.Final(pi, bi)
			b.WriteString("\n")
			if e != nil && e.Description != "" {
				b.WriteString("#. " + oneLine(e.Description) + "\n")
			}
			if e != nil && e.Suggested {
				b.WriteString("#. suggestion: " + oneLine(e.Suggestion) + "\n")
			}
			if isFileName(blk.Pos.File) {
				fmt.Fprintf(b, "#: %s:%d\n", blk.Pos.File, blk.Pos.Line)
			}
			st := e.State(text, hash)
			if st == Fuzzy || st == Suggested || st == Stale {
				b.WriteString("#, fuzzy\n")
				if e.Previous.Text != "" && e.Previous.Text != text {
					b.WriteString("#| msgid " + poQuote(e.Previous.Text) + "\n")
				}
			}
			b.WriteString("msgctxt " + poQuote(id) + "\n")
			b.WriteString("msgid " + poQuote(text) + "\n")
			other := ""
			if e != nil {
				other = e.Other()
			}
			b.WriteString("msgstr " + poQuote(other) + "\n")
		}
	}
}

// isFileName tells a block's file from the name of what is not one (the
// site's interface texts): a reference names a file.
func isFileName(name string) bool { return name != "" && !strings.ContainsAny(name, " ()") }

// pluralForms is the Plural-Forms header of a language with one form,
// which is what xlate's messages are.
func pluralForms(lang language.Tag) string {
	return "nplurals=1; plural=0;"
}

// poQuote writes s as a PO string.
func poQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// POMessage is one message of a PO file as read.
type POMessage struct {
	Context, ID, Str string
	Fuzzy            bool
	Line             int // of its msgid
}

// POFile is a PO file as read: its header fields and messages.
type POFile struct {
	Header   map[string]string
	Messages []POMessage
}

// ReadPO reads a PO file, refusing what gettext would refuse, with the
// position of the fault. Obsolete messages (#~) are left out.
func ReadPO(name string, data []byte) (*POFile, error) {
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	po := &POFile{Header: map[string]string{}}
	var cur POMessage
	var field *string // the string a continuation line adds to
	idSeen := false   // cur has its msgid: a comment or a msgctxt begins the next
	flush := func() {
		if idSeen {
			if cur.ID == "" && cur.Context == "" {
				for _, l := range strings.Split(cur.Str, "\n") {
					if k, v, ok := strings.Cut(l, ":"); ok {
						po.Header[strings.TrimSpace(k)] = strings.TrimSpace(v)
					}
				}
			} else {
				po.Messages = append(po.Messages, cur)
			}
		}
		cur, idSeen, field = POMessage{}, false, nil
	}
	lineNo := 0
	for _, line := range strings.Split(f.Text, "\n") {
		lineNo++
		t := strings.TrimSpace(strings.TrimRight(line, "\r"))
		fail := func(format string, args ...any) error {
			return source.Errorf(source.Pos{File: name, Line: lineNo, Col: 1}, format, args...)
		}
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "#~"):
			field = nil // an obsolete message
		case strings.HasPrefix(t, "#"):
			if idSeen {
				flush()
			}
			if strings.HasPrefix(t, "#,") {
				for _, fl := range strings.Split(t[2:], ",") {
					if strings.TrimSpace(fl) == "fuzzy" {
						cur.Fuzzy = true
					}
				}
			}
		case strings.HasPrefix(t, `"`):
			if field == nil {
				return nil, fail("a string that continues nothing")
			}
			s, err := poUnquote(t)
			if err != nil {
				return nil, fail("%v", err)
			}
			*field += s
		default:
			kw, rest, _ := strings.Cut(t, " ")
			s, err := poUnquote(strings.TrimSpace(rest))
			if err != nil {
				return nil, fail("%s: %v", kw, err)
			}
			switch kw {
			case "msgctxt":
				if idSeen {
					flush()
				}
				cur.Context = s
				field = &cur.Context
			case "msgid":
				if idSeen {
					flush()
				}
				cur.ID, cur.Line, idSeen = s, lineNo, true
				field = &cur.ID
			case "msgstr", "msgstr[0]":
				if !idSeen {
					return nil, fail("msgstr without a msgid")
				}
				cur.Str = s
				field = &cur.Str
			case "msgid_plural":
				return nil, fail("a plural message: xlate's messages have one form")
			default:
				return nil, fail("unknown keyword %q", kw)
			}
		}
	}
	flush()
	return po, nil
}

func poUnquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("want a quoted string, not %q", s)
	}
	var b strings.Builder
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s)-1 {
			return "", fmt.Errorf("a string ends in a backslash")
		}
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\':
			b.WriteByte(s[i])
		default:
			return "", fmt.Errorf(`unknown escape \%c`, s[i])
		}
	}
	return b.String(), nil
}

// Import is one translation that came back from a translators' tool.
type Import struct {
	ID, Source, Text string
	Fuzzy            bool // the tool still marks it as needing work
	Pos              source.Pos
}

// ImportResult says what an import did.
type ImportResult struct {
	Changed int         // entries whose translation or state changed
	Report  source.List // translations not applied, and why
}

// Apply applies translations to a language's catalogue: a translation
// the tool no longer marks as needing work becomes the entry's current
// translation; one it still marks replaces the text and stays fuzzy. One
// whose source text is no longer the entry's (the content changed since
// the export), or whose entry does not exist, is reported and not
// applied. An entry no translation names is not touched.
func (p *Project) Apply(lang language.Tag, imports []Import) (ImportResult, error) {
	var res ImportResult
	c := p.Catalog(lang)
	if c == nil {
		return res, fmt.Errorf("no catalogue for %s", lang)
	}
	where := map[string][2]int{}
	for pi, pg := range p.Pages {
		for bi := range pg.Blocks {
			where[p.ID(pi, bi)] = [2]int{pi, bi}
		}
	}
	for _, im := range imports {
		at, ok := where[im.ID]
		e := c.Lookup(im.ID)
		if !ok || e == nil || e.Obsolete {
			res.Report.Add(im.Pos, source.Warning, "%s: no such text to translate in %s; not applied", im.ID, c.Path)
			continue
		}
		if p.Lang(p.block(at[0], at[1])) == lang {
			res.Report.Add(im.Pos, source.Warning, "%s is written in %s: nothing to translate; not applied", im.ID, lang)
			continue
		}
		text, hash := p.Final(at[0], at[1])
		if im.Source != text {
			res.Report.Add(im.Pos, source.Warning, "%s: the text to translate changed since the export; not applied (export again)", im.ID)
			continue
		}
		if im.Text == "" {
			continue // nothing translated: the entry stays as it is
		}
		st := e.State(text, hash)
		switch {
		case im.Fuzzy && im.Text == e.Other():
			continue // as exported
		case im.Fuzzy:
			e.SetOther(im.Text)
			if st == Translated {
				e.Fuzzy = true
			}
		case st == Translated && im.Text == e.Other():
			continue
		default:
			e.SetOther(im.Text)
			e.Fuzzy, e.Suggested, e.Suggestion, e.Previous = false, false, "", Quote{}
			e.Hash = hash
		}
		res.Changed++
	}
	return res, nil
}

// POImports turns the messages of a PO file into imports.
func POImports(name string, po *POFile) []Import {
	var out []Import
	for _, m := range po.Messages {
		out = append(out, Import{ID: m.Context, Source: m.ID, Text: m.Str, Fuzzy: m.Fuzzy, Pos: source.Pos{File: name, Line: m.Line, Col: 1}})
	}
	return out
}

// poLang is the language a PO file says it is in.
func (po *POFile) Language() (language.Tag, error) {
	s := po.Header["X-Xlate-Language"]
	if s == "" {
		s = strings.ReplaceAll(po.Header["Language"], "_", "-")
	}
	if s == "" {
		return language.Und, fmt.Errorf("the header names no Language")
	}
	return ParseTag(s)
}
