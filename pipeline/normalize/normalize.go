// Package normalize repairs garbled Chinese–English web text and flags what
// it cannot repair exactly.
//
// Every rule is a value (see Rules and the rule table): an ID, its family,
// a one-line doc, the trigger that says when a block can give it work, and
// the pass that does the work. A rule either fixes text, recording a Fix
// with the text before and after, or flags a passage for a person,
// recording a Flag with a reason. The families run in this order, which
// matters:
//
//   - encoding: mojibake first, since any other rule would act on
//     characters that are not the text's. UTF-8 read as a single-byte code
//     page or as GBK, GBK read as Latin-1 (also through a UTF-8 fallback),
//     Latin-1 read as GB18030, Windows-1252 bullets read as Big5, C1
//     controls. A run is decoded whole or not at all; a run that is
//     mojibake but cannot be decoded exactly is flagged and left byte for
//     byte, and no later rule may touch it. While the encoding rules change
//     a block, the other families wait for the next round.
//   - markers: anti-XSS filter markers (<x>, &lt;x&gt;, -x-) removed only
//     where the letters around them spell a filter keyword (and, for -x-,
//     make a known word), never where the repair would make a live script,
//     handler or scheme: character references, quoted attributes and tags
//     across lines are read before that is decided, and in doubt the
//     marker is flagged and left.
//   - invisible: zero-width characters, controls, NFC.
//   - width: full-width letters, digits and punctuation inside English;
//     ASCII punctuation inside Chinese (not Korean or Japanese).
//   - spacing: line breaks, blank lines, runs of spaces, the space around
//     punctuation and between Chinese and Latin text.
//   - glossary, grammar and mt: the word rules, which read the block's
//     words: corrections, closed-list agreement, and the flags for machine
//     translation, number garbage and misspelt medical terms.
//
// The text is worked on block by block (a block ends at a blank line). One
// scan of a block computes its triggers and finds its words, so a clean
// block runs only the word rules and allocates nothing; a trigger only
// saves work, and forcing every trigger on gives the same result. A rule
// that must know about the text around a position asks the block index,
// built by one walk over the block: line starts, code spans (backticks,
// $…$ formulas, URLs, e-mail addresses, paths, regular expressions, dotted
// and called identifiers), clauses with the letters of each script in them
// (Han, Hangul, kana, Latin, Cyrillic). Nothing looks back from each
// position it judges, so the work is linear in the text however long its
// lines are. A block settles in rounds: a later pass can make work for an
// earlier one, so the passes run again until a round changes nothing.
//
// An offset map carries every position back to the original input, so a
// Fix or Flag points at the line and column the user sees in the file.
//
// Normalize does not decode bytes (that is package source), does not
// segment pages for the catalogues (package segment) and never rewrites a
// passage it can only suspect: a raw machine-translated paragraph is
// flagged, not edited.
package normalize

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"xlate/pipeline/source"
)

// Fix is one repair, positioned in the original input.
type Fix struct {
	Rule   string
	Offset int // byte offset in the original input
	Line   int
	Col    int
	Before string
	After  string
}

// Flag is a passage sent to a person, positioned in the original input.
type Flag struct {
	Rule    string
	Offset  int
	End     int // byte offset in the original input where the passage ends
	Line    int
	Col     int
	Excerpt string
	Reason  string
}

// Result is the clean text with what was done to it.
type Result struct {
	Text  string
	Fixes []Fix
	Flags []Flag
	m     *resultMap
}

// Original maps a byte offset of the clean text to the original input.
func (r *Result) Original(off int) int {
	if r.m == nil {
		return off
	}
	return r.m.start(off)
}

// Normalizer holds what a run needs besides the text: the corrections
// glossary. The zero Normalizer runs every rule with an empty glossary.
type Normalizer struct {
	Glossary *Glossary
	// Families, when not empty, limits the run to the rules of these
	// families (see Families and Rules).
	Families []string
	// allTriggers runs every pass on every block, as if every trigger
	// fired: the tests hold that this changes nothing.
	allTriggers bool
}

