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
