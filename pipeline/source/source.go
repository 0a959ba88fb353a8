// Package source reads the bytes of an input file, decodes them to text and
// owns positions: a Pos names file:line:col, a Lines table maps byte offsets
// back to lines and columns, and a List collects diagnostics in a stable
// order.
//
// Columns count characters (Unicode code points), not bytes, so a position
// in a Chinese line points at the character a translator sees. Lines and
// columns start at 1.
//
// Source does not repair text; that is the normalize stage.
package source

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a file. A Pos with Line 0 names the file alone.
type Pos struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based, in characters; 0 when unknown
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a diagnostic fails a run.
type Severity int

const (
	// Error is a finding that makes check fail.
	Error Severity = iota
	// Warning is reported but does not fail a run unless asked (build --strict).
	Warning
)

// Diagnostic is one finding with its position.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// List is a list of diagnostics. Sort orders it by file, line, column and
// message, so output never depends on the order work was done in.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Pos, sev Severity, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Sort sorts the list in place.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
}

// Count returns the number of diagnostics of the given severity.
func (l List) Count(sev Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == sev {
			n++
		}
	}
	return n
}

// Lines maps byte offsets of a text to lines and character columns.
type Lines struct {
	text  string
	start []int // byte offset of the start of each line
}

// NewLines indexes text.
func NewLines(text string) *Lines {
	start := make([]int, 1, 1+strings.Count(text, "\n"))
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			start = append(start, i+1)
		}
	}
	return &Lines{text: text, start: start}
}

// Position returns the 1-based line and character column of byte offset off.
// Offsets past the end are clamped to the end.
func (l *Lines) Position(off int) (line, col int) {
	if off > len(l.text) {
		off = len(l.text)
	}
	if off < 0 {
		off = 0
	}
	i := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	return i + 1, utf8.RuneCountInString(l.text[l.start[i]:off]) + 1
}

// Pos returns the position of byte offset off in the named file.
func (l *Lines) Pos(file string, off int) Pos {
	line, col := l.Position(off)
	return Pos{File: file, Line: line, Col: col}
}

// File is a decoded input file.
type File struct {
	Name     string // the name diagnostics use, as the user gave it
	Text     string // decoded UTF-8 text, without a byte-order mark
	Encoding string // the encoding the bytes were read as
	Lines    *Lines
}

// DecodeError reports bytes that are not text.
type DecodeError struct {
	Pos Pos
	Msg string
}

func (e *DecodeError) Error() string { return e.Pos.String() + ": " + e.Msg }

var bom = []byte("\xef\xbb\xbf")

// Decode turns the bytes of the named file into text. It accepts UTF-8 with
// or without a byte-order mark and refuses anything else with a DecodeError
// that points at the first offending byte: NUL bytes mark binary data, and
// invalid UTF-8 is never guessed at here.
func Decode(name string, b []byte) (*File, error) {
	enc := "utf-8"
	if bytes.HasPrefix(b, bom) {
		b = b[len(bom):]
		enc = "utf-8 with bom"
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, &DecodeError{Pos: NewLines(string(b)).Pos(name, i), Msg: "binary data (NUL byte); not a text file"}
	}
	if !utf8.Valid(b) {
		i := firstInvalid(b)
		return nil, &DecodeError{Pos: NewLines(string(b)).Pos(name, i), Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x; save the file as UTF-8", b[i])}
	}
	text := string(b)
	return &File{Name: name, Text: text, Encoding: enc, Lines: NewLines(text)}, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
