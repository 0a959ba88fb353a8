package normalize

// wordRulesPass runs every rule that reads words, in one walk over the
// block's words: the corrections glossary, the fragments of deleted
// keywords (markers), grammar, and the domain-typo and raw-MT rules (mt).
// Each family runs only when it is on. A word a fix has covered is not
// fixed again by a later rule in the walk; the next round sees the result.
// A block is one paragraph, the unit the raw-MT score is for.
func wordRulesPass(s *state) {
	t := s.text
	n := s.n
	g := n.Glossary
	on := &s.ctx.on
	glossary := on.glossary && g.Len() > 0 && !g.slow
	// The markers' deletion rule and the mt rules only flag.
	markers, grammar, mt := on.markers && !s.moot, on.grammar, on.mt && !s.moot
	slow := 0 // the slow glossary's edits, s.edits[:slow]
	if on.glossary && g.Len() > 0 && g.slow {
		glossarySlowPass(s)
		slow = len(s.edits)
	}
	ws := s.words()
	next := 0 // no fix may start before this offset
	for i := range ws {
		w := &ws[i]
		if w.bits == 0 && !glossary {
			// A word in no list: only the typo and MT rules see it.
			if mt && w.end-w.start >= typoMinLen && w.start >= next {
				typoAt(s, t, w)
			}
			continue
		}
		// Each rule is called only for the words its lists can hold.
		if glossary && w.start >= next && !w.long && g.firstWords.mayHold(w.hash) {
			if end, ok := g.glossaryAt(s, t, w); ok {
				next = end
			}
		}
		if markers && w.bits&lexDeletion != 0 {
			deletionAt(s, t, w)
		}
		if grammar && w.start >= next && (w.bits&lexIrregular != 0 || agreementCandidate(t, ws, i)) && grammarAt(s, t, ws, i) {
			next = w.end
		}
		if mt && w.end-w.start >= typoMinLen && w.start >= next {
			typoAt(s, t, w)
		}
		if mt && w.bits&lexTermEnd != 0 {
			termTypo(s, t, ws, i)
		}
	}
	if mt {
		// The scan that found the words scored the paragraph.
		s.ctx.scan.mt.finish(s, t, ws)
	}
	if slow > 0 {
		s.edits = dropTouching(s.edits, slow)
	}
}

// dropTouching keeps edits[:k] and those of edits[k:] that neither overlap
// nor touch one of them; both parts are in order of offset. A word rule
// that judged the text beside a glossary fix judged text that is no longer
// there, and tries again in the next round.
func dropTouching(edits []edit, k int) []edit {
	out, j := edits[:k], 0
	for _, e := range edits[k:] {
		for j < k && edits[j].end < e.start {
			j++
		}
		if j < k && edits[j].start <= e.end {
			continue
		}
		out = append(out, e)
	}
	return out
}

// agreementCandidate reports whether word i is a singular verb right after
// a word that may be its subject: work for the agreement rules.
func agreementCandidate(t string, ws []wordInfo, i int) bool {
	w := &ws[i]
	return w.bits&lexSingularVerb != 0 && i > 0 && w.joined && mayBeSubject(t, &ws[i-1])
}

// mayBeSubject reports whether w can be the subject the grammar rules
// check: a plural pronoun, or a lower-case word ending in s.
func mayBeSubject(t string, w *wordInfo) bool {
	return w.bits&lexPluralSubject != 0 || t[w.end-1] == 's' && isLower(t[w.start])
}
