package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// The reader reads a catalogue in one pass over its bytes and keeps
// everything a person wrote: values, comments and where they stand. It
// reads the part of TOML that go-i18n catalogues are written in — tables
// whose names may be dotted, keys holding strings of any of the four kinds,
// comments — exactly as TOML 1.1 and go-i18n read it, and refuses, with a
// position, everything else: a file it accepts loads in go-i18n with the
// same messages, and a file go-i18n refuses it refuses too. It refuses some
// files go-i18n would load (arrays, inline tables, dotted keys, a table of
// messages without [tables]): xlate could not write them back as they were.
//
// A value without escapes is a slice of the file's text, so the text is
// held once however many entries refer to it.

type lineKind uint8

const (
	blankLine lineKind = iota
	commentLine
	headerLine
	keyLine
)

// line is one logical line of a catalogue: a key whose value is a
// multi-line string spans several physical lines.
type line struct {
	kind    lineKind
	num     int      // 1-based number of the first physical line
	off     int      // byte offset of its start
	text    string   // comment and blank lines: verbatim, without the line break
	path    []string // header: the table's key parts
	key     string   // key line: the key as written
	keyOff  int      // key line: offset of the key
	value   string   // key line: the decoded value
	raw     string   // key line: the value as written, quotes and all
	comment string   // header and key lines: a trailing "# …", verbatim
}

// reader scans the text of one file.
type reader struct {
	name string
	text string
	pos  int
	num  int // line number at pos
}

// errAt is a syntax error at a byte offset; Parse turns it into a
// positioned diagnostic.
type errAt struct {
	off  int
	msg  string
	help string
}

func (r *reader) fail(off int, help, format string, args ...any) {
	panic(errAt{off: off, msg: fmt.Sprintf(format, args...), help: help})
}

// scan splits the text into logical lines, numbered from first, or fails
// at the first fault.
func (r *reader) scan(first int) (lines []line, err *errAt) {
	defer func() {
		if e := recover(); e != nil {
			ea, ok := e.(errAt)
			if !ok {
				panic(e)
			}
			err = &ea
		}
	}()
	r.checkCharacters()
	r.num = first
	// a logical line is one physical line or more: no growing
	lines = make([]line, 0, strings.Count(r.text[r.pos:], "\n")+1)
	for r.pos < len(r.text) {
		lines = append(lines, r.line())
	}
	return lines, nil
}

// ones has a one in every byte.
const ones = 0x0101010101010101

// checkCharacters refuses what TOML refuses anywhere in a file: control
// characters other than tab and line breaks, and a carriage return that
// does not start a CRLF.
func (r *reader) checkCharacters() {
	t := r.text
	for i := 0; i < len(t); i++ {
		// eight bytes at a time while none is below a space or DEL
		for i+8 <= len(t) {
			x := uint64(t[i]) | uint64(t[i+1])<<8 | uint64(t[i+2])<<16 | uint64(t[i+3])<<24 |
				uint64(t[i+4])<<32 | uint64(t[i+5])<<40 | uint64(t[i+6])<<48 | uint64(t[i+7])<<56
			del := x ^ (ones * 0x7f)
			if ((x-ones*0x20)&^x|(del-ones)&^del)&(ones*0x80) != 0 {
				break
			}
			i += 8
		}
		if i >= len(t) {
			break
		}
		c := t[i]
		if c >= 0x20 && c != 0x7f {
			continue
		}
		switch {
		case c == '\t' || c == '\n':
		case c == '\r':
			if i+1 < len(t) && t[i+1] == '\n' {
				i++
				continue
			}
			r.fail(i, "", "a carriage return must be followed by a line feed")
		default:
			r.fail(i, "", "control character U+%04X is not allowed in TOML; write it as \\u%04X inside a string", c, c)
		}
	}
}

func (r *reader) peek() byte {
	if r.pos < len(r.text) {
		return r.text[r.pos]
	}
	return 0
}

func (r *reader) skipSpace() {
	for r.pos < len(r.text) && (r.text[r.pos] == ' ' || r.text[r.pos] == '\t') {
		r.pos++
	}
}

// endOfLine consumes a line break (or the end of the text) and reports
// whether there was one.
func (r *reader) endOfLine() bool {
	switch {
	case r.pos >= len(r.text):
		return true
	case r.text[r.pos] == '\n':
		r.pos++
		r.num++
		return true
	case r.text[r.pos] == '\r': // checkCharacters made sure \n follows
		r.pos += 2
		r.num++
		return true
	}
	return false
}

// restOfLine returns the text up to the line break, without it.
func (r *reader) restOfLine() string {
	end := strings.IndexByte(r.text[r.pos:], '\n')
	if end < 0 {
		end = len(r.text)
	} else {
		end += r.pos
	}
	s := strings.TrimSuffix(r.text[r.pos:end], "\r")
	r.pos += len(s)
	return s
}

