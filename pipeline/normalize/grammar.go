package normalize

import (
	"fmt"
	"iter"
	"strings"
	"unsafe"
)

// word is an ASCII word of the text (letters, with an inner apostrophe).
type word struct {
	start, end int
	joined     bool // only spaces stand between it and the word before
}

// wordsIn yields the ASCII words of t[from:to], skipping parts of tokens
// such as 3rd or H2O and letters glued to non-ASCII text.
func wordsIn(t string, from, to int) iter.Seq[word] {
	return func(yield func(word) bool) {
		prevEnd := -1
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
				i = j
				continue
			}
			joined := prevEnd >= 0 && strings.TrimLeft(t[prevEnd:i], " ") == ""
			if !yield(word{i, j, joined}) {
				return
			}
			prevEnd, i = j, j
		}
	}
}

// key returns the word in lower case for a lookup. A word already in lower
// case is its own key; any other is lowered into buf, so a lookup
// allocates nothing.
func (w word) key(t string, buf *[24]byte) string {
	s := t[w.start:w.end]
	lower := true
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			lower = false
			break
		}
	}
	if lower || len(s) > len(buf) {
		return s // a word longer than buf is in no list
	}
	for i := 0; i < len(s); i++ {
		buf[i] = s[i] | 0x20
	}
	return unsafeString(buf[:len(s)])
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

// irregularVerbs maps regular-looking past forms that are not English words
// to the simple past and the past participle of the verb: "we growed" →
// "we grew", "has growed" → "has grown". Forms that are also words
// (leaved, payed, singed, leaded, seed) are left out.
var irregularVerbs = map[string][2]string{
	"growed": {"grew", "grown"}, "knowed": {"knew", "known"}, "teached": {"taught", "taught"},
	"buyed": {"bought", "bought"}, "catched": {"caught", "caught"}, "thinked": {"thought", "thought"},
	"bringed": {"brought", "brought"}, "runned": {"ran", "run"}, "goed": {"went", "gone"},
	"eated": {"ate", "eaten"}, "drinked": {"drank", "drunk"}, "writed": {"wrote", "written"},
	"speaked": {"spoke", "spoken"}, "taked": {"took", "taken"}, "gived": {"gave", "given"},
	"maked": {"made", "made"}, "finded": {"found", "found"}, "feeled": {"felt", "felt"},
	"keeped": {"kept", "kept"}, "sleeped": {"slept", "slept"}, "sended": {"sent", "sent"},
	"spended": {"spent", "spent"}, "meeted": {"met", "met"}, "holded": {"held", "held"},
	"standed": {"stood", "stood"}, "understanded": {"understood", "understood"},
	"becomed": {"became", "become"}, "begined": {"began", "begun"}, "choosed": {"chose", "chosen"},
	"drived": {"drove", "driven"}, "falled": {"fell", "fallen"}, "forgeted": {"forgot", "forgotten"},
	"getted": {"got", "got"}, "losed": {"lost", "lost"}, "sayed": {"said", "said"},
	"selled": {"sold", "sold"}, "shaked": {"shook", "shaken"}, "sitted": {"sat", "sat"},
	"stealed": {"stole", "stolen"}, "swimmed": {"swam", "swum"}, "telled": {"told", "told"},
	"throwed": {"threw", "thrown"}, "weared": {"wore", "worn"}, "winned": {"won", "won"},
	"breaked": {"broke", "broken"}, "builded": {"built", "built"},
	"readed": {"read", "read"}, "hitted": {"hit", "hit"}, "putted": {"put", "put"},
	"cutted": {"cut", "cut"}, "setted": {"set", "set"}, "feeded": {"fed", "fed"},
	"fighted": {"fought", "fought"}, "flied": {"flew", "flown"}, "drawed": {"drew", "drawn"},
	"seeked": {"sought", "sought"}, "rised": {"rose", "risen"},
}

// perfectAuxiliaries take a past participle after them.
var perfectAuxiliaries = set("has have had having is are was were be been being am")

// pluralQuantifiers head a plural subject in "many of our members".
var pluralQuantifiers = map[string]bool{"many": true, "some": true, "all": true, "most": true, "several": true, "both": true, "few": true}

// grammarPass fixes pronoun agreement from the closed lists and flags other
// plural subjects with a singular verb.
func grammarPass(s *state) {
	t := s.text
	var recent [6]word // the last words, recent[5] the newest
	var bufs [2][24]byte
	n := 0
	for w := range wordsIn(t, 0, len(t)) {
		copy(recent[:], recent[1:])
		recent[5] = w
		n++
		if forms, ok := irregularVerbs[w.key(t, &bufs[1])]; ok {
			form := forms[0]
			if n > 1 && w.joined && perfectAuxiliaries[recent[4].key(t, &bufs[0])] {
				form = forms[1]
			}
			s.fix(w.start, w.end, matchCase(t[w.start:w.end], form), "irregular-verb")
			continue
		}
		if n < 2 || !w.joined {
			continue
		}
		subj, verb := recent[4], recent[5]
		vk := verb.key(t, &bufs[1])
		base, isVerb := singularVerbs[vk]
		if !isVerb {
			continue
		}
		sk := subj.key(t, &bufs[0])
		if pluralSubjects[sk] && (sk != "you" || youVerbs[vk]) {
			switch {
			case sk == "i" && t[subj.start] != 'I', sk == "i" && vk == "was":
				continue // "i" is a letter, not the pronoun; "I was" is right
			case sk == "i" && vk == "is":
				base = "am"
			}
			s.fix(verb.start, verb.end, matchCase(t[verb.start:verb.end], base), "pronoun-agreement")
			continue
		}
		if looksPlural(sk) && isLower(t[subj.start]) && !headIsSingular(t, recent[:5], min(n-1, 5)) {
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

// headIsSingular reports whether the subject, the last of ws (of which the
// last have are words of the text), sits in an "of" phrase whose head is
// not a plural quantifier: in "the number of patients has", the subject
// is "number".
func headIsSingular(t string, ws []word, have int) bool {
	var buf [24]byte
	k, lo := len(ws)-1, len(ws)-have
	for i := k - 1; i >= lo && i >= k-3; i-- {
		if !ws[i+1].joined {
			return false
		}
		if ws[i].key(t, &buf) == "of" {
			return i == lo || !pluralQuantifiers[ws[i-1].key(t, &buf)]
		}
	}
	return false
}

// unsafeString views b as a string for a map lookup; the caller must not
// keep the result.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
