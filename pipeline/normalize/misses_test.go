package normalize

import "testing"

// missCases cover what the normaliser used to leave for a person although
// the repair, or the flag, is certain: lossy UTF-8 read as GBK, GBK read
// through a UTF-8 fallback, mojibake pairs that absorbed a letter, markers
// in slugs, the space before a URL or after code, raw machine translation
// in short text, real-word slips inside medical terms, and the clinical
// terms of the generated list.
var missCases = []soundCase{
	// Lossy UTF-8 read as GBK: a byte lost anywhere in the line is
	// flagged, the line left as it is.
	sc("lossy", "login failed", "鐧诲綍澶辫触紝璇烽噸璇\ufffd", "", nil, rules("mojibake-lossy", "lossy-replacement")),
	sc("lossy", "wrong password", "鐢ㄦ埛鍚嶆垨瘑鐮侀敊璇\ufffd", "", nil, rules("mojibake-lossy", "lossy-replacement")),
	sc("lossy", "server error", "鏈嶅姟鍣ㄥ呴儴閿欒\ufffd\ufffd", "", nil, rules("mojibake-lossy", "lossy-replacement")),
	sc("lossy", "database", "鏁版嵁搴撹炴帴澶辫触", "", nil, rules("mojibake-lossy")),
	sc("lossy", "no such page", "椤甸潰鋶瀛樺湪", "", nil, rules("mojibake-lossy")),
	sc("lossy", "welcome", "娆㈣繋浣跨ㄦ湰绯荤粺", "", nil, rules("mojibake-lossy")),
	sc("lossy", "negative: whole mojibake decodes", "鏂囦欢涓婁紶鎴愬姛", "文件上传成功", rules("gbk-mojibake"), nil),

	// GBK read through a UTF-8 fallback, whole paragraphs.
	sc("fallback", "children at play", "º¢×ÓÃÇÔڲٳ¡ÉϿìÀֵØÍæˣ£¬ÀÏʦÔÚÅԱ߿´×Å", "孩子们在操场上快乐地玩耍，老师在旁边看着", rules("gbk-latin1-mojibake"), nil),
	sc("fallback", "vaccination", "ÒßÃç½ÓÖֺóÇëÔڹ۲ìÇøÐÝϢÈýʮ·ÖÖÓ", "疫苗接种后请在观察区休息三十分钟", rules("gbk-latin1-mojibake"), nil),
	sc("fallback", "welcome", "»¶ӭ·ÃÎʶùͯҽԺ¹ٷ½Íøվ", "欢迎访问儿童医院官方网站", rules("gbk-latin1-mojibake"), nil),
	sc("fallback", "reminder", "ÎÂܰÌáʾ", "温馨提示", rules("gbk-latin1-mojibake"), nil),
	sc("fallback", "contents", "Ŀ¼", "目录", rules("gbk-latin1-mojibake"), nil),

	// A GBK pair that took the first letter of the next word.
	sc("absorbed", "server error", "鏈嶅姟鍣‥rror", "服务器 Error", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("absorbed", "database query", "鏁版嵁搴換uery", "数据库 Query", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("absorbed", "administrator", "绠＄悊鍛楢dmin", "管理员 Admin", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("absorbed", "one character", "the 涓璄nglish word", "the 中 English word", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("absorbed", "new feature", "鏂板姛鑳紹eta", "新功能 Beta", rules("gbk-mojibake", "cjk-spacing"), nil),

	// Markers in slugs: the segment between hyphens is judged as a word.
	sc("slug", "metadata", "free-me-x-tadata-editor", "free-metadata-editor", rules("filter-marker"), nil),
	sc("slug", "javascript", "how-to-understand-the-scope-of-ja-x-vasc-x-ript-static", "how-to-understand-the-scope-of-javascript-static", rules("filter-marker"), nil),
	sc("slug", "based", "a-guide-ba-x-sed-on-data", "a-guide-based-on-data", rules("filter-marker"), nil),
	sc("slug", "negative: not a word", "debugger-relation-x-loader-snaps", "", nil, rules("filter-marker")),
	sc("slug", "negative: custom property", "--me-x-tadata-color: red", "", nil, rules("filter-marker")),
	sc("slug", "negative: in a URL", "https://example.com/free-me-x-tadata-editor", "", nil, rules("filter-marker")),

	// The space before a URL, after code, before a code span.
	sc("space", "URL after a year", "in 2019.https://example.com/x", "in 2019. https://example.com/x", rules("space-after-punct"), nil),
	sc("space", "URL after a word", "see the docs,https://example.com/x", "see the docs, https://example.com/x", rules("space-after-punct"), nil),
	sc("space", "after a code span", "Run `make test`。Then deploy", "Run `make test`. Then deploy", rules("fullwidth-punct"), nil),
	sc("space", "after a formula", "so $n$.Then we", "so $n$. Then we", rules("space-after-punct"), nil),
	sc("space", "colon before a code span", "command：`ls`", "command: `ls`", rules("fullwidth-punct"), nil),
	sc("space", "negative: URL itself", "https://example.com/a.b,c", "", nil, nil),

	// Raw machine translation in short text.
	sc("short-mt", "one sentence, content words", "First made has pregnant mother serious deficiency iron effect fetal iron supply.", "", nil, rules("raw-mt")),
	sc("short-mt", "one sentence, bare verb", "Our hospital is adhere to patient center service concept.", "", nil, rules("raw-mt")),
	sc("short-mt", "a list of short sentences", "Hospital is adhere to patient center.\nDepartment is devote to research work.\nStaff is strive to provide good service.", "", nil, rules("raw-mt")),
	sc("short-mt", "negative: fluent sentence", "The ward has 40 beds.", "", nil, nil),
	sc("short-mt", "negative: fluent list", "Call us before your visit.\nBring your child's records.\nArrive fifteen minutes early.", "", nil, nil),
	sc("short-mt", "negative: a free relative", "What it does has changed.", "", nil, nil),
	sc("short-mt", "negative: a noun compound", "The division has one hematopoietic stem cell transplantation laminar flow ward with eighty open beds.", "", nil, nil),

	// A real word one edit off inside a known medical term.
	sc("term", "bone arrow", "a bone arrow transplant", "", nil, rules("term-typo")),
	sc("term", "stem sell", "a stem sell transplant", "", nil, rules("term-typo")),
	sc("term", "iran deficiency", "iran deficiency anemia", "", nil, rules("term-typo")),
	sc("term", "negative: the term", "the bone marrow transplant", "", nil, nil),
	sc("term", "negative: a plural term", "two blood transfusions", "", nil, nil),

	// The clinical terms the generated list adds.
	sc("terms", "nephrology", "the nephrolgy ward", "", nil, rules("domain-typo")),
	sc("terms", "pulmonology", "pulmonolgy clinic", "", nil, rules("domain-typo")),
	sc("terms", "rheumatology", "rheumatolgy service", "", nil, rules("domain-typo")),
	sc("terms", "negative: nephrology", "the nephrology ward", "", nil, nil),
	sc("terms", "negative: cardiology", "cardiology clinic", "", nil, nil),
}

func TestMisses(t *testing.T) {
	var cases []ruleCase
	for _, c := range missCases {
		c.name = c.kind + ": " + c.name
		cases = append(cases, c.ruleCase)
	}
	runCases(t, cases)
}
