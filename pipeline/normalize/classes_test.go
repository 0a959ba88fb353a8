package normalize

import (
	"testing"
)

// classCase is a table case tagged with the class of garbled text it
// covers, numbered as in the package comment of the catalogue of classes.
type classCase struct {
	class int
	ruleCase
}

func cc(class int, name, in, want string, fixes, flags []string) classCase {
	return classCase{class, ruleCase{name, in, want, fixes, flags}}
}

func rules(names ...string) []string { return names }

// classCases covers the classes of garbled text that the older
// tables do not, each with cases that must stay unchanged.
var classCases = []classCase{
	// 2: a filter deleted the keyword
	cc(2, "metabolism without meta", "iron bolism in children", "", nil, rules("keyword-deletion")),
	cc(2, "objectively without object", "judged ively by", "", nil, rules("keyword-deletion")),
	cc(2, "metabolite", "a bolite of iron", "", nil, rules("keyword-deletion")),
	cc(2, "negative: fragment inside a word", "anabolism is growth", "", nil, nil),
	cc(2, "negative: real word", "the base of the line", "", nil, nil),

	// 3: CodeIgniter
	cc(3, "removed", "click [removed] to win", "", nil, rules("filter-removed")),
	cc(3, "removed twice", "[removed][removed]", "", nil, rules("filter-removed", "filter-removed")),
	cc(3, "negative: removed as a word", "it was removed today", "", nil, nil),

	// 4: UTF-8 read as GBK
	cc(4, "user", "鐢ㄦ埛", "用户", rules("gbk-mojibake"), nil),
	cc(4, "publish", "鍙戝竷", "发布", rules("gbk-mojibake"), nil),
	cc(4, "glued to ASCII", "鐢ㄦ埛dao", "用户 dao", rules("gbk-mojibake", "cjk-spacing"), nil),
	cc(4, "in a sentence", "鐧诲綍 failed", "登录 failed", rules("gbk-mojibake"), nil),
	cc(4, "full-width punctuation mojibake", "浣犲ソ锛屼笘鐣岋紒", "你好，世界！", rules("gbk-mojibake"), nil),
	cc(4, "two runs", "鍙戝竷 and 鐢ㄦ埛", "发布 and 用户", rules("gbk-mojibake", "gbk-mojibake"), nil),
	cc(4, "negative: real Chinese", "我们的医院在成都。", "", nil, nil),
	cc(4, "negative: Traditional Chinese", "這是正體中文的網頁。", "", nil, nil),
	cc(4, "negative: rare characters that re-encode", "洹班啊", "", nil, nil),
	cc(4, "negative: one rare character", "鍾先生", "", nil, nil),
	cc(4, "negative: Japanese", "ひらがなとカタカナ", "", nil, nil),

	// 5: UTF-8 read as GBK, a byte lost
	// A run that lost a byte is left whole and flagged: decoding the
	// pieces around the loss gives text that is neither the original
	// nor the input.
	cc(5, "last byte swallowed", "鏈嶅姟鍣ㄩ敊璇\ufffd? }", "", nil, rules("mojibake-lossy", "lossy-replacement")),
	cc(5, "quote swallowed", "鏈嶅姟鍣ㄩ敊璇? }", "", nil, rules("mojibake-lossy")),

	// 6: replacement characters
	cc(6, "kun jin kao", "图片锟斤拷锟斤拷", "", nil, rules("lossy-replacement")),
	cc(6, "replacement characters", "price ������ today", "", nil, rules("lossy-replacement")),
	cc(6, "tang tang tang", "烫烫烫烫烫烫", "", nil, rules("lossy-replacement")),
	cc(6, "tun tun tun", "屯屯屯屯", "", nil, rules("lossy-replacement")),
	cc(6, "negative: 烫 as a word", "水很烫，小心。", "", nil, nil),
	cc(6, "negative: 锟 alone", "锟铻", "", nil, nil),

	// 7: GBK read as Latin-1 or Windows-1252
	cc(7, "reminder", "ÎÂÜ°Ìáʾ", "温馨提示", rules("gbk-latin1-mojibake"), nil),
	cc(7, "bookmark", "Ìí¼ÓÊéÇ©", "添加书签", rules("gbk-latin1-mojibake"), nil),
	cc(7, "company", "¹«Ë¾", "公司", rules("gbk-latin1-mojibake"), nil),
	cc(7, "product", "²úÆ·", "产品", rules("gbk-latin1-mojibake"), nil),
	cc(7, "Chinese comma alone", "£¬", "，", rules("gbk-latin1-mojibake"), nil),
	cc(7, "negative: French", "Ça coûte très cher à Noël", "", nil, nil),
	cc(7, "negative: German", "Grüße aus Köln und Düsseldorf", "", nil, nil),
	cc(7, "negative: Danish", "Ærø og Æbelø", "", nil, nil),
	cc(7, "negative: Spanish", "¿Qué año? ¡Olé!", "", nil, nil),
	cc(7, "negative: one character pair", "5×£35", "", nil, nil),
	cc(7, "negative: Icelandic", "Þórður og Æsa", "", nil, nil),

	// 8: GBK punctuation between English words
	cc(8, "semicolon and ideographic space", "Thus£»¡¡upon¡¡equal", "Thus; upon equal", rules("gbk-latin1-mojibake", "fullwidth-punct", "fullwidth-punct", "gbk-latin1-mojibake", "fullwidth-punct"), nil),
	cc(8, "full stop", "profits¡£Then", "profits. Then", rules("gbk-latin1-mojibake", "fullwidth-punct"), nil),

	// 9: GBK through UTF-8 with a Latin-1 fallback
	cc(9, "contents", "Ŀ¼", "目录", rules("gbk-latin1-mojibake"), nil),
	cc(9, "reminder with a wide character", "ÎÂÜ°Ìáʾ：", "温馨提示：", rules("gbk-latin1-mojibake"), nil),
	cc(9, "negative: Czech", "Čeština a slovenčina", "", nil, nil),
	cc(9, "negative: Russian", "Русский язык", "", nil, nil),
	cc(9, "negative: Greek", "Ελληνικά", "", nil, nil),
	cc(9, "negative: Polish", "Łódź i Gdańsk", "", nil, nil),
	cc(9, "negative: micro-ohm", "a 10 µΩ resistance", "", nil, nil),
	cc(9, "negative: angle", "the angle θ° is small", "", nil, nil),
	cc(9, "negative: tolerance", "5 kΩ ±Ω tolerance", "", nil, nil),
	cc(9, "negative: squared alpha", "x ²α y", "", nil, nil),

	// 10: Windows-1252 bullet read as Big5
	cc(10, "bullet", "慈ther on-campus vendors", "• Other on-campus vendors", rules("big5-bullet"), nil),
	cc(10, "indented bullet", "  慈ther items", "  • Other items", rules("big5-bullet"), nil),
	cc(10, "negative: Chinese line", "慈善机构", "", nil, nil),
	cc(10, "not at line start: only spaced", "see 慈ther", "see 慈 ther", rules("cjk-spacing"), nil),

	// 11: full-width punctuation inside English
	cc(11, "comma", "waiter count，and the other", "waiter count, and the other", rules("fullwidth-punct"), nil),
	cc(11, "full stop", "It works。Then", "It works. Then", rules("fullwidth-punct"), nil),
	cc(11, "colon", "Note：this", "Note: this", rules("fullwidth-punct"), nil),
	cc(11, "parentheses", "value（see below）is", "value (see below) is", rules("fullwidth-punct", "fullwidth-punct"), nil),
	cc(11, "full-width letters", "ＡＢＣ corp", "ABC corp", rules("fullwidth-alnum", "fullwidth-alnum", "fullwidth-alnum"), nil),
	cc(11, "full-width digits", "room １２", "room 12", rules("fullwidth-alnum", "fullwidth-alnum"), nil),
	cc(11, "ideographic space", "one\u3000two", "one two", rules("fullwidth-punct"), nil),
	cc(11, "negative: Chinese sentence before English", "…版本号。The app does not", "", nil, nil),
	cc(11, "negative: enumeration comma in Chinese", "张三、Li Wei、王五参加了会议", "张三、Li Wei、王五参加了会议", nil, nil),
	cc(11, "negative: Chinese punctuation", "你好，世界。", "", nil, nil),

	// 12: ASCII punctuation inside Chinese
	cc(12, "comma", "血液科,肿瘤科", "血液科，肿瘤科", rules("cjk-punct"), nil),
	cc(12, "parentheses around English", "ftfy(fixes text for you)是一个库", "ftfy（fixes text for you）是一个库", rules("cjk-punct", "cjk-punct"), nil),
	cc(12, "question mark", "你好吗?", "你好吗？", rules("cjk-punct"), nil),
	cc(12, "colon", "地址:成都", "地址：成都", rules("cjk-punct"), nil),
	cc(12, "full stop at the end", "我们在成都.", "我们在成都。", rules("cjk-punct"), nil),
	cc(12, "number then Chinese", "12:30,开始", "12:30，开始", rules("cjk-punct"), nil),
	cc(12, "negative: time", "时间12:30", "时间 12:30", rules("cjk-spacing"), nil),
	cc(12, "negative: thousands", "共1,000元", "共 1,000 元", rules("cjk-spacing", "cjk-spacing"), nil),
	cc(12, "URL: spaced, commas kept", "网址https://a.cn/x,y", "网址 https://a.cn/x,y", rules("cjk-spacing"), nil),
	cc(12, "negative: code span", "调用 `f(x,y)` 即可", "", nil, nil),
	cc(12, "negative: English sentence", "Hello, world.", "", nil, nil),

	// 13: spacing between Chinese and Latin
	cc(13, "Go language", "Go语言原生以UTF-8编码处理字符串", "Go 语言原生以 UTF-8 编码处理字符串", rules("cjk-spacing", "cjk-spacing", "cjk-spacing"), nil),
	cc(13, "digits", "共3个", "共 3 个", rules("cjk-spacing", "cjk-spacing"), nil),
	cc(13, "space beside full-width punctuation", "你好， world", "你好，world", rules("cjk-spacing"), nil),
	cc(13, "negative: already spaced", "在 LeanCloud 上，数据存储", "", nil, nil),
	cc(13, "negative: percent", "增长 15% 以上", "", nil, nil),
	cc(13, "negative: URL with Chinese after", "见 https://example.com 页面", "", nil, nil),
	cc(13, "negative: code span", "`a中b`", "", nil, nil),

	// 14: missing space after punctuation
	cc(14, "seed sentence", "Medical Sciences.In the division,we have", "Medical Sciences. In the division, we have", rules("space-after-punct", "space-after-punct"), nil),
	cc(14, "negative: LaTeX-like", "see Fig.1 and No.5", "", nil, nil),
	cc(14, "negative: file name", "edit config.yaml first", "", nil, nil),
	cc(14, "negative: version", "Go 1.26.8 released", "", nil, nil),
	cc(14, "negative: decimal comma", "3,5 kg", "", nil, nil),

	// 15: space before punctuation
	cc(15, "space before semicolon", "first ; second", "first; second", rules("space-before-punct"), nil),
	cc(15, "space before colon", "Note : this", "Note: this", rules("space-before-punct"), nil),
	cc(15, "negative: CLI flag", "run xlate --strict now", "", nil, nil),
	cc(15, "negative: ellipsis", "and so on ...", "", nil, nil),

	// 16: split numbers
	cc(16, "year after in", "founded in 20 14 by", "founded in 2014 by", rules("split-year"), nil),
	cc(16, "year after since", "since 19 98, the", "since 1998, the", rules("split-year"), nil),
	cc(16, "year after from", "from 201 4 to now", "from 2014 to now", rules("split-year"), nil),
	cc(16, "negative: two numbers", "scored 20 14 times", "", nil, nil),
	cc(16, "negative: not a year", "in 30 14 days", "", nil, nil),
	cc(16, "negative: followed by a unit", "in 20 14-day cycles", "", nil, nil),
	cc(16, "negative: a whole year", "in 2014 and 2015", "", nil, nil),

	// 17: number garbage
	cc(17, "65438", "20 1565438 On February 9th", "", nil, rules("split-number", "mt-number-garbage")),
	cc(17, "kloc", "about 3/kloc defects", "", nil, rules("mt-number-garbage")),
	cc(17, "1person", "the members1person came", "", nil, rules("mt-number-garbage")),
	cc(17, "negative: person", "1 person came", "", nil, nil),
	cc(17, "negative: big number", "population 6543800", "", nil, nil),
	cc(17, "65438+0", "it is 65438+0 years", "", nil, rules("mt-number-garbage")),

	// 18: raw machine translation
	cc(18, "seed paragraph", rawMT, "", nil, rules("raw-mt")),
	cc(18, "negative: fluent prose", "The department offers outpatient care and runs a laboratory. Each year, it trains doctors from across the province.", "", nil, nil),

	// 19: grammar
	cc(19, "growed", "we growed fast", "we grew fast", rules("irregular-verb"), nil),
	cc(19, "has growed", "it has growed", "it has grown", rules("irregular-verb"), nil),
	cc(19, "Teached capitalised", "Teached by experts", "Taught by experts", rules("irregular-verb"), nil),
	cc(19, "buyed", "they buyed it", "they bought it", rules("irregular-verb"), nil),
	cc(19, "negative: leaved is a word", "broad-leaved trees", "", nil, nil),
	cc(19, "negative: grew", "we grew fast", "", nil, nil),

	// 20: domain typos
	cc(20, "leukemia", "acute leukemai in", "", nil, rules("domain-typo")),
	cc(20, "thalassemia", "thalasemia major", "", nil, rules("domain-typo")),
	cc(20, "transplantation", "stem cell transplantaion", "", nil, rules("domain-typo")),
	cc(20, "negative: the term", "thalassemia major", "", nil, nil),
	cc(20, "negative: a real neighbour", "an aplasia of", "", nil, nil),
	cc(20, "oncology", "the oncolgy ward", "", nil, rules("domain-typo")),
	cc(20, "negative: six letters are too few", "a tumour", "", nil, nil),

	// 21: multi-layer mojibake
	cc(21, "layered", "缁炬儳缍婇弻鐔兼", "", nil, rules("mojibake-multilayer")),

	// 22: CJK filler
	cc(22, "filler", "肅芆蒁蝿羁莅薄羄", "", nil, rules("cjk-filler")),
	cc(22, "negative: classical text", "床前明月光，疑是地上霜。", "", nil, nil),

	// 23: UTF-8 read as a single-byte code page
	cc(23, "apostrophe", "Itâ€™s OK", "It’s OK", rules("utf8-mojibake"), nil),
	cc(23, "e acute", "cafÃ© au lait", "café au lait", rules("utf8-mojibake"), nil),
	cc(23, "quotes", "â€œquotedâ€\u009d", "“quoted”", rules("utf8-mojibake", "utf8-mojibake"), nil),
	cc(23, "Russian via Windows-1251", "РґРѕСЂРѕРіРµ", "дороге", rules("utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake"), nil),
	cc(23, "two layers", "nÃƒÂ©", "né", rules("utf8-mojibake", "utf8-mojibake", "utf8-mojibake"), nil),
	cc(23, "C1 control", "\u0093quoted\u0094", "“quoted”", rules("c1-control", "c1-control"), nil),
	cc(23, "Chinese via Windows-1252", "ç®€ä½“ä¸\u00adæ–‡", "简体中文", rules("utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake"), nil),
	cc(23, "negative: French", "L’épisode 8 est trop fou", "", nil, nil),
	cc(23, "negative: capitals and a trademark", "NESTLÉ® requiere personal", "", nil, nil),
	cc(23, "negative: Norwegian", "HÅØYA ER BLÅØYD", "", nil, nil),
	cc(23, "negative: equation", "(-1/2)! = √π", "", nil, nil),
	cc(23, "negative: currency", "Offering 5×£35 pin ups", "", nil, nil),
	cc(23, "negative: possessive", "a lot of Ã’s", "", nil, nil),

	// 24: UTF-8 read as Latin-1 with a byte lost
	cc(24, "truncated", "Python åˆ\u00a0é™¤åˆ—è¡¨ä¸\u00adçš„å…ƒç´", "Python 删除列表中的元ç´", rules("utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake", "utf8-mojibake"), rules("mojibake-truncated")),
	cc(24, "lost byte inside", "SlovenÄ\ufffdina", "Sloven\ufffdina", rules("utf8-mojibake"), rules("lossy-replacement")),
	cc(24, "negative: ç alone", "façade", "", nil, nil),

	// identifiers, code, URLs and numbers stay
	cc(1, "negative: code span", "`if (a,b) { return x.y; }`", "", nil, nil),
	cc(1, "URL with a marker: kept, flagged", "https://example.com/ba-x-se/path", "", nil, rules("filter-marker")),
	cc(1, "CSS custom property: kept, flagged", "--me-x-tadata-color: red", "", nil, rules("filter-marker")),
	cc(1, "negative: task id", "TASK-x-1234", "", nil, nil),
	cc(1, "negative: numbers", "1,000 and 3.14 and 2,5", "", nil, nil),
	cc(1, "negative: e-mail", "write to li.wei@example.com now", "", nil, nil),
}

