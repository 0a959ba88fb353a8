// Package catalog reads, aligns, syncs, checks and writes the message
// catalogues: one TOML file per language, locales/<tag>.toml, in go-i18n v2
// format, so every file stays loadable by go-i18n's Bundle.LoadMessageFile.
//
// An entry is a go-i18n message — description, hash and other (and the
// other plural forms where a message has them). What a translator needs
// beyond that lives in comments that xlate owns and rewrites, in the
// manner of gettext PO files:
//
//	#. en: the current source text, to read beside the translation
//	#, fuzzy                  the source changed since the translation
//	#, suggestion: …          the translation was pre-filled from the
//	                          translation memory and is not published yet
//	#, flagged …              why the passage was sent to a person
//	#| en: the source text the translation (or suggestion) was made from
//	#= …                      file and section headers
//
// Every other comment is a person's and stays with the entry it was
// written above, inside or after — a "#, reviewed by …" line too: only the
// flags fuzzy, suggestion and flagged belong to xlate.
//
// Entries follow their blocks: an entry's ID is made once, when its block
// first appears, and every sync aligns each page's blocks with the page's
// entries (see Align), so no edit, insertion or move of one block changes
// another entry, and a translation never moves to another paragraph.
//
// Catalog decides what each catalogue holds and what each page publishes.
// It does not repair text (package normalize), split pages (package
// segment) or write files: Sync returns the bytes of every catalogue and
// the caller writes them.
package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// Forms are the CLDR plural categories, as go-i18n names the keys of a
// message, in the order xlate writes them.
var Forms = [...]string{"zero", "one", "two", "few", "many", "other"}

// Quote is a text quoted in one of xlate's comments, with its label: the
// language it is written in ("en", "zh-Hans") or "source".
type Quote struct {
	Label string
	Text  string
}

// Entry is one message with the state xlate keeps in comments.
type Entry struct {
	ID          string
	Path        []string // the table path: ID is Path joined with "."
	Description string
	Hash        string
	Line        int // line of the [table] header in the file read; 0 for a new entry

	Source     Quote    // #. : the source text at the last sync
	Previous   Quote    // #| : the source the translation was made from, when it differs
	Fuzzy      bool     // #, fuzzy
	Suggested  bool     // #, suggestion: the text came from the translation memory
	Suggestion string   // what the #, suggestion line says after the colon
	Flags      []string // #, flagged …: reasons a person must look at the source
	Obsolete   bool     // the block is gone from the content

	lead    []string // a person's comment lines above the entry, verbatim
	comment string   // a person's comment after the [table] header
	body    []item   // the keys and comment lines of the table, in order
}

// item is one line inside a table: a key and its value, or a comment.
type item struct {
	key     string // canonical lower-case key; "" for a comment line
	value   string
	raw     string // the value as written, quotes and all; "" once xlate changed it
	comment string // a key's trailing "# …", or the comment line
	line    int
}

// Form returns the text of a plural form ("other", "one", …).
func (e *Entry) Form(name string) string {
	for _, it := range e.body {
		if it.key == name {
			return it.value
		}
	}
	return ""
}

// Other returns the text of the form every message has.
func (e *Entry) Other() string { return e.Form("other") }

// SetForm sets the text of a plural form.
func (e *Entry) SetForm(name, value string) {
	for i := range e.body {
		if e.body[i].key == name {
			if e.body[i].value != value {
				e.body[i].value, e.body[i].raw = value, ""
			}
			return
		}
	}
	e.body = append(e.body, item{key: name, value: value})
}

// SetOther sets the text of the other form.
func (e *Entry) SetOther(value string) { e.SetForm("other", value) }

// Texts returns the plural forms present, in Forms order, with their
// names; a form set to "" counts as absent.
func (e *Entry) Texts() (names, texts []string) {
	for _, f := range Forms {
		if v := e.Form(f); v != "" {
			names, texts = append(names, f), append(texts, v)
		}
	}
	return names, texts
}

// Empty reports whether the entry holds no text in any form.
func (e *Entry) Empty() bool {
	for _, it := range e.body {
		if it.value != "" && isForm(it.key) {
			return false
		}
	}
	return true
}

