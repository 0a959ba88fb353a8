package catalog

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

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
//     (see Similarity), whose text the suggestion shows in its "#|" line;
//     of two as alike, an active entry before an obsolete one, then the
//     first in the catalogue.
//
// The search is exact: it finds the best source of the whole memory.
// Candidates are found from what each unit of the memory is in brief (a
// MemoryUnit: the hash of its source, its length and its words as hashes),
// by bounds that no source at least MemoryThreshold alike can miss; only
// they are read and compared in full. The briefs are small, so a cache can
// keep them for every page and a sync that recomputes one page can search
// the memory of all pages without reading every catalogue.
//
// An entry that has a translation of its own (a fuzzy one) keeps it: it was
// made for this very block, and its previous source shows what changed.
const MemoryThreshold = 0.75

// MemoryUnit is one reviewed translation of the memory, in brief.
type MemoryUnit struct {
	ID       string
	Label    string   // the language of its source
	Hash     [16]byte // of the label and the source text
	Kind     string
	Obsolete bool
	Words    int // words of the source, as Similarity counts them
	Runes    int // of the source in lower case
	// Text is the source itself when Similarity may compare it letter by
	// letter with another text (it has few words or letters).
	Text string
	Bag  []WordCount // the words of the source, as hashes, sorted
}

// WordCount is a word (its hash) and how often it stands in a text.
type WordCount struct {
	Word uint32
	N    uint16
}

// shortWords and shortRunes bound a source kept whole in its brief: one
// that can meet another within the letter-by-letter comparison.
const (
	shortWords = 8
	shortRunes = 80
)

func unitHash(label, text string) [16]byte {
	sum := sha256.Sum256([]byte(label + "\x00" + text))
	var h [16]byte
	copy(h[:], sum[:])
	return h
}

func wordHash(w string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(w))
	return h.Sum32()
}

