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
	for from := 0; from < len(t); {
		to := strings.Index(t[from:], "\n\n")
		if to < 0 {
			to = len(t)
		} else {
			to += from
		}
		for from < to && t[from] == '\n' {
			from++
		}
		if score, evidence := scoreMT(t, from, to); score >= rawMTThreshold {
			end := from + len(strings.TrimRight(t[from:to], " \n"))
			s.flag(from, end, "raw-mt", fmt.Sprintf("reads as raw machine translation (score %d: %s); an editor should rewrite it", score, strings.Join(evidence, "; ")))
		}
		from = to + 2
	}
}

// scoreMT scores t[from:to] and lists the evidence.
func scoreMT(t string, from, to int) (int, []string) {
	ws, joined := words(t, from, to)
	score := 0
	var evidence []string

	var bad []string
	for k := 1; k < len(ws); k++ {
		a, b := ws[k-1].lower, ws[k].lower
		if joined[k] && ((auxiliaries[a] && (b == "has" || b == "does")) || (modals[a] && (b == "is" || b == "was"))) {
			bad = append(bad, fmt.Sprintf("%q", t[ws[k-1].start:ws[k].end]))
		}
	}
	if len(bad) > 0 {
		score += 3 * len(bad)
		evidence = append(evidence, strings.Join(bad, ", ")+" cannot occur in English")
	}

	longest, longestAt, extra := 0, 0, 0
	for k := 0; k < len(ws); {
		if !isContent(t, ws[k]) {
			k++
			continue
		}
		j := k + 1
		for j < len(ws) && joined[j] && isContent(t, ws[j]) {
			j++
		}
		if n := j - k; n > 5 {
			extra += n - 5
			if n > longest {
				longest, longestAt = n, k
			}
		}
		k = j
	}
	if extra > 0 {
		score += extra
		run := ws[longestAt : longestAt+longest]
		evidence = append(evidence, fmt.Sprintf("%d content words without a function word (%q)", longest, t[run[0].start:run[len(run)-1].end]))
	}

	for _, sent := range sentences(t, from, to) {
		sw, _ := words(t, sent[0], sent[1])
		if len(sw) < 25 {
			continue
		}
		has := false
		for _, w := range sw {
			if determiners[w.lower] {
				has = true
				break
			}
		}
		if !has {
			score += 2
			evidence = append(evidence, fmt.Sprintf("a %d-word sentence without an article or determiner", len(sw)))
		}
	}
	return score, evidence
}

func isContent(t string, w word) bool {
	return !functionWords[w.lower] && isLower(t[w.start])
}

// sentences splits t[from:to] at . ! ? followed by a space or the end.
func sentences(t string, from, to int) [][2]int {
	var out [][2]int
	st := from
	for i := from; i < to; i++ {
		if c := t[i]; (c == '.' || c == '!' || c == '?') && (i+1 == to || t[i+1] == ' ' || t[i+1] == '\n') {
			out = append(out, [2]int{st, i + 1})
			st = i + 1
		}
	}
	if strings.TrimSpace(t[st:to]) != "" {
		out = append(out, [2]int{st, to})
	}
	return out
}