func isForm(key string) bool {
	switch key {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
}

// follows reports, without hashing, whether the entry holds exactly the
// text whose hash it records, in its other form alone; false may also
// mean it cannot tell.
func (e *Entry) follows(text, hash string) bool {
	if e.Hash != hash {
		return false
	}
	other := false
	for _, it := range e.body {
		if it.value != "" && isForm(it.key) {
			if it.key != "other" || it.value != text {
				return false
			}
			other = true
		}
	}
	return other
}

// TextHash is the hash of what the entry says: every plural form present
// counts. For a message with only other it is segment.Hash(other), the
// hash go-i18n and xlate record for a block.
func (e *Entry) TextHash() string {
	names, texts := e.Texts()
	return FormsHash(names, texts)
}

// FormsHash hashes plural forms given by name: a lone other form hashes
// as its text alone.
func FormsHash(names, texts []string) string {
	if len(names) == 0 {
		return segment.Hash("")
	}
	if len(names) == 1 && names[0] == "other" {
		return segment.Hash(texts[0])
	}
	h := sha1.New()
	for i, n := range names {
		fmt.Fprintf(h, "%s\x1f%s\x1e", n, texts[i])
	}
	return "sha1-" + hex.EncodeToString(h.Sum(nil))
}

// Catalog is one language's catalogue.
type Catalog struct {
	Path    string // as diagnostics name it, e.g. "locales/zh-Hans.toml"
	Tag     language.Tag
	Entries []*Entry
	CRLF    bool // the file's lines end in CR LF; it is written back so
	BOM     bool // the file starts with a byte-order mark; it is written back so

	preamble []string // a person's comments at the top of the file
	trailer  []string // a person's comments after the last message
	byID     map[string]*Entry
}

// Lookup returns the entry with the given ID, or nil.
func (c *Catalog) Lookup(id string) *Entry { return c.byID[id] }

func (c *Catalog) add(e *Entry) {
	c.Entries = append(c.Entries, e)
	c.byID[e.ID] = e
}

// Empty returns a new catalogue with no entries.
func Empty(path string, tag language.Tag) *Catalog {
	return &Catalog{Path: path, Tag: tag, byID: map[string]*Entry{}}
}

// TagFromPath parses the language tag of a catalogue file name strictly:
// "zh-Hans.toml" is zh-Hans; "chinese.toml" is an error naming the file.
func TagFromPath(path string) (language.Tag, error) {
	base := strings.TrimSuffix(filepath.Base(path), ".toml")
	tag, err := ParseTag(base)
	if err != nil {
		return language.Und, source.Errorf(source.Pos{File: path, Line: 1, Col: 1}, "file name %q is not a BCP 47 language tag (%v); name catalogues like zh-Hans.toml", base, err)
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

// reserved are the keys go-i18n reads in a message, in lower case: go-i18n
// matches them in any case.
var reserved = map[string]bool{
	"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
	"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true, "translation": true,
}

// Parse reads a catalogue. It refuses what TOML or go-i18n would refuse,
// and what xlate could not write back as it was, with the position of the
// fault (a source.List).
func Parse(name string, tag language.Tag, data []byte) (*Catalog, error) {
	f, err := source.Decode(name, data)
	if err != nil {
		return nil, err
	}
	return parseText(name, tag, f.Text, 1, len(data) >= 3 && string(data[:3]) == "\xef\xbb\xbf")
}

// table is what the assembler knows of one TOML table.
type table struct {
	path     []string
	line     int
	explicit bool     // defined by its own [header]
	child    int      // line of the first table inside it, 0 if none
	entry    *Entry   // the message, once the table holds a key
	keys     []string // the keys set, as written; go-i18n's are few
}

// assembler builds entries from the lines of a file, attaching comments.
type assembler struct {
	c          *Catalog
	lines      *source.Lines
	lineOffset int // lines before the text in the file
	tables     map[string]*table
	rootKeys   map[string]int

	pending  []line // comment and blank lines not yet attached
	last     *Entry // the entry the last key line went to
	open     *table // the table of the last header
	openLine line   // its header line
	openRest []line // the lines pending when it was opened
	obsolete bool   // an obsolete-section marker was seen
	first    bool   // the next entry is the file's first
}

func (a *assembler) errorf(l line, off int, format string, args ...any) *source.Diagnostic {
	if off < 0 {
		off = l.off
	}
	pos := a.lines.Pos(a.c.Path, off)
	pos.Line += a.lineOffset
	return &source.Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func pathKey(p []string) string { return strings.Join(p, "\x00") }

func (a *assembler) run(lines []line) *source.Diagnostic {
	a.first = true
	for _, l := range lines {
		switch l.kind {
		case blankLine, commentLine:
			if l.kind == commentLine && (strings.HasPrefix(l.text, pageMarker) || strings.HasPrefix(l.text, obsoleteMarker)) {
				a.endRegion()
				a.obsolete = strings.HasPrefix(l.text, obsoleteMarker)
			}
			a.pending = append(a.pending, l)
		case headerLine:
			if d := a.header(l); d != nil {
				return d
			}
		case keyLine:
			if d := a.key(l); d != nil {
				return d
			}
		}
	}
	a.closeEmpty()
	// what is left after the last entry: comments touching it are its own,
	// the rest is the file's trailer (or, in a file of comments alone, its
	// preamble)
	rest := a.pending
	if a.last != nil {
		rest = a.touching(rest)
	}
	for _, l := range rest {
		if l.kind == commentLine && !isToolLine(l.text) {
			if a.last == nil {
				a.c.preamble = append(a.c.preamble, l.text)
			} else {
				a.c.trailer = append(a.c.trailer, l.text)
			}
		}
	}
	seen := map[string]*Entry{}
	for _, e := range a.c.Entries {
		if prev := seen[e.ID]; prev != nil {
			return &source.Diagnostic{Pos: source.Pos{File: a.c.Path, Line: e.Line, Col: 1}, Msg: fmt.Sprintf("a second message with ID %q (the first is at line %d); go-i18n would keep only one", e.ID, prev.Line)}
		}
		seen[e.ID] = e
	}
	return nil
}

// endRegion gives the last entry the comment lines a person wrote below
// it, before the marker of the next region: each region of a file holds
// its own comments, so that it can be read and written on its own.
func (a *assembler) endRegion() {
	if a.last == nil || a.open != nil && a.open.entry == nil {
		return
	}
	var rest []line
	for _, l := range a.pending {
		if l.kind == commentLine && !isToolLine(l.text) {
			a.last.body = append(a.last.body, item{comment: l.text, line: l.num})
		} else {
			rest = append(rest, l)
		}
	}
	a.pending = rest
}

// closeEmpty ends a table that received no key: it is no message, and what
// was written above it waits for the next one.
func (a *assembler) closeEmpty() {
	if a.open == nil || a.open.entry != nil {
		a.open = nil
		return
	}
	rest := append(a.openRest, a.pending...)
	if a.openLine.comment != "" {
		rest = append(rest, line{kind: commentLine, num: a.openLine.num, text: a.openLine.comment})
	}
	a.pending, a.open, a.openRest = rest, nil, nil
}

func (a *assembler) header(l line) *source.Diagnostic {
	a.closeEmpty()
	for i, p := range l.path {
		if p == "" {
			return a.errorf(l, -1, "an empty key cannot name a message")
		}
		if i == len(l.path)-1 {
			break
		}
		prefix := l.path[:i+1]
		if i == 0 {
			if n, ok := a.rootKeys[p]; ok {
				return a.errorf(l, -1, "%q is a message (line %d), not a table that can hold [%s]", p, n, strings.Join(l.path, "."))
			}
		}
		t := a.tables[pathKey(prefix)]
		if t == nil {
			t = &table{path: prefix, line: l.num}
			a.tables[pathKey(prefix)] = t
		}
		if t.entry != nil {
			return a.errorf(l, -1, "message [%s] (line %d) cannot hold other tables; go-i18n refuses a message mixed with tables", strings.Join(prefix, "."), t.line)
		}
		if t.child == 0 {
			t.child = l.num
		}
	}
	if n, ok := a.rootKeys[l.path[0]]; ok && len(l.path) == 1 {
		return a.errorf(l, -1, "%q is already a message (line %d)", l.path[0], n)
	}
	k := pathKey(l.path)
	t := a.tables[k]
	switch {
	case t == nil:
		t = &table{path: l.path}
		a.tables[k] = t
	case t.explicit:
		return a.errorf(l, -1, "table [%s] is defined twice (first at line %d)", strings.Join(l.path, "."), t.line)
	}
	t.explicit, t.line = true, l.num
	a.open, a.openLine, a.openRest, a.pending = t, l, a.pending, nil
	return nil
}

func (a *assembler) key(l line) *source.Diagnostic {
	lower := strings.ToLower(l.key)
	if a.open == nil {
		// a top-level key = "text" is a message of its own
		switch {
		case l.key == "":
			return a.errorf(l, l.keyOff, "an empty key cannot name a message")
		case reserved[lower]:
			return a.errorf(l, l.keyOff, "a top-level %q key makes the whole file one message in go-i18n; give each message its own [table]", l.key)
		}
		if n, ok := a.rootKeys[l.key]; ok {
			return a.errorf(l, l.keyOff, "key %q is set twice (first at line %d)", l.key, n)
		}
		a.rootKeys[l.key] = l.num
		e := &Entry{ID: l.key, Path: []string{l.key}, Line: l.num}
		e.body = []item{{key: "other", value: l.value, raw: l.raw, comment: l.comment, line: l.num}}
		a.commit(e, a.pending)
		a.pending = nil
		return nil
	}
	t := a.open
	name := func() string { return strings.Join(t.path, ".") }
	switch {
	case lower == "id":
		return a.errorf(l, l.keyOff, "an id key renames message [%s] in go-i18n; xlate names each message by its [table]", name())
	case lower == "translation":
		return a.errorf(l, l.keyOff, "translation is the go-i18n v1 layout; write other = … in [%s]", name())
	case !reserved[lower]:
		d := a.errorf(l, l.keyOff, "unknown key %q in message [%s]; go-i18n accepts only description, hash, zero, one, two, few, many and other (write notes as # comments)", l.key, name())
		d.Help = "A table whose keys are not go-i18n's would be read by go-i18n as a group of messages;\nxlate gives each message its own [table] and keeps notes in # comments."
		return d
	case t.child != 0:
		return a.errorf(l, l.keyOff, "message [%s] cannot also hold the table at line %d; go-i18n refuses a message mixed with tables", name(), t.child)
	}
	for _, prev := range t.keys {
		if prev == l.key {
			return a.errorf(l, l.keyOff, "key %q is set twice in [%s]", l.key, name())
		}
		if strings.ToLower(prev) == lower {
			return a.errorf(l, l.keyOff, "keys %q and %q in [%s] differ only in case; go-i18n reads them as one key", prev, l.key, name())
		}
	}
	t.keys = append(t.keys, l.key)
	if t.entry == nil {
		// room for a message's usual keys (hash, other) and a note
		t.entry = &Entry{ID: strings.Join(t.path, "."), Path: t.path, Line: t.line, comment: a.openLine.comment, body: make([]item, 0, 3)}
		a.commit(t.entry, a.openRest)
		a.openRest = nil
	}
	e := t.entry
	// comment lines between the header and this key are inside the table
	for _, p := range a.pending {
		if p.kind != commentLine {
			continue
		}
		if isToolLine(p.text) {
			e.absorb(p.text)
		} else {
			e.body = append(e.body, item{comment: p.text, line: p.num})
		}
	}
	a.pending = nil
	switch lower {
	case "description":
		e.Description = l.value
	case "hash":
		e.Hash = l.value
	}
	e.body = append(e.body, item{key: lower, value: l.value, raw: l.raw, comment: l.comment, line: l.num})
	a.last = e
	return nil
}

// commit adds an entry with the comment and blank lines written above it.
func (a *assembler) commit(e *Entry, above []line) {
	if a.last != nil {
		above = a.touching(above)
	} else if a.first {
		above = a.preamble(above)
	}
	a.first = false
	e.Obsolete = a.obsolete
	var lead []string
	for _, l := range above {
		switch {
		case l.kind == blankLine:
			if len(lead) > 0 && lead[len(lead)-1] != "" {
				lead = append(lead, "")
			}
		case isToolLine(l.text):
			e.absorb(l.text)
		default:
			lead = append(lead, l.text)
		}
	}
	for len(lead) > 0 && lead[len(lead)-1] == "" {
		lead = lead[:len(lead)-1]
	}
	e.lead = lead
	a.c.add(e)
	a.last = e
}

// touching gives the previous entry the comment lines right below its last
// line (no blank line between) and returns the rest.
func (a *assembler) touching(lines []line) []line {
	i := 0
	for i < len(lines) && lines[i].kind == commentLine && !isToolLine(lines[i].text) {
		a.last.body = append(a.last.body, item{comment: lines[i].text, line: lines[i].num})
		i++
	}
	return lines[i:]
}

// preamble takes the file's own comments from the lines above the first
// entry and returns those that belong to the entry: in a file xlate wrote,
// everything after the first page marker; in any other file, the comment
// lines right above the entry, with no blank line between.
func (a *assembler) preamble(lines []line) []line {
	split := -1
	for i, l := range lines {
		if l.kind == commentLine && strings.HasPrefix(l.text, pageMarker) {
			split = i + 1
		}
	}
	if split < 0 {
		split = len(lines)
		for split > 0 && lines[split-1].kind == commentLine {
			split--
		}
	}
	for _, l := range lines[:split] {
		if l.kind == commentLine && !isToolLine(l.text) {
			a.c.preamble = append(a.c.preamble, l.text)
		}
	}
	return lines[split:]
}

// Section markers xlate writes, and reads back to know which entries are
// obsolete.
const (
	pageMarker     = "#= ─── page: "
	obsoleteMarker = "#= ─── obsolete"
)

// isToolLine reports whether a comment line belongs to xlate: #. #| #=
// lines, and #, lines whose first word is one of xlate's flags.
func isToolLine(text string) bool {
	if len(text) < 2 || text[0] != '#' {
		return false
	}
	switch text[1] {
	case '.', '|', '=':
		return true
	case ',':
		_, ok := toolFlag(text)
		return ok
	}
	return false
}

// toolFlag returns the flag word of a "#, …" line if it is one of xlate's.
func toolFlag(text string) (string, bool) {
	rest := strings.TrimSpace(text[2:])
	word := rest
	if i := strings.IndexAny(rest, " :,"); i >= 0 {
		word = rest[:i]
	}
	switch word {
	case "fuzzy":
		return word, strings.TrimSpace(rest) == "fuzzy"
	case "suggestion", "flagged":
		return word, true
	}
	return "", false
}

// absorb reads the state in one of xlate's comment lines.
func (e *Entry) absorb(text string) {
	body := strings.TrimSpace(text[2:])
	switch text[1] {
	case '.':
		if q, ok := decodeQuote(body); ok {
			e.Source = q
		}
	case '|':
		if q, ok := decodeQuote(body); ok {
			e.Previous = q
		}
	case ',':
		switch flag, _ := toolFlag(text); flag {
		case "fuzzy":
			e.Fuzzy = true
		case "suggestion":
			e.Suggested = true
			e.Suggestion = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(body, "suggestion"), ":"))
		}
		// "#, flagged …" is made anew from the source at every sync
	}
}

// decodeQuote reads "label: text" from a #. or #| comment. The text is
// written as it is, or as a TOML basic string when it holds a line break,
// another control character, surrounding spaces or a leading quote.
func decodeQuote(s string) (Quote, bool) {
	i := strings.Index(s, ": ")
	if i <= 0 || strings.IndexFunc(s[:i], func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	}) >= 0 {
		return Quote{}, false
	}
	q := Quote{Label: s[:i], Text: s[i+2:]}
	if strings.HasPrefix(q.Text, `"`) {
		r := &reader{text: q.Text}
		if v, ok := r.tryBasicString(); ok && r.pos == len(q.Text) {
			q.Text = v
		}
	}
	return q, true
}

// tryBasicString reads a basic string at pos, reporting false where
// basicString would fail.
func (r *reader) tryBasicString() (v string, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			if _, isErr := e.(errAt); !isErr {
				panic(e)
			}
			ok = false
		}
	}()
	return r.basicString(), true
}

func needsQuoting(s string) bool {
	if s == "" || s[0] == '"' || s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		return s != ""
	}
	for i := 0; i < len(s); i++ {
		if !mayEscape[s[i]] || s[i] == '"' || s[i] == '\\' {
			continue
		}
		if c := s[i]; c != 0xc2 && c != 0xe2 {
			return true // a control character or DEL
		}
		// the lead bytes of U+0085, U+2028 and U+2029
		if r, _ := utf8.DecodeRuneInString(s[i:]); r == 0x85 || r == 0x2028 || r == 0x2029 {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of the catalogue: a sync changes its copy and
// leaves what was read alone.
func (c *Catalog) Clone() *Catalog {
	d := *c
	d.Entries = make([]*Entry, len(c.Entries))
	d.byID = make(map[string]*Entry, len(c.Entries))
	for i, e := range c.Entries {
		f := *e
		f.Path = slices.Clone(e.Path)
		f.Flags = slices.Clone(e.Flags)
		f.lead = slices.Clone(e.lead)
		f.body = slices.Clone(e.body)
		d.Entries[i] = &f
		d.byID[f.ID] = &f
	}
	d.preamble = slices.Clone(c.preamble)
	d.trailer = slices.Clone(c.trailer)
	return &d
}