// families returns the families that run, a bit each.
func (n *Normalizer) families() uint16 {
	if len(n.Families) == 0 {
		return 1<<numFamilies - 1
	}
	var on uint16
	for _, f := range n.Families {
		for i, name := range familyNames {
			if f == name {
				on |= 1 << i
			}
		}
	}
	return on
}

// state is what one pass sees and produces.
type state struct {
	text  string
	n     *Normalizer
	ctx   *blockCtx
	edits []edit
	flags []flagAt
	// moot is set when the round has already changed the text, so that
	// another round follows and its flags, not these, are kept: a rule
	// that only flags need not run.
	moot bool
}

// flagAt is a flag in the coordinates of the text a pass saw.
type flagAt struct {
	rule       RuleID
	start, end int
	reason     string
}

func (s *state) fix(start, end int, repl string, rule RuleID) {
	s.edits = append(s.edits, edit{start: start, end: end, repl: repl, rule: rule})
}

func (s *state) flag(start, end int, rule RuleID, reason string) {
	s.flags = append(s.flags, flagAt{rule: rule, start: start, end: end, reason: reason})
}

// words returns the ASCII words of the text. The scan at the start of a
// round finds them; a pass after a layered pass changed the text mid-round
// scans again.
func (s *state) words() []wordInfo {
	c := s.ctx
	if c.scan.text != s.text {
		c.scan.scan(s.text)
	}
	return c.scan.words
}

// blockCtx holds what the passes over one block reuse, so that a block
// without damage allocates nothing.
type blockCtx struct {
	scan wordScan
	st   state
	// fams has a bit for each family that runs; on says the same for the
	// passes that serve several (the word rules; the GBK analysis, which
	// repairs for encoding and finds CJK filler for mt).
	fams    uint16
	on      struct{ encoding, glossary, markers, grammar, mt bool }
	segs    [][2]int // scratch of the UTF-8 mojibake rule
	sb      sbScratch
	fb      fallbackScratch
	passes  []*pass // the passes of the families that are on
	need    trigger // what any of them needs
	always  trigger // triggers every block has, whatever its text
	pending []edit
	textLen int // of the laid-out text
	idx     blockIndex
	// protect holds the stretches of the round's text that the encoding
	// rules flagged as mojibake they cannot decode: no other rule may
	// touch them.
	protect []edit
	// work counts the bytes the passes and the index examine, so that a
	// test can hold the work linear in the text without timing it.
	work int
	// typos is kept from run to run (see typoMemo)
	typos typoMemo
	// texts, maps and spans hold the texts and offset maps of the blocks
	// that change (see slab).
	texts slab[byte]
	maps  slab[offsetMap]
	spans slab[span]
}

// runs reports whether rule id's family runs.
func (c *blockCtx) runs(id RuleID) bool { return c.fams&(1<<ruleTable[id].family) != 0 }

// maxRounds bounds the rounds of passes. A later pass can make work for an
// earlier one (removing a space can complete a filter marker), and edits
// that touch wait a round, so the passes run again until a round changes
// nothing. Real text settles in two or three rounds; a chain of repairs
// that each make the next (a control character inside GBK mojibake of
// full-width punctuation) takes more, and the bound keeps hostile input
// from looping.
const maxRounds = 8

// Normalize repairs text and returns the result. It never fails: what it
// cannot repair it flags. Running it again on its own output changes
// nothing.
//
// The layout passes run on the whole text; then each block (a paragraph,
// ended by a blank line) runs the other passes on its own, and only the
// passes its triggers call for. A block settles in rounds: a later pass can
// make work for an earlier one (removing a space can complete a filter
// marker), so the passes run again until a round changes nothing; real text
// settles in two, and maxRounds keeps hostile input from looping.
func (n *Normalizer) Normalize(text string) Result {
	loadTables()
	ctx := contexts.Get().(*blockCtx)
	res := n.normalizeWith(text, ctx)
	// cleared whole, so no run sees what another left: only the memory
	// of the context's fixed arrays (some 40 KB) is used again, and the
	// typo answers, which depend on the word alone
	*ctx = blockCtx{typos: ctx.typos}
	contexts.Put(ctx)
	return res
}

