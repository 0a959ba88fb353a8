package normalize

import (
	"fmt"
	"strings"
)

// rawMTThreshold is the score from which a paragraph is flagged as raw
// machine translation. Fluent English scores 0–2 (a long noun compound, a
// long list); the seed's word-salad paragraph scores well above 10.
const rawMTThreshold = 6

// auxiliaries take a bare verb or a participle after them, never "has".
var auxiliaries = set("to was were is are be been being has have had will would can could shall should may might must does did do")

// modals take a bare verb, never "is" or "was".
var modals = set("to will would can could shall should may might must")

// determiners that a long English sentence practically always contains.
var determiners = set("the a an this that these those its their our his her my your each every any some such")

// functionWords break a run of content words. Phrase salad, English words
// in Chinese word order, strings nouns and adjectives together without them.
var functionWords = set(`
a an the this that these those its their our his her my your each every any some such no not
and or but nor so yet if as than then because while although though whether when where which who whom whose what
of in on at to for from by with without about into onto over under between among through during before after
above below against across along around behind beyond near since until upon within via per
i we you he she it they me us him them
is are was were be been being has have had do does did will would can could shall should may might must
there here also very more most less least only just even still all both either neither many much few
one two three four five six seven eight nine ten
`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// mtPass scores each paragraph for raw machine translation. The features
// are those of Chinglish detection (Arase & Zhou 2013): word sequences that
// English grammar rules out, content words strung together without
// function words, and long sentences with no determiner at all. Each
// feature is general; none names a word of any particular text.
func mtPass(s *state) {
	t := s.text
	ws := s.words()
	for first := 0; first < len(ws); {
		last := first + 1
		for last < len(ws) && !strings.Contains(t[ws[last-1].end:ws[last].start], "\n\n") {
			last++
		}
		para := ws[first:last]
		if score, evidence := scoreMT(t, para); score >= rawMTThreshold {
			from := para[0].start
			for from > 0 && t[from-1] != '\n' {
				from--
			}
			end := len(t)
			if k := strings.Index(t[para[len(para)-1].end:], "\n\n"); k >= 0 {
				end = para[len(para)-1].end + k
			}
			end = from + len(strings.TrimRight(t[from:end], " \n"))
			s.flag(from, end, "raw-mt", fmt.Sprintf("reads as raw machine translation (score %d: %s); an editor should rewrite it", score, strings.Join(evidence, "; ")))
		}
		first = last
	}
}

// scoreMT scores the words of one paragraph in one pass and lists the
// evidence.
func scoreMT(t string, ws []wordInfo) (int, []string) {
	var bad []string
	var runFirst, runLast, longFirst, longLast *wordInfo
	run, longest, extra := 0, 0, 0
	sentWords, sentDet, bareSentences := 0, false, []int(nil)

	endRun := func() {
		if run > 5 {
			extra += run - 5
			if run > longest {
				longest, longFirst, longLast = run, runFirst, runLast
			}
		}
		run = 0
	}
	endSentence := func() {
		if sentWords >= 25 && !sentDet {
			bareSentences = append(bareSentences, sentWords)
		}
		sentWords, sentDet = 0, false
	}
	for i := range ws {
		w := &ws[i]
		if i > 0 && sentenceBreak(t[ws[i-1].end:w.start]) {
			endSentence()
		}
		if i > 0 && w.joined {
			pb := ws[i-1].bits
			if pb&lexAuxiliary != 0 && w.bits&lexHasDoes != 0 || pb&lexModal != 0 && w.bits&lexIsWas != 0 {
				bad = append(bad, fmt.Sprintf("%q", t[ws[i-1].start:w.end]))
			}
		}
		if content := w.bits&lexFunction == 0 && isLower(t[w.start]); content && run > 0 && w.joined {
			run++
			runLast = w
		} else {
			endRun()
			if content {
				run, runFirst, runLast = 1, w, w
			}
		}
		sentWords++
		sentDet = sentDet || w.bits&lexDeterminer != 0
	}
	endRun()
	endSentence()

	score := 0
	var evidence []string
	if len(bad) > 0 {
		score += 3 * len(bad)
		evidence = append(evidence, strings.Join(bad, ", ")+" cannot occur in English")
	}
	if extra > 0 {
		score += extra
		evidence = append(evidence, fmt.Sprintf("%d content words without a function word (%q)", longest, t[longFirst.start:longLast.end]))
	}
	for _, n := range bareSentences {
		score += 2
		evidence = append(evidence, fmt.Sprintf("a %d-word sentence without an article or determiner", n))
	}
	return score, evidence
}

// sentenceBreak reports whether the text between two words ends a
// sentence: . ! or ? followed by a space or a line break.
func sentenceBreak(gap string) bool {
	for i := 0; i+1 < len(gap); i++ {
		if c := gap[i]; (c == '.' || c == '!' || c == '?') && (gap[i+1] == ' ' || gap[i+1] == '\n') {
			return true
		}
	}
	return false
}
