package normalize

import (
	"encoding/binary"
	"strings"
	"unsafe"
)

// The word rules (grammar, machine translation, typos, deletions, the
// glossary) look every ASCII word of a text up in word lists. A block's
// words are found once, each packed into a lower-case key and looked up
// once in one table that holds every list as a bit; the rules then read
// the bits. That keeps the word rules at a few nanoseconds a word.

// wkey is a lower-case ASCII word of up to 24 bytes packed into integers.
type wkey struct {
	w [3]uint64
	n uint8
}

const maxKeyLen = 24

// packKey packs t[start:end] in lower case; ok is false for longer words,
// which are in no list.
func packKey(t string, start, end int) (k wkey, ok bool) {
	n := end - start
	if n > maxKeyLen || n <= 0 {
		return k, false
	}
	k.n = uint8(n)
	const fold = 0x2020202020202020
	switch {
	case n <= 8 && start+8 <= len(t):
		k.w[0] = packShort(t, start, n)
		return k, true
	case start+maxKeyLen <= len(t):
		k.w[0] = load64(t, start) | fold
		if n < 16 {
			k.w[1] = (load64(t, start+8) | fold) & (1<<(8*(n-8)) - 1)
			return k, true
		}
		k.w[1] = load64(t, start+8) | fold
		k.w[2] = (load64(t, start+16) | fold) & (^uint64(0) >> (64 - 8*uint(n-16)))
		return k, true
	}
	for i := 0; i < n; i++ {
		k.w[i>>3] |= uint64(t[start+i]|0x20) << (8 * (i & 7))
	}
	return k, true
}

// packShort packs the word of n letters (1 to 8) at start with one load,
// folded to lower case and cut to its length; start+8 <= len(t).
func packShort(t string, start, n int) uint64 {
	// The shift is masked, though 64-8n is never 64: a shift the
	// compiler cannot bound costs a compare and a mask for the case of
	// 64 or more, on the scan's path for every word.
	return (load64(t, start) | 0x2020202020202020) & (^uint64(0) >> ((64 - 8*uint(n)) & 63))
}

// packTail is packShort for a word that may end less than eight bytes
// before the end of t, which is at least eight bytes long: the last word
// of every block is one. Near the end it loads the last eight bytes of t
// and shifts the word down to the low bytes, where packKey would pack it
// byte by byte; the load's place is chosen without a branch.
func packTail(t string, start, n int) uint64 {
	at := min(start, len(t)-8)
	v := load64(t, at) >> ((8 * uint(start-at)) & 63)
	return (v | 0x2020202020202020) & (^uint64(0) >> ((64 - 8*uint(n)) & 63))
}

func (k *wkey) hash() uint64 {
	h := (k.w[0] ^ uint64(k.n)<<59) * 0x9e3779b97f4a7c15
	if k.n > 8 {
		h ^= k.w[1]*0xc2b2ae3d27d4eb4f ^ k.w[2]*0x165667b19e3779f9
	}
	return h ^ h>>31
}

// wordTable is an open-addressing hash table from word keys to bits. A bit
// filter in front of it answers most lookups of longer words in no list
// without touching the table; a short word's slot is as quick to read as
// the filter (see getShort), and the scan reads it directly.
type wordTable struct {
	slots  []wslot
	mask   uint64
	filter [1 << 10]uint64 // 64K bits, by the top 16 bits of the hash
	// The words of up to eight letters, most of the lookups (function
	// words), are held apart: shortKeys has the packed word of each slot
	// (0 for none; a packed word has as many bytes that are not zero as
	// it has letters, so it tells its length too) and shortBits its bits.
	// A probe reads eight bytes of a small array that stays in the L1
	// cache.
	shortKeys []uint64
	shortBits []uint32
	shortMask uint64
}

type wslot struct {
	key  wkey
	bits uint32
}

func newWordTable(capacity int) *wordTable {
	size := 64
	for size < 2*capacity {
		size *= 2
	}
	return &wordTable{slots: make([]wslot, size), mask: uint64(size - 1),
		shortKeys: make([]uint64, size), shortBits: make([]uint32, size), shortMask: uint64(size - 1)}
}