// contexts holds block contexts for use again: a page's context is large
// enough that making one a page was a tenth of a site build's garbage.
var contexts = sync.Pool{New: func() any { return new(blockCtx) }}

// normalizeWith is Normalize with the context the blocks share, which a
// test reads after the run.
func (n *Normalizer) normalizeWith(text string, ctx *blockCtx) Result {
	if n == nil {
		n = &Normalizer{}
	}
	var res Result
	cur := text
	layout := &offsetMap{}
	ctx.fams = n.families()
	for _, p := range layoutPasses {
		if p.families&ctx.fams == 0 {
			continue
		}
		s := &state{text: cur, n: n, ctx: ctx}
		p.run(s)
		s.edits = ctx.keep(s.edits)
		if len(s.edits) > 0 {
			cur = ctx.apply(cur, s.edits, layout, &res.Fixes, identity)
		}
	}
	m := &resultMap{layout: layout}
	ctx.textLen = len(cur)
	for _, p := range passes {
		if p.families&ctx.fams != 0 {
			ctx.passes = append(ctx.passes, p)
			ctx.need |= p.need
		}
	}
	on := func(f family) bool { return ctx.fams&(1<<f) != 0 }
	ctx.on.encoding, ctx.on.glossary, ctx.on.markers = on(famEncoding), on(famGlossary), on(famMarkers)
	ctx.on.grammar, ctx.on.mt = on(famGrammar), on(famMT)
	ctx.scan.scoreMT = ctx.on.mt
	if g := n.Glossary; ctx.on.glossary && g.Len() > 0 {
		if g.slow {
			ctx.always = trigSlowGlossary
		} else {
			ctx.scan.glossary = g
		}
	}
	var out strings.Builder
	changed := cur != text
	untidy := false // a changed block left blank lines to tidy
	blockEnd := 0   // end of the paragraph the blocks are cut from
	copied := 0     // how much of cur the clean text holds, once a block changed
	for from := 0; from < len(cur); {
		if from >= blockEnd {
			blockEnd = paragraphEnd(cur, from)
		}
		to := blockEnd
		if blockEnd-from > hugeBlock {
			to = sentenceCut(cur, from, blockEnd, &ctx.work)
		}
		block := cur[from:to]
		clean, bm := n.normalizeBlock(block, from, layout, ctx, &res)
		if bm != nil {
			if !changed {
				changed = true
				out.Grow(len(cur) + len(cur)/16)
			}
			// The blocks that did not change since the last that did
			// are copied in one piece.
			out.WriteString(cur[copied:from])
			m.blocks = append(m.blocks, blockSpan{out: out.Len(), in: from, outEnd: out.Len() + len(clean), inEnd: to, m: bm})
			untidy = untidy || needsTidy(clean)
			out.WriteString(clean)
			copied = to
		}
		from = to
	}
	res.Text = text
	res.m = m
	if changed {
		out.WriteString(cur[copied:])
		res.Text = out.String()
		// A block can empty a line (a line of control characters), which
		// leaves blank lines the layout passes did not see: tidy them.
		if untidy && on(famSpacing) {
			s := &state{text: res.Text, n: n, ctx: ctx}
			blankLinesPass(s)
			s.edits = ctx.keep(s.edits)
			if len(s.edits) > 0 {
				m.post = &offsetMap{}
				res.Text = ctx.apply(res.Text, s.edits, m.post, &res.Fixes, m.startBlocks)
			}
		}
	}
	byOffset := func(a, b Fix) int { return cmp.Compare(a.Offset, b.Offset) }
	if !slices.IsSortedFunc(res.Fixes, byOffset) {
		slices.SortStableFunc(res.Fixes, byOffset)
	}
	slices.SortStableFunc(res.Flags, func(a, b Flag) int { return cmp.Compare(a.Offset, b.Offset) })
	if len(res.Fixes)+len(res.Flags) > 0 {
		// Fixes and flags are each in order of offset: one walk over
		// the text, taking the nearer of the two next, positions both.
		c := source.NewCursor(text)
		fx, fl := res.Fixes, res.Flags
		for len(fx) > 0 || len(fl) > 0 {
			if len(fl) == 0 || len(fx) > 0 && fx[0].Offset <= fl[0].Offset {
				fx[0].Line, fx[0].Col = c.Position(fx[0].Offset)
				fx = fx[1:]
			} else {
				fl[0].Line, fl[0].Col = c.Position(fl[0].Offset)
				fl = fl[1:]
			}
		}
	}
	return res
}