func (r *reader) line() line {
	start, num := r.pos, r.num
	r.skipSpace()
	switch c := r.peek(); {
	case c == 0 || c == '\n' || c == '\r':
		text := r.text[start:r.pos]
		r.endOfLine()
		return line{kind: blankLine, num: num, off: start, text: text}
	case c == '#':
		text := r.restOfLine()
		r.endOfLine()
		return line{kind: commentLine, num: num, off: start, text: text}
	case c == '[':
		l := line{kind: headerLine, num: num, off: start}
		r.pos++
		if r.peek() == '[' {
			r.fail(r.pos-1, "xlate catalogues give each message its own [table]; arrays of tables are the old go-i18n v1 layout", "arrays of tables ([[…]]) are not a catalogue layout xlate can keep")
		}
		l.path = r.keyPath(']')
		r.pos++ // ']'
		l.comment = r.trailing("the table name")
		return l
	default:
		l := line{kind: keyLine, num: num, off: start, keyOff: r.pos}
		l.key = r.keyPart()
		r.skipSpace()
		switch r.peek() {
		case '=':
		case '.':
			r.fail(r.pos, "write the message as a table: [a.b] then other = \"…\"", "dotted keys (a.b = …) are not a catalogue layout xlate can keep")
		default:
			r.fail(r.pos, "", "expected '=' after the key %q, found %s", l.key, r.describe())
		}
		r.pos++
		r.skipSpace()
		valStart := r.pos
		l.value = r.value(l.key)
		l.raw = r.text[valStart:r.pos]
		l.comment = r.trailing("the value")
		return l
	}
}

// trailing reads what may follow a table name or a value on its line: a
// comment, then the line break.
func (r *reader) trailing(after string) string {
	r.skipSpace()
	comment := ""
	if r.peek() == '#' {
		comment = r.restOfLine()
	}
	if !r.endOfLine() {
		r.fail(r.pos, "", "expected the end of the line after %s, found %s", after, r.describe())
	}
	return comment
}

// describe names the character at pos for an error message.
func (r *reader) describe() string {
	if r.pos >= len(r.text) {
		return "the end of the file"
	}
	c, _ := utf8.DecodeRuneInString(r.text[r.pos:])
	if c == '\n' || c == '\r' {
		return "the end of the line"
	}
	return strconv.QuoteRune(c)
}

// keyPath reads a dotted table name up to the closing bracket.
func (r *reader) keyPath(close byte) []string {
	var path []string
	for {
		r.skipSpace()
		path = append(path, r.keyPart())
		r.skipSpace()
		switch r.peek() {
		case '.':
			r.pos++
		case close:
			return path
		default:
			r.fail(r.pos, "", "expected '.' or '%c' in the table name, found %s", close, r.describe())
		}
	}
}

// keyPart reads one bare or quoted key.
func (r *reader) keyPart() string {
	switch c := r.peek(); {
	case c == '"':
		if strings.HasPrefix(r.text[r.pos:], `"""`) {
			r.fail(r.pos, "", "a key cannot be a multi-line string")
		}
		return r.basicString()
	case c == '\'':
		if strings.HasPrefix(r.text[r.pos:], `'''`) {
			r.fail(r.pos, "", "a key cannot be a multi-line string")
		}
		return r.literalString()
	case isBareKeyByte(c):
		start := r.pos
		for r.pos < len(r.text) && isBareKeyByte(r.text[r.pos]) {
			r.pos++
		}
		return r.text[start:r.pos]
	case c == 0 || c == '\n' || c == '\r' || c == '=' || c == ']' || c == '.':
		r.fail(r.pos, "", "expected a key, found %s", r.describe())
	}
	r.fail(r.pos, "keys of letters other than A–Z, digits, '-' and '_' are written in quotes: \"探视时间\"", "%s cannot start a bare key", r.describe())
	return ""
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// value reads a string value of any of the four kinds.
func (r *reader) value(key string) string {
	switch {
	case strings.HasPrefix(r.text[r.pos:], `"""`):
		return r.multilineString('"')
	case strings.HasPrefix(r.text[r.pos:], `'''`):
		return r.multilineString('\'')
	case r.peek() == '"':
		return r.basicString()
	case r.peek() == '\'':
		return r.literalString()
	case r.pos >= len(r.text) || r.peek() == '\n' || r.peek() == '\r':
		r.fail(r.pos, "", "the value of %q is missing", key)
	}
	r.fail(r.pos, "go-i18n messages hold text only: other = \"…\"", "the value of %q must be a string in quotes", key)
	return ""
}

// basicString reads a "…" string at pos.
func (r *reader) basicString() string {
	open := r.pos
	r.pos++
	start := r.pos
	// most strings hold no escape: found with the vector searches
	if q := strings.IndexByte(r.text[start:], '"'); q >= 0 {
		s := r.text[start : start+q]
		if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
			r.pos = start + q + 1
			return s
		}
	}
	var b *strings.Builder
	for {
		if r.pos >= len(r.text) {
			r.fail(open, "", "this string is not closed")
		}
		switch c := r.text[r.pos]; c {
		case '"':
			r.pos++
			if b == nil {
				return r.text[start : r.pos-1]
			}
			return b.String()
		case '\n', '\r':
			r.fail(r.pos, "end the string with a quote on this line, or write a line break as \\n", "strings cannot contain newlines")
		case '\\':
			if b == nil {
				b = &strings.Builder{}
				b.WriteString(r.text[start:r.pos])
			}
			r.escape(b)
		default:
			if b != nil {
				b.WriteByte(c)
			}
			r.pos++
		}
	}
}

