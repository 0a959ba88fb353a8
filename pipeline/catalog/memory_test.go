package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"xlate/pipeline/segment"
)

// memoryCatalog makes a catalogue of reviewed translations of the given
// English texts.
func memoryCatalog(texts []string) *Catalog {
	c := Empty("locales/zh-Hans.toml", language.MustParse("zh-Hans"))
	for i, t := range texts {
		e := &Entry{ID: fmt.Sprintf("p.e%d", i), Path: []string{"p", fmt.Sprintf("e%d", i)}, Description: "p › paragraph",
			Hash: segment.Hash(t), Source: Quote{"en", t}, Obsolete: i%7 == 3}
		e.SetOther(fmt.Sprintf("译文 %d", i))
		c.add(e)
	}
	return c
}

// bruteForce is the definition the search must meet: the most similar
// source at least MemoryThreshold alike, an active one before an obsolete
// one, then the first.
func bruteForce(c *Catalog, text string) (string, float64) {
	best, score := "", 0.0
	obsolete := false
	for _, e := range c.Entries {
		s := Similarity(text, e.Source.Text)
		if s >= MemoryThreshold && (s > score || s == score && obsolete && !e.Obsolete) {
			best, score, obsolete = e.ID, s, e.Obsolete
		}
	}
	return best, score
}

// TestMemorySearchIsExact checks the candidate bounds against a search of
// every unit, on random texts that share many words.
func TestMemorySearchIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("the ward opens at nine every day children come with an adult visitors wash hands before they enter room quiet noon two afternoon nurses doctors 临 床 服 务 病 房 Research Reserach Services")
	sentence := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	var texts []string
	for i := 0; i < 400; i++ {
		texts = append(texts, sentence(1+rng.IntN(14)))
	}
	c := memoryCatalog(texts)
	m := MemoryOf(c)
	found := 0
	for q := 0; q < 1000; q++ {
		var text string
		if q%3 == 0 {
			// an edit of a unit: a word changed, added or dropped
			ws := strings.Fields(texts[rng.IntN(len(texts))])
			switch k := rng.IntN(len(ws)); rng.IntN(3) {
			case 0:
				ws[k] = vocab[rng.IntN(len(vocab))]
			case 1:
				ws = append(ws[:k], append([]string{vocab[rng.IntN(len(vocab))]}, ws[k:]...)...)
			default:
				if len(ws) > 1 {
					ws = append(ws[:k], ws[k+1:]...)
				}
			}
			text = strings.Join(ws, " ")
		} else {
			text = sentence(1 + rng.IntN(14))
		}
		if q == 500 {
			m = MemoryOf(c) // the second half searches a fresh memory unit by unit, then indexed
		}
		wantID, wantScore := bruteForce(c, text)
		i, score, err := m.similar("en", text, "")
		if err != nil {
			t.Fatal(err)
		}
		gotID := ""
		if i >= 0 {
			gotID = m.units[i].ID
			found++
		}
		if gotID != wantID || score != wantScore {
			t.Fatalf("search for %q found %s (%.3f); every unit: %s (%.3f)", text, gotID, score, wantID, wantScore)
		}
	}
	if found < 150 {
		t.Errorf("only %d of 1000 searches found anything; the test texts are too far apart", found)
	}
}

func TestMemoryUnitsRoundTrip(t *testing.T) {
	c := memoryCatalog([]string{"Clinical Services", "The ward opens at nine every day.", "造血干细胞移植病房", strings.Repeat("long text ", 30)})
	units := MemoryUnits(c.Entries)
	back, err := DecodeUnits(EncodeUnits(units))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(units, back); d != "" {
		t.Errorf("round trip (-before +after):\n%s", d)
	}
	if _, err := DecodeUnits(EncodeUnits(units)[:20]); err == nil {
		t.Error("a cut brief decodes")
	}
}