// bag counts the words of a text by hash.
func bag(ws []string) []WordCount {
	counts := map[uint32]uint16{}
	for _, w := range ws {
		if n := counts[wordHash(w)]; n < math.MaxUint16 {
			counts[wordHash(w)] = n + 1
		}
	}
	out := make([]WordCount, 0, len(counts))
	for w, n := range counts {
		out = append(out, WordCount{w, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Word < out[j].Word })
	return out
}

// isUnit reports whether an entry is a reviewed translation.
func isUnit(e *Entry) bool {
	return !e.Empty() && !e.Fuzzy && !e.Suggested && e.Source.Label != "" && e.Source.Label != "source"
}

// MemoryUnits returns the briefs of the reviewed translations among
// entries, in order.
func MemoryUnits(entries []*Entry) []MemoryUnit {
	var out []MemoryUnit
	for _, e := range entries {
		if !isUnit(e) {
			continue
		}
		src := e.Source.Text
		ws := words(src)
		// the strings are copied: a brief outlives the text it was read from
		u := MemoryUnit{
			ID: strings.Clone(e.ID), Label: strings.Clone(e.Source.Label), Hash: unitHash(e.Source.Label, src), Kind: strings.Clone(kindOf(e.Description)),
			Obsolete: e.Obsolete, Words: len(ws), Runes: utf8.RuneCountInString(strings.ToLower(src)), Bag: bag(ws),
		}
		if u.Words <= shortWords || u.Runes <= shortRunes {
			u.Text = strings.Clone(src)
		}
		out = append(out, u)
	}
	return out
}

// Memory is the translation memory of one language.
type Memory struct {
	units    []MemoryUnit
	exact    map[[16]byte][]int
	postings map[uint32][]posting
	searches int
	labels   map[string]bool // the languages of the units' sources
	fetch    func(id string) (*Entry, error)
	fetched  map[string]*Entry
}

type posting struct {
	unit int32
	n    uint16
}

// NewMemory makes a memory of units, in their catalogue's order; fetch
// returns the entry of a unit, with its translation, when a search needs it.
func NewMemory(units []MemoryUnit, fetch func(id string) (*Entry, error)) *Memory {
	m := &Memory{units: units, exact: map[[16]byte][]int{}, fetch: fetch, fetched: map[string]*Entry{}, labels: map[string]bool{}}
	for i, u := range units {
		m.exact[u.Hash] = append(m.exact[u.Hash], i)
		m.labels[u.Label] = true
	}
	for _, us := range m.exact {
		sort.SliceStable(us, func(i, j int) bool { return !m.units[us[i]].Obsolete && m.units[us[j]].Obsolete })
	}
	return m
}

// MemoryOf makes the memory of a whole catalogue.
func MemoryOf(c *Catalog) *Memory {
	return NewMemory(MemoryUnits(c.Entries), func(id string) (*Entry, error) {
		if e := c.Lookup(id); e != nil {
			return e, nil
		}
		return nil, fmt.Errorf("%s: no entry %s", c.Path, id)
	})
}

// kindOf reads the kind of block from a description "page › kind".
func kindOf(desc string) string {
	if i := strings.LastIndex(desc, "› "); i >= 0 {
		return desc[i+len("› "):]
	}
	return desc
}

func (m *Memory) entry(i int) (*Entry, error) {
	id := m.units[i].ID
	if e, ok := m.fetched[id]; ok {
		return e, nil
	}
	e, err := m.fetch(id)
	if err != nil {
		return nil, err
	}
	if !isUnit(e) {
		return nil, fmt.Errorf("the memory's entry %s is not a reviewed translation", id)
	}
	m.fetched[id] = e
	return e, nil
}

// identical returns the best unit whose source is text, in the language
// label, other than the entry exclude, or -1.
func (m *Memory) identical(label, text, kind, exclude string) (int, error) {
	best := -1
	for _, i := range m.exact[unitHash(label, text)] {
		u := m.units[i]
		if u.ID == exclude || u.Label != label {
			continue
		}
		e, err := m.entry(i)
		if err != nil {
			return -1, err
		}
		if e.Source.Text != text {
			continue
		}
		if u.Kind == kind {
			return i, nil
		}
		if best < 0 {
			best = i
		}
	}
	return best, nil
}

// similar returns the unit most alike text, at least MemoryThreshold, or
// -1; see Memory for the bounds that choose the candidates.
func (m *Memory) similar(label, text, exclude string) (int, float64, error) {
	ws := words(text)
	n := len(ws)
	runes := utf8.RuneCountInString(strings.ToLower(text))
	if n == 0 {
		return -1, 0, nil
	}
	// 2·common/(n+m) ≥ T: a unit needs m words within [lo, hi] and at least
	// need(m) words in common; by letters, likewise with lengths in runes
	lo, hi := int(math.Ceil(float64(n)*MemoryThreshold/(2-MemoryThreshold)-1e-9)), int(float64(n)*(2-MemoryThreshold)/MemoryThreshold+1e-9)
	rlo, rhi := int(math.Ceil(float64(runes)*MemoryThreshold/(2-MemoryThreshold)-1e-9)), int(float64(runes)*(2-MemoryThreshold)/MemoryThreshold+1e-9)
	need := func(mw int) int { return int(math.Ceil(MemoryThreshold*float64(n+mw)/2 - 1e-9)) }
	cand := map[int]bool{}
	// by letters: only where one of the two has three words or fewer
	for i, u := range m.units {
		if (n <= 3 || u.Words <= 3) && u.Runes >= rlo && u.Runes <= rhi && u.Label == label && u.ID != exclude {
			cand[i] = true
		}
	}
	// by words: the words in common, counted through postings once the
	// memory is asked often enough to be worth indexing, else unit by unit
	qb := bag(ws)
	m.searches++
	fits := func(i int, common int) {
		u := m.units[i]
		if u.Words >= lo && u.Words <= hi && common >= need(u.Words) && u.Label == label && u.ID != exclude {
			cand[i] = true
		}
	}
	if m.searches > indexAfter {
		m.buildPostings()
		common := map[int32]int{}
		for _, wc := range qb {
			for _, p := range m.postings[wc.Word] {
				common[p.unit] += int(min(wc.N, p.n))
			}
		}
		for i, c := range common {
			fits(int(i), c)
		}
	} else {
		for i, u := range m.units {
			if u.Words >= lo && u.Words <= hi {
				fits(i, overlap(qb, u.Bag))
			}
		}
	}
	order := make([]int, 0, len(cand))
	for i := range cand {
		order = append(order, i)
	}
	sort.Ints(order)
	best, bestScore := -1, 0.0
	for _, i := range order {
		u := m.units[i]
		src := u.Text
		if src == "" {
			e, err := m.entry(i)
			if err != nil {
				return -1, 0, err
			}
			src = e.Source.Text
		}
		s := Similarity(text, src)
		if s >= MemoryThreshold && (s > bestScore || s == bestScore && m.units[best].Obsolete && !u.Obsolete) {
			best, bestScore = i, s
		}
	}
	return best, bestScore, nil
}

// indexAfter is how many searches go unit by unit before the memory
// indexes its words.
const indexAfter = 4

// overlap counts the words two bags have in common, as many times as both
// hold them.
func overlap(a, b []WordCount) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Word < b[j].Word:
			i++
		case a[i].Word > b[j].Word:
			j++
		default:
			n += int(min(a[i].N, b[j].N))
			i++
			j++
		}
	}
	return n
}