func TestClasses(t *testing.T) {
	var cases []ruleCase
	for _, c := range classCases {
		cases = append(cases, c.ruleCase)
	}
	runCases(t, cases)
}

// TestCaseCounts keeps the tables honest: every class of garbled text has a
// case, and enough cases must come back unchanged.
func TestCaseCounts(t *testing.T) {
	covered := map[int]bool{1: len(filterMarkersCases) > 0, 14: true, 15: true, 19: len(grammarCases) > 0}
	for _, c := range classCases {
		covered[c.class] = true
	}
	for class := 1; class <= 24; class++ {
		if !covered[class] {
			t.Errorf("garble class %d has no table case", class)
		}
	}
	total, negatives := 0, 0
	for _, table := range [][]ruleCase{filterMarkersCases, invisibleCases, spacingCases, glossaryCases, grammarCases, widthCases} {
		for _, c := range table {
			total++
			if (c.want == "" || c.want == c.in) && c.fixes == nil {
				negatives++
			}
		}
	}
	for _, c := range classCases {
		total++
		if (c.want == "" || c.want == c.in) && c.fixes == nil {
			negatives++
		}
	}
	t.Logf("%d table cases, %d of them unchanged", total, negatives)
	if total < 250 || negatives < 60 {
		t.Errorf("%d cases with %d negatives; want at least 250 and 60", total, negatives)
	}
}

