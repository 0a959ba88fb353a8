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
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Pos is a position in a file. A Pos with Line 0 names the file alone.
type Pos struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based, in characters; 0 when unknown
}

func (p Pos) String() string { return string(p.Append(nil)) }

// Append appends the position as String writes it to b: a check of a
// large project writes hundreds of thousands.
func (p Pos) Append(b []byte) []byte {
	b = append(b, p.File...)
	if p.Line == 0 {
		return b
	}
	b = strconv.AppendInt(append(b, ':'), int64(p.Line), 10)
	if p.Col == 0 {
		return b
	}
	return strconv.AppendInt(append(b, ':'), int64(p.Col), 10)
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
	// Help explains the rule behind Msg at more length (the usage text of
	// a TOML error, say). Error prints it below the message; String leaves
	// it out, so a list of findings keeps one line each.
	Help string
	// Check names the kind of finding, by a name that does not change
	// ("missing", "placeholders"); "" for a fault in reading a file.
	Check string
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// List is a list of diagnostics, in the manner of go/scanner's ErrorList:
// every stage returns one, Sort orders it by file, line, column and
// message (so output never depends on the order work was done in), and
// Err is nil when it is empty. A List is an error.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Pos, sev Severity, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Errorf returns a List holding one error at pos.
func Errorf(pos Pos, format string, args ...any) List {
	return List{{Pos: pos, Msg: fmt.Sprintf(format, args...)}}
}

// Sort sorts the list in place: by file, line, column and message, and
// otherwise in the order given.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return before(&l[i], &l[j]) })
}

// First returns the first n diagnostics of the list in the order Sort
// gives, without sorting the rest: a build's sample of warnings is a few
// of tens of thousands. The list is left as it was.
func (l List) First(n int) List {
	if n <= 0 {
		return nil
	}
	first := make(List, 0, min(n, len(l)))
	for i := range l {
		if len(first) == n && !before(&l[i], &first[n-1]) {
			continue
		}
		// after every one it is not before: the order given breaks ties
		j := len(first)
		for j > 0 && before(&l[i], &first[j-1]) {
			j--
		}
		if len(first) < n {
			first = append(first, Diagnostic{})
		}
		copy(first[j+1:], first[j:])
		first[j] = l[i]
	}
	return first
}

// before reports whether a sorts before b.
func before(a, b *Diagnostic) bool {
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

// Error prints one diagnostic a line, each followed by its help text,
// indented.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
		if d.Help != "" {
			for _, h := range strings.Split(strings.TrimRight(d.Help, "\n"), "\n") {
				b.WriteString("\n\t" + h)
			}
		}
	}
	return b.String()
}

// Err returns nil when the list is empty, else the list sorted.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Lines maps byte offsets of a text to lines and character columns.
type Lines struct {
	text  string
	start []int // byte offset of the start of each line
}

// NewLines indexes text.
func NewLines(text string) *Lines {
	start := make([]int, 1, 1+strings.Count(text, "\n"))
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		start = append(start, i)
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
	// Warnings says when the encoding was a close call (see DecodePage):
	// bytes that are not UTF-8 read as plausibly in another encoding, or
	// in none. Each is a Warning at the first byte the readings differ
	// on; nil when the reading is certain.
	Warnings List
}

var bom = []byte("\xef\xbb\xbf")

// Decode turns the bytes of the named file into text. It accepts UTF-8 with
// or without a byte-order mark and refuses anything else with an error
// that points at the first offending byte: NUL bytes mark binary data, and
// invalid UTF-8 is never guessed at here.
func Decode(name string, b []byte) (*File, error) {
	enc := "utf-8"
	if bytes.HasPrefix(b, bom) {
		b = b[len(bom):]
		enc = "utf-8 with bom"
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, Errorf(NewLines(string(b)).Pos(name, i), "binary data (NUL byte); not a text file")
	}
	if !utf8.Valid(b) {
		i := firstInvalid(b)
		return nil, Errorf(NewLines(string(b)).Pos(name, i), "invalid UTF-8 byte 0x%02x; save the file as UTF-8", b[i])
	}
	text := string(b)
	return &File{Name: name, Text: text, Encoding: enc, Lines: NewLines(text)}, nil
}