// paragraphEnd returns where the paragraph that starts at from ends: after
// the first blank line (two line breaks), or at the end of t. The line
// breaks are found with the vector search for one byte; in prose the first
// is nearly always the paragraph's end, and the search for two bytes
// would pay its setup for every paragraph.
func paragraphEnd(t string, from int) int {
	for i := from; ; {
		k := strings.IndexByte(t[i:], '\n')
		if k < 0 {
			return len(t)
		}
		i += k + 1
		if i < len(t) && t[i] == '\n' {
			return i + 1
		}
	}
}

// hugeBlock is the length from which a paragraph is worked on sentence by
// sentence. A block settles in rounds, and each round reads all of it: a
// page that arrives as one line of megabytes would be read whole in every
// round for damage in a few sentences. Real paragraphs are far shorter.
const hugeBlock = 64 << 10

// sentenceCut returns where the block that starts at from ends inside the
// paragraph t[from:end]: right after the first Chinese sentence end (。！？)
// that stands between two common Han characters, with no markup, code or
// formula since from. No rule looks
// across such a point: clauses end there and the clause of the mark holds
// Chinese either way, no space or word or tag spans it, and no mojibake
// run goes on over a real full stop. Without one, the block is the rest of
// the paragraph.
func sentenceCut(t string, from, end int, work *int) int {
	for i := from; i+3 < end; i++ {
		*work++
		switch c := t[i]; {
		case c == '<' || c == '&' || c == '`' || c == '$':
			return end
		case c != 0xe3 && c != 0xef:
			continue
		}
		mark := t[i:min(i+3, end)]
		if mark != "。" && mark != "！" && mark != "？" {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(t[from:i])
		next, _ := utf8.DecodeRuneInString(t[i+3 : end])
		if source.IsCommonHan(prev) && source.IsCommonHan(next) {
			return i + 3
		}
	}
	return end
}

// normalizeBlock runs the block passes on block, which starts at offset
// from of the laid-out text. It returns the clean block and, when it
// changed, the map from the clean block back to block (nil when it did
// not). Fixes and flags go to res with offsets in the original input.
func (n *Normalizer) normalizeBlock(block string, from int, layout *offsetMap, ctx *blockCtx, res *Result) (string, *offsetMap) {
	var bm *offsetMap
	cur := block
	toOrig := func(off int, end bool) int {
		if bm != nil {
			if end {
				off = bm.end(off)
			} else {
				off = bm.start(off)
			}
		}
		if end {
			return layout.end(from + off)
		}
		return layout.start(from + off)
	}
	// flush applies the pending edits to cur and records them as fixes.
	pending := ctx.pending[:0]
	first := len(res.Fixes) // where this block's fixes begin
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if bm == nil {
			bm = ctx.maps.one()
		}
		ctx.reserveFixes(res, len(pending), from+len(block))
		cur = ctx.apply(cur, pending, bm, &res.Fixes, func(off int) int { return layout.start(from + off) })
		pending = pending[:0]
	}
	var flags []Flag
	for round := 0; round < maxRounds; round++ {
		changed := false
		flags = flags[:0] // flags come from the last round, on the final text
		tr := ctx.scan.scan(cur) | ctx.always
		ctx.work += len(cur)
		if n.allTriggers {
			tr = ^trigger(0)
		}
		if tr&ctx.need == 0 {
			break // a clean block: no pass has work
		}
		ctx.protect = ctx.protect[:0]
		decoded := false // the encoding rules changed the text this round
		for _, p := range ctx.passes {
			if tr&p.need == 0 {
				continue
			}
			if decoded && p.families&(1<<famEncoding) == 0 {
				// The other families wait for the decoded text: they
				// would act on characters that are not the text's.
				continue
			}
			if p.layers > 1 {
				flush() // a layered pass works on the text as it stands
			}
			for layer := 0; layer < p.layers; layer++ {
				s := &ctx.st
				*s = state{text: cur, n: n, ctx: ctx, edits: s.edits[:0], flags: s.flags[:0], moot: changed && round < maxRounds-1}
				p.run(s)
				ctx.work += len(cur)
				// Bytes an earlier pass judged to be mojibake that no rule
				// can decode are left for a person, byte for byte.
				s.edits = ctx.keep(s.edits)
				if len(ctx.protect) > 0 {
					s.edits = ctx.unprotected(s.edits)
				}
				for _, f := range s.flags {
					if !ctx.runs(f.rule) {
						continue
					}
					if ruleTable[f.rule].family == famEncoding {
						ctx.protect = append(ctx.protect, edit{start: f.start, end: f.end})
					}
					flags = append(flags, Flag{Rule: f.rule.String(), Excerpt: excerpt(cur[f.start:f.end]),
						Offset: toOrig(f.start, false), End: toOrig(f.end, true), Reason: f.reason})
				}
				if len(s.edits) == 0 {
					break
				}
				changed = true
				if p.families == 1<<famEncoding {
					decoded = true
				}
				// The passes of a round all read the round's text and
				// their edits are made together; an edit that collides
				// with an earlier pass's waits for the next round, which
				// the change guarantees.
				earlier := len(pending) // a pass's own edits never collide
				sortEdits(pending)
				sortEdits(s.edits)
				k := 0
				for _, e := range s.edits {
					// Both lists are in order and the earlier edits do
					// not overlap, so their ends are in order too.
					for k < earlier && pending[k].end < e.start {
						k++
					}
					if k == earlier || pending[k].start > e.end {
						pending = append(pending, e)
					}
				}
				if p.layers > 1 {
					flush()
				}
			}
		}
		flush()
		if !changed {
			break
		}
	}
	ctx.pending = pending
	if len(flags) > 0 {
		res.Flags = append(res.Flags, flags...)
	}
	if len(res.Fixes) > first+1 {
		sortFixes(res.Fixes[first:]) // the rounds' fixes, in order of offset
	}
	return cur, bm
}

