// Package catalog reads, syncs, checks and writes the message catalogues:
// one TOML file per language, locales/<tag>.toml, in go-i18n v2 format.
//
// An entry is a go-i18n message — description, hash and other — so every
// file stays loadable by go-i18n's Bundle.LoadMessageFile. What a
// translator needs beyond that lives in comments that xlate owns and
// rewrites, in the manner of gettext PO files:
//
//	#. en: the current source text, to read beside the translation
//	#, fuzzy                  the source changed since the translation
//	#| en: the source text the translation was made from
//	#, flagged raw-mt: …      why the passage was sent to a person (en.toml)
//	#= …                      file and section headers
//
// Any other comment is a person's and stays where it was written. Sync
// plans the new file in memory; only WriteFile touches the disk, atomically.
//
// Catalog does not decide what the source text is (packages normalize and
// segment) and does not render pages (package render).
package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"xlate/pipeline/source"
)

// Entry is one message with the state xlate keeps in comments.
type Entry struct {
	ID          string
	Path        []string // the table path as written: ID is Path joined with "."
	Description string
	Hash        string
	Other       string
	Line        int // line of the table header, 0 for a new entry

	Source   string   // #. : the source text when the file was last synced
	Previous string   // #| : the source text before it last changed
	Fuzzy    bool     // #, fuzzy
	Flags    []string // #, flagged …: reasons a person must look at the source
	Obsolete bool     // the block is gone from the content

	comments []string  // a person's comment lines above the header, verbatim
	body     []scanned // the lines of the table, verbatim
}

// Catalog is one language's catalogue.
type Catalog struct {
	Path     string // as diagnostics name it, e.g. "locales/zh-Hans.toml"
	Tag      language.Tag
	Entries  []*Entry
	preamble []string // a person's comments at the top of the file
	trailer  []string // a person's comments after the last message
	byID     map[string]*Entry
}

// Lookup returns the entry with the given ID, or nil.
func (c *Catalog) Lookup(id string) *Entry { return c.byID[id] }

// Translated reports whether the entry has a translation made from the
// source text whose hash is given.
func (e *Entry) Translated(hash string) bool {
	return e != nil && e.Other != "" && e.Hash == hash
}

// Stale reports whether the entry has a translation made from another
// source text than the one whose hash is given.
func (e *Entry) Stale(hash string) bool {
	return e != nil && e.Other != "" && e.Hash != hash
}

// Error is a catalogue that cannot be read, with the position of the fault.
type Error struct {
	Pos source.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// TagFromPath parses the language tag of a catalogue file name strictly:
// "zh-Hans.toml" is zh-Hans; "chinese.toml" is an error naming the file.
func TagFromPath(path string) (language.Tag, error) {
	base := strings.TrimSuffix(filepath.Base(path), ".toml")
	tag, err := ParseTag(base)
	if err != nil {
		return language.Und, &Error{Pos: source.Pos{File: path, Line: 1, Col: 1}, Msg: fmt.Sprintf("file name %q is not a BCP 47 language tag (%v); name catalogues like zh-Hans.toml", base, err)}
	}
	return tag, nil
}

// ParseTag parses a BCP 47 language tag strictly: x/text also accepts "_"
// between subtags, which BCP 47 does not.
func ParseTag(s string) (language.Tag, error) {
	if strings.Contains(s, "_") {
		return language.Und, fmt.Errorf("subtags are separated by '-', not '_'")
	}
	return language.Parse(s)
}

// Empty returns a new catalogue with no entries.
func Empty(path string, tag language.Tag) *Catalog {
	return &Catalog{Path: path, Tag: tag, byID: map[string]*Entry{}}
}

// Load reads and parses the catalogue at path; name is how diagnostics
// call it. A missing file is an empty catalogue.
func Load(path, name string) (*Catalog, error) {
	tag, err := TagFromPath(name)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Empty(name, tag), nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(name, tag, data)
}

// reserved are the keys go-i18n reads in a message.
var reserved = map[string]bool{
	"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
	"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true, "translation": true,
}

// Parse reads a catalogue. It refuses what TOML or go-i18n would refuse,
// with the position of the fault.
func Parse(name string, tag language.Tag, data []byte) (*Catalog, error) {
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(f.Text, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Pos: f.Lines.Pos(name, pe.Position.Start), Msg: pe.Message}
		}
		return nil, &Error{Pos: source.Pos{File: name, Line: 1, Col: 1}, Msg: err.Error()}
	}
	lines, err := scanLines(f.Text)
	if err != nil {
		return nil, &Error{Pos: source.Pos{File: name, Line: 1, Col: 1}, Msg: err.Error()}
	}
	c := Empty(name, tag)
	if err := c.build(lines, raw); err != nil {
		return nil, err
	}
	// go-i18n is the judge of loadability; this catches what the layout
	// checks above do not know about.
	if _, err := i18n.ParseMessageFileBytes(data, filepath.Base(name), map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}); err != nil {
		return nil, &Error{Pos: source.Pos{File: name, Line: 1, Col: 1}, Msg: "go-i18n cannot load this file: " + err.Error()}
	}
	return c, nil
}

