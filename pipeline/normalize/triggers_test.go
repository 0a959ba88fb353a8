package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sameWithAllTriggers reports how the result of normalizing in differs
// when every trigger is forced on, or "" when it does not.
func sameWithAllTriggers(n *Normalizer, in string) string {
	fast := n.Normalize(in)
	all := *n
	all.allTriggers = true
	slow := all.Normalize(in)
	return cmp.Diff(fast, slow, cmpopts.IgnoreUnexported(Result{}), cmpopts.EquateEmpty())
}

// triggerFragments are pieces of text that make work for the rules, to be
// strung together at random: each trigger is an optimisation that must
// hold for any mix of them.
var triggerFragments = []string{
	"（", "）", "１", "Ａ", "，", "。", "：", "　", "(", ")", ",", ".", ":", ";", "?", "!", " ", "  ", "\n", "\t",
	"First", "item", "we", "has", "a", "e.g", "x", "<x>", "-x-", "</x>", "me", "ba", "tabolism", "sed",
	"中文", "用户", "鐢ㄦ埛", "锛", "ÎÂ", "Ü°", "Ã©", "â€™", "\u00a0", "\u00ad", "\u200b", "e\u0301",
	"한국어", "カタカナ", "`", "$", "https://a.b/c", "a@b.cn", "config.Load(", "20", "14", "in", "65438",
	"?", "？", "\ufffd", "锟斤拷", "慈", "ther", "飗", "na", "[removed]", "&lt;", "&gt;", "&#58;", "on", "load", "=",
}

// TestForcedTriggers checks that triggers only save work: normalizing with
// every trigger forced on gives the same text, fixes and flags, on every
// table case and on random strings of fragments that make work.
func TestForcedTriggers(t *testing.T) {
	n := &Normalizer{Glossary: testGlossary(t)}
	for _, in := range seedInputs() {
		if d := sameWithAllTriggers(n, in); d != "" {
			t.Errorf("forcing the triggers changes the result of %q (-triggered +forced):\n%s", in, d)
		}
	}
	r := rand.New(rand.NewPCG(9, 9))
	trials := 3000
	if testing.Short() {
		trials = 300
	}
	for trial := 0; trial < trials; trial++ {
		var b strings.Builder
		for k := r.IntN(12) + 1; k > 0; k-- {
			b.WriteString(triggerFragments[r.IntN(len(triggerFragments))])
		}
		if d := sameWithAllTriggers(n, b.String()); d != "" {
			t.Errorf("forcing the triggers changes the result of %q (-triggered +forced):\n%s", b.String(), d)
		}
	}
}

// FuzzForcedTriggers holds the same for any input, seeded from the table
// cases.
func FuzzForcedTriggers(f *testing.F) {
	for _, in := range seedInputs() {
		f.Add(in)
	}
	n := &Normalizer{Glossary: testGlossary(f)}
	f.Fuzz(func(t *testing.T, in string) {
		if !validInput(in) {
			return
		}
		if d := sameWithAllTriggers(n, in); d != "" {
			t.Fatalf("forcing the triggers changes the result of %q (-triggered +forced):\n%s", in, d)
		}
	})
}

// TestNFCTrigger checks the NFC trigger against the normaliser's own
// tables, for every character: one NFC may change, or that may combine
// with the character before it, must set it.
func TestNFCTrigger(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if (p.CCC() != 0 || !p.BoundaryBefore() || norm.NFC.String(string(r)) != string(r)) && !needsNFCCheck(r) {
			t.Errorf("needsNFCCheck(%U) = false, but NFC may change or combine it", r)
		}
	}
}