func (m *Memory) buildPostings() {
	if m.postings != nil {
		return
	}
	m.postings = map[uint32][]posting{}
	for i, u := range m.units {
		for _, wc := range u.Bag {
			m.postings[wc.Word] = append(m.postings[wc.Word], posting{int32(i), wc.N})
		}
	}
}

// suggest fills an entry with no text from the memory, if it can.
func (m *Memory) suggest(e *Entry, label, text, kind string) error {
	if !m.labels[label] {
		return nil // nothing translated from that language yet
	}
	i, err := m.identical(label, text, kind, e.ID)
	if err != nil {
		return err
	}
	score := 1.0
	if i < 0 {
		if i, score, err = m.similar(label, text, e.ID); err != nil || i < 0 {
			return err
		}
	}
	return m.apply(e, i, score)
}

func (m *Memory) apply(e *Entry, i int, score float64) error {
	u := m.units[i]
	from, err := m.entry(i)
	if err != nil {
		return err
	}
	names, texts := from.Texts()
	for k, name := range names {
		e.SetForm(name, texts[k])
	}
	e.Suggested = true
	where := u.ID
	if u.Obsolete {
		where += " (obsolete)"
	}
	if score == 1 {
		e.Suggestion = "100% match with " + where
		e.Previous = Quote{}
		return nil
	}
	pct := int(score * 100) // never rounds a near match up to 100%
	e.Suggestion = fmt.Sprintf("%d%% match with %s", pct, where)
	// the translation was made from the unit's source, and says so
	e.Hash = segment.Hash(from.Source.Text)
	e.Previous = Quote{Label: u.Label, Text: from.Source.Text}
	return nil
}

// EncodeUnits writes memory briefs compactly, for a cache.
func EncodeUnits(units []MemoryUnit) []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(units)))
	for _, u := range units {
		str(u.ID)
		str(u.Label)
		b = append(b, u.Hash[:]...)
		str(u.Kind)
		flag := byte(0)
		if u.Obsolete {
			flag = 1
		}
		b = append(b, flag)
		b = binary.AppendUvarint(b, uint64(u.Words))
		b = binary.AppendUvarint(b, uint64(u.Runes))
		str(u.Text)
		b = binary.AppendUvarint(b, uint64(len(u.Bag)))
		for _, wc := range u.Bag {
			b = binary.LittleEndian.AppendUint32(b, wc.Word)
			b = binary.AppendUvarint(b, uint64(wc.N))
		}
	}
	return b
}

var errBriefs = errors.New("damaged memory briefs")

// DecodeUnits reads what EncodeUnits wrote.
func DecodeUnits(b []byte) (units []MemoryUnit, err error) {
	defer func() {
		if recover() != nil {
			units, err = nil, errBriefs
		}
	}()
	num := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			panic(errBriefs)
		}
		b = b[n:]
		return int(v)
	}
	str := func() string {
		n := num()
		s := string(b[:n])
		b = b[n:]
		return s
	}
	count := num()
	units = make([]MemoryUnit, 0, count)
	pool := make([]WordCount, 0, len(b)/6) // the bags of all units, in one
	for k := 0; k < count; k++ {
		var u MemoryUnit
		u.ID = str()
		u.Label = str()
		copy(u.Hash[:], b[:16])
		b = b[16:]
		u.Kind = str()
		u.Obsolete = b[0] == 1
		b = b[1:]
		u.Words = num()
		u.Runes = num()
		u.Text = str()
		start := len(pool)
		for i, n := 0, num(); i < n; i++ {
			w := binary.LittleEndian.Uint32(b)
			b = b[4:]
			pool = append(pool, WordCount{w, uint16(num())})
		}
		u.Bag = pool[start:len(pool):len(pool)]
		units = append(units, u)
	}
	if len(b) != 0 {
		return nil, errBriefs
	}
	return units, nil
}
