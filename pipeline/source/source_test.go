package source

import (
	"strings"
	"testing"
)

func TestLinesCountCharacters(t *testing.T) {
	l := NewLines("ab\n造血干细胞 x\n\nend")
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1},
		{3 + len("造血"), 2, 3}, // columns count characters, not bytes
		{strings.Index("ab\n造血干细胞 x\n\nend", "x"), 2, 7},
		{strings.Index("ab\n造血干细胞 x\n\nend", "end"), 4, 1},
		{1000, 4, 4}, // clamped to the end
	} {
		if line, col := l.Position(tc.off); line != tc.line || col != tc.col {
			t.Errorf("Position(%d) = %d:%d; want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in, text, err string
	}{
		{"utf-8", "hello\n", "hello\n", ""},
		{"byte-order mark dropped", "\xef\xbb\xbfhi", "hi", ""},
		{"NUL byte", "ok\nbin\x00ary", "", "page.txt:2:4: binary data"},
		{"invalid UTF-8", "line one\n中文\xb9\xfa", "", "page.txt:2:3: invalid UTF-8 byte 0xb9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Decode("page.txt", []byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error = %v; want prefix %q", err, tt.err)
				}
				return
			}
			if err != nil || f.Text != tt.text {
				t.Fatalf("Decode = %q, %v; want %q", f.Text, err, tt.text)
			}
		})
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.toml", Line: 1, Col: 1}, Error, "second file")
	l.Add(Pos{File: "a.toml", Line: 9, Col: 2}, Warning, "later line")
	l.Add(Pos{File: "a.toml", Line: 3, Col: 5}, Error, "first")
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := "a.toml:3:5: first|a.toml:9:2: warning: later line|b.toml:1:1: second file"
	if strings.Join(got, "|") != want {
		t.Errorf("sorted = %q; want %q", strings.Join(got, "|"), want)
	}
	if l.Count(Error) != 2 || l.Count(Warning) != 1 {
		t.Errorf("counts = %d errors, %d warnings", l.Count(Error), l.Count(Warning))
	}
}

func TestDecodePage(t *testing.T) {
	utf16le := []byte{0xff, 0xfe, 'h', 0, 'i', 0, 0x2d, 0x4e} // "hi中"
	utf16be := []byte{0xfe, 0xff, 0, 'h', 0, 'i', 0x4e, 0x2d}
	tests := []struct {
		name     string
		in       []byte
		text     string
		encoding string
		err      string
	}{
		{"utf-8 stays utf-8", []byte("中文 page"), "中文 page", "utf-8", ""},
		{"utf-16le with bom", utf16le, "hi中", "utf-16le", ""},
		{"utf-16be with bom", utf16be, "hi中", "utf-16be", ""},
		{"gbk", []byte("\xd6\xd0\xce\xc4\xd2\xb3\xc3\xe6 page"), "中文页面 page", "gb18030", ""},
		{"big5", []byte("\xa4\xa4\xa4\xe5\xba\xf4\xad\xb6 page"), "中文網頁 page", "big5", ""},
		{"gb18030 four-byte form", []byte("\x81\x30\x81\x30"), "\u0080", "gb18030", ""},
		{"utf-16 odd length", []byte{0xff, 0xfe, 'h'}, "", "", "p.txt:1:1: UTF-16 text of odd length"},
		{"NUL is binary", []byte("ab\x00\xb9\xfa"), "", "", "p.txt:1:3: binary data"},
		{"neither utf-8 nor chinese", []byte("ok\n\xff\xff\xff"), "", "", "p.txt:2:1: byte 0xff is not UTF-8, GB18030 or Big5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := DecodePage("p.txt", tt.in)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error = %v; want prefix %q", err, tt.err)
				}
				return
			}
			if err != nil || f.Text != tt.text || f.Encoding != tt.encoding {
				t.Fatalf("DecodePage = %+q (%v), %v; want %q (%s)", f.Text, f.Encoding, err, tt.text, tt.encoding)
			}
		})
	}
}

func TestCommonHan(t *testing.T) {
	for _, r := range "的是中国造血干细胞體網" {
		if !IsCommonHan(r) {
			t.Errorf("%c should be common", r)
		}
	}
	for _, r := range "鐢埛鍙戝竷锟a。" { // 斤 and 拷 of 锟斤拷 are common
		if IsCommonHan(r) {
			t.Errorf("%c should not be common", r)
		}
	}
}

func TestCursorAgreesWithLines(t *testing.T) {
	text := "ab\n造血干细胞 x\n\nend\n"
	l, c := NewLines(text), NewCursor(text)
	for _, off := range []int{0, 1, 3, 6, 9, 3, len(text) - 1, len(text), len(text) + 5, 2} {
		wl, wc := l.Position(off)
		if gl, gc := c.Position(off); gl != wl || gc != wc {
			t.Errorf("Cursor.Position(%d) = %d:%d; Lines says %d:%d", off, gl, gc, wl, wc)
		}
	}
	// Forward in steps of every size, so that a step crosses no line
	// break, one, or several, and lands inside characters too; the
	// second text is not valid UTF-8.
	for _, text := range []string{text, "a\xffb\n\xe9\x80\n造\xe9x\n"} {
		l := NewLines(text)
		for step := 1; step < len(text); step++ {
			c := NewCursor(text)
			for off := 0; off <= len(text); off += step {
				wl, wc := l.Position(off)
				if gl, gc := c.Position(off); gl != wl || gc != wc {
					t.Errorf("%q step %d: Cursor.Position(%d) = %d:%d; Lines says %d:%d", text, step, off, gl, gc, wl, wc)
				}
			}
		}
	}
}
