package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"xlate/pipeline/segment"
)

// Alignment pairs the blocks of each page with the entries the catalogues
// hold for that page, the way gettext's msgmerge pairs a new template with
// an old catalogue, but by position as well as by text:
//
//  1. A block whose text is the text an entry was last synced with is that
//     entry, wherever it moved on the page. When the same text stands
//     several times, the first block takes the first entry.
//  2. A block with no such entry takes back an obsolete entry of its page
//     that was synced with its text: a paragraph that comes back gets its
//     translation back, in its place in the page.
//  3. The entries matched in step 1 that are still in their old order
//     (the longest run in order) are anchors. Between two anchors, the
//     blocks still unmatched are paired, in page order, with the entries
//     still unmatched between the same anchors, when their texts are at
//     least PairThreshold alike (see Similarity); the pairing with the
//     greatest total likeness wins. A paired entry keeps its ID and its
//     translations, which sync marks fuzzy, showing the previous source.
//  4. Any block still unmatched gets a new entry with a new ID.
//
// Two edits get help beyond that, since a translator would not want to
// start them again: a paragraph split in two, and two joined into one. A
// new block whose words (at least PartThreshold of them, in order) stand
// in the old text of the entry its neighbour was paired with was split
// from it: sync suggests that entry's translation for it, to trim. An
// unpaired entry next to a paired one whose old words stand in the paired
// block was joined into it: sync puts the two translations together in the
// paired entry, as a translation of the two old sources put together —
// current if that is the new text, else fuzzy, showing them. The joined
// entry itself goes to the obsolete section as any other.
//
// So an unchanged block always keeps its own entry; an edited block keeps
// its entry unless a more alike block took it; a new block never takes
// the entry of a block that is still on the page unchanged; and no change
// to one block renames another.
const PairThreshold = 0.5

// PartThreshold is the share of a text's words that must stand, in order,
// in another for it to count as a part of it (see Alignment).
const PartThreshold = 0.8

// record is what the catalogues say of one entry of a page: the text it
// was last synced with.
type record struct {
	id       string
	text     string
	hash     string
	known    bool // text and hash are known
	own      bool // from the catalogue of the block's own language
	obsolete bool
	order    int
	taken    bool
}

// pageRecords collects the entries of every page from all catalogues: the
// source language's first, whose order is the page's last order and whose
// own entries record the source text best.
func (p *Project) pageRecords() map[string][]*record {
	byPage := map[string][]*record{}
	byID := map[string]*record{}
	cats := p.catalogsByPriority()
	for pass := 0; pass < 2; pass++ { // active entries first, then obsolete ones
		for _, c := range cats {
			for _, e := range c.Entries {
				if len(e.Path) < 2 || e.Obsolete != (pass == 1) {
					continue
				}
				r := byID[e.ID]
				if r == nil {
					r = &record{id: e.ID, obsolete: pass == 1}
					r.order = len(byPage[e.Path[0]])
					byID[e.ID] = r
					byPage[e.Path[0]] = append(byPage[e.Path[0]], r)
				}
				if r.known && r.own {
					continue // no entry says it better
				}
				text, hash, own, known := p.recordOf(c, e)
				if known && (!r.known || own && !r.own) {
					r.text, r.hash, r.own, r.known = text, hash, own, true
				}
			}
		}
	}
	return byPage
}

// recordOf tells the source text an entry was last synced with. An entry
// of the block's own language says it best: the source itself while no
// editor rewrote it (other, with the hash it was synced with), or the
// "#. source:" line. Other entries quote it in their "#. <lang>:" line.
func (p *Project) recordOf(c *Catalog, e *Entry) (text, hash string, own, known bool) {
	switch {
	case e.Source.Label == "source":
		return e.Source.Text, segment.Hash(e.Source.Text), true, true
	case e.Source.Label == "" && !e.Empty() && (c.Tag == p.Source || e.TextHash() == e.Hash):
		return e.Other(), e.Hash, true, true
	case e.Source.Label != "":
		return e.Source.Text, segment.Hash(e.Source.Text), false, true
	}
	return "", "", false, false
}

// align pairs every page's blocks with entries and names the rest.
func (p *Project) align() {
	records := p.pageRecords()
	blocks, recs := 0, 0
	for _, pg := range p.Pages {
		blocks += len(pg.Blocks)
	}
	for _, rs := range records {
		recs += len(rs)
	}
	taken := make(map[string]bool, recs+blocks)
	for _, rs := range records {
		for _, r := range rs {
			taken[r.id] = true
		}
	}
	p.ids = make([][]string, len(p.Pages))
	p.fresh = map[string]bool{}
	p.joined = map[string][]string{}
	p.split = map[string]string{}
	// Each page is aligned on its own, on every core, and the base of
	// each new ID made there; only making the IDs unique is done in order.
	type aligned struct {
		ids    []string
		joined map[int][]string
		split  map[int]string
		wanted []string // page.base, for each block that needs a new ID
	}
	all := make([]aligned, len(p.Pages))
	parallel(len(p.Pages), func(pi int) {
		pg := p.Pages[pi]
		a := &all[pi]
		a.ids, a.joined, a.split = alignPage(pg, records[pg.Name])
		for bi, id := range a.ids {
			if id == "" {
				if a.wanted == nil {
					a.wanted = make([]string, len(a.ids))
				}
				a.wanted[bi] = pg.Name + "." + idBase(pg.Blocks[bi])
			}
		}
	})
	for pi := range p.Pages {
		ids, joined, split := all[pi].ids, all[pi].joined, all[pi].split
		for bi, id := range ids {
			if id == "" {
				id = uniqueID(all[pi].wanted[bi], taken)
				taken[id] = true
				p.fresh[id] = true
				ids[bi] = id
			}
			if j := joined[bi]; len(j) > 0 {
				p.joined[id] = j
			}
			if s := split[bi]; s != "" {
				p.split[id] = s
			}
		}
		p.ids[pi] = ids
	}
}

