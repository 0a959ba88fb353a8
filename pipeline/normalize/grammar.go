package normalize

import (
	"fmt"
	"strings"
	"unsafe"
)

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

// grammarAt applies the grammar rules to word i: it fixes irregular verbs
// and pronoun agreement from the closed lists, and flags another plural
// subject with a singular verb. It reports whether it fixed the word.
func grammarAt(s *state, t string, ws []wordInfo, i int) bool {
	w := &ws[i]
	if w.bits&(lexIrregular|lexSingularVerb) == 0 {
		return false
	}
	var bufs [2][maxKeyLen]byte
	if w.bits&lexIrregular != 0 {
		forms := irregularVerbs[w.lower(t, &bufs[1])]
		form := forms[0]
		if i > 0 && w.joined && ws[i-1].bits&lexPerfectAux != 0 {
			form = forms[1]
		}
		s.fix(w.start, w.end, matchCase(t[w.start:w.end], form), ruleIrregularVerb)
		return true
	}
	if i == 0 || !w.joined {
		return false
	}
	subj, verb := &ws[i-1], w
	vk := verb.lower(t, &bufs[1])
	base := singularVerbs[vk]
	if subj.bits&lexPluralSubject != 0 {
		sk := subj.lower(t, &bufs[0])
		if sk != "you" || verb.bits&lexYouVerb != 0 {
			switch {
			case sk == "i" && t[subj.start] != 'I', sk == "i" && vk == "was":
				return false // "i" is a letter, not the pronoun; "I was" is right
			case sk == "i" && vk == "is":
				base = "am"
			}
			s.fix(verb.start, verb.end, matchCase(t[verb.start:verb.end], base), rulePronounAgreement)
			return true
		}
	}
	if subj.bits&lexSingularNoun == 0 && !subj.long && looksPlural(subj.lower(t, &bufs[0])) && isLower(t[subj.start]) && !headIsSingular(ws, i-1) {
		s.flag(subj.start, verb.end, ruleAgreement,
			fmt.Sprintf("plural subject %q with singular verb %q; if %q is the subject, write %q",
				t[subj.start:subj.end], t[verb.start:verb.end], t[subj.start:subj.end], base))
	}
	return false
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

// headIsSingular reports whether the subject ws[k] sits in an "of" phrase
// whose head is not a plural quantifier: in "the number of patients has",
// the subject is "number".
func headIsSingular(ws []wordInfo, k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if !ws[i+1].joined {
			return false
		}
		if ws[i].bits&lexOf != 0 {
			return i == 0 || ws[i-1].bits&lexPluralQuantifier == 0
		}
	}
	return false
}

// unsafeString views b as a string for a map lookup; the caller must not
// keep the result.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
