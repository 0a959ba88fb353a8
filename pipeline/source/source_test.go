package source

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
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

// encode returns text in the given encoding, for test inputs that are
// easier to read as the characters they stand for.
func encode(t *testing.T, enc encoding.Encoding, text string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatalf("encoding %q: %v", text, err)
	}
	return b
}

// TestDecodePagePlausible holds the judgement of bytes that are not
// UTF-8: Latin-1 and Windows-1252 pages are read as Latin text (several of
// them also decode, implausibly, as GB18030 and Big5), and Chinese pages
// are still read as Chinese, short ones and ones with English among them
// too. None of these is a close call, so none carries a warning.
// gb18030 encodes s as GB18030, which has a code for every character.
func gb18030(t *testing.T, s string) []byte {
	return encode(t, simplifiedchinese.GB18030, s)
}

func TestDecodePagePlausible(t *testing.T) {
	gbk := func(s string) []byte { return encode(t, simplifiedchinese.GBK, s) }
	big5 := func(s string) []byte { return encode(t, traditionalchinese.Big5, s) }
	tests := []struct {
		name     string
		in       []byte
		text     string
		encoding string
	}{
		// Latin-1 and Windows-1252
		{"naïve façade (GB18030 reads na飗e fa鏰de)", []byte("A na\xefve fa\xe7ade"), "A naïve façade", "windows-1252"},
		{"French", []byte("Cr\xe8me br\xfbl\xe9e au caf\xe9, \xe0 la fran\xe7aise"), "Crème brûlée au café, à la française", "windows-1252"},
		{"French, every accent before a letter", []byte("Cr\xe8me br\xfbl\xe9e"), "Crème brûlée", "windows-1252"},
		{"German", []byte("\xdcbermut und Gr\xf6\xdfe"), "Übermut und Größe", "windows-1252"},
		{"German capitals", []byte("\xc4RGER \xdcBER STRA\xdfEN"), "ÄRGER ÜBER STRAßEN", "windows-1252"},
		{"Spanish", []byte("Espa\xf1a y M\xe9xico"), "España y México", "windows-1252"},
		{"Spanish question", []byte("\xbfQu\xe9 pas\xf3?"), "¿Qué pasó?", "windows-1252"},
		{"Portuguese", []byte("informa\xe7\xe3o"), "informação", "windows-1252"},
		{"Windows-1252 curly quotes", []byte("He said \x93yes\x94 and \x93no\x94."), "He said “yes” and “no”.", "windows-1252"},
		{"Windows-1252 apostrophe and dash", []byte("l\x92\xe9t\xe9 \x96 it\x92s 20 \xb0C"), "l’été – it’s 20 °C", "windows-1252"},
		{"French guillemets", []byte("\xab\xa0Bonjour\xa0\xbb"), "«\u00a0Bonjour\u00a0»", "windows-1252"},
		{"short", []byte("caf\xe9"), "café", "windows-1252"},
		{"accented letter and closing quote together", []byte("He said \x93caf\xe9\x94."), "He said “café”.", "windows-1252"},
		{"opening quote and accented capital together", []byte("\x93\xc9lan\x94 and \xabd\xe9j\xe0\xa0vu\xbb"), "“Élan” and «déjà\u00a0vu»", "windows-1252"},
		{"Windows-1252 euro sign (GB18030 reads 0x80 so too)", []byte("Price: 5\x80"), "Price: 5€", "windows-1252"},
		// GB18030
		{"GBK page", []byte("\xd6\xd0\xce\xc4\xd2\xb3\xc3\xe6 page"), "中文页面 page", "gb18030"},
		{"GBK, one character", gbk("的"), "的", "gb18030"},
		{"GBK, two characters", gbk("你好"), "你好", "gb18030"},
		{"GBK with punctuation", gbk("你好，世界！这是一个测试。"), "你好，世界！这是一个测试。", "gb18030"},
		{"GBK with English", gbk("使用Go语言编程"), "使用Go语言编程", "gb18030"},
		{"GBK, a character between English words", gbk("Python的Django框架"), "Python的Django框架", "gb18030"},
		{"GBK with English sentences", gbk("The page 简体中文网页 is in Chinese."), "The page 简体中文网页 is in Chinese.", "gb18030"},
		{"English with typographic marks in GB18030", gb18030(t, "Patients’ rooms – open daily © 2024, 20 °C • “quiet”"), "Patients’ rooms – open daily © 2024, 20 °C • “quiet”", "gb18030"},
		// Big5
		{"Big5 page", []byte("\xa4\xa4\xa4\xe5\xba\xf4\xad\xb6 page"), "中文網頁 page", "big5"},
		{"Big5, short", big5("這是一個測試"), "這是一個測試", "big5"},
		{"Big5 with punctuation", big5("繁體中文的網頁，測試。"), "繁體中文的網頁，測試。", "big5"},
		{"Big5 with English", big5("使用Google搜尋"), "使用Google搜尋", "big5"},
		{"Big5 with English around", big5("Big5文本 and more"), "Big5文本 and more", "big5"},
		{"Big5, a character between English words", big5("Python的Django框架"), "Python的Django框架", "big5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := DecodePage("p.txt", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if f.Text != tt.text || f.Encoding != tt.encoding {
				t.Errorf("DecodePage = %q (%s); want %q (%s)", f.Text, f.Encoding, tt.text, tt.encoding)
			}
			if f.Warnings != nil {
				t.Errorf("warnings on a clear reading: %v", f.Warnings)
			}
		})
	}
}