// reserveFixes makes room in the result for n more fixes; done is how
// much of the laid-out text the blocks so far cover. The slice is sized for
// the whole text at the density of damage seen so far, with a quarter to
// spare, and at least doubles when that runs out, so that a long page's
// thousands of fixes are neither copied over and over nor given megabytes
// they do not use.
func (c *blockCtx) reserveFixes(res *Result, n, done int) {
	if have := len(res.Fixes) + n; cap(res.Fixes) < have {
		expect := int(float64(have) * float64(c.textLen) / float64(max(done, 1)) * 1.25)
		grown := make([]Fix, len(res.Fixes), max(2*cap(res.Fixes), expect, have+16))
		copy(grown, res.Fixes)
		res.Fixes = grown
	}
}

// keep drops from edits those of rules whose family does not run: a pass
// that serves several families may make them all.
func (c *blockCtx) keep(edits []edit) []edit {
	k := edits[:0]
	for _, e := range edits {
		if c.runs(e.rule) {
			k = append(k, e)
		}
	}
	return k
}

// unprotected drops the edits that overlap or touch a protected stretch.
func (c *blockCtx) unprotected(edits []edit) []edit {
	sortEdits(c.protect)
	sortEdits(edits)
	k, j := edits[:0], 0
	for _, e := range edits {
		for j < len(c.protect) && c.protect[j].end < e.start {
			j++
		}
		// protected stretches may overlap: any one that starts at or
		// before the edit's end and has not ended before it touches it
		hit := false
		for q := j; q < len(c.protect) && c.protect[q].start <= e.end; q++ {
			if c.protect[q].end >= e.start {
				hit = true
				break
			}
		}
		if !hit {
			k = append(k, e)
		}
	}
	return k
}

// needsTidy reports whether a changed block may have left blank lines for
// the layout rules: it is empty, or one of its lines (before the blank
// line that ends it) holds nothing but blanks.
func needsTidy(block string) bool {
	body := strings.TrimSuffix(block, "\n\n")
	for l := range lines(body) {
		if strings.TrimLeft(body[l[0]:l[1]], " \t") == "" {
			return true
		}
	}
	return body == "" || strings.HasSuffix(body, "\n")
}