// alignPage returns the ID of the entry of each block ("" for a block that
// needs a new one), the entries joined into a block (with its own, in
// their old order) and the entry a new block was split from.
func alignPage(pg Page, recs []*record) (ids []string, joined map[int][]string, split map[int]string) {
	ids = make([]string, len(pg.Blocks))
	joined, split = map[int][]string{}, map[int]string{}
	var active, obsolete []*record
	for _, r := range recs {
		if r.obsolete {
			obsolete = append(obsolete, r)
		} else {
			active = append(active, r)
		}
	}
	// 1. the same text: the k-th block with a text takes the k-th entry
	// synced with it
	byHash := map[string][]*record{}
	for _, r := range active {
		if r.known {
			byHash[r.hash] = append(byHash[r.hash], r)
		}
	}
	type pair struct{ block, entry int }
	var exact []pair
	at := map[*record]int{}
	for i, r := range active {
		at[r] = i
	}
	for bi, b := range pg.Blocks {
		if rs := byHash[b.Hash]; len(rs) > 0 {
			r := rs[0]
			byHash[b.Hash] = rs[1:]
			r.taken = true
			ids[bi] = r.id
			exact = append(exact, pair{bi, at[r]})
		}
	}
	// 2. an obsolete entry of the same text comes back
	for bi, b := range pg.Blocks {
		if ids[bi] != "" {
			continue
		}
		for _, r := range obsolete {
			if !r.taken && r.known && r.hash == b.Hash {
				r.taken = true
				ids[bi] = r.id
				break
			}
		}
	}
	// 3. anchors: the longest run of exact pairs still in their old order
	anchors := longestIncreasing(exact, func(p pair) int { return p.entry })
	lo := pair{-1, -1}
	for k := 0; k <= len(anchors); k++ {
		hi := pair{len(pg.Blocks), len(active)}
		if k < len(anchors) {
			hi = exact[anchors[k]]
		}
		var bs []int
		for bi := lo.block + 1; bi < hi.block; bi++ {
			if ids[bi] == "" {
				bs = append(bs, bi)
			}
		}
		var es []*record
		for ei := lo.entry + 1; ei < hi.entry; ei++ {
			if r := active[ei]; !r.taken && r.known {
				es = append(es, r)
			}
		}
		pairs := pairGap(pg, bs, es)
		for i, j := range pairs {
			if j >= 0 {
				es[j].taken = true
				ids[bs[i]] = es[j].id
			}
		}
		parts(pg, bs, es, pairs, joined, split)
		lo = hi
	}
	return ids, joined, split
}

// parts finds, in one gap, the blocks split from a paired entry and the
// entries joined into a paired block (see Alignment).
func parts(pg Page, bs []int, es []*record, pairs []int, joined map[int][]string, split map[int]string) {
	pairedEntry := make([]bool, len(es))
	for _, j := range pairs {
		if j >= 0 {
			pairedEntry[j] = true
		}
	}
	for i, j := range pairs {
		if j < 0 {
			continue
		}
		text := pg.Blocks[bs[i]].Text
		// unpaired entries on either side of the paired one, while their
		// words stand in the block
		var before, after []string
		for k := j - 1; k >= 0 && !pairedEntry[k] && containment(es[k].text, text) >= PartThreshold; k-- {
			before = append([]string{es[k].id}, before...)
		}
		for k := j + 1; k < len(es) && !pairedEntry[k] && containment(es[k].text, text) >= PartThreshold; k++ {
			after = append(after, es[k].id)
		}
		if len(before)+len(after) > 0 {
			joined[bs[i]] = append(append(before, es[j].id), after...)
		}
		// unpaired blocks on either side, while their words stand in the
		// entry's old text
		for k := i - 1; k >= 0 && pairs[k] < 0 && containment(pg.Blocks[bs[k]].Text, es[j].text) >= PartThreshold; k-- {
			split[bs[k]] = es[j].id
		}
		for k := i + 1; k < len(pairs) && pairs[k] < 0 && containment(pg.Blocks[bs[k]].Text, es[j].text) >= PartThreshold; k++ {
			split[bs[k]] = es[j].id
		}
	}
}

