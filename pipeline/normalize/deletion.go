package normalize

import (
	_ "embed"
	"fmt"
	"strings"
)

// This file flags the damage of filters that delete a keyword instead of
// breaking it: PHPCMS's remove_xss replaces "meta" in "metabolism" by a
// space, leaving " bolism"; CodeIgniter's xss_clean writes "[removed]". The text is gone, so a person decides; the
// flag suggests the words a fragment may come from.

// phpcmsKeywords are the keywords PHPCMS deletes: the tag and scheme
// keywords without "style" and the newer media tags, and the event
// handlers.
var phpcmsKeywords = func() []string {
	var ks []string
	for _, k := range filterKeywords {
		if k != "style" && k != "video" && k != "audio" && k != "track" && k != "canvas" {
			ks = append(ks, k)
		}
	}
	return ks
}()

//go:embed deletions.txt
var deletionsText string

// deletionFragments maps a fragment to the words it may be left of; built
// by loadTables.
var deletionFragments map[string][]string

func loadDeletionFragments() {
	deletionFragments = map[string][]string{}
	for _, line := range readWordList(deletionsText) {
		f := strings.Fields(line)
		deletionFragments[f[0]] = f[1:]
	}
}

// deletionFlag flags word w (lower case key k) at t[start:end] when it is
// a fragment a deleted keyword left behind.
func deletionFlag(s *state, t string, start, end int, k string) {
	ws, ok := deletionFragments[k]
	if !ok {
		return
	}
	if len(ws) > 3 {
		ws = append(ws[:3:3], "…")
	}
	s.flag(start, end, ruleKeywordDeletion, fmt.Sprintf("%q is no word but what a filter leaves when it deletes a keyword (PHPCMS remove_xss); it may have been %s", t[start:end], strings.Join(ws, ", ")))
}

// removedPass flags the "[removed]" that CodeIgniter-style filters write
// where they cut something out.
func removedPass(s *state) {
	t := s.text
	for i := 0; ; {
		j := strings.Index(t[i:], "[removed]")
		if j < 0 {
			return
		}
		j += i
		s.flag(j, j+len("[removed]"), ruleFilterRemoved, "a security filter (CodeIgniter xss_clean) cut text out here; what it removed is gone and a person must restore it")
		i = j + len("[removed]")
	}
}

// deletionAt flags word w when it is a fragment left by a deleted keyword.
func deletionAt(s *state, t string, w *wordInfo) {
	if w.bits&lexDeletion == 0 || w.start > 0 && t[w.start-1] != ' ' && t[w.start-1] != '\n' {
		return
	}
	var buf [maxKeyLen]byte
	deletionFlag(s, t, w.start, w.end, w.lower(t, &buf))
}
