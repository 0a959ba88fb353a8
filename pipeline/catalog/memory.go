package catalog

import (
	"fmt"
	"sort"
	"strings"

	"xlate/pipeline/segment"
)

// The translation memory of a language is every entry of its catalogue
// with a reviewed translation — on every page, obsolete entries included —
// by the source text that translation was made from. An entry that sync
// creates, or whose source changed while it had no text, starts from the
// translation of the same or a similar source, marked as a suggestion that
// the build does not publish until a translator accepts it (deletes the
// "#, suggestion" line):
//
//   - an identical source text comes first, from an entry of the same kind
//     (heading, paragraph…) first, then from an active entry before an
//     obsolete one;
//   - failing that, the most similar source at least MemoryThreshold alike
//     (see Similarity), whose text the suggestion shows in its "#|" line.
//
// An entry that has a translation of its own (a fuzzy one) keeps it: it was
// made for this very block, and its previous source shows what changed.
const MemoryThreshold = 0.75

// unit is one reviewed translation in the memory.
type unit struct {
	id       string
	label    string // the language of source
	source   string
	kind     string
	names    []string
	texts    []string
	obsolete bool
	words    int
}

type memory struct {
	units []unit
	exact map[string][]int // label + "\x00" + source → units, best first
	index map[string][]int // a word of a source → units holding it (built when first needed)
}

// newMemory collects the reviewed translations of a catalogue.
func newMemory(c *Catalog) *memory {
	m := &memory{exact: map[string][]int{}}
	for _, e := range c.Entries {
		if e.Empty() || e.Fuzzy || e.Suggested || e.Source.Label == "" || e.Source.Label == "source" {
			continue
		}
		u := unit{id: e.ID, label: e.Source.Label, source: e.Source.Text, kind: kindOf(e.Description), obsolete: e.Obsolete}
		u.names, u.texts = e.Texts()
		u.words = len(words(u.source))
		m.units = append(m.units, u)
		k := u.label + "\x00" + u.source
		m.exact[k] = append(m.exact[k], len(m.units)-1)
	}
	for _, us := range m.exact {
		sort.SliceStable(us, func(i, j int) bool {
			a, b := m.units[us[i]], m.units[us[j]]
			return !a.obsolete && b.obsolete
		})
	}
	return m
}

// kindOf reads the kind of block from a description "page › kind".
func kindOf(desc string) string {
	if i := strings.LastIndex(desc, "› "); i >= 0 {
		return desc[i+len("› "):]
	}
	return desc
}

// match is a suggestion from the memory.
type match struct {
	unit  *unit
	score float64
}

// identical returns the best unit whose source is text, in the language
// label, other than the entry exclude.
func (m *memory) identical(label, text, kind, exclude string) *unit {
	var best *unit
	for _, i := range m.exact[label+"\x00"+text] {
		u := &m.units[i]
		if u.id == exclude {
			continue
		}
		if u.kind == kind {
			return u
		}
		if best == nil {
			best = u
		}
	}
	return best
}

// How many candidates of a similarity search are compared in full, and the
// share of the memory above which a word is too common to find any.
const (
	memoryCandidates = 64
	commonWordShare  = 0.05
)

// similar returns the unit most alike text, at least MemoryThreshold, or
// false. Candidates share the rarest words with text and have a length
// that can reach the threshold; the best of them are compared in full.
func (m *memory) similar(label, text, exclude string) (match, bool) {
	ws := words(text)
	n := len(ws)
	if n == 0 || len(m.units) == 0 {
		return match{}, false
	}
	// 2·min(n,k)/(n+k) ≥ T bounds the word count k of a candidate; a short
	// text is also compared by letters, so it gets a wider window.
	lo, hi := int(float64(n)*MemoryThreshold/(2-MemoryThreshold)), int(float64(n)*(2-MemoryThreshold)/MemoryThreshold)+1
	if n <= 3 {
		lo, hi = 0, 8
	}
	fits := func(u *unit) bool {
		return u.label == label && u.id != exclude && u.words >= lo && u.words <= hi
	}
	var cands []int
	if len(m.units) <= memoryCandidates*4 {
		for i := range m.units {
			if fits(&m.units[i]) {
				cands = append(cands, i)
			}
		}
	} else {
		m.buildIndex()
		common := max(16, int(float64(len(m.units))*commonWordShare))
		shared := map[int]int{}
		seen := map[string]bool{}
		for _, w := range ws {
			if seen[w] {
				continue
			}
			seen[w] = true
			if us := m.index[w]; len(us) <= common {
				for _, i := range us {
					shared[i]++
				}
			}
		}
		for i := range shared {
			if fits(&m.units[i]) {
				cands = append(cands, i)
			}
		}
		sort.Slice(cands, func(a, b int) bool {
			if shared[cands[a]] != shared[cands[b]] {
				return shared[cands[a]] > shared[cands[b]]
			}
			return cands[a] < cands[b]
		})
		if len(cands) > memoryCandidates {
			cands = cands[:memoryCandidates]
		}
		sort.Ints(cands)
	}
	best := match{}
	for _, i := range cands {
		u := &m.units[i]
		if s := Similarity(text, u.source); s >= MemoryThreshold && (s > best.score || s == best.score && best.unit.obsolete && !u.obsolete) {
			best = match{u, s}
		}
	}
	return best, best.unit != nil
}

func (m *memory) buildIndex() {
	if m.index != nil {
		return
	}
	m.index = map[string][]int{}
	for i, u := range m.units {
		seen := map[string]bool{}
		for _, w := range words(u.source) {
			if !seen[w] {
				seen[w] = true
				m.index[w] = append(m.index[w], i)
			}
		}
	}
}

// suggest fills an entry with no text from the memory, if it can.
func (m *memory) suggest(e *Entry, label, text, kind string) {
	if u := m.identical(label, text, kind, e.ID); u != nil {
		m.apply(e, u, 1)
		return
	}
	if mt, ok := m.similar(label, text, e.ID); ok {
		m.apply(e, mt.unit, mt.score)
	}
}

func (m *memory) apply(e *Entry, u *unit, score float64) {
	for i, name := range u.names {
		e.SetForm(name, u.texts[i])
	}
	e.Suggested = true
	where := u.id
	if u.obsolete {
		where += " (obsolete)"
	}
	pct := int(score * 100) // never rounds a near match up to 100%
	if score == 1 {
		e.Suggestion = "100% match with " + where
		e.Previous = Quote{}
		return
	}
	e.Suggestion = fmt.Sprintf("%d%% match with %s", pct, where)
	// the translation was made from the unit's source, and says so
	e.Hash = segment.Hash(u.source)
	e.Previous = Quote{Label: u.label, Text: u.source}
}