// add sets bits for word (any case).
func (t *wordTable) add(word string, bits uint32) {
	k, ok := packKey(word, 0, len(word))
	if !ok {
		return
	}
	h := k.hash()
	t.filter[h>>54] |= 1 << (h >> 48 & 63)
	if k.n <= 8 {
		for i := h & t.shortMask; ; i = (i + 1) & t.shortMask {
			switch t.shortKeys[i] {
			case 0:
				t.shortKeys[i], t.shortBits[i] = k.w[0], bits
				return
			case k.w[0]:
				t.shortBits[i] |= bits
				return
			}
		}
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key.n == 0 {
			s.key, s.bits = k, bits
			return
		}
		if s.key == k {
			s.bits |= bits
			return
		}
	}
}

// get returns the bits of key k, 0 when it is in no list.
func (t *wordTable) get(k *wkey) uint32 { return t.getHashed(k, k.hash()) }

// getHashed is get for a key whose hash h is known.
func (t *wordTable) getHashed(k *wkey, h uint64) uint32 {
	if !t.mayHold(h) {
		return 0
	}
	if k.n <= 8 {
		return t.getShort(k.w[0], h)
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == *k {
			return s.bits
		}
		if s.key.n == 0 {
			return 0
		}
	}
}

// getShort looks up a word of up to eight letters, packed in w, whose key
// hashes to h.
func (t *wordTable) getShort(w uint64, h uint64) uint32 {
	for i := h & t.shortMask; ; i = (i + 1) & t.shortMask {
		switch t.shortKeys[i] {
		case w:
			return t.shortBits[i]
		case 0:
			return 0
		}
	}
}

// shortSlots is the size of wordLists's table of short words, a constant
// so that the scan's probe (lookupShort) indexes arrays at a fixed address
// with a constant mask: it loads the slot and nothing else, where getShort
// loads the table's address, the arrays' addresses and lengths and the
// mask first, and checks the index against each length.
const shortSlots = 1 << 11

// listShortKeys and listShortBits are wordLists's shortKeys and shortBits.
var (
	listShortKeys [shortSlots]uint64
	listShortBits [shortSlots]uint32
)

// lookupShort is wordLists.getShort for the scan.
func lookupShort(w uint64, h uint64) uint32 {
	for i := h; ; i++ {
		switch listShortKeys[i%shortSlots] {
		case w:
			return listShortBits[i%shortSlots]
		case 0:
			return 0
		}
	}
}

// mayHold reports whether a key with hash h may be in the table; false is
// certain.
func (t *wordTable) mayHold(h uint64) bool { return t.filter[h>>54]&(1<<(h>>48&63)) != 0 }

// The lists of the shared table.
const (
	lexFunction uint32 = 1 << iota
	lexDeterminer
	lexAuxiliary
	lexModal
	lexPluralSubject
	lexSingularVerb
	lexYouVerb
	lexSingularNoun
	lexPluralQuantifier
	lexPerfectAux
	lexIrregular
	lexDeletion
	lexOf
	lexTermEnd
)

// The words that cannot follow an auxiliary or a modal have the bit of
// that list moved up by pairShift, so that one shift and mask tell whether
// two words make a pair English rules out (see scanWords).
const (
	pairShift  = 20
	lexHasDoes = lexAuxiliary << pairShift  // follows no auxiliary: "does has"
	lexIsWas   = lexModal << pairShift      // follows no modal: "can is"
	lexBare    = lexPerfectAux << pairShift // follows no form of be or have: "is adhere"
)

// wordLists is the shared table of the word lists, built by loadTables.
var wordLists *wordTable

