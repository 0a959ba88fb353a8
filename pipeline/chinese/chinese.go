// Package chinese knows the two scripts of written Chinese: which Han
// characters are written only in Simplified Chinese (发, 这, 医) and which
// only in Traditional Chinese (發, 這, 醫). Most characters (中, 心, 院) are
// written the same in both and say nothing about the script, and so are
// the characters Taiwan's or Hong Kong's standard writes where OpenCC's
// traditional forms differ (床, not 牀).
//
// The tables are generated from OpenCC's character dictionaries (Apache
// License 2.0) by gen.go. Chinese does not decide what language a block is
// in (package segment does, from these facts) and does not convert text.
package chinese

//go:generate go run gen.go

import "sync"

// Script is the script a run of Chinese text is written in.
type Script int

const (
	// Unknown: no character that is written only in one of the scripts.
	Unknown Script = iota
	// Simplified Chinese (zh-Hans).
	Simplified
	// Traditional Chinese (zh-Hant).
	Traditional
)

func (s Script) String() string {
	switch s {
	case Simplified:
		return "Hans"
	case Traditional:
		return "Hant"
	}
	return "unknown"
}

// The sets are bitmaps over the basic and extension-A Han blocks, where
// nearly all of them lie, and a map for the rest.
const bmpFirst, bmpLast = 0x3400, 0x9fff

type runeSet struct {
	bits  [(bmpLast - bmpFirst + 1 + 63) / 64]uint64
	other map[rune]bool
}

func (s *runeSet) has(r rune) bool {
	if r >= bmpFirst && r <= bmpLast {
		i := r - bmpFirst
		return s.bits[i/64]&(1<<(i%64)) != 0
	}
	return s.other[r]
}

func newSet(chars string) *runeSet {
	s := &runeSet{other: map[rune]bool{}}
	for _, r := range chars {
		if r >= bmpFirst && r <= bmpLast {
			i := r - bmpFirst
			s.bits[i/64] |= 1 << (i % 64)
		} else {
			s.other[r] = true
		}
	}
	return s
}

var sets = sync.OnceValues(func() (*runeSet, *runeSet) {
	return newSet(simplifiedOnly), newSet(traditionalOnly)
})

// Of returns the script that r is written only in, or Unknown for a
// character common to both scripts or not Han at all.
func Of(r rune) Script {
	if r < bmpFirst {
		return Unknown
	}
	s, t := sets()
	switch {
	case s.has(r):
		return Simplified
	case t.has(r):
		return Traditional
	}
	return Unknown
}