// build fills c from the scanned lines and the decoded values. Comment
// lines between two messages belong to the second; those before the first
// message are the preamble (xlate's own among them still go to the first
// message); those after the last message are the trailer.
func (c *Catalog) build(lines []scanned, raw map[string]any) error {
	var pending []scanned // comment and blank lines since the last key
	var cur *Entry        // the message receiving key lines; nil in a container table
	var short []scanned   // top-level key = "text" messages
	inTable := false
	for _, l := range lines {
		switch l.kind {
		case headerLine:
			inTable = true
			v, _ := lookupPath(raw, l.path).(map[string]any)
			if v == nil || !isMessage(v) {
				cur = nil // a container such as [page]: its comments wait for the next message
				continue
			}
			e := &Entry{ID: l.key, Path: l.path, Line: l.first}
			if len(c.Entries) == 0 {
				for _, p := range pending {
					if p.kind == commentLine && !toolComment(p.text) {
						c.preamble = append(c.preamble, p.text)
					}
				}
				e.absorb(toolOnly(pending))
			} else {
				e.absorb(pending)
			}
			pending, cur = nil, e
			c.add(e)
		case keyLine:
			if !inTable {
				short = append(short, l)
				continue
			}
			if cur == nil {
				return &Error{Pos: source.Pos{File: c.Path, Line: l.first, Col: 1}, Msg: fmt.Sprintf("key %q stands in a table that is not a message; give each message its own [table]", l.key)}
			}
			if !reserved[strings.ToLower(l.key)] {
				return &Error{Pos: source.Pos{File: c.Path, Line: l.first, Col: 1}, Msg: fmt.Sprintf("unknown key %q in message %q; go-i18n accepts only description, hash, zero, one, two, few, many and other (write notes as # comments)", l.key, cur.ID)}
			}
			cur.body = append(cur.body, pending...)
			cur.body = append(cur.body, l)
			pending = nil
		case otherLine:
			return &Error{Pos: source.Pos{File: c.Path, Line: l.first, Col: 1}, Msg: "xlate catalogues hold one [table] per message; this line is not one"}
		default:
			pending = append(pending, l)
		}
	}
	for _, p := range pending {
		if p.kind == commentLine && !toolComment(p.text) {
			c.trailer = append(c.trailer, p.text)
		}
	}
	for _, l := range short {
		s, ok := raw[l.key].(string)
		if !ok {
			return &Error{Pos: source.Pos{File: c.Path, Line: l.first, Col: 1}, Msg: fmt.Sprintf("top-level key %q must be a string message", l.key)}
		}
		e := &Entry{ID: l.key, Path: l.path, Line: l.first, Other: s}
		e.body = []scanned{{kind: keyLine, first: l.first, key: "other", path: []string{"other"}, text: "other " + l.text[keyEnd(l.text):]}}
		c.add(e)
	}
	for _, e := range c.Entries {
		v, _ := lookupPath(raw, e.Path).(map[string]any)
		if v == nil {
			continue
		}
		e.Description, _ = v["description"].(string)
		e.Hash, _ = v["hash"].(string)
		e.Other, _ = v["other"].(string)
	}
	return nil
}

func toolOnly(lines []scanned) []scanned {
	var out []scanned
	for _, l := range lines {
		if l.kind == commentLine && toolComment(l.text) && !strings.HasPrefix(strings.TrimSpace(l.text), "#=") {
			out = append(out, l)
		}
	}
	return out
}

func (c *Catalog) add(e *Entry) {
	c.Entries = append(c.Entries, e)
	c.byID[e.ID] = e
}