// longestIncreasing returns the indexes, in order, of a longest run of ps
// whose keys increase (ps is sorted by block already).
func longestIncreasing[T any](ps []T, key func(T) int) []int {
	var tails []int // tails[k]: index in ps of the smallest tail of a run of length k+1
	prev := make([]int, len(ps))
	for i, p := range ps {
		k := sort.Search(len(tails), func(k int) bool { return key(ps[tails[k]]) >= key(p) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i-- {
		out[i] = k
		k = prev[k]
	}
	return out
}

// maxGapPairs bounds the pairs of texts compared in one gap; a larger gap
// (a page rewritten from top to bottom) compares each block only with the
// entries near its own place.
const maxGapPairs = 4096

// pairGap pairs the blocks bs with the entries es (both in page order),
// keeping the order, to the greatest total likeness, with no pair below
// PairThreshold. It returns, for each block, the index in es of its entry
// or -1.
func pairGap(pg Page, bs []int, es []*record) []int {
	out := make([]int, len(bs))
	for i := range out {
		out[i] = -1
	}
	n, m := len(bs), len(es)
	if n == 0 || m == 0 {
		return out
	}
	band := m // compare block i with entries near i·m/n
	if n*m > maxGapPairs {
		band = max(2, maxGapPairs/(2*n))
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, m)
		c := i * m / n
		for j := max(0, c-band); j < min(m, c+band+1); j++ {
			if s := Similarity(pg.Blocks[bs[i]].Text, es[j].text); s >= PairThreshold {
				sim[i][j] = s
			}
		}
	}
	// best[i][j]: the greatest total likeness pairing bs[i:] with es[j:]
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(best[i+1][j], best[i][j+1])
			if s := sim[i][j]; s > 0 && s+best[i+1][j+1] > v {
				v = s + best[i+1][j+1]
			}
			best[i][j] = v
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch s := sim[i][j]; {
		case s > 0 && best[i][j] == s+best[i+1][j+1]:
			out[i] = j
			i++
			j++
		case best[i][j] == best[i+1][j]:
			i++
		default:
			j++
		}
	}
	return out
}

// Words a paragraph ID leaves out, so that it keeps the words that say
// what the paragraph is about.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "in": true,
	"on": true, "at": true, "to": true, "for": true, "with": true, "by": true, "from": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "it": true, "its": true, "this": true, "that": true, "our": true,
	"we": true, "they": true, "their": true, "as": true, "s": true,
}

// How many words an ID keeps: a paragraph's first content words, all of a
// heading's up to a bound; Chinese keeps its first characters.
const (
	idWords         = 5
	maxHeadingWords = 8
	idHanChars      = 8
)

// A new entry is named from its block's own words: "page.first-words"
// for English ("clinical-services", "laboratory-pediatric-hematology-
// oncology-set"), the first Han characters for Chinese ("儿科病房探视须知"),
// with -2, -3… when the name is taken. It is made once; the entry keeps it
// whatever later happens to the text.
//
// idBase is the part of a new ID that the block's text gives.
func idBase(b Block) string {
	text := segment.StripPlaceholders(b.Text)
	base := slug(text, b.Kind != segment.Paragraph && b.Kind != segment.ListItem && b.Kind != segment.Cell)
	if b.Script != segment.Default {
		base = hanSlug(text)
	}
	if base == "" {
		sum := sha1.Sum([]byte(b.Text))
		base = strings.ReplaceAll(string(b.Kind), " ", "-") + "-" + hex.EncodeToString(sum[:4])
	}
	return base
}

// uniqueID is the ID page.base (given whole), numbered if another entry
// has it.
func uniqueID(id string, taken map[string]bool) string {
	if !taken[id] {
		return id
	}
	for n := 2; ; n++ {
		if next := id + "-" + strconv.Itoa(n); !taken[next] {
			return next
		}
	}
}

// slug makes an ID from ASCII words: all of a heading's words (up to a
// bound), the first content words of a paragraph.
func slug(text string, heading bool) string {
	limit := idWords
	if heading {
		limit = maxHeadingWords
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(text) && n < limit; {
		for i < len(text) && !isSlugByte(text[i]) {
			i++
		}
		j := i
		for j < len(text) && isSlugByte(text[j]) {
			j++
		}
		if j == i {
			break
		}
		w := strings.ToLower(text[i:j])
		i = j
		if !heading && stopWords[w] {
			continue
		}
		if n > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
		n++
	}
	return b.String()
}

func isSlugByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// hanSlug keeps the first Han characters of a Chinese text, up to the
// first punctuation after four of them ("联系电话：…" → "联系电话").
func hanSlug(text string) string {
	var b strings.Builder
	n := 0
	for _, r := range text {
		if !unicode.Is(unicode.Han, r) {
			if n >= 4 {
				break
			}
			continue
		}
		b.WriteRune(r)
		if n++; n == idHanChars {
			break
		}
	}
	return b.String()
}

// parallel calls f for 0 ≤ i < n on every core, each core a share of n.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/64+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				f(i)
			}
		})
	}
	wg.Wait()
}
