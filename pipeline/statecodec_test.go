package pipeline

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"xlate/pipeline/catalog"
	"xlate/pipeline/source"
)

// TestStatesRoundTrip: the states that encode themselves read back as
// written, through gob as the cache stores them; any state cut short is
// refused, never half read.
func TestStatesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	hash := func() (h [32]byte) {
		if rng.IntN(3) > 0 {
			for i := range h {
				h[i] = byte(rng.IntN(256))
			}
		}
		return h
	}
	st := func() stamp {
		return stamp{Size: rng.Int64N(1 << 40), ModTime: rng.Int64() - 1<<62, Settled: rng.IntN(2) == 0, Hash: hash()}
	}
	name := func() string {
		return []string{"", "a", "页面-1", "public/en/page-00001/index.html", "\x00\xff"}[rng.IntN(5)] + string(rune('a'+rng.IntN(26)))
	}
	b := buildState{Site: hash(), Catalogs: map[string]catalogState{}, Pages: map[string]pageBuild{}, Others: map[string]stamp{}}
	b.Details[3] = 7
	for range 3 {
		c := catalogState{Stamp: st(), BOM: rng.IntN(4), CRLF: rng.IntN(2) == 0}
		for range rng.IntN(5) {
			c.Regions = append(c.Regions, regionState{Page: name(), Start: rng.Int64N(1e9), End: rng.Int64N(1e9), Line: rng.IntN(1e6), Lines: rng.IntN(100), Hash: hash(),
				Counts: catalog.Counts{Messages: rng.IntN(9), Own: 1, Rewritten: 2, Translated: 3, Missing: 4, Suggested: 5, Fuzzy: 6, Obsolete: 7}, MemOff: rng.Int64N(1e6), MemLen: -1})
		}
		b.Catalogs[name()] = c
	}
	for range 20 {
		p := pageBuild{Key: hash(), Warnings: rng.IntN(50), Withheld: rng.IntN(3)}
		for range rng.IntN(4) {
			p.Outputs = append(p.Outputs, fileStamp{Path: name(), Stamp: st()})
		}
		b.Pages[name()] = p
	}
	b.Others[name()] = st()
	b.Sample = source.List{{Pos: source.Pos{File: "locales/zh-Hans.toml", Line: 3, Col: 1}, Severity: source.Warning, Msg: "not translated: 病房", Help: "h", Check: "missing"}}
	b.OthersKey = hash()
	b.Inputs = hash()
	in := inputsState{Stamps: map[string]stamp{name(): st(), name(): st()}}
	det := buildDetails{ID: [16]byte{1, 2, 3}, Pages: map[string]pageDetail{
		name(): {Titles: []pageTitle{{Page: "p", Title: "病房", Lang: "zh-Hans"}, {Page: "p", Title: "", Lang: "en"}}, Warnings: b.Sample, Lines: []int{0, 12, 40}},
		name(): {},
	}}
	// the decoder numbers the outputs (checked below): not part of a state
	same := cmp.Options{cmp.AllowUnexported(buildState{}, pageBuild{}, fileStamp{}, stamp{}, regionState{}, catalogState{}, inputsState{}, buildDetails{}, pageDetail{}, pageTitle{}),
		cmpopts.IgnoreFields(buildState{}, "outputs"), cmpopts.IgnoreFields(pageBuild{}, "first")}
	for _, v := range []any{&b, &in, &det} {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(v); err != nil {
			t.Fatal(err)
		}
		got := newLike(v)
		if err := gob.NewDecoder(bytes.NewReader(buf.Bytes())).Decode(got); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(v, got, same); d != "" {
			t.Errorf("%T read back otherwise:\n%s", v, d)
		}
		// and as the cache stores it
		cfg := Config{Dir: t.TempDir()}
		writeState(cfg, "state", v)
		got = newLike(v)
		if !readState(cfg, "state", got) {
			t.Fatalf("%T: the cache cannot read what it wrote", v)
		}
		if d := cmp.Diff(v, got, same); d != "" {
			t.Errorf("%T read back from the cache otherwise:\n%s", v, d)
		}
		if got, ok := got.(*buildState); ok {
			checkOutputsNumbered(t, got)
		}
		data, _ := v.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
		for n := 0; n < len(data); n++ {
			if err := newLike(v).(interface{ UnmarshalBinary([]byte) error }).UnmarshalBinary(data[:n]); err == nil {
				t.Fatalf("%T cut at %d of %d bytes was read", v, n, len(data))
			}
		}
	}
}

// checkOutputsNumbered checks that a decoded build state numbers its
// pages' outputs 0, 1, 2 … in the order it holds them, the pages in order
// of their names.
func checkOutputsNumbered(t *testing.T, s *buildState) {
	t.Helper()
	n := 0
	for _, name := range slices.Sorted(maps.Keys(s.Pages)) {
		if p := s.Pages[name]; p.first != n {
			t.Errorf("page %q: its outputs numbered from %d, want %d", name, p.first, n)
		}
		n += len(s.Pages[name].Outputs)
	}
	if s.outputs != n || n == 0 {
		t.Errorf("%d outputs counted, want %d (> 0)", s.outputs, n)
	}
}

// TestPackedRegionsRoundTrip: a build state read with its catalogues'
// regions packed writes back the same bytes, and unpacked they are the
// regions a whole reading gives.
func TestPackedRegionsRoundTrip(t *testing.T) {
	b := buildState{Catalogs: map[string]catalogState{}, Pages: map[string]pageBuild{}, Others: map[string]stamp{}}
	for c := range 3 {
		cs := catalogState{Stamp: stamp{Size: int64(c), Settled: true}, CRLF: c == 1}
		for i := range c * 3 { // the first catalogue has no regions
			cs.Regions = append(cs.Regions, regionState{Page: fmt.Sprintf("p%d", i), Start: int64(i * 10), End: int64(i*10 + 9), Line: i + 1, Lines: 3, Hash: [32]byte{byte(i), 1}, Counts: catalog.Counts{Messages: i}})
		}
		b.Catalogs[fmt.Sprintf("locales/c%d.toml", c)] = cs
	}
	data, _ := b.MarshalBinary()
	packed := buildState{packRegions: true}
	if err := packed.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	again, _ := packed.MarshalBinary()
	if !bytes.Equal(again, data) {
		t.Errorf("a state read packed writes back otherwise")
	}
	for name, c := range packed.Catalogs {
		if c.Regions != nil || c.hasRegions() != (len(b.Catalogs[name].Regions) > 0) {
			t.Errorf("%s: regions %v, packed %d bytes; want them packed", name, c.Regions, len(c.packed))
		}
		c.unpack()
		if d := cmp.Diff(b.Catalogs[name].Regions, c.Regions, cmp.AllowUnexported(regionState{})); d != "" {
			t.Errorf("%s: unpacked otherwise:\n%s", name, d)
		}
	}
	// cut short inside the regions, a packed reading fails as a whole one does
	for n := 0; n < len(data); n++ {
		if err := (&buildState{packRegions: true}).UnmarshalBinary(data[:n]); err == nil {
			t.Fatalf("cut at %d of %d bytes was read", n, len(data))
		}
	}
}

func newLike(v any) any {
	switch v.(type) {
	case *buildState:
		return new(buildState)
	case *buildDetails:
		return new(buildDetails)
	default:
		return new(inputsState)
	}
}
