package normalize

import (
	"fmt"
	"strings"
)

// rawMTThreshold is the score from which a paragraph is flagged as raw
// machine translation. Fluent English scores 0–2 (a long noun compound, a
// long list); the seed's word-salad paragraph scores well above 10. A
// short paragraph (a single sentence, a list of a few short ones) cannot
// pile up evidence, so it is flagged from shortMTThreshold: one sequence
// English rules out, or a long run of content words.
const (
	rawMTThreshold   = 6
	shortMTThreshold = 3
	shortMTWords     = 40
)

// flagged reports whether the paragraph's score flags it. A short
// paragraph needs evidence of more than one kind of slip or of the surest
// kind: a single "does has" is also English ("what it does has changed").
func (m *mtScore) flagged() bool {
	score := m.close()
	if m.last < shortMTWords {
		return score >= shortMTThreshold && (m.extra >= 3 || m.bareVerbs > 0 || len(m.bad) >= 2)
	}
	return score >= rawMTThreshold
}

// baseVerbs are verbs whose bare form is neither a noun nor an adjective,
// so that "is adhere", "has provide" cannot be English: machine
// translation writes a Chinese verb phrase (是坚持) word for word.
var baseVerbs = set("adhere insist strive devote persist undertake provide achieve establish improve develop promote strengthen implement adopt enhance ensure cultivate")

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

// mtScore scores a paragraph for raw machine translation, word by word
// (the step for one word is in scanWords).
// The features are those of Chinglish detection (Arase & Zhou 2013): word
// sequences that English grammar rules out, content words strung together
// without function words, and long sentences with no determiner at all.
// Each feature is general; none names a word of any particular text.
type mtScore struct {
	last               int // the paragraph's words: ws[:last]
	bad                []int
	runFirst, runLen   int
	longFirst, longLen int
	extra              int
	sentWords          int
	sentDet            uint32 // lexDeterminer when the sentence has one
	bareSentences      []int
	bareVerbs          int // of the bad pairs, a form of be or have before a bare verb
}

func (m *mtScore) start() {
	*m = mtScore{bad: m.bad[:0], bareSentences: m.bareSentences[:0]}
}

func (m *mtScore) endRun() {
	if m.runLen > 5 {
		m.longRun()
	}
	m.runLen = 0
}

// longRun counts the run of content words that has just ended.
func (m *mtScore) longRun() {
	m.extra += m.runLen - 5
	if m.runLen > m.longLen {
		m.longFirst, m.longLen = m.runFirst, m.runLen
	}
}

func (m *mtScore) endSentence() {
	if m.sentWords >= 25 && m.sentDet == 0 {
		m.bareSentences = append(m.bareSentences, m.sentWords)
	}
	m.sentWords, m.sentDet = 0, 0
}

// close ends the last run and sentence and returns the paragraph's score.
// Closing again changes nothing.
func (m *mtScore) close() int {
	m.endRun()
	m.endSentence()
	return 3*len(m.bad) + m.extra + 2*len(m.bareSentences)
}

// finish flags the paragraph when its score reaches rawMTThreshold.
func (m *mtScore) finish(s *state, t string, ws []wordInfo) {
	if m.last == 0 {
		return
	}
	if !m.flagged() {
		return
	}
	score := m.close()
	var evidence []string
	if len(m.bad) > 0 {
		var bad []string
		for _, i := range m.bad {
			bad = append(bad, fmt.Sprintf("%q", t[ws[i-1].start:ws[i].end]))
		}
		evidence = append(evidence, strings.Join(bad, ", ")+" cannot occur in English")
	}
	if m.extra > 0 {
		evidence = append(evidence, fmt.Sprintf("%d content words without a function word (%q)", m.longLen, t[ws[m.longFirst].start:ws[m.longFirst+m.longLen-1].end]))
	}
	for _, n := range m.bareSentences {
		evidence = append(evidence, fmt.Sprintf("a %d-word sentence without an article or determiner", n))
	}
	from := ws[0].start
	for from > 0 && t[from-1] != '\n' {
		from--
	}
	end := len(t)
	if k := strings.Index(t[ws[m.last-1].end:], "\n\n"); k >= 0 {
		end = ws[m.last-1].end + k
	}
	end = from + len(strings.TrimRight(t[from:end], " \n"))
	s.flag(from, end, ruleRawMT, fmt.Sprintf("reads as raw machine translation (score %d: %s); an editor should rewrite it", score, strings.Join(evidence, "; ")))
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
