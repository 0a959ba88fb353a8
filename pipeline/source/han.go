package source

import (
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The common Han characters are those of the first levels of the two
// national character sets: GB 2312 level 1 (3,755 characters chosen by
// frequency; running Simplified Chinese text is 99.7% these) and Big5
// level 1 (5,401 characters in common use in Traditional Chinese). A text
// that is mostly other Han characters is either rare literature or, far
// more often on the web, mojibake.
const hanFirst, hanLast = 0x4e00, 0x9fff

var commonHan struct {
	once sync.Once
	set  HanSet
}

// HanSet is a set of Han characters of the basic block.
type HanSet struct {
	bits [(hanLast - hanFirst + 1 + 63) / 64]uint64
}

// Has reports whether r is in the set.
func (s *HanSet) Has(r rune) bool {
	if r < hanFirst || r > hanLast {
		return false
	}
	i := r - hanFirst
	return s.bits[i/64]&(1<<(i%64)) != 0
}

// CommonHan returns the set of common Han characters (see IsCommonHan),
// for loops that test many characters.
func CommonHan() *HanSet {
	commonHan.once.Do(buildCommonHan)
	return &commonHan.set
}

func buildCommonHan() {
	var gb, big5 []byte
	for lead := 0xb0; lead <= 0xd7; lead++ {
		for trail := 0xa1; trail <= 0xfe; trail++ {
			if lead == 0xd7 && trail > 0xf9 {
				break
			}
			gb = append(gb, byte(lead), byte(trail))
		}
	}
	for lead := 0xa4; lead <= 0xc6; lead++ {
		for _, r := range [][2]int{{0x40, 0x7e}, {0xa1, 0xfe}} {
			for trail := r[0]; trail <= r[1]; trail++ {
				if lead == 0xc6 && trail > 0x7e {
					break
				}
				big5 = append(big5, byte(lead), byte(trail))
			}
		}
	}
	mark := func(b []byte, err error) {
		if err != nil {
			panic(err) // the tables above are fixed; x/text decodes them
		}
		for _, r := range string(b) {
			if r >= hanFirst && r <= hanLast {
				i := r - hanFirst
				commonHan.set.bits[i/64] |= 1 << (i % 64)
			}
		}
	}
	mark(simplifiedchinese.GBK.NewDecoder().Bytes(gb))
	mark(traditionalchinese.Big5.NewDecoder().Bytes(big5))
}

//go:generate go run gen.go

var hanClass struct {
	once  sync.Once
	class [hanLast - hanFirst + 1]uint8
}

// HanClass returns how often Han character r is used, from 1 (the 131
// most frequent characters) to 5, or 0 for a
// character the frequency counts behind it do not list (rare ones, and
// characters that are not Han). The classes come from the frequency
// counts of the Unicode Han Database (see gen.go): of modern Simplified
// Chinese, and of Traditional Chinese on Usenet.
func HanClass(r rune) int {
	if r < hanFirst || r > hanLast {
		return 0
	}
	hanClass.once.Do(func() {
		for i, s := range hanClasses {
			for _, r := range s {
				hanClass.class[r-hanFirst] = uint8(i + 1)
			}
		}
	})
	return int(hanClass.class[r-hanFirst])
}

// IsHan reports whether r is a CJK unified ideograph of the basic block.
func IsHan(r rune) bool { return r >= hanFirst && r <= hanLast }

// IsCommonHan reports whether r is a Han character in common use (GB 2312
// level 1 or Big5 level 1).
func IsCommonHan(r rune) bool {
	if r < hanFirst || r > hanLast {
		return false
	}
	return CommonHan().Has(r)
}

// HanShare returns how many Han characters s has and how many of them are
// common.
func HanShare(s string) (han, common int) {
	for _, r := range s {
		if IsHan(r) {
			han++
			if IsCommonHan(r) {
				common++
			}
		}
	}
	return han, common
}
