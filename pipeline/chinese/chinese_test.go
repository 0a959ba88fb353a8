package chinese

import "testing"

func TestOf(t *testing.T) {
	for r, want := range map[rune]Script{
		'发': Simplified, '發': Traditional, '髮': Traditional,
		'医': Simplified, '醫': Traditional, '这': Simplified, '這': Traditional,
		'中': Unknown, '床': Unknown, '牀': Traditional, '心': Unknown, '干': Unknown, '后': Unknown, '着': Unknown,
		'a': Unknown, '。': Unknown, 'é': Unknown,
	} {
		if got := Of(r); got != want {
			t.Errorf("Of(%q) = %v; want %v", r, got, want)
		}
	}
}

// TestSetsAreDisjoint: no character may count for both scripts.
func TestSetsAreDisjoint(t *testing.T) {
	trad := map[rune]bool{}
	for _, r := range traditionalOnly {
		trad[r] = true
	}
	n := 0
	for _, r := range simplifiedOnly {
		n++
		if trad[r] {
			t.Errorf("%q is in both sets", r)
		}
	}
	if n < 2000 || len(trad) < 2000 {
		t.Errorf("sets of %d and %d characters; the generator read too little", n, len(trad))
	}
}

// TestToTaiwan: texts converted as OpenCC's s2tw converts them (the
// expected texts are its output), and a project's terms first.
func TestToTaiwan(t *testing.T) {
	for in, want := range map[string]string{
		"再生障碍性贫血 干细胞 造血干细胞移植 层流病房 软件 头发 发展": "再生障礙性貧血 幹細胞 造血幹細胞移植 層流病房 軟件 頭髮 發展",
		"科室设有血液病房 2 个，开放床位 80 张。":           "科室設有血液病房 2 個，開放床位 80 張。",
		"“有限无私论”修正了传统观念。":                   "“有限無私論”修正了傳統觀念。", // quotes as they are
		"English stays, 中文转换。":              "English stays, 中文轉換。",
	} {
		if got := ToTaiwan(in, nil); got != want {
			t.Errorf("ToTaiwan(%q) = %q; want %q", in, got, want)
		}
	}
	terms := map[string]string{"再生障碍性贫血": "再生不良性貧血", "软件": "軟體"}
	if got := ToTaiwan("重型再生障碍性贫血患儿使用软件", terms); got != "重型再生不良性貧血患兒使用軟體" {
		t.Errorf("with terms: %q", got)
	}
}
