package normalize

import (
	"fmt"
	"strings"
)

// word is an ASCII word of the text (letters, with an inner apostrophe).
type word struct {
	start, end int
	lower      string
}

// words splits t[from:to] into ASCII words; sep reports for each word
// whether only spaces stand between it and the word before (no punctuation
// or line break).
func words(t string, from, to int) (ws []word, joined []bool) {
	for i := from; i < to; {
		if !isLetter(t[i]) {
			i++
			continue
		}
		j := i
		for j < to && (isLetter(t[j]) || (t[j] == '\'' && j+1 < to && isLetter(t[j+1]) && j > i)) {
			j++
		}
		if j < to && isDigit(t[j]) || i > 0 && (isDigit(t[i-1]) || t[i-1] >= 0x80) {
			i = j // part of a token such as 3rd or H2O, or of a non-ASCII word
			continue
		}
		glue := len(ws) > 0 && strings.TrimLeft(t[ws[len(ws)-1].end:i], " ") == ""
		ws = append(ws, word{i, j, strings.ToLower(t[i:j])})
		joined = append(joined, glue)
		i = j
	}
	return ws, joined
}

// pluralSubjects are the pronouns that take a plural verb.
var pluralSubjects = map[string]bool{"we": true, "they": true, "you": true, "i": true}

// singularVerbs maps a closed list of third-person singular verbs to the
// base form a plural subject needs. It holds only verbs, never nouns, so
// "we provides" can be fixed without guessing.
var singularVerbs = map[string]string{
	"has": "have", "does": "do", "is": "are", "was": "were", "goes": "go",
	"provides": "provide", "offers": "offer", "makes": "make", "gives": "give",
	"takes": "take", "holds": "hold", "receives": "receive", "conducts": "conduct",
	"carries": "carry", "performs": "perform", "treats": "treat", "serves": "serve",
	"includes": "include", "focuses": "focus", "hopes": "hope", "wants": "want",
	"needs": "need", "believes": "believe", "aims": "aim", "plans": "plan",
	"welcomes": "welcome", "leads": "lead", "sees": "see", "knows": "know",
	"thinks": "think", "undertakes": "undertake", "admits": "admit", "owns": "own",
	"specializes": "specialize", "specialises": "specialise", "enjoys": "enjoy",
	"achieves": "achieve", "wins": "win", "establishes": "establish",
}

// youVerbs are the forms fixed after "you", where the closed list is kept
// to the auxiliaries: "you" is also an object ("the care we give you
// matters"), so only an auxiliary right after it is sure to be its verb.
var youVerbs = map[string]bool{"has": true, "does": true, "is": true, "was": true}

// singularNouns end in s but are singular (or both), so "series has" is
// right.
var singularNouns = map[string]bool{
	"series": true, "species": true, "news": true, "means": true, "physics": true,
	"mathematics": true, "economics": true, "statistics": true, "diabetes": true,
	"measles": true, "mumps": true, "rickets": true, "this": true, "his": true,
	"its": true, "was": true, "has": true, "does": true, "is": true, "us": true,
	"thus": true, "plus": true, "yes": true, "less": true, "unless": true,
	"whereas": true, "perhaps": true, "always": true, "sometimes": true,
	"nevertheless": true, "afterwards": true, "towards": true, "besides": true,
	"headquarters": true, "analysis": true, "diagnosis": true, "prognosis": true,
	"thesis": true, "basis": true, "crisis": true, "hypothesis": true,
}

// pluralQuantifiers head a plural subject in "many of our members".
var pluralQuantifiers = map[string]bool{"many": true, "some": true, "all": true, "most": true, "several": true, "both": true, "few": true}

// grammarPass fixes pronoun agreement from the closed lists and flags other
// plural subjects with a singular verb.
func grammarPass(s *state) {
	t := s.text
	ws, joined := words(t, 0, len(t))
	for k := 1; k < len(ws); k++ {
		if !joined[k] {
			continue
		}
		subj, verb := ws[k-1], ws[k]
		base, isVerb := singularVerbs[verb.lower]
		if !isVerb {
			continue
		}
		if pluralSubjects[subj.lower] && (subj.lower != "you" || youVerbs[verb.lower]) {
			if subj.lower == "i" && t[subj.start] != 'I' {
				continue
			}
			if subj.lower == "i" && verb.lower == "is" {
				base = "am"
			}
			if subj.lower == "i" && verb.lower == "was" {
				continue // "I was" is right
			}
			s.fix(verb.start, verb.end, matchCase(t[verb.start:verb.end], base), "pronoun-agreement")
			continue
		}
		if looksPlural(subj.lower) && isLower(t[subj.start]) && !headIsSingular(ws, joined, k-1) {
			s.flag(subj.start, verb.end, "agreement",
				fmt.Sprintf("plural subject %q with singular verb %q; if %q is the subject, write %q",
					t[subj.start:subj.end], t[verb.start:verb.end], t[subj.start:subj.end], base))
		}
	}
}

// looksPlural reports whether a lower-case word has a regular plural form.
func looksPlural(w string) bool {
	if len(w) < 4 || singularNouns[w] || !strings.HasSuffix(w, "s") {
		return false
	}
	for _, suf := range []string{"ss", "us", "is", "ous", "ics", "'s"} {
		if strings.HasSuffix(w, suf) {
			return false
		}
	}
	return true
}

// headIsSingular reports whether the word at k sits in an "of" phrase whose
// head is not a plural quantifier: in "the number of patients has", the
// subject is "number".
func headIsSingular(ws []word, joined []bool, k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if !joined[i+1] {
			return false
		}
		if ws[i].lower == "of" {
			return i == 0 || !pluralQuantifiers[ws[i-1].lower]
		}
	}
	return false
}
