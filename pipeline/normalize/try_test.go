package normalize

import (
	"os"
	"strings"
	"testing"
)

func TestTry(t *testing.T) {
	n := &Normalizer{Glossary: testGlossary(t)}
	for _, in := range strings.Split(os.Getenv("IN"), "|") {
		res := n.Normalize(in)
		t.Logf("%q -> %q", in, res.Text)
		for _, f := range res.Fixes {
			t.Logf("   fix %s %q→%q", f.Rule, f.Before, f.After)
		}
		for _, f := range res.Flags {
			t.Logf("   flag %s %q", f.Rule, f.Excerpt)
		}
	}
}