// widthCases covers the invisible-character and NFC rules added with the
// width family.
var widthCases = []ruleCase{
	{"control character", "co\x01ntrol", "control", rules("control-char"), nil},
	{"DEL", "de\x7fl", "del", rules("control-char"), nil},
	{"C1 control without a Windows-1252 meaning", "a\u0081b", "ab", rules("control-char"), nil},
	{"combining acute composed", "Cafe\u0301", "Café", rules("nfc"), nil},
	{"Hangul jamo composed", "\u1100\u1161", "가", rules("nfc"), nil},
	{"tab and newline kept", "a\tb\nc", "a b\nc", rules("space-run"), nil},
	{"already NFC", "Café déjà vu", "", nil, nil},
	{"combining mark with no composition", "$\u03366", "", nil, nil},
	{"full-width question mark in English", "Why？Because", "Why? Because", rules("fullwidth-punct"), nil},
	{"full-width exclamation in Chinese stays", "太好了！", "", nil, nil},
	{"full-width semicolon in English", "one；two", "one; two", rules("fullwidth-punct"), nil},
	{"full-width digits in Chinese", "第３章", "第 3 章", rules("fullwidth-alnum", "cjk-spacing", "cjk-spacing"), nil},
	{"kana spacing", "カタカナABC", "カタカナ ABC", rules("cjk-spacing"), nil},
	{"Chinese exclamation after English", "Hello!你好", "", nil, nil},
	{"Chinese quotes kept", "他说“你好”。", "", nil, nil},
}

func TestWidth(t *testing.T) { runCases(t, widthCases) }
