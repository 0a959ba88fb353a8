package source

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// DecodeDeclared turns the bytes of a page whose markup declares its
// encoding (an HTML <meta charset> or http-equiv Content-Type) into text.
// label is the declared encoding as written ("" when the page declares
// none) and at the byte offset of the declaration.
//
// The order is a browser's: a byte-order mark wins over the declaration,
// and the declaration over a guess. But a declaration is often wrong on
// pages copied from site to site (a GBK page still saying UTF-8, a
// template's "gb2312" on a page saved as UTF-8), so it is obeyed only when
// the bytes agree with it:
//
//   - bytes that are valid UTF-8 are read as UTF-8 whatever the page
//     declares, since text in a legacy Chinese encoding is almost never
//     valid UTF-8; a legacy declaration on such bytes (with any byte from
//     0x80 up) is reported;
//   - bytes that are not UTF-8, under a declared GBK, GB 2312, GB18030,
//     Big5 or Windows-1252 (ISO-8859-1 and ASCII mean Windows-1252 on the
//     web), are read in that encoding when every byte decodes and the
//     reading is plausible (see DecodePage), with no warning even where
//     another reading would be plausible too: the declaration settles it;
//   - otherwise the bytes are read as DecodePage reads a page that
//     declares nothing, and a Warning at the declaration says what it
//     declared and what the bytes were read as.
//
// A declaration of an encoding xlate does not read (Shift_JIS, say) is
// reported in the same way and the page read as DecodePage reads it.
func DecodeDeclared(name string, b []byte, label string, at int) (*File, error) {
	if label == "" || bytes.HasPrefix(b, bom) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return DecodePage(name, b)
	}
	declared, known := declaredEncoding(label)
	f, err := DecodePage(name, b)
	if err != nil && (!known || declared.enc == "utf-8" || utf8.Valid(b)) {
		// NUL bytes, or bytes only a declared legacy encoding may read
		return nil, err
	}
	// where the declaration stands: before the first byte that is not
	// ASCII every reading has the same lines
	declPos := func(text string) Pos {
		if at > firstNonASCII(b) {
			text = string(b)
		}
		return NewLines(text).Pos(name, at)
	}
	report := func(f *File, format string, args ...any) *File {
		d := Diagnostic{Pos: declPos(f.Text), Severity: Warning, Msg: fmt.Sprintf(format, args...)}
		f.Warnings = append(List{d}, f.Warnings...)
		return f
	}
	switch {
	case !known:
		return report(f, "the page declares charset %q, which xlate does not read; read as %s instead", label, f.Encoding), nil
	case utf8.Valid(b):
		if declared.enc != "utf-8" && firstNonASCII(b) < len(b) {
			return report(f, "the page declares charset %q, but its bytes are UTF-8 (%q); read as UTF-8: correct the declaration", label, excerptAt(f.Text, firstNonASCII(b))), nil
		}
		return f, nil
	case declared.enc == "utf-8":
		i := firstInvalid(b)
		return report(f, "the page declares charset %q, but byte 0x%02x at %s is not UTF-8; read as %s: correct the declaration, or save the page as UTF-8",
			label, b[i], NewLines(string(b)).Pos(name, i), f.Encoding), nil
	}
	if text, ok := declared.read(b); ok && declared.judge(b, text).plausible() {
		return &File{Name: name, Text: text, Encoding: declared.enc, Lines: NewLines(text)}, nil
	}
	if err != nil {
		return nil, err
	}
	if f.Encoding == declared.enc {
		// the declared reading, implausible, is still the least
		// implausible: DecodePage's warning says so
		return report(f, "the page declares charset %q, and its bytes read as %s, though implausibly", label, f.Encoding), nil
	}
	at0 := firstNonASCII(b)
	what := "do not decode as " + declared.display
	if text, ok := declared.read(b); ok {
		what = fmt.Sprintf("read implausibly as %s (%q)", declared.display, excerptAt(text, at0))
	}
	return report(f, "the page declares charset %q, but its bytes %s; read as %s (%q): correct the declaration, or save the page as UTF-8",
		label, what, f.Encoding, excerptAt(f.Text, at0)), nil
}

// legacyEncoding is one encoding a page may declare and DecodePage reads.
type legacyEncoding struct {
	enc, display string // as File.Encoding and a message name it
	decode       encoding.Encoding
}

// read decodes b strictly: every byte must decode.
func (e legacyEncoding) read(b []byte) (string, bool) {
	if e.decode == nil {
		return windows1252(b)
	}
	out, err := e.decode.NewDecoder().Bytes(b)
	if err != nil || bytes.Contains(out, []byte("\ufffd")) || !utf8.Valid(out) {
		return "", false
	}
	return string(out), true
}

// judge says how plausible text, the reading of b, is.
func (e legacyEncoding) judge(b []byte, text string) verdict {
	if e.decode == nil {
		return judgeLatin(b)
	}
	return judgeChinese(b, text, e.enc == "gb18030")
}

// declaredEncoding resolves a declared label as a browser does (the WHATWG
// Encoding standard: "gb2312" and "gbk" are GBK, which GB18030 extends;
// "iso-8859-1" and "ascii" are Windows-1252; "utf-16" in a <meta> means
// UTF-8) to one of the encodings DecodePage reads; false for any other.
func declaredEncoding(label string) (legacyEncoding, bool) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return legacyEncoding{}, false
	}
	canonical, _ := htmlindex.Name(e)
	switch canonical {
	case "utf-8", "utf-16le", "utf-16be":
		return legacyEncoding{enc: "utf-8", display: "UTF-8"}, true
	case "gbk", "gb18030":
		return legacyEncoding{enc: "gb18030", display: "GB18030", decode: simplifiedchinese.GB18030}, true
	case "big5":
		return legacyEncoding{enc: "big5", display: "Big5", decode: traditionalchinese.Big5}, true
	case "windows-1252":
		return legacyEncoding{enc: "windows-1252", display: "Windows-1252"}, true
	}
	return legacyEncoding{}, false
}
