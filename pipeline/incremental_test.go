package pipeline

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"xlate/pipeline/source"
)

// TestIncrementalSyncMatchesFull edits a project at random, as editors and
// translators would, for many rounds; after each round it syncs with the
// cache, a few pages at a time, and checks the catalogues are byte for
// byte those a sync of a copy without the cache, all pages at once, writes.
// It builds the site before and after each sync, with the cache, and
// checks the output and the warnings are those of a build without it.
func TestIncrementalSyncMatchesFull(t *testing.T) {
	defer func(n, m int) { chunkPages, buildChunkPages = n, m }(chunkPages, buildChunkPages)
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("the ward opens to visitors at nine every day children come with an adult wash hands before entering quiet hours noon nurses doctors research laboratory transplantation leukemia anemia")
	sentence := func() string {
		n := 5 + rng.IntN(12)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:] + "."
	}
	page := func() []string {
		blocks := []string{"Title " + words[rng.IntN(len(words))]}
		for i := 0; i < 3+rng.IntN(5); i++ {
			if rng.IntN(4) == 0 {
				blocks = append(blocks, "Heading "+words[rng.IntN(len(words))])
			}
			if rng.IntN(9) == 0 {
				blocks = append(blocks, "病房每天九点开放，探视者请在护士站登记。")
			} else {
				blocks = append(blocks, sentence())
			}
		}
		return blocks
	}
	pages := map[string][]string{}
	for i := 0; i < 12; i++ {
		pages[fmt.Sprintf("p%02d", i)] = page()
	}
	text := func(bs []string) string { return strings.Join(bs, "\n\n") + "\n" }
	init := map[string]string{}
	for name, bs := range pages {
		init[name] = text(bs)
	}
	chunkPages = 5 // from no catalogues at all, a few pages at a time
	s := newScenario(t, init)
	for round := 0; round < 40; round++ {
		chunkPages, buildChunkPages = 1+rng.IntN(4), 1+rng.IntN(4)
		before := s.catalogs()
		for k := 0; k < 1+rng.IntN(3); k++ {
			names := make([]string, 0, len(pages))
			for n := range pages {
				names = append(names, n)
			}
			sortStrings(names)
			name := names[rng.IntN(len(names))]
			bs := pages[name]
			switch rng.IntN(10) {
			case 0: // a new paragraph
				i := 1 + rng.IntN(len(bs))
				bs = append(bs[:i], append([]string{sentence()}, bs[i:]...)...)
			case 1: // a paragraph deleted
				if len(bs) > 2 {
					i := 1 + rng.IntN(len(bs)-1)
					bs = append(bs[:i], bs[i+1:]...)
				}
			case 2: // a word changed
				i := 1 + rng.IntN(len(bs)-1)
				bs[i] = strings.Replace(bs[i], " ", " very ", 1)
			case 3: // a paragraph moved
				if len(bs) > 3 {
					i, j := 1+rng.IntN(len(bs)-1), 1+rng.IntN(len(bs)-1)
					bs[i], bs[j] = bs[j], bs[i]
				}
			case 4: // a page added
				name = fmt.Sprintf("p%02d", 20+round)
				bs = page()
			case 5: // a page removed
				if len(pages) > 3 {
					delete(pages, name)
					os.Remove(filepath.Join(s.dir, "content", name+".txt"))
					continue
				}
			case 6: // a translator translates what is missing
				s.translateAll()
				continue
			case 7: // a translator accepts every fuzzy translation
				for _, l := range langs[1:] {
					p := filepath.Join("locales", l+".toml")
					s.writeFile(p, strings.ReplaceAll(s.readFile(p), "#, fuzzy\n", ""))
				}
				continue
			case 9: // a translator's note at the top of a catalogue moves every line
				p := filepath.Join("locales", langs[1+rng.IntN(len(langs)-1)]+".toml")
				s.writeFile(p, "# reviewed in round "+fmt.Sprint(round)+"\n"+s.readFile(p))
				continue
			case 8: // the same paragraph as another page's
				other := pages[names[rng.IntN(len(names))]]
				bs = append(bs, other[len(other)-1])
			}
			pages[name] = bs
			s.writeFile(filepath.Join("content", name+".txt"), text(bs))
		}
		s.build()
		s.sync() // with the cache, then a copy without it: the same bytes
		s.build()
		if d := cmp.Diff(before, s.catalogs()); d == "" && round > 0 {
			continue
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// build builds the site with the cache and checks that a build of a copy
// without it writes the same files and reports the same warnings: the
// first few of them, then, built again, all.
func (s *scenario) build() {
	s.t.Helper()
	sample, err := Build(s.config(), BuildOptions{})
	if err != nil {
		s.t.Fatal(err)
	}
	cp := &scenario{t: s.t, dir: s.t.TempDir()}
	for _, dir := range []string{"content", "locales"} {
		files, _ := filepath.Glob(filepath.Join(s.dir, dir, "*"))
		for _, f := range files {
			cp.writeFile(filepath.Join(dir, filepath.Base(f)), s.readFile(filepath.Join(dir, filepath.Base(f))))
		}
	}
	cp.writeFile(ConfigFile, s.readFile(ConfigFile))
	want, err := Build(cp.config(), BuildOptions{AllWarnings: true})
	if err != nil {
		s.t.Fatal(err)
	}
	if d := cmp.Diff(tree(s.t, filepath.Join(cp.dir, "public")), tree(s.t, filepath.Join(s.dir, "public"))); d != "" {
		s.t.Fatalf("the build with the cache differs from one without (-without +with):\n%s", d)
	}
	first := want.Warnings[:min(len(want.Warnings), WarningSample)]
	if d := cmp.Diff(lines(first), lines(sample.Warnings)); d != "" || want.WarningCount != sample.WarningCount {
		s.t.Fatalf("the build with the cache warns otherwise (%d, %d warnings):\n%s", want.WarningCount, sample.WarningCount, d)
	}
	all, err := Build(s.config(), BuildOptions{AllWarnings: true})
	if err != nil || !all.Cached {
		s.t.Fatalf("a build again: %+v, %v", all, err)
	}
	if d := cmp.Diff(lines(want.Warnings), lines(all.Warnings)); d != "" || want.WarningCount != all.WarningCount {
		s.t.Fatalf("every warning, with the cache (%d, %d warnings):\n%s", want.WarningCount, all.WarningCount, d)
	}
}

// tree reads every file under dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func lines(l source.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}