// DecodePage turns the bytes of a content page into text. Pages come from
// the web in whatever encoding their site used, so besides UTF-8 (with or
// without a byte-order mark) it reads UTF-16 with a byte-order mark, and
// GB18030 (a superset of GBK and GB 2312), Big5 or Windows-1252 (which
// covers Latin-1 text) when the bytes are not UTF-8.
//
// It does not trust a charset detector: strict UTF-8 comes first, since a
// page of English with a few Chinese words is too little for a guess. Only
// bytes that are not UTF-8 are read in the other three encodings, each
// strictly (no byte may fail to decode), and each reading is judged by how
// plausible its characters are where they stand: common Han characters in
// runs for Chinese, accented letters inside Latin words for Windows-1252,
// never a rare Han character glued inside a Latin word ("na飗e" is
// "naïve" read as GB18030). The one plausible reading wins; of GB18030
// and Big5 both plausible, the one whose characters are clearly more
// frequent (HanClass) wins. When two are still plausible, or none is, the
// Chinese reading whose Han characters are more often common ones is kept
// (GB18030 on a tie), as before Windows-1252 was considered, and the file
// carries a Warning at the first byte that is not ASCII, quoting the
// readings, so that a person can check it. NUL bytes, or bytes that no encoding reads
// (or that only Windows-1252 reads, implausibly), are refused with the
// position of the first bad byte.
func DecodePage(name string, b []byte) (*File, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}), bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return decodeUTF16(name, b)
	}
	f, err := Decode(name, b)
	if err == nil || bytes.IndexByte(b, 0) >= 0 {
		return f, err
	}
	return decodeLegacy(name, b)
}

// reading is the text of bytes that are not UTF-8 in one encoding.
type reading struct {
	enc     string // as File.Encoding names it
	display string // as a message names it
	text    string
	chinese bool
	common  float64 // the share of its Han characters that are common
	verdict
}

// decodeLegacy reads bytes that are not UTF-8 (see DecodePage).
func decodeLegacy(name string, b []byte) (*File, error) {
	var rs []reading
	for _, c := range []struct {
		enc, display string
		decode       encoding.Encoding
	}{{"gb18030", "GB18030", simplifiedchinese.GB18030}, {"big5", "Big5", traditionalchinese.Big5}} {
		out, err := c.decode.NewDecoder().Bytes(b)
		if err != nil || bytes.Contains(out, []byte("\ufffd")) || !utf8.Valid(out) {
			continue
		}
		r := reading{enc: c.enc, display: c.display, text: string(out), chinese: true}
		if han, common := HanShare(r.text); han > 0 {
			r.common = float64(common) / float64(han)
		}
		r.verdict = judgeChinese(b, r.text, c.enc == "gb18030")
		rs = append(rs, r)
	}
	if text, ok := windows1252(b); ok {
		rs = append(rs, reading{enc: "windows-1252", display: "Windows-1252", text: text, verdict: judgeLatin(b)})
	}
	var plausible []*reading
	for i := range rs {
		if rs[i].plausible() {
			plausible = append(plausible, &rs[i])
		}
	}
	// Readings that give the same text are one answer: a page whose only
	// character beyond ASCII is € reads alike in GB18030 and
	// Windows-1252. Such a page has no Chinese to speak for GB18030, so
	// the Latin name is kept; of two Chinese readings, the first.
	given := slices.Clone(plausible)
	plausible = slices.DeleteFunc(plausible, func(r *reading) bool {
		for _, q := range given {
			if q != r && q.text == r.text && (!q.chinese || (r.chinese && q.enc == "gb18030")) {
				return true
			}
		}
		return false
	})
	// best is the Chinese reading whose Han characters are more often
	// common ones, among those given: the choice made before the
	// readings were judged.
	best := func(rs []*reading) *reading {
		var b *reading
		for _, r := range rs {
			if r.chinese && (b == nil || r.common > b.common) {
				b = r
			}
		}
		return b
	}
	if len(plausible) == 2 && plausible[0].chinese && plausible[1].chinese {
		// GB18030 and Big5 both read common characters, but one may read
		// far more frequent ones: 的 (GB18030) and 腔 (Big5) are the same
		// two bytes.
		switch clearlyMoreFrequent(plausible[0].text, plausible[1].text) {
		case 1:
			plausible = plausible[:1]
		case -1:
			plausible = plausible[1:]
		}
	}
	var chosen *reading
	var others []*reading // the readings a warning quotes beside the chosen one
	switch {
	case len(plausible) == 1:
		chosen = plausible[0]
	case len(plausible) > 1:
		chosen = best(plausible)
		for _, r := range plausible {
			if r != chosen {
				others = append(others, r)
			}
		}
	default:
		all := make([]*reading, len(rs))
		for i := range rs {
			all[i] = &rs[i]
		}
		if chosen = best(all); chosen != nil {
			for _, r := range all {
				if r != chosen {
					others = append(others, r)
				}
			}
		}
	}
	if chosen == nil {
		i := firstInvalid(b)
		return nil, Errorf(NewLines(string(b)).Pos(name, i), "byte 0x%02x is not UTF-8, GB18030 or Big5 text; save the file as UTF-8", b[i])
	}
	f := &File{Name: name, Text: chosen.text, Encoding: chosen.enc, Lines: NewLines(chosen.text)}
	if chosen.plausible() && len(others) == 0 {
		return f, nil
	}
	// All bytes before the first that is not ASCII read the same in every
	// encoding, one character a byte: the readings part there.
	at := firstNonASCII(b)
	quote := func(r *reading) string { return fmt.Sprintf("%s (%q)", r.display, excerptAt(r.text, at)) }
	var msg string
	switch {
	case chosen.plausible():
		msg = fmt.Sprintf("bytes that are not UTF-8 read as %s, but as plausibly as %s", quote(chosen), list(others, quote))
	case len(others) > 0:
		msg = fmt.Sprintf("bytes that are not UTF-8 read as %s, though no encoding reads them plausibly (not %s either)", quote(chosen), list(others, quote))
	default:
		msg = fmt.Sprintf("bytes that are not UTF-8 read as %s, though it reads them implausibly", quote(chosen))
	}
	f.Warnings = List{{Pos: f.Lines.Pos(name, at), Severity: Warning, Msg: msg + "; check the text, and save the file as UTF-8"}}
	return f, nil
}