func lookupPath(raw map[string]any, path []string) any {
	var v any = raw
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// isMessage follows go-i18n: a table is a message when it holds a reserved
// key with a string value.
func isMessage(m map[string]any) bool {
	for k, v := range m {
		if _, ok := v.(string); ok && reserved[strings.ToLower(k)] {
			return true
		}
	}
	return false
}

func toolComment(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= 2 && t[0] == '#' && strings.ContainsRune(".,|=", rune(t[1]))
}

// absorb takes the comment lines that stand above the entry's header:
// tool comments become state, a person's comments are kept verbatim.
func (e *Entry) absorb(lines []scanned) {
	for _, l := range lines {
		if l.kind != commentLine {
			continue
		}
		t := strings.TrimSpace(l.text)
		if !toolComment(t) {
			e.comments = append(e.comments, l.text)
			continue
		}
		body := strings.TrimSpace(t[2:])
		switch t[1] {
		case '.':
			e.Source = sourceText(body)
		case '|':
			e.Previous = sourceText(body)
		case ',':
			// "#, fuzzy" is state; "#, flagged …" is regenerated from the source
			e.Fuzzy = e.Fuzzy || body == "fuzzy"
		}
	}
}

// sourceText strips the "en: " label of a #. or #| comment.
func sourceText(s string) string {
	if i := strings.Index(s, ": "); i > 0 && i <= 12 && !strings.Contains(s[:i], " ") {
		return s[i+2:]
	}
	return s
}

// Format writes the catalogue. summary is the status line of the file
// header; label names the source language in #. comments ("en").
func (c *Catalog) Format(header []string, label string) []byte {
	var b bytes.Buffer
	for _, h := range header {
		b.WriteString("#= " + h + "\n")
	}
	for _, p := range c.preamble {
		b.WriteString(p + "\n")
	}
	section := ""
	obsolete := false
	for _, e := range c.Entries {
		page := e.Path[0]
		if e.Obsolete && !obsolete {
			obsolete = true
			b.WriteString("\n#= ─── obsolete: no longer in the content; kept until xlate sync --prune ───\n")
		} else if !e.Obsolete && page != section {
			section = page
			fmt.Fprintf(&b, "\n#= ─── page: %s ───\n", page)
		}
		b.WriteString("\n")
		e.format(&b, label)
	}
	if len(c.trailer) > 0 {
		b.WriteString("\n")
		for _, t := range c.trailer {
			b.WriteString(t + "\n")
		}
	}
	return b.Bytes()
}

func (e *Entry) format(b *bytes.Buffer, label string) {
	for _, c := range e.comments {
		b.WriteString(c + "\n")
	}
	if e.Source != "" {
		fmt.Fprintf(b, "#. %s: %s\n", label, oneLine(e.Source))
	}
	var flags []string
	if e.Fuzzy {
		flags = append(flags, "fuzzy")
	}
	flags = append(flags, e.Flags...)
	for _, f := range flags {
		b.WriteString("#, " + f + "\n")
	}
	if e.Previous != "" {
		fmt.Fprintf(b, "#| %s: %s\n", label, oneLine(e.Previous))
	}
	parts := make([]string, len(e.Path))
	for i, p := range e.Path {
		parts[i] = quoteKey(p)
	}
	b.WriteString("[" + strings.Join(parts, ".") + "]\n")
	// description and hash belong to xlate; other and a person's lines are
	// kept as written unless the value changed.
	want := map[string]string{"description": e.Description, "hash": e.Hash, "other": e.Other}
	done := map[string]bool{}
	var rest []string
	for _, l := range e.body {
		if l.kind == keyLine {
			k := strings.ToLower(l.key)
			if v, ok := want[k]; ok {
				done[k] = true
				if k == "other" && valueOf(l) == v {
					rest = append(rest, l.text)
				} else if k == "other" || v != "" {
					rest = append(rest, k+" = "+quoteString(v))
				}
				continue
			}
		}
		if l.kind == commentLine && toolComment(l.text) {
			continue
		}
		rest = append(rest, l.text)
	}
	for _, k := range []string{"description", "hash"} {
		if !done[k] && want[k] != "" {
			b.WriteString(k + " = " + quoteString(want[k]) + "\n")
		}
	}
	for _, l := range rest {
		b.WriteString(l + "\n")
	}
	if !done["other"] {
		b.WriteString("other = " + quoteString(e.Other) + "\n")
	}
}

// valueOf decodes the value of one key line as TOML would.
func valueOf(l scanned) string {
	var v map[string]any
	if _, err := toml.Decode("v"+l.text[keyEnd(l.text):], &v); err != nil {
		return ""
	}
	s, _ := v["v"].(string)
	return s
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }
