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
