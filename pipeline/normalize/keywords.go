package normalize

import (
	_ "embed"
	"strings"
	"sync"
)

// filterKeywords is the union of the keyword lists of the RemoveXSS family
// of filters: the kallahar/Typecho list (ra1 and ra2) and the TYPO3 extras.
// The filter breaks a keyword k anywhere in a word as k[:2] + marker + k[2:].
var filterKeywords = strings.Fields(`
javascript vbscript expression applet meta xml blink link style script
embed object iframe frame frameset ilayer layer bgsound title base

onabort onactivate onafterprint onafterupdate onbeforeactivate
onbeforecopy onbeforecut onbeforedeactivate onbeforeeditfocus onbeforepaste onbeforeprint
onbeforeunload onbeforeupdate onblur onbounce oncellchange onchange onclick oncontextmenu
oncontrolselect oncopy oncut ondataavailable ondatasetchanged ondatasetcomplete ondblclick
ondeactivate ondrag ondragend ondragenter ondragleave ondragover ondragstart ondrop onerror
onerrorupdate onfilterchange onfinish onfocus onfocusin onfocusout onhelp onkeydown onkeypress
onkeyup onlayoutcomplete onload onlosecapture onmousedown onmouseenter onmouseleave onmousemove
onmouseout onmouseover onmouseup onmousewheel onmove onmoveend onmovestart onpaste
onpropertychange onreadystatechange onreset onresize onresizeend onresizestart onrowenter
onrowexit onrowsdelete onrowsinserted onscroll onselect onselectionchange onselectstart onstart
onstop onsubmit onunload

video audio track canvas
oncanplay oncanplaythrough oncuechange ondurationchange onemptied onended onhashchange oninput
oninvalid onloadeddata onloadedmetadata onloadstart onmessage onoffline ononline onpagehide
onpageshow onpause onplay onplaying onpopstate onprogress onratechange onseeked onseeking onshow
onstalled onstorage onsuspend ontimeupdate onvolumechange onwaiting onredo onundo
`)

// keywordsByPrefix indexes the keywords by their first two letters, the
// letters the filter leaves before its marker (see prefixIndex).
var keywordsByPrefix = func() (by [26 * 26][]string) {
	for _, k := range filterKeywords {
		i := prefixIndex(k[:2])
		by[i] = append(by[i], k)
	}
	return by
}()

// prefixIndex numbers a pair of lower-case letters.
func prefixIndex(a string) int { return int(a[0]-'a')*26 + int(a[1]-'a') }

// matchKeyword returns the keyword k with k[:2] == a such that a+b begins
// with k, preferring the longest; a is two lower-case letters.
func matchKeyword(a, b string) string {
	best := ""
	for _, k := range keywordsByPrefix[prefixIndex(a)] {
		if len(k) > len(best) && strings.HasPrefix(b, k[2:]) {
			best = k
		}
	}
	return best
}

// executableTags are the keywords that make a live element when they follow
// "<" or "&lt;": restoring them would hand an attack to whoever uses the
// text raw.
var executableTags = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true,
}

// lexiconText is generated from a real English word list by
// TestGenerateLexicon (see lexicon_test.go): every word that contains a
// filter keyword, plus technical terms. It decides whether a -x- repair
// makes a word.
//
//go:embed lexicon.txt
var lexiconText string

var lexicon = sync.OnceValue(func() map[string]bool {
	words := strings.Fields(lexiconText)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
})

// isWord reports whether lower-case w is in the lexicon, directly or as a
// regular inflection of a lexicon word.
func isWord(w string) bool {
	lex := lexicon()
	if lex[w] {
		return true
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing", "er", "ers", "ly"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) > 2 && lex[stem] {
			return true
		}
	}
	return false
}
