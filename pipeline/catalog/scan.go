package catalog

import (
	"fmt"
	"strings"
)

// The scanner recovers the layout of a catalogue that the TOML decoder
// throws away: which lines hold which table, key and comment. Values are
// never read from it; they come from the decoder, which knows TOML exactly.

type lineKind int

const (
	blankLine lineKind = iota
	commentLine
	headerLine
	keyLine
	otherLine // an array-of-tables header or anything else xlate does not rewrite
)

// scanned is one logical line: a key whose value is a multi-line string
// spans several physical lines.
type scanned struct {
	kind  lineKind
	first int    // 1-based number of the first physical line
	text  string // the physical lines, joined with "\n", without the final newline
	key   string // keyLine: the key; headerLine: the dotted ID
	path  []string
}

// scanLines splits a catalogue into logical lines. It assumes the text has
// already been accepted by the TOML decoder.
func scanLines(text string) ([]scanned, error) {
	var out []scanned
	phys := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i := 0; i < len(phys); i++ {
		l := strings.TrimRight(phys[i], "\r")
		t := strings.TrimSpace(l)
		s := scanned{first: i + 1, text: l}
		switch {
		case t == "":
			s.kind = blankLine
		case t[0] == '#':
			s.kind = commentLine
		case strings.HasPrefix(t, "[["):
			s.kind = otherLine
		case t[0] == '[':
			path, err := parseKeyPath(strings.TrimSpace(t[1:strings.LastIndexByte(t[:commentStart(t)], ']')]))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			s.kind, s.path, s.key = headerLine, path, strings.Join(path, ".")
		default:
			eq := keyEnd(t)
			if eq < 0 {
				s.kind = otherLine
				break
			}
			path, err := parseKeyPath(strings.TrimSpace(t[:eq]))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			s.kind, s.path, s.key = keyLine, path, strings.Join(path, ".")
			v := strings.TrimSpace(t[eq+1:])
			for _, q := range []string{`"""`, `'''`} {
				if strings.HasPrefix(v, q) && !closesMultiline(v[3:], q) {
					for i+1 < len(phys) {
						i++
						s.text += "\n" + strings.TrimRight(phys[i], "\r")
						if closesMultiline(phys[i], q) {
							break
						}
					}
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// closesMultiline reports whether s holds the closing delimiter q of a
// multi-line string (an escaped quote in a basic string does not count).
func closesMultiline(s, q string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if q == `"""` && s[i] == '\\' {
			i++
			continue
		}
		if s[i:i+3] == q {
			return true
		}
	}
	return false
}

// commentStart returns the index of a comment in a header line, or len(t).
func commentStart(t string) int {
	if i := indexUnquoted(t, '#'); i >= 0 {
		return i
	}
	return len(t)
}

// keyEnd returns the index of the '=' that ends the key of a key line, or -1.
func keyEnd(t string) int { return indexUnquoted(t, '=') }

// indexUnquoted returns the index of the first c outside a TOML "basic" or
// 'literal' string, or -1.
func indexUnquoted(t string, c byte) int {
	var quote byte
	for i := 0; i < len(t); i++ {
		switch b := t[i]; {
		case quote != 0:
			if b == '\\' && quote == '"' {
				i++
			} else if b == quote {
				quote = 0
			}
		case b == '"' || b == '\'':
			quote = b
		case b == c:
			return i
		}
	}
	return -1
}

// parseKeyPath splits a dotted TOML key (bare, "basic" or 'literal' parts).
func parseKeyPath(s string) ([]string, error) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, fmt.Errorf("empty key")
		}
		var part string
		switch s[0] {
		case '"', '\'':
			end := 1
			for end < len(s) && s[end] != s[0] {
				if s[0] == '"' && s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, fmt.Errorf("unterminated quoted key")
			}
			part = s[1:end]
			if s[0] == '"' {
				part = unescapeBasic(part)
			}
			s = s[end+1:]
		default:
			end := 0
			for end < len(s) && isBareKeyChar(s[end]) {
				end++
			}
			part, s = s[:end], s[end:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return parts, nil
		}
		if s[0] != '.' {
			return nil, fmt.Errorf("unexpected %q in key", s[0])
		}
		s = s[1:]
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// unescapeBasic undoes the common escapes of a basic-string key; keys with
// \u escapes are rare enough in catalogues to keep as written.
func unescapeBasic(s string) string {
	r := strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\t`, "\t", `\n`, "\n")
	return r.Replace(s)
}

// quoteKey writes one part of a key: bare when it can be, else quoted.
func quoteKey(k string) string {
	if k != "" && strings.IndexFunc(k, func(r rune) bool { return r > 127 || !isBareKeyChar(byte(r)) }) < 0 {
		return k
	}
	return quoteString(k)
}

// quoteString writes a TOML basic string.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