// TestDecodePageAmbiguous holds that a close call keeps the choice made
// before Windows-1252 was considered (the Chinese reading with more
// common Han characters, GB18030 on a tie) and says so: a warning at the
// first byte that is not ASCII, naming the readings.
func TestDecodePageAmbiguous(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		text     string
		encoding string
		warning  string // the warning's start
	}{
		// CRÉÉ: É twice in an upper-case word is also 缮, a common
		// character
		{"Latin or GB18030", []byte("line one\nCR\xc9\xc9"), "line one\nCR缮", "gb18030",
			`p.txt:2:3: warning: bytes that are not UTF-8 read as GB18030 ("缮"), but as plausibly as Windows-1252 ("ÉÉ")`},
		// two characters about as frequent: 把 in GB18030, 參 in Big5
		{"GB18030 or Big5", []byte("\xb0\xd1"), "把", "gb18030",
			`p.txt:1:1: warning: bytes that are not UTF-8 read as GB18030 ("把"), but as plausibly as Big5 ("參")`},
		{"GB18030 or Big5 after ASCII", []byte("ok: \xb2\xc4"), "ok: 材", "gb18030",
			`p.txt:1:5: warning: bytes that are not UTF-8 read as GB18030 ("材"), but as plausibly as Big5 ("第")`},
		{"Chinese or Latin in a line of English", []byte("See the CR\xc9\xc9 page"), "See the CR缮 page", "gb18030",
			`p.txt:1:11: warning: bytes that are not UTF-8 read as GB18030 ("缮 page"), but as plausibly as Windows-1252 ("ÉÉ page")`},
		// only GB18030 reads these (0x81 is no character of Windows-1252)
		{"GB18030 alone, implausibly", []byte("\x81\x30\x81\x30"), "\u0080", "gb18030",
			`p.txt:1:1: warning: bytes that are not UTF-8 read as GB18030 ("\u0080"), though it reads them implausibly`},
		// a box-drawing character in Big5, ùù in Windows-1252
		{"none plausible", []byte("\xf9\xf9"), "═", "big5",
			`p.txt:1:1: warning: bytes that are not UTF-8 read as Big5 ("═"), though no encoding reads them plausibly (not Windows-1252 ("ùù") either)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := DecodePage("p.txt", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if f.Text != tt.text || f.Encoding != tt.encoding {
				t.Errorf("DecodePage = %q (%s); want %q (%s)", f.Text, f.Encoding, tt.text, tt.encoding)
			}
			if len(f.Warnings) != 1 || !strings.HasPrefix(f.Warnings[0].String(), tt.warning) {
				t.Errorf("warnings = %v; want one starting %s", f.Warnings, tt.warning)
			}
		})
	}
}

func TestHanClass(t *testing.T) {
	for _, tc := range []struct {
		r     rune
		class int
	}{{'的', 1}, {'是', 1}, {'們', 1}, {'腔', 3}, {'a', 0}, {'斕', 0}} {
		if got := HanClass(tc.r); got != tc.class {
			t.Errorf("HanClass(%c) = %d; want %d", tc.r, got, tc.class)
		}
	}
}

// TestFirstIsTheStartOfTheSortedList: First(n) gives the n diagnostics a
// sort puts first, ties in the order given, and leaves the list alone.
func TestFirstIsTheStartOfTheSortedList(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		l := make(List, rng.IntN(60))
		for i := range l {
			// few values, so that many diagnostics tie; Help tells them apart
			l[i] = Diagnostic{Pos: Pos{File: []string{"a", "b"}[rng.IntN(2)], Line: rng.IntN(3), Col: rng.IntN(2)}, Msg: []string{"x", "y"}[rng.IntN(2)], Help: strconv.Itoa(i)}
		}
		given := slices.Clone(l)
		sorted := slices.Clone(l)
		sorted.Sort()
		for _, n := range []int{0, 1, 3, 10, len(l), len(l) + 5} {
			want := sorted[:min(n, len(l))]
			if got := l.First(n); !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
				t.Fatalf("round %d: First(%d) of %d = %v, want %v", round, n, len(l), got, want)
			}
			if !slices.Equal(l, given) {
				t.Fatalf("round %d: First changed the list", round)
			}
		}
	}
}