// list joins the readings as a sentence does: "a", "a or b", "a, b or c".
func list(rs []*reading, quote func(*reading) string) string {
	var b strings.Builder
	for i, r := range rs {
		switch {
		case i == 0:
		case i == len(rs)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(quote(r))
	}
	return b.String()
}

// clearlyMoreFrequent compares how frequent the Han characters of two
// readings of the same bytes are: 1 when a's are clearly more frequent,
// -1 when b's are, 0 when neither is. Each character counts by its class
// (5 for class 1, down to 1 for class 5, 0 unlisted); the margin must be
// two classes' worth at least, so that one character decides only
// against a far rarer one.
func clearlyMoreFrequent(a, b string) int {
	score := func(s string) int {
		n := 0
		for _, r := range s {
			if c := HanClass(r); c > 0 {
				n += 6 - c
			}
		}
		return n
	}
	switch d := score(a) - score(b); {
	case d >= 2:
		return 1
	case d <= -2:
		return -1
	}
	return 0
}

// firstNonASCII returns the offset of the first byte of b from 0x80 up.
func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return len(b)
}

// excerptAt returns up to a dozen characters of text from offset at, to
// the end of the line.
func excerptAt(text string, at int) string {
	s := text[min(at, len(text)):]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	n := 0
	for i := range s {
		if n == 12 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// decodeUTF16 reads UTF-16 with a byte-order mark.
func decodeUTF16(name string, b []byte) (*File, error) {
	endian, enc := unicode.LittleEndian, "utf-16le"
	if b[0] == 0xfe {
		endian, enc = unicode.BigEndian, "utf-16be"
	}
	if len(b)%2 != 0 {
		return nil, Errorf(Pos{File: name, Line: 1, Col: 1}, "UTF-16 text of odd length (%d bytes); the file is cut short", len(b))
	}
	out, err := unicode.UTF16(endian, unicode.ExpectBOM).NewDecoder().Bytes(b)
	if err != nil {
		return nil, Errorf(Pos{File: name, Line: 1, Col: 1}, "not UTF-16 text: %v", err)
	}
	text := string(out)
	if i := strings.IndexAny(text, "\x00\ufffd"); i >= 0 {
		what := "a NUL character"
		if text[i] != 0 {
			what = "an unpaired UTF-16 surrogate"
		}
		return nil, Errorf(NewLines(text).Pos(name, i), "%s in UTF-16 text; not a text file", what)
	}
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

// Cursor finds positions for offsets that mostly increase, as the fixes
// of a long page do, walking the text forward once instead of searching a
// line table for each offset.
type Cursor struct {
	text             string
	off, line, runes int // at off: line (from 1) and runes since its start
}

// NewCursor returns a cursor at the start of text.
func NewCursor(text string) *Cursor { return &Cursor{text: text, line: 1} }

// Position returns the 1-based line and character column of byte offset
// off, clamped to the text.
func (c *Cursor) Position(off int) (line, col int) {
	off = min(max(off, 0), len(c.text))
	if off < c.off {
		c.off, c.line, c.runes = 0, 1, 0 // going back: start again
	}
	// Fixes are sparse: counting the line breaks up to the next one and
	// finding the last of them is two vector scans, not one call a line.
	gap := c.text[c.off:off]
	if n := strings.Count(gap, "\n"); n > 0 {
		c.line += n
		gap = gap[strings.LastIndexByte(gap, '\n')+1:]
		c.runes = 0
	}
	// The cursor stops at the start of the character off falls in, so
	// that an offset inside a character counts as Lines counts it.
	whole := len(gap)
	for k := len(gap) - 1; k >= 0 && k >= len(gap)-utf8.UTFMax; k-- {
		if utf8.RuneStart(gap[k]) {
			if !utf8.FullRuneInString(gap[k:]) {
				whole = k
			}
			break
		}
	}
	c.runes += utf8.RuneCountInString(gap[:whole])
	c.off = off - (len(gap) - whole)
	return c.line, c.runes + utf8.RuneCountInString(gap[whole:]) + 1
}
