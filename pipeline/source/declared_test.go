package source

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// TestDecodeDeclared holds how an HTML page's declared charset is
// weighed against its bytes: obeyed where they bear it out (settling a
// close call), reported at the <meta> where they contradict it.
func TestDecodeDeclared(t *testing.T) {
	gbk := func(s string) []byte { return encode(t, simplifiedchinese.GBK, s) }
	big5 := func(s string) []byte { return encode(t, traditionalchinese.Big5, s) }
	page := func(label string, body []byte) []byte {
		head := "<!DOCTYPE html>\n<html><head>\n"
		if label != "" {
			head += `<meta charset="` + label + `">` + "\n"
		}
		return append([]byte(head+"</head><body><p>"), append(body, "</p></body></html>\n"...)...)
	}
	const metaAt = "page.html:3:1: warning: "
	tests := []struct {
		name     string
		in       []byte
		label    string
		text     string // the paragraph as read
		encoding string
		warning  string // the first warning's start; "" for none
	}{
		// the declaration agrees with the bytes
		{"GBK declared", page("gbk", gbk("儿科病房 opens at nine.")), "gbk", "儿科病房 opens at nine.", "gb18030", ""},
		{"GB 2312 declared", page("GB2312", gbk("你好，世界！")), "gb2312", "你好，世界！", "gb18030", ""},
		{"Big5 declared", page("big5", big5("繁體中文的網頁，測試。")), "big5", "繁體中文的網頁，測試。", "big5", ""},
		{"ISO-8859-1 declared (Windows-1252 on the web)", page("iso-8859-1", []byte("He said \x93yes\x94 at the caf\xe9.")), "iso-8859-1", "He said “yes” at the café.", "windows-1252", ""},
		{"UTF-8 declared", page("utf-8", []byte("儿科病房")), "utf-8", "儿科病房", "utf-8", ""},
		{"a legacy declaration on ASCII", page("gb2312", []byte("Ward")), "gb2312", "Ward", "utf-8", ""},
		// the declaration settles what the bytes leave open: 把 in
		// GB18030, 參 in Big5, and CR缮 or CRÉÉ
		{"a close call, Big5 declared", page("big5", []byte("\xb0\xd1")), "big5", "參", "big5", ""},
		{"a close call, GBK declared", page("gbk", []byte("\xb0\xd1")), "gbk", "把", "gb18030", ""},
		{"a close call, Windows-1252 declared", page("windows-1252", []byte("CR\xc9\xc9")), "windows-1252", "CRÉÉ", "windows-1252", ""},
		// the declaration contradicts the bytes: reported, not obeyed
		{"GB18030 bytes declared UTF-8", page("utf-8", gbk("儿科病房 opens at nine.")), "utf-8", "儿科病房 opens at nine.", "gb18030",
			metaAt + `the page declares charset "utf-8", but byte 0xb6 at page.html:4:17 is not UTF-8; read as gb18030`},
		{"GB18030 bytes declared Big5", page("big5", gbk("儿科病房的医生和护士")), "big5", "儿科病房的医生和护士", "gb18030",
			metaAt + `the page declares charset "big5", but its bytes read implausibly as Big5`},
		{"Big5 bytes declared GBK", page("gbk", big5("這是一個測試")), "gbk", "這是一個測試", "big5",
			metaAt + `the page declares charset "gbk", but its bytes `},
		{"Latin-1 bytes declared GBK", page("gbk", []byte("A na\xefve fa\xe7ade")), "gbk", "A naïve façade", "windows-1252",
			metaAt + `the page declares charset "gbk", but its bytes read implausibly as GB18030 ("飗e fa鏰de</p>…"); read as windows-1252`},
		{"UTF-8 bytes declared GB 2312", page("gb2312", []byte("儿科病房")), "gb2312", "儿科病房", "utf-8",
			metaAt + `the page declares charset "gb2312", but its bytes are UTF-8 ("儿科病房</p></bo…"); read as UTF-8`},
		{"an encoding xlate does not read", page("shift_jis", gbk("儿科病房")), "shift_jis", "儿科病房", "gb18030",
			metaAt + `the page declares charset "shift_jis", which xlate does not read; read as gb18030 instead`},
		{"an unknown label", page("x-klingon", []byte("Ward")), "x-klingon", "Ward", "utf-8",
			metaAt + `the page declares charset "x-klingon", which xlate does not read`},
		// a byte-order mark wins, as in a browser
		{"a byte-order mark over a declaration", append([]byte("\xef\xbb\xbf"), page("gbk", []byte("儿科"))...), "gbk", "儿科", "utf-8 with bom", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			label, at := tt.label, strings.Index(string(tt.in), "<meta")
			f, err := DecodeDeclared("page.html", tt.in, label, at)
			if err != nil {
				t.Fatal(err)
			}
			text := f.Text[strings.Index(f.Text, "<p>")+3 : strings.Index(f.Text, "</p>")]
			if text != tt.text || f.Encoding != tt.encoding {
				t.Errorf("read %q (%s); want %q (%s)", text, f.Encoding, tt.text, tt.encoding)
			}
			switch {
			case tt.warning == "" && f.Warnings != nil:
				t.Errorf("warnings on a reading the declaration bears out: %v", f.Warnings)
			case tt.warning != "" && (len(f.Warnings) == 0 || !strings.HasPrefix(f.Warnings[0].String(), tt.warning)):
				t.Errorf("warnings = %v; want the first to start %s", f.Warnings, tt.warning)
			}
		})
	}
}

// TestDecodeDeclaredRefuses: bytes no encoding reads are refused at the
// first bad byte whatever the page declares, and a page without a
// declaration is read as any other page.
func TestDecodeDeclaredRefuses(t *testing.T) {
	for _, label := range []string{"", "utf-8", "gbk", "big5", "shift_jis"} {
		_, err := DecodeDeclared("page.html", []byte("<meta charset=x>\n\x00"), label, 0)
		if err == nil || !strings.HasPrefix(err.Error(), "page.html:2:1: binary data") {
			t.Errorf("declared %q: err = %v; want binary data refused at 2:1", label, err)
		}
	}
	f, err := DecodeDeclared("page.html", []byte("<p>\xb0\xd1</p>"), "", -1)
	if err != nil || f.Encoding != "gb18030" || len(f.Warnings) != 1 {
		t.Errorf("undeclared close call = %+v, %v; want GB18030 with DecodePage's warning", f, err)
	}
}
