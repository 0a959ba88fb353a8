package normalize

import (
	"testing"
	"unicode/utf8"
)

// FuzzNormalize checks the invariants every rule must keep: no panic,
// valid UTF-8 out, a second run changes nothing, text with nothing to
// repair comes back byte for byte, and every fix and flag points inside
// the input. It is seeded with the table cases.
func FuzzNormalize(f *testing.F) {
	for _, in := range seedInputs() {
		f.Add(in)
	}
	n := &Normalizer{Glossary: testGlossary(f)}
	f.Fuzz(func(t *testing.T, in string) {
		if !validInput(in) {
			return
		}
		res := n.Normalize(in)
		if !utf8.ValidString(res.Text) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, res.Text)
		}
		if len(res.Fixes) == 0 && res.Text != in {
			t.Fatalf("text changed without a fix: %q → %q", in, res.Text)
		}
		if again := n.Normalize(res.Text); again.Text != res.Text {
			t.Fatalf("not idempotent:\n in   %q\n once %q\n twice %q", in, res.Text, again.Text)
		}
		for _, x := range res.Fixes {
			if x.Offset < 0 || x.Offset > len(in) || x.Line < 1 || x.Col < 1 {
				t.Fatalf("fix %+v outside the input %q", x, in)
			}
		}
		for _, x := range res.Flags {
			if x.Offset < 0 || x.End > len(in) || x.Offset > x.End || x.Line < 1 || x.Col < 1 {
				t.Fatalf("flag %+v outside the input %q", x, in)
			}
		}
	})
}

func seedInputs() []string {
	var in []string
	for _, c := range allCases() {
		in = append(in, c.in)
	}
	return append(in,
		"iron me-x-tabolism,we provides hematopoietie care.They has\n\n\nFirst made has",
		"ja<x>vasc<x>ript</x> &lt;sc<x>ript&gt; on<x>load= a\u00a0b\u200b c , d",
		"Sciences.In 1,000 3.14 e.g. U.S.A. Node.js https://a.b/c,d?e=F",
		rawMT,
	)
}

// validInput reports whether in is text Normalize can be given: source
// refuses invalid UTF-8 before normalize runs.
func validInput(in string) bool { return utf8.ValidString(in) }
