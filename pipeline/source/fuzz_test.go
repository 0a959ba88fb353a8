package source

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzDecodePage checks what DecodePage promises for any bytes: no panic;
// a file whose text is UTF-8, or an error; UTF-8 without NUL bytes read as
// it is; a warning only on a page that was not UTF-8, at a position inside
// the text.
func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		"A na\xefve fa\xe7ade", "\xd6\xd0\xce\xc4 page", "\xa4\xa4\xa4\xe5", "CR\xc9\xc9",
		"\xb0\xd1", "\x81\x30\x81\x30", "a\x80b", "\x88\x62x", "\xff\xfeh\x00", "ok\n\xff\xff",
		"He said \x93yes\x94.", "\xef\xbb\xbfhi",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := DecodePage("p.txt", b)
		if err != nil {
			return
		}
		if !utf8.ValidString(file.Text) {
			t.Fatalf("%q read as %s gives invalid UTF-8 %q", b, file.Encoding, file.Text)
		}
		if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 && !bytes.HasPrefix(b, []byte{0xff, 0xfe}) && !bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
			if want := string(bytes.TrimPrefix(b, bom)); file.Text != want {
				t.Fatalf("UTF-8 %q read as %q", b, file.Text)
			}
		}
		for _, d := range file.Warnings {
			if file.Encoding == "utf-8" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Severity != Warning {
				t.Fatalf("%q (%s): warning %v", b, file.Encoding, d)
			}
		}
	})
}
