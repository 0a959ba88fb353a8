package normalize

import (
	"bufio"
	"flag"
	"os"
	"sort"
	"strings"
	"testing"
)

//go:generate go test -run TestGenerateLexicon -lexicon-words=/usr/share/dict/american-english-large

var lexiconWords = flag.String("lexicon-words", "", "regenerate lexicon.txt from this word list (one word a line, e.g. Debian's wamerican-large)")

// technicalTerms are words that contain a filter keyword but are not in an
// English word list, yet appear in prose about the web.
var technicalTerms = strings.Fields(`
xml xmlns xmlhttprequest base64 basename baseurl codebase database databases
iframe iframes javascript vbscript typescript coffeescript actionscript ecmascript postscript
onload onclick onerror onchange onsubmit onmouseover onfocus onblur onkeydown onkeyup onscroll
metadata metafile metaclass metaprogramming metatag metatags hyperlink hyperlinks weblink
stylesheet stylesheets subtitle subtitles titlebar framework frameworks frameset iframe
mainframe wireframe wireframes keyframe keyframes multilayer bitlink deeplink deeplinks
`)

// TestGenerateLexicon regenerates lexicon.txt when -lexicon-words names a
// word list, and otherwise checks that the committed lexicon keeps the
// shape the generator gives it: sorted, unique, lower case, each entry
// holding a filter keyword.
func TestGenerateLexicon(t *testing.T) {
	if *lexiconWords != "" {
		f, err := os.Open(*lexiconWords)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		set := map[string]bool{}
		for _, w := range technicalTerms {
			set[w] = true
		}
		for _, k := range filterKeywords {
			set[k] = true
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			w := strings.ToLower(strings.TrimSpace(sc.Text()))
			if w == "" || strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
				continue // possessives, accented and hyphenated entries
			}
			if containsKeyword(w) {
				set[w] = true
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		words := make([]string, 0, len(set))
		for w := range set {
			words = append(words, w)
		}
		sort.Strings(words)
		if err := os.WriteFile("lexicon.txt", []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d words to lexicon.txt", len(words))
		return
	}
	words := strings.Fields(lexiconText)
	if len(words) < 500 {
		t.Fatalf("lexicon has %d words; regenerate it with go generate", len(words))
	}
	for i, w := range words {
		if i > 0 && words[i-1] >= w {
			t.Fatalf("lexicon not sorted and unique at %q after %q", w, words[i-1])
		}
		if w != strings.ToLower(w) || !containsKeyword(w) {
			t.Fatalf("lexicon entry %q is not a lower-case word holding a filter keyword", w)
		}
	}
	for _, w := range []string{"metabolism", "metabolic", "based", "database", "subtitle", "description", "frameworks", "nonstop", "embedded", "objective", "multilayer"} {
		if !isWord(w) {
			t.Errorf("isWord(%q) = false; the lexicon must hold the words the filter garbles in normal English", w)
		}
	}
}

func containsKeyword(w string) bool {
	for _, k := range filterKeywords {
		if strings.Contains(w, k) {
			return true
		}
	}
	return false
}