// escape reads one escape sequence at pos (a backslash) into b.
func (r *reader) escape(b *strings.Builder) {
	at := r.pos
	r.pos++
	if r.pos >= len(r.text) {
		r.fail(at, "", "this string is not closed")
	}
	c := r.text[r.pos]
	r.pos++
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 'e':
		b.WriteByte(0x1b)
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'x', 'u', 'U':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		if r.pos+n > len(r.text) {
			r.fail(at, "", "expected %d hexadecimal digits after \\%c", n, c)
		}
		digits := r.text[r.pos : r.pos+n]
		v, err := strconv.ParseUint(digits, 16, 32)
		if err != nil || strings.ContainsAny(digits, "+-_") {
			r.fail(at, "", "expected %d hexadecimal digits after \\%c, found %q", n, c, digits)
		}
		if !utf8.ValidRune(rune(v)) {
			r.fail(at, "", "\\%c%s is not a Unicode character", c, digits)
		}
		b.WriteRune(rune(v))
		r.pos += n
	default:
		r.fail(at, `the escapes are \b \t \n \f \r \e \" \\ \xHH \uHHHH \UHHHHHHHH; write a backslash as \\`, "invalid escape \\%s", r.text[at+1:r.pos])
	}
}

// literalString reads a '…' string at pos: no escapes.
func (r *reader) literalString() string {
	open := r.pos
	r.pos++
	end := strings.IndexAny(r.text[r.pos:], "'\n\r")
	if end < 0 {
		r.fail(open, "", "this string is not closed")
	}
	end += r.pos
	if r.text[end] != '\'' {
		r.pos = end
		r.fail(end, "end the string with a quote on this line", "strings cannot contain newlines")
	}
	s := r.text[r.pos:end]
	r.pos = end + 1
	return s
}

// multilineString reads a """…""" or ”'…”' string at pos. TOML lets up
// to two quotes stand right before the closing three; xlate refuses that,
// which readers differ on, for no use in a catalogue.
func (r *reader) multilineString(q byte) string {
	open := r.pos
	r.pos += 3
	// a line break right after the opening quotes is not part of the value
	if strings.HasPrefix(r.text[r.pos:], "\n") {
		r.pos++
		r.num++
	} else if strings.HasPrefix(r.text[r.pos:], "\r\n") {
		r.pos += 2
		r.num++
	}
	start := r.pos
	var b *strings.Builder
	flush := func() {
		if b == nil {
			b = &strings.Builder{}
			b.WriteString(r.text[start:r.pos])
		}
	}
	for {
		if r.pos >= len(r.text) {
			r.fail(open, "", "this multi-line string is not closed")
		}
		c := r.text[r.pos]
		switch {
		case c == q:
			n := 0
			for r.pos+n < len(r.text) && r.text[r.pos+n] == q {
				n++
			}
			if n >= 3 {
				if n > 3 {
					r.fail(r.pos, `write a quote that ends the text as \" (or use a "…" string)`, "a quote right before the closing %s is not supported", strings.Repeat(string(q), 3))
				}
				end := r.pos
				r.pos += 3
				if b == nil {
					return r.text[start:end]
				}
				return b.String()
			}
			if b != nil {
				b.WriteString(r.text[r.pos : r.pos+n])
			}
			r.pos += n
		case c == '\\' && q == '"':
			flush()
			// a backslash at the end of a line joins it to the next
			// non-blank character
			j := r.pos + 1
			for j < len(r.text) && (r.text[j] == ' ' || r.text[j] == '\t') {
				j++
			}
			if j < len(r.text) && (r.text[j] == '\n' || r.text[j] == '\r') {
				for j < len(r.text) && strings.IndexByte(" \t\r\n", r.text[j]) >= 0 {
					if r.text[j] == '\n' {
						r.num++
					}
					j++
				}
				r.pos = j
				continue
			}
			r.escape(b)
		default:
			if c == '\n' {
				r.num++
			}
			if b != nil {
				b.WriteByte(c)
			}
			r.pos++
		}
	}
}

// position turns a byte offset into a diagnostic position.
func position(name, text string, off int) source.Pos {
	return source.NewLines(text).Pos(name, off)
}
