package pipeline

import (
	"path/filepath"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"xlate/pipeline/chinese"
)

// TestDerivedTraditionalAgreesWithShipped converts every shipped zh-Hans
// translation to Taiwan's characters and compares it with the shipped,
// human zh-Hant of the same entry, character for character (a longest
// common subsequence of the Han characters), without the term list and
// with the shipped one. The shipped zh-Hant is Taiwan Chinese as a
// translator writes it: it says some things otherwise (病童 for 患儿,
// 護理師 for 护士), which the term list covers, and words its sentences
// otherwise (與 for 和, 此 for 该), which no conversion should guess.
func TestDerivedTraditionalAgreesWithShipped(t *testing.T) {
	p := loadShipped(t)
	terms, err := deriveTerms(p.Config)
	if err != nil {
		t.Fatal(err)
	}
	hant := language.MustParse("zh-Hant")
	for _, tc := range []struct {
		name  string
		terms map[string]string
		least float64
	}{{"no term list", nil, 85}, {"the shipped term list", terms[hant], 90}} {
		hans, human := p.Entries().Catalog(language.MustParse("zh-Hans")), p.Entries().Catalog(hant)
		same, total := 0, 0
		for _, e := range hans.Entries {
			f := human.Lookup(e.ID)
			if f == nil || e.Empty() || f.Empty() {
				continue
			}
			a, b := hanOf(chinese.ToTaiwan(e.Other(), tc.terms)), hanOf(f.Other())
			same += lcs(a, b)
			total += len(b)
		}
		pct := float64(same) * 100 / float64(total)
		t.Logf("with %s, derived zh-Hant agrees with the shipped zh-Hant on %d of %d Han characters (%.1f %%)", tc.name, same, total, pct)
		if pct < tc.least {
			t.Errorf("with %s, derived zh-Hant agrees on only %.1f %% of the shipped Han characters; want %.0f %%", tc.name, pct, tc.least)
		}
	}
}

func loadShipped(t *testing.T) *Project {
	t.Helper()
	cfg, err := LoadConfig(filepath.Join("..", ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func hanOf(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			out = append(out, r)
		}
	}
	return out
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
