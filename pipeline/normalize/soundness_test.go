package normalize

import "testing"

// soundCase is a table case for one kind of false repair: a positive case
// is a repair that must still be made, a negative one text that must not
// be made worse.
type soundCase struct {
	kind string
	ruleCase
}

func sc(kind, name, in, want string, fixes, flags []string) soundCase {
	return soundCase{kind, ruleCase{name, in, want, fixes, flags}}
}

// soundnessCases hold the normaliser to "exact or flagged" on the kinds of
// false repair real pages showed: spacing inside code, Korean and Japanese
// read as Chinese, capitals without evidence, mojibake decoded in pieces,
// other rules acting on mojibake, Latin-1 read as GB18030, and the marker
// guard bypassed.
var soundnessCases = []soundCase{
	// Spacing and width rules inside code.
	sc("code", "sentence after a call", "It calls config.Load(path).Then it stops.", "It calls config.Load(path). Then it stops.", rules("space-after-punct"), nil),
	sc("code", "sentence after a regex", `Use /^\d+;\w+$/ here.Then stop`, `Use /^\d+;\w+$/ here. Then stop`, rules("space-after-punct"), nil),
	sc("code", "URL after a sentence end", "Founded in 2019.https://example.com/about is the page", "Founded in 2019. https://example.com/about is the page", rules("space-after-punct"), nil),
	sc("code", "sentence after a formula", "Let $n$ be even.So $n$.Then we stop", "Let $n$ be even. So $n$. Then we stop", rules("space-after-punct", "space-after-punct"), nil),
	sc("code", "full stop after a code span", "Run `make test`。Then deploy", "Run `make test`. Then deploy", rules("fullwidth-punct"), nil),
	sc("code", "colon before a code span", "Run the command：`ls -l`", "Run the command: `ls -l`", rules("fullwidth-punct"), nil),
	sc("code", "comma in prose beside code", "Call f(x),then g(y)", "Call f(x), then g(y)", rules("space-after-punct"), nil),
	sc("code", "negative: member call", "Call config.Load(path) first", "", nil, nil),
	sc("code", "negative: semicolon in a regex", "The regex /^key;value$/ matches", "", nil, nil),
	sc("code", "negative: two member calls", "Use fmt.Println(x) or log.Fatal(err)", "", nil, nil),
	sc("code", "negative: call with a list", "then items.Add(a,b) is done", "", nil, nil),
	sc("code", "negative: character class", "the pattern [a-z]+;[A-Z]+ is valid", "", nil, nil),
	sc("code", "negative: dotted path", "import os.path.join,then", "import os.path.join, then", rules("space-after-punct"), nil),
	sc("code", "negative: camel-case member", "set http.HandleFunc first", "", nil, nil),
	sc("code", "negative: call in Chinese", "调用 f(x,y) 即可", "", nil, nil),

	// Korean and Japanese are not Chinese.
	sc("korean", "Chinese parentheses", "中文(Chinese)是", "中文（Chinese）是", rules("cjk-punct", "cjk-punct"), nil),
	sc("korean", "Chinese comma", "你好,世界", "你好，世界", rules("cjk-punct"), nil),
	sc("korean", "Chinese spacing", "使用Go语言", "使用 Go 语言", rules("cjk-spacing", "cjk-spacing"), nil),
	sc("korean", "Chinese colon", "地址:成都", "地址：成都", rules("cjk-punct"), nil),
	sc("korean", "kana spaced from Latin", "カタカナABC", "カタカナ ABC", rules("cjk-spacing"), nil),
	sc("korean", "negative: Korean parentheses", "서울(Seoul)에 있다", "", nil, nil),
	sc("korean", "negative: Korean colon", "이름:홍길동", "", nil, nil),
	sc("korean", "negative: Korean comma", "한국어,영어", "", nil, nil),
	sc("korean", "negative: Korean particle after Latin", "Go를 배우자", "", nil, nil),
	sc("korean", "negative: space before a colon in Korean", "안녕하세요 ：반갑다", "", nil, nil),
	sc("korean", "negative: kana parentheses", "カタカナ(katakana)", "", nil, nil),
	sc("korean", "negative: kana comma", "ひらがな,カタカナ", "", nil, nil),

	// Capitals only where the text shows a sentence start.
	sc("capital", "after a full stop", "Done. me-x-tabolism matters.", "Done. Metabolism matters.", rules("filter-marker"), nil),
	sc("capital", "after an exclamation", "It failed! ob<x>jects were lost", "It failed! Objects were lost", rules("filter-marker"), nil),
	sc("capital", "after a question", "Why? ba<x>sed on what", "Why? Based on what", rules("filter-marker"), nil),
	sc("capital", "all caps", "the me<x>taDATA field", "the METADATA field", rules("filter-marker"), nil),
	sc("capital", "after a sentence in the line", "Read on. ti<x>tles come first", "Read on. Titles come first", rules("filter-marker"), nil),
	sc("capital", "negative: start of a block", "ob<x>ject files are kept", "object files are kept", rules("filter-marker"), nil),
	sc("capital", "negative: attribute", `xm<x>lns="urn:a"`, `xmlns="urn:a"`, rules("filter-marker"), nil),
	sc("capital", "negative: start of a line", "Intro\nob<x>ject files", "Intro\nobject files", rules("filter-marker"), nil),
	sc("capital", "negative: list item", "- ob<x>ject files", "- object files", rules("filter-marker"), nil),
	sc("capital", "negative: after an abbreviation", "see e.g. ob<x>ject files", "see e.g. object files", rules("filter-marker"), nil),
	sc("capital", "negative: code after a sentence", "Done. on<x>load=init", "Done. onload=init", rules("filter-marker"), nil),

	// Mojibake decoded whole or not at all.
	sc("whole-run", "UTF-8 read as GBK", "鐢ㄦ埛鐧诲綍", "用户登录", rules("gbk-mojibake"), nil),
	sc("whole-run", "GBK through a UTF-8 fallback, long", "ÎÒÃǼá³ÖÒԻ¼ÕßΪÖÐÐģ¬ÌṩÓÅÖʵÄҽÁƷþÎñ", "我们坚持以患者为中心，提供优质的医疗服务", rules("gbk-latin1-mojibake"), nil),
	sc("whole-run", "GBK through a UTF-8 fallback, three-byte characters", "±¾ÍøվËùÓÐ×ÊÁϾùÀ´ԴÓÚÍøÂ磬½ö¹©ѧϰ½»Á÷ʹÓã¬ÇëÎðÓÃÓÚÉÌҵÓÃ\u037e", "本网站所有资料均来源于网络，仅供学习交流使用，请勿用于商业用途", rules("gbk-latin1-mojibake"), nil),
	sc("whole-run", "GBK through a UTF-8 fallback, soft hyphen", "»¶ӭ·ÃÎʶùͯҽԺ¹ٷ½Íøվ", "欢迎访问儿童医院官方网站", rules("gbk-latin1-mojibake"), nil),
	sc("whole-run", "a pair that absorbed a letter", "涓璄nglish", "中 English", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("whole-run", "GBK read as Latin-1", "ÒßÃç½ÓÖÖºóÇëÔÚ¹Û²ìÇøÐÝÏ¢", "疫苗接种后请在观察区休息", rules("gbk-latin1-mojibake"), nil),
	sc("whole-run", "negative: lost byte at the end", "鏈嶅姟鍣ㄩ敊璇? }", "", nil, rules("mojibake-lossy")),
	sc("whole-run", "negative: lost byte inside, the run after it whole", "鏈嶅姟鍣ㄩ敊璇\ufffd鐢ㄦ埛", "鏈嶅姟鍣ㄩ敊璇\ufffd用户", rules("gbk-mojibake"), rules("mojibake-lossy", "lossy-replacement")),
	sc("whole-run", "negative: lost byte before a quote", "鐧诲綍澶辫触浜\ufffd\"", "", nil, rules("mojibake-lossy", "lossy-replacement")),
	sc("whole-run", "negative: Latin-1 run that lost its last byte", "ÎÒÃÇµÄÒ½ÔºÔÚ³É¶", "", nil, rules("mojibake-lossy")),
	sc("whole-run", "negative: Latin-1 run that lost its first byte", "ÒÃÇµÄÒ½ÔºÔÚ³É¶¼", "", nil, rules("mojibake-lossy")),
	sc("whole-run", "negative: Czech", "Mám dost třetího tisíciletí", "", nil, nil),

	// Other rules keep off mojibake.
	sc("mojibake-only", "spacing after decoding", "鐢ㄦ埛dao", "用户 dao", rules("gbk-mojibake", "cjk-spacing"), nil),
	sc("mojibake-only", "width after decoding", "Thus£»¡¡upon", "Thus; upon", rules("gbk-latin1-mojibake", "fullwidth-punct", "fullwidth-punct"), nil),
	sc("mojibake-only", "soft hyphen inside decoded mojibake", "»¶Ó\u00ad¹âÁÙ", "欢迎光临", rules("gbk-latin1-mojibake"), nil),
	sc("mojibake-only", "soft hyphen in a word", "hyphen\u00adation", "hyphenation", rules("zero-width"), nil),
	sc("mojibake-only", "spacing beside Chinese", "用户dao", "用户 dao", rules("cjk-spacing"), nil),
	sc("mojibake-only", "negative: no space into lossy mojibake", "鏈嶅姟鍣ㄩ敊璇?abc", "", nil, rules("mojibake-lossy")),
	sc("mojibake-only", "negative: no width change beside lossy mojibake", "鏈嶅姟鍣ㄩ敊璇?", "", nil, rules("mojibake-lossy")),
	sc("mojibake-only", "negative: soft hyphen in lossy Latin-1 mojibake", "»¶Ó\u00ad¹âÁÙ±¾ÍøÕ¾£¬ÇëµÇÂ¼ºó²é¿", "", nil, rules("mojibake-lossy")),
	sc("mojibake-only", "negative: multi-layer mojibake not spaced", "缁炬儳缍婇弻鐔兼abc", "", nil, rules("mojibake-multilayer")),
	sc("mojibake-only", "negative: replacement characters not spaced", "图片锟斤拷abc", "", nil, rules("lossy-replacement")),

	// Latin-1 read as GB18030.
	sc("latin1-gbk", "naïve and façade", "A na飗e fa鏰de", "A naïve façade", rules("latin1-gbk-mojibake", "latin1-gbk-mojibake"), nil),
	sc("latin1-gbk", "Düsseldorf", "D黶seldorf", "Düsseldorf", rules("latin1-gbk-mojibake"), nil),
	sc("latin1-gbk", "señor", "el se駉r", "el señor", rules("latin1-gbk-mojibake"), nil),
	sc("latin1-gbk", "Zürich", "in Z黵ich", "in Zürich", rules("latin1-gbk-mojibake"), nil),
	sc("latin1-gbk", "coöperate", "co鰌erate", "coöperate", rules("latin1-gbk-mojibake"), nil),
	sc("latin1-gbk", "negative: Chinese", "我们在成都", "", nil, nil),
	sc("latin1-gbk", "negative: rare Han before a name", "鍾Smith", "鍾 Smith", rules("cjk-spacing"), nil),
	sc("latin1-gbk", "negative: common Han in a word", "a中b", "a 中 b", rules("cjk-spacing", "cjk-spacing"), nil),
	sc("latin1-gbk", "negative: Han after a word only", "na飗", "na 飗", rules("cjk-spacing"), nil),
	sc("latin1-gbk", "negative: UTF-8 mojibake inside letters", "x鐢ㄦ埛y", "x 用户 y", rules("gbk-mojibake", "cjk-spacing", "cjk-spacing"), nil),
	sc("latin1-gbk", "negative: Japanese", "日本語です", "", nil, nil),

	// The marker guard reads references, quotes, escaped tags and lines.
	sc("guard", "handler in code", "window.on<x>load=init", "window.onload=init", rules("filter-marker"), nil),
	sc("guard", "link tag", `<li<x>nk href="a.css">`, `<link href="a.css">`, rules("filter-marker"), nil),
	sc("guard", "escaped style tag", "&lt;st<x>yle&gt;", "&lt;style&gt;", rules("filter-marker"), nil),
	sc("guard", "javascript in prose", "a ja<x>vascript tutorial", "a javascript tutorial", rules("filter-marker"), nil),
	sc("guard", "handler name in prose", "the on<x>load event", "the onload event", rules("filter-marker"), nil),
	sc("guard", "negative: scheme behind a decimal reference", "ja<x>vascript&#58;alert(1)", "", nil, rules("filter-marker")),
	sc("guard", "negative: scheme behind a hex reference", "ja<x>vascript&#x3a;alert(1)", "", nil, rules("filter-marker")),
	sc("guard", "negative: scheme behind a named reference", "ja<x>vascript&colon;alert(1)", "", nil, rules("filter-marker")),
	sc("guard", "negative: > inside a quoted attribute", `<img src="x>" on<x>error=alert(1)>`, "", nil, rules("filter-marker")),
	sc("guard", "negative: tag across lines", "<img src=x\non<x>error=alert(1)>", "", nil, rules("filter-marker")),
	sc("guard", "negative: &gt; inside a raw tag", `<img alt="&gt;" on<x>error=alert(1)>`, "", nil, rules("filter-marker")),
	sc("guard", "negative: handler in an escaped tag", "&lt;img src=x on<x>error=alert(1)&gt;", "", nil, rules("filter-marker")),
	sc("guard", "negative: script tag behind a reference", "&#60;sc<x>ript&#62;", "", nil, rules("filter-marker")),
	sc("guard", "negative: handler with a referenced equals sign", "<img src=x on<x>error&#61;alert(1)>", "", nil, rules("filter-marker")),
}

func TestSoundness(t *testing.T) {
	var cases []ruleCase
	for _, c := range soundnessCases {
		c.name = c.kind + ": " + c.name
		cases = append(cases, c.ruleCase)
	}
	runCases(t, cases)
}

// TestSoundnessCounts keeps each kind of false repair covered by at least
// five cases that must be repaired and five that must not be made worse.
func TestSoundnessCounts(t *testing.T) {
	pos, neg := map[string]int{}, map[string]int{}
	for _, c := range soundnessCases {
		if len(c.name) > 9 && c.name[:9] == "negative:" {
			neg[c.kind]++
		} else {
			pos[c.kind]++
		}
	}
	for kind := range pos {
		if pos[kind] < 5 || neg[kind] < 5 {
			t.Errorf("%s: %d positive and %d negative cases; want five of each", kind, pos[kind], neg[kind])
		}
	}
}
