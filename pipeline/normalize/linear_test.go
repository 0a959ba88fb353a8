package normalize

import (
	"strings"
	"testing"
)

// lineShapes are texts on one line that make work for the rules, each
// repeated to any length: English with full-width punctuation, Chinese,
// and the shapes that once made a rule look back over the whole line
// (unclosed parentheses, backticks, markers, event handlers, closing
// markers, mojibake runs, number garbage, ideographic spaces).
var lineShapes = map[string]string{
	"english-fullwidth": "The count，and the other（see below）is high。Then it ends；",
	"chinese":           "科室设有血液病房2个,开放床位80张。作为中国西部最大的中心(HSCT),每年收治约100例;",
	"mixed":             "The ward 病房 has 2 beds，the lab 实验室 opened in 2007. ",
	"parentheses":       "中文(a 中文(b ",
	"backticks":         "run `make` 中文a` ",
	"markers":           "ba<x>sed on<x>load= me-x-tabolism </x> &lt;sc<x>ript&gt; ",
	"mojibake":          "鐢ㄦ埛鐧诲綍鍙戝竷 ÎÂÜ°Ìáʾ Itâ€™s ",
	"numbers":           "in 20 14 a65438b ",
	"ideographic":       "a\u3000\u3000\u3000\u3000b，",
	"code":              "config.Load(x) os.path.join /^\\d+;\\w+$/ https://a.b/c,d li@a.cn ",
	"multilayer":        "缁炬儳缍婇弻鐔兼",
	"glued-garbage":     "x1person/kloc",
	"latin1-run":        "ÎÂÜ°Ìáʾé",
	"fallback-wide":     "ÎÂ磬",
	"latin1-then-han":   "ÎÂ中文中文中文中文",
	"rare-mojibake":     "闂傚倸鍊搁崐鎼佸磹妞嬪海鐭嗗〒姘ｅ亾妤犵偞鐗犻、鏇㈡晝閳ь剛澹曢崷顓犵＜閻庯綆鍋撶槐鈺傜箾",
}

// workPerByte returns the bytes the normaliser examined for each byte of
// text.
func workPerByte(n *Normalizer, text string) float64 {
	ctx := &blockCtx{}
	n.normalizeWith(text, ctx)
	return float64(ctx.work) / float64(len(text))
}

// TestLinear checks, without timing anything, that the work is linear in
// the text however long its lines: the bytes the passes and the block
// index examine, per byte of input, stay bounded as one line grows from
// 1 KB to 4 MB.
func TestLinear(t *testing.T) {
	loadTables() // reads the tables without normalising first
	if testing.Short() {
		t.Skip("normalizes lines of megabytes")
	}
	n := &Normalizer{Glossary: testGlossary(t)}
	for name, shape := range lineShapes {
		small := workPerByte(n, strings.Repeat(shape, 1<<10/len(shape)+1))
		big := workPerByte(n, strings.Repeat(shape, 4<<20/len(shape)+1))
		t.Logf("%-18s %6.1f bytes examined per byte at 1 KB, %6.1f at 4 MB", name, small, big)
		if big > 1.5*small+2 || big > 200 {
			t.Errorf("%s: %.1f bytes examined per byte of a 4 MB line, %.1f of a 1 KB one: not linear", name, big, small)
		}
	}
}

// TestHugeParagraph checks the sentence cuts of a paragraph too long to
// settle in rounds as a whole: one line of the Chinese corpus, damage and
// all, normalizes to what its paragraphs give one by one, and a second
// run changes nothing.
func TestHugeParagraph(t *testing.T) {
	n := &Normalizer{Glossary: testGlossary(t)}
	var whole, parts strings.Builder
	for whole.Len() <= 2*hugeBlock {
		for _, p := range chineseProse {
			p = strings.Replace(p, "{n}", "20", 1)
			whole.WriteString(p)
			parts.WriteString(n.Normalize(p).Text)
		}
	}
	res := n.Normalize(whole.String())
	if res.Text != parts.String() {
		t.Fatalf("a %d-byte paragraph normalizes otherwise than its sentences", whole.Len())
	}
	if again := n.Normalize(res.Text); again.Text != res.Text {
		t.Fatalf("not idempotent on a %d-byte paragraph", whole.Len())
	}
}