func makeWordLists() *wordTable {
	// Most words a page has are in no list, and a miss probes until an
	// empty slot: the table is kept an eighth full.
	t := newWordTable(2 * (len(functionWords) + len(singularVerbs) + len(irregularVerbs) + len(deletionFragments) + len(baseVerbs) + len(phrasesByLast) + 64))
	// The short words go to the fixed arrays the scan reads. A table
	// larger than newWordTable's is only emptier; a smaller one would
	// fill up as the lists grow, and the probes with it.
	if len(t.shortKeys) > shortSlots {
		panic("normalize: the word lists have outgrown shortSlots")
	}
	t.shortKeys, t.shortBits, t.shortMask = listShortKeys[:], listShortBits[:], shortSlots-1
	addKeys(t, functionWords, lexFunction)
	addKeys(t, determiners, lexDeterminer)
	addKeys(t, auxiliaries, lexAuxiliary)
	addKeys(t, modals, lexModal)
	addKeys(t, pluralSubjects, lexPluralSubject)
	addKeys(t, singularVerbs, lexSingularVerb)
	addKeys(t, youVerbs, lexYouVerb)
	addKeys(t, singularNouns, lexSingularNoun)
	addKeys(t, pluralQuantifiers, lexPluralQuantifier)
	addKeys(t, perfectAuxiliaries, lexPerfectAux)
	addKeys(t, irregularVerbs, lexIrregular)
	addKeys(t, deletionFragments, lexDeletion)
	t.add("of", lexOf)
	addKeys(t, phrasesByLast, lexTermEnd)
	addKeys(t, set("has does"), lexHasDoes)
	addKeys(t, set("is was"), lexIsWas)
	addKeys(t, baseVerbs, lexBare)
	return t
}

// addKeys sets bits for every word that is a key of m.
func addKeys[V any](t *wordTable, m map[string]V, bits uint32) {
	for w := range m {
		t.add(w, bits)
	}
}

// prefix4 packs the first four letters of a lower-case key.
func (k *wkey) prefix4() uint32 { return uint32(k.w[0]) }

// wordInfo is a word of a block with its list bits, kept small: the word
// rules walk a block's words several times.
type wordInfo struct {
	start, end int
	hash       uint64 // of the packed key, for lookups in other tables
	bits       uint32
	joined     bool // only spaces stand between it and the word before
	long       bool // longer than maxKeyLen: in no list
}

// key packs the word again, for a lookup in another table.
func (w *wordInfo) key(t string) wkey {
	k, _ := packKey(t, w.start, w.end)
	return k
}

// lower returns the word in lower case, viewing buf; the caller must not
// keep it.
func (w *wordInfo) lower(t string, buf *[maxKeyLen]byte) string {
	s := t[w.start:w.end]
	if w.long {
		return strings.ToLower(s)
	}
	for i := 0; i < len(s); i++ {
		buf[i] = s[i] | 0x20
	}
	return unsafe.String(&buf[0], len(s))
}

// letterByte marks the ASCII letters, for the tokenizer's inner loop.
var letterByte = func() (b [256]bool) {
	for c := 0; c < 256; c++ {
		b[c] = isLetter(byte(c)) && c < 0x80
	}
	return b
}()

// letterMask sets the high bit of each byte of v that is an ASCII letter.
// Folding case with |0x20 sends only A–Z into a–z, so a letter is a folded
// byte from 0x61 to 0x7a whose own high bit is clear.
func letterMask(v uint64) uint64 {
	const ones = 0x0101010101010101
	x := (v | 0x20*ones) & (0x7f * ones) // no carries between bytes below
	ge := x + (0x80-0x61)*ones           // high bit set when x >= 0x61
	gt := x + (0x80-0x7b)*ones           // high bit set when x >= 0x7b
	return ge &^ gt &^ v & (0x80 * ones)
}

// load64 reads eight bytes of t at i, little-endian; i+8 <= len(t).
func load64(t string, i int) uint64 {
	// No bounds check: the callers have checked i+8 <= len(t), and the
	// scan calls this for every word.
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(t)), i))[:])
}

func onlySpaces(t string, from, to int) bool {
	for i := from; i < to; i++ {
		if t[i] != ' ' {
			return false
		}
	}
	return true
}