// apply makes the edits of one pass to cur, records them as fixes with
// their offset mapped back through m (before m moves on) and then through
// outer (the maps that stand before m), and moves m on. The new text and
// the map's spans come from the context's slabs.
func (c *blockCtx) apply(cur string, edits []edit, m *offsetMap, fixes *[]Fix, outer func(int) int) string {
	sortEdits(edits)
	grow := 0
	for _, e := range edits {
		grow += len(e.repl)
	}
	b := c.texts.take(len(cur) + grow)
	last := 0
	for _, e := range edits {
		b = append(b, cur[last:e.start]...)
		b = append(b, e.repl...)
		last = e.end
		*fixes = append(*fixes, Fix{Rule: e.rule.String(), Offset: outer(m.start(e.start)), Before: cur[e.start:e.end], After: e.repl})
	}
	b = append(b, cur[last:]...)
	m.apply(edits, &c.spans)
	return slabString(b)
}

func identity(off int) int { return off }

// sortEdits and sortFixes sort stably by offset. A block's edits and fixes
// are a few sorted runs, one per pass or round: insertion sort does them in
// a pass or two, with the comparison inline. Many go to the general sort,
// so hostile input cannot make it quadratic.
func sortEdits(s []edit) {
	if len(s) > 32 {
		slices.SortStableFunc(s, func(a, b edit) int { return cmp.Compare(a.start, b.start) })
		return
	}
	for i := 1; i < len(s); i++ {
		if s[i].start < s[i-1].start {
			v, j := s[i], i
			for ; j > 0 && s[j-1].start > v.start; j-- {
				s[j] = s[j-1]
			}
			s[j] = v
		}
	}
}

func sortFixes(s []Fix) {
	if len(s) > 32 {
		slices.SortStableFunc(s, func(a, b Fix) int { return cmp.Compare(a.Offset, b.Offset) })
		return
	}
	for i := 1; i < len(s); i++ {
		if s[i].Offset < s[i-1].Offset {
			v, j := s[i], i
			for ; j > 0 && s[j-1].Offset > v.Offset; j-- {
				s[j] = s[j-1]
			}
			s[j] = v
		}
	}
}

// resultMap maps offsets of the clean text back to the original input:
// through the map of the block an offset falls in, then the layout map.
type resultMap struct {
	layout *offsetMap
	blocks []blockSpan // in order of out; nil when no block changed
	post   *offsetMap  // the tidying after the blocks, or nil
}

// blockSpan says that the clean text out:outEnd is the block in:inEnd of
// the laid-out text, cleaned with map m. Only changed blocks have a span;
// the text between spans is unchanged and maps by the shift of the span
// before it.
type blockSpan struct {
	out, in, outEnd, inEnd int
	m                      *offsetMap
}

func (rm *resultMap) start(off int) int {
	if rm.post != nil {
		off = rm.post.start(off)
	}
	return rm.startBlocks(off)
}

// startBlocks maps an offset of the text the blocks made.
func (rm *resultMap) startBlocks(off int) int {
	if len(rm.blocks) == 0 {
		return rm.layout.start(off)
	}
	i := sort.Search(len(rm.blocks), func(i int) bool { return rm.blocks[i].out > off }) - 1
	if i < 0 {
		return rm.layout.start(off) // before the first changed block
	}
	b := rm.blocks[i]
	if off >= b.outEnd {
		return rm.layout.start(b.inEnd + off - b.outEnd)
	}
	return rm.layout.start(b.in + b.m.start(off-b.out))
}

// excerpt shortens a flagged passage for display: the first 80 characters.
func excerpt(s string) string {
	if len(s) <= 80 && isTidy(s) {
		return s // most flags are a word or a phrase: no copy
	}
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= 80 {
		return s
	}
	return string(r[:79]) + "…"
}

// isTidy reports whether s is ASCII with single spaces between its words
// and none at either end, so that excerpt would return it as it is.
func isTidy(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}
