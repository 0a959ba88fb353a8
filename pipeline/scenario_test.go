package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
	"xlate/pipeline/segment"
)

// The scenarios below edit the content of a temporary project as an editor
// would, sync, and compare every catalogue entry by entry with the state
// before: the entries a scenario names must become exactly the text given,
// and no other entry may change by a byte.

var langs = []string{"en", "zh-Hans", "zh-Hant"}

type scenario struct {
	t   *testing.T
	dir string
}

const visit = `Visiting Hours

The ward opens to visitors at nine in the morning every day. Visitors leave by eight in the evening.

Children under twelve must come with an adult at all times.

Please wash your hands before you enter the ward.

Hours of Quiet Rest

The ward is quiet from noon until two in the afternoon.
`

// newScenario makes a project of the given pages with catalogues that
// translate everything: zh-Hans as "译：" and zh-Hant as "譯：" followed by
// the English, English as "EN: " followed by the Chinese.
func newScenario(t *testing.T, pages map[string]string) *scenario {
	s := &scenario{t: t, dir: t.TempDir()}
	s.writeFile(ConfigFile, "languages = [\"en\", \"zh-Hans\", \"zh-Hant\"]\nbase_url = \"https://example.org/\"\n")
	for name, text := range pages {
		s.writeFile(filepath.Join("content", name+".txt"), text)
	}
	s.sync()
	s.translateAll()
	s.sync()
	return s
}

func (s *scenario) writeFile(name, text string) {
	s.t.Helper()
	if err := writeTestFile(filepath.Join(s.dir, name), text); err != nil {
		s.t.Fatal(err)
	}
}

func (s *scenario) readFile(name string) string {
	s.t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

func (s *scenario) edit(page, old, new string) {
	s.t.Helper()
	name := filepath.Join("content", page+".txt")
	text := s.readFile(name)
	if !strings.Contains(text, old) {
		s.t.Fatalf("%s does not contain %q", name, old)
	}
	s.writeFile(name, strings.Replace(text, old, new, 1))
}

func (s *scenario) load() *Project {
	s.t.Helper()
	cfg, err := LoadConfig(filepath.Join(s.dir, ConfigFile))
	if err != nil {
		s.t.Fatal(err)
	}
	p, err := Load(cfg)
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *scenario) config() Config {
	s.t.Helper()
	cfg, err := LoadConfig(filepath.Join(s.dir, ConfigFile))
	if err != nil {
		s.t.Fatal(err)
	}
	return cfg
}

// sync syncs, checks that go-i18n loads every catalogue and reads in it
// what xlate reads, that a second sync writes nothing, and that a sync
// without the cache writes the same bytes.
func (s *scenario) sync() {
	s.t.Helper()
	before := s.catalogs()
	if _, err := Sync(s.config(), SyncOptions{}); err != nil {
		s.t.Fatal(err)
	}
	s.sameWithoutCache(before)
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for i, c := range s.load().Catalogs {
		path := filepath.Join(s.dir, c.Path)
		mf, err := bundle.LoadMessageFile(path)
		if err != nil {
			s.t.Fatalf("go-i18n cannot load %s: %v", c.Path, err)
		}
		byID := map[string]*i18n.Message{}
		for _, m := range mf.Messages {
			byID[m.ID] = m
		}
		for _, m := range c.Messages() {
			if d := cmp.Diff(byID[m.ID], m); d != "" {
				s.t.Fatalf("%s: go-i18n and xlate read %s differently:\n%s", langs[i], m.ID, d)
			}
		}
		if len(byID) != len(c.Messages()) {
			s.t.Fatalf("%s: go-i18n sees %d messages, xlate %d", langs[i], len(byID), len(c.Messages()))
		}
	}
	res, err := Sync(s.config(), SyncOptions{})
	if err != nil || len(res.Written) > 0 || res.Pages > 0 {
		s.t.Fatalf("a second sync wrote %v and recomputed %d pages (%v)", res.Written, res.Pages, err)
	}
}

// sameWithoutCache syncs a copy of the project as it was before the last
// sync, without the cache, and checks that it writes what the sync with
// the cache wrote.
func (s *scenario) sameWithoutCache(before []string) {
	s.t.Helper()
	dir := s.t.TempDir()
	cp := &scenario{t: s.t, dir: dir}
	cp.writeFile(ConfigFile, s.readFile(ConfigFile))
	pages, _ := filepath.Glob(filepath.Join(s.dir, "content", "*.*"))
	for _, p := range pages {
		cp.writeFile(filepath.Join("content", filepath.Base(p)), s.readFile(filepath.Join("content", filepath.Base(p))))
	}
	for _, name := range []string{CorrectionsFile, DeriveFile} {
		if _, err := os.Stat(filepath.Join(s.dir, "locales", name)); err == nil {
			cp.writeFile(filepath.Join("locales", name), s.readFile(filepath.Join("locales", name)))
		}
	}
	for i, l := range langs {
		if _, err := os.Stat(filepath.Join(s.dir, "locales", l+".toml")); err == nil && before[i] != "" {
			cp.writeFile(filepath.Join("locales", l+".toml"), before[i])
		}
	}
	if _, err := Sync(cp.config(), SyncOptions{}); err != nil {
		s.t.Fatal(err)
	}
	if d := cmp.Diff(s.catalogs(), cp.catalogs()); d != "" {
		s.t.Fatalf("a sync without the cache writes other bytes (-with +without):\n%s", d)
	}
}

func (s *scenario) catalogs() []string {
	var out []string
	for _, l := range langs {
		data, _ := os.ReadFile(filepath.Join(s.dir, "locales", l+".toml"))
		out = append(out, string(data))
	}
	return out
}

var sourceLine = regexp.MustCompile(`^#\. (en|zh-Hans|zh-Hant): (.*)$`)

// translateAll fills every empty entry that has a "#. " line.
func (s *scenario) translateAll() {
	for i, text := range s.catalogs() {
		lines := strings.Split(text, "\n")
		src := ""
		for j, l := range lines {
			if m := sourceLine.FindStringSubmatch(l); m != nil {
				src = m[2]
			}
			if strings.HasPrefix(l, "[") {
				continue
			}
			if l == `other = ""` && src != "" {
				lines[j] = "other = \"" + map[string]string{"en": "EN: ", "zh-Hans": "译：", "zh-Hant": "譯："}[langs[i]] + src + "\""
				src = ""
			}
		}
		s.writeFile(filepath.Join("locales", langs[i]+".toml"), strings.Join(lines, "\n"))
	}
}

// entries splits a catalogue into its entries, ID → text, and lists the
// IDs in order, obsolete ones after a "-". The site's interface texts,
// which every catalogue has and no scenario edits, are left out.
func entries(text string) (map[string]string, []string) {
	m := map[string]string{}
	var order []string
	for _, chunk := range strings.Split(text, "\n\n") {
		if strings.HasPrefix(chunk, "#= ─── obsolete") {
			order = append(order, "-")
			continue
		}
		for _, l := range strings.Split(chunk, "\n") {
			if strings.HasPrefix(l, "[") {
				id := strings.Trim(strings.Fields(l)[0], "[]")
				if strings.HasPrefix(id, interfacePage+".") {
					break
				}
				m[id] = strings.TrimSuffix(chunk, "\n")
				order = append(order, id)
				break
			}
		}
	}
	return m, order
}

// expect compares the catalogues with those before: want[lang][id] is the
// exact new text of an entry that changed ("" for one that is gone), and
// order[lang], when given, the IDs in order.
func (s *scenario) expect(before []string, want map[string]map[string]string, order map[string][]string) {
	s.t.Helper()
	for i, after := range s.catalogs() {
		lang := langs[i]
		old, _ := entries(before[i])
		now, ids := entries(after)
		got := map[string]string{}
		for id, text := range now {
			if old[id] != text {
				got[id] = text
			}
		}
		for id := range old {
			if _, ok := now[id]; !ok {
				got[id] = ""
			}
		}
		w := want[lang]
		if w == nil {
			w = map[string]string{}
		}
		if d := cmp.Diff(w, got); d != "" {
			s.t.Errorf("%s: changed entries (-want +got):\n%s", lang, d)
		}
		if o, ok := order[lang]; ok {
			if d := cmp.Diff(o, ids); d != "" {
				s.t.Errorf("%s: entry order (-want +got):\n%s", lang, d)
			}
		}
	}
}

// published returns the text of a block of a page in a language as the
// build shows it, and the language it is in.
func (s *scenario) published(page, lang, id string) (string, string) {
	s.t.Helper()
	p := s.load()
	for pi, pg := range p.Pages {
		if pg.Name != page {
			continue
		}
		for bi := range pg.Blocks {
			if p.Entries().ID(pi, bi) == id {
				pub := p.Entries().Published(pi, bi, language.MustParse(lang))
				return pub.Text, pub.Lang.String()
			}
		}
	}
	s.t.Fatalf("no block %s on %s", id, page)
	return "", ""
}

// ownEntry is an entry of a block in its own language that follows the source.
func ownEntry(id, kind, text string) string {
	page, _, _ := strings.Cut(id, ".")
	return "[" + id + "]\ndescription = \"" + page + " › " + kind + "\"\nhash = \"" + segment.Hash(text) + "\"\nother = " + quote(text)
}

// newEntry is an untranslated entry.
func newEntry(id, kind, label, text string) string {
	page, _, _ := strings.Cut(id, ".")
	return "#. " + label + ": " + text + "\n[" + id + "]\ndescription = \"" + page + " › " + kind + "\"\nhash = \"" + segment.Hash(text) + "\"\nother = \"\""
}

// fuzzyEntry is a translation of old marked fuzzy after old became text.
func fuzzyEntry(id, kind, label, text, old, translation string) string {
	page, _, _ := strings.Cut(id, ".")
	return "#. " + label + ": " + text + "\n#, fuzzy\n#| " + label + ": " + old + "\n[" + id + "]\ndescription = \"" + page + " › " + kind + "\"\nhash = \"" + segment.Hash(old) + "\"\nother = " + quote(translation)
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

const (
	opens    = "visit.ward-opens-visitors-nine-morning"
	children = "visit.children-under-twelve-must-come"
	wash     = "visit.please-wash-your-hands-before"
	quiet    = "visit.hours-of-quiet-rest"
	noon     = "visit.ward-quiet-noon-until-two"
	title    = "visit.visiting-hours"
	opensEN  = "The ward opens to visitors at nine in the morning every day. Visitors leave by eight in the evening."
	washEN   = "Please wash your hands before you enter the ward."
)

func TestScenarioInsert(t *testing.T) {
	for _, tc := range []struct {
		name, after string
		order       []string
	}{
		{"at the top", "Visiting Hours\n", []string{title, "visit.all-visitors-sign-front-desk", opens, children, wash, quiet, noon}},
		{"in the middle", "at all times.\n", []string{title, opens, children, "visit.all-visitors-sign-front-desk", wash, quiet, noon}},
		{"at the end", "in the afternoon.\n", []string{title, opens, children, wash, quiet, noon, "visit.all-visitors-sign-front-desk"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScenario(t, map[string]string{"visit": visit})
			before := s.catalogs()
			s.edit("visit", tc.after, tc.after+"\nAll visitors sign in at the front desk.\n")
			s.sync()
			id, text := "visit.all-visitors-sign-front-desk", "All visitors sign in at the front desk."
			s.expect(before, map[string]map[string]string{
				"en":      {id: ownEntry(id, "paragraph", text)},
				"zh-Hans": {id: newEntry(id, "paragraph", "en", text)},
				"zh-Hant": {id: newEntry(id, "paragraph", "en", text)},
			}, map[string][]string{"en": tc.order, "zh-Hans": tc.order, "zh-Hant": tc.order})
		})
	}
}

func TestScenarioInsertSharingFirstWords(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	text := "Children under twelve must come to the front desk first."
	s.edit("visit", "Children under twelve must come with", text+"\n\nChildren under twelve must come with")
	s.sync()
	id := children + "-2"
	s.expect(before, map[string]map[string]string{
		"en":      {id: ownEntry(id, "paragraph", text)},
		"zh-Hans": {id: newEntry(id, "paragraph", "en", text)},
		"zh-Hant": {id: newEntry(id, "paragraph", "en", text)},
	}, map[string][]string{"zh-Hans": {title, opens, id, children, wash, quiet, noon}})
	// the paragraph that was there keeps its own translation
	if got, lang := s.published("visit", "zh-Hans", children); got != "译：Children under twelve must come with an adult at all times." || lang != "zh-Hans" {
		t.Errorf("the untouched paragraph shows %q (%s)", got, lang)
	}
	if got, lang := s.published("visit", "zh-Hans", id); got != text || lang != "en" {
		t.Errorf("the new paragraph shows %q (%s); want the English", got, lang)
	}
}

func TestScenarioDeleteAndRestore(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	s.edit("visit", washEN+"\n\n", "")
	s.sync()
	// the entry moves to the obsolete section, as it was
	order := []string{title, opens, children, quiet, noon, "-", wash}
	s.expect(before, nil, map[string][]string{"en": order, "zh-Hans": order, "zh-Hant": order})
	// the paragraph comes back: its entry returns to its place, and the
	// catalogues are what they were, byte for byte
	s.edit("visit", "Hours of Quiet Rest", washEN+"\n\nHours of Quiet Rest")
	s.sync()
	if d := cmp.Diff(before, s.catalogs()); d != "" {
		t.Errorf("after delete and restore the catalogues differ (-before +after):\n%s", d)
	}
}

func TestScenarioMove(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	s.edit("visit", washEN+"\n\n", "")
	s.edit("visit", "Visiting Hours\n", "Visiting Hours\n\n"+washEN+"\n")
	s.sync()
	order := []string{title, wash, opens, children, quiet, noon}
	s.expect(before, nil, map[string][]string{"en": order, "zh-Hans": order, "zh-Hant": order})
}

func TestScenarioEditAWord(t *testing.T) {
	for _, tc := range []struct {
		name, id, kind, old, new string
	}{
		{"first word of a paragraph", noon, "paragraph", "The ward is quiet from noon until two in the afternoon.", "Our ward is quiet from noon until two in the afternoon."},
		{"middle word of a paragraph", noon, "paragraph", "The ward is quiet from noon until two in the afternoon.", "The ward is silent from noon until two in the afternoon."},
		{"last word of a paragraph", noon, "paragraph", "The ward is quiet from noon until two in the afternoon.", "The ward is quiet from noon until two in the afternoons."},
		{"first word of a heading", quiet, "heading", "Hours of Quiet Rest", "Times of Quiet Rest"},
		{"middle word of a heading", quiet, "heading", "Hours of Quiet Rest", "Hours of Silent Rest"},
		{"last word of a heading", quiet, "heading", "Hours of Quiet Rest", "Hours of Quiet Sleep"},
		{"a typo in a two-word title", title, "title", "Visiting Hours", "Visitng Hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScenario(t, map[string]string{"visit": visit})
			before := s.catalogs()
			s.edit("visit", tc.old, tc.new)
			s.sync()
			s.expect(before, map[string]map[string]string{
				"en":      {tc.id: ownEntry(tc.id, tc.kind, tc.new)},
				"zh-Hans": {tc.id: fuzzyEntry(tc.id, tc.kind, "en", tc.new, tc.old, "译："+tc.old)},
				"zh-Hant": {tc.id: fuzzyEntry(tc.id, tc.kind, "en", tc.new, tc.old, "譯："+tc.old)},
			}, nil)
			// a fuzzy translation is not published: the page shows the English
			if got, lang := s.published("visit", "zh-Hant", tc.id); got != tc.new || lang != "en" {
				t.Errorf("zh-Hant shows %q (%s); want the new English", got, lang)
			}
		})
	}
}

func TestScenarioSplitAndJoin(t *testing.T) {
	t.Run("split", func(t *testing.T) {
		s := newScenario(t, map[string]string{"visit": visit})
		before := s.catalogs()
		first, second := "The ward opens to visitors at nine in the morning every day.", "Visitors leave by eight in the evening."
		s.edit("visit", first+" "+second, first+"\n\n"+second)
		s.sync()
		// the first part keeps the entry, fuzzy; the second is new and is
		// offered the whole translation to trim
		id := "visit.visitors-leave-eight-evening"
		split := func(label, tr string) string {
			return "#. en: " + second + "\n#, suggestion: split from " + opens + "; keep the part that translates this text\n#| en: " + opensEN +
				"\n[" + id + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(opensEN) + "\"\nother = " + quote(tr+opensEN)
		}
		s.expect(before, map[string]map[string]string{
			"en":      {opens: ownEntry(opens, "paragraph", first), id: ownEntry(id, "paragraph", second)},
			"zh-Hans": {opens: fuzzyEntry(opens, "paragraph", "en", first, opensEN, "译："+opensEN), id: split("en", "译：")},
			"zh-Hant": {opens: fuzzyEntry(opens, "paragraph", "en", first, opensEN, "譯："+opensEN), id: split("en", "譯：")},
		}, map[string][]string{"zh-Hans": {title, opens, id, children, wash, quiet, noon}})
		if got, lang := s.published("visit", "zh-Hans", id); got != second || lang != "en" {
			t.Errorf("an unreviewed suggestion is published: %q (%s)", got, lang)
		}
	})
	t.Run("join", func(t *testing.T) {
		s := newScenario(t, map[string]string{"visit": visit})
		before := s.catalogs()
		childrenEN := "Children under twelve must come with an adult at all times."
		s.edit("visit", childrenEN+"\n\n"+washEN, childrenEN+" "+washEN)
		s.sync()
		// the joined paragraph keeps the first entry, with both
		// translations put together: they translate exactly this text, so
		// the entry is current; the second entry is obsolete
		joined := childrenEN + " " + washEN
		current := func(tr string) string {
			return "#. en: " + joined + "\n[" + children + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(joined) + "\"\nother = " + quote(tr)
		}
		s.expect(before, map[string]map[string]string{
			"en":      {children: ownEntry(children, "paragraph", joined)},
			"zh-Hans": {children: current("译：" + childrenEN + "译：" + washEN)},
			"zh-Hant": {children: current("譯：" + childrenEN + "譯：" + washEN)},
		}, map[string][]string{"zh-Hans": {title, opens, children, quiet, noon, "-", wash}})
	})
	t.Run("join and edit", func(t *testing.T) {
		s := newScenario(t, map[string]string{"visit": visit})
		before := s.catalogs()
		childrenEN := "Children under twelve must come with an adult at all times."
		edited := "Children under twelve must come with an adult at all times, and everyone must wash their hands before entering."
		s.edit("visit", childrenEN+"\n\n"+washEN, edited)
		s.sync()
		// fewer than PartThreshold of the second paragraph's words stand in
		// the new one: no join; the first entry is edited, fuzzy, the
		// second obsolete
		s.expect(before, map[string]map[string]string{
			"en":      {children: ownEntry(children, "paragraph", edited)},
			"zh-Hans": {children: fuzzyEntry(children, "paragraph", "en", edited, childrenEN, "译："+childrenEN)},
			"zh-Hant": {children: fuzzyEntry(children, "paragraph", "en", edited, childrenEN, "譯："+childrenEN)},
		}, map[string][]string{"zh-Hans": {title, opens, children, quiet, noon, "-", wash}})
		// with both parts kept and a word added, the translations are put
		// together, fuzzy, both old sources shown
		s = newScenario(t, map[string]string{"visit": visit})
		before = s.catalogs()
		edited = childrenEN + " Please always wash your hands before you enter the ward."
		s.edit("visit", childrenEN+"\n\n"+washEN, edited)
		s.sync()
		s.expect(before, map[string]map[string]string{
			"en":      {children: ownEntry(children, "paragraph", edited)},
			"zh-Hans": {children: fuzzyEntry(children, "paragraph", "en", edited, childrenEN+" "+washEN, "译："+childrenEN+"译："+washEN)},
			"zh-Hant": {children: fuzzyEntry(children, "paragraph", "en", edited, childrenEN+" "+washEN, "譯："+childrenEN+"譯："+washEN)},
		}, nil)
	})
}

func TestScenarioSameParagraphOnTwoPages(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	s.writeFile("content/rules.txt", "Ward Rules\n\n"+washEN+"\n")
	s.sync()
	id := "rules.please-wash-your-hands-before"
	suggested := func(tr string) string {
		return "#. en: " + washEN + "\n#, suggestion: 100% match with " + wash + "\n[" + id + "]\ndescription = \"rules › paragraph\"\nhash = \"" + segment.Hash(washEN) + "\"\nother = " + quote(tr+washEN)
	}
	s.expect(before, map[string]map[string]string{
		"en":      {"rules.ward-rules": ownEntry("rules.ward-rules", "title", "Ward Rules"), id: ownEntry(id, "paragraph", washEN)},
		"zh-Hans": {"rules.ward-rules": newEntry("rules.ward-rules", "title", "en", "Ward Rules"), id: suggested("译：")},
		"zh-Hant": {"rules.ward-rules": newEntry("rules.ward-rules", "title", "en", "Ward Rules"), id: suggested("譯：")},
	}, nil)
	if got, lang := s.published("rules", "zh-Hans", id); got != washEN || lang != "en" {
		t.Errorf("a suggestion is published before review: %q (%s)", got, lang)
	}
	// the translator accepts it by deleting the mark
	zh := filepath.Join("locales", "zh-Hans.toml")
	s.writeFile(zh, strings.Replace(s.readFile(zh), "#, suggestion: 100% match with "+wash+"\n", "", 1))
	if got, lang := s.published("rules", "zh-Hans", id); got != "译："+washEN || lang != "zh-Hans" {
		t.Errorf("an accepted suggestion shows %q (%s)", got, lang)
	}
}

func TestScenarioChineseParagraph(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	zh := "探视者请在前台登记。"
	s.edit("visit", "Hours of Quiet Rest", zh+"\n\nHours of Quiet Rest")
	s.sync()
	// a Chinese block is named by its first eight characters
	id := "visit.探视者请在前台登"
	qid := `visit."探视者请在前台登"`
	own := func() string {
		return "[" + qid + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(zh) + "\"\nother = " + quote(zh)
	}
	translation := func() string {
		return "#. zh-Hans: " + zh + "\n[" + qid + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(zh) + "\"\nother = \"\""
	}
	s.expect(before, map[string]map[string]string{
		"en":      {qid: translation()},
		"zh-Hans": {qid: own()},
		"zh-Hant": {qid: translation()},
	}, nil)
	// its own page shows it as written; the others fall back to it, in
	// Simplified Chinese, marked as such
	for _, lang := range []string{"zh-Hans", "en", "zh-Hant"} {
		if got, in := s.published("visit", lang, id); got != zh || in != "zh-Hans" {
			t.Errorf("%s page shows %q in %s; want the Simplified text", lang, got, in)
		}
	}
	s.translateAll()
	s.sync()
	if got, in := s.published("visit", "en", id); got != "EN: "+zh || in != "en" {
		t.Errorf("English page shows %q in %s", got, in)
	}
	// edited: the translations go fuzzy, the own entry follows
	before = s.catalogs()
	edited := "探视者请先在前台登记。"
	s.edit("visit", zh, edited)
	s.sync()
	fuzzy := func(tr string) string {
		return "#. zh-Hans: " + edited + "\n#, fuzzy\n#| zh-Hans: " + zh + "\n[" + qid + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(zh) + "\"\nother = " + quote(tr)
	}
	s.expect(before, map[string]map[string]string{
		"en":      {qid: fuzzy("EN: " + zh)},
		"zh-Hans": {qid: "[" + qid + "]\ndescription = \"visit › paragraph\"\nhash = \"" + segment.Hash(edited) + "\"\nother = " + quote(edited)},
		"zh-Hant": {qid: fuzzy("譯：" + zh)},
	}, nil)
	// moved to the top: nothing changes but the order
	before = s.catalogs()
	s.edit("visit", edited+"\n\n", "")
	s.edit("visit", "Visiting Hours\n", "Visiting Hours\n\n"+edited+"\n")
	s.sync()
	order := []string{title, qid, opens, children, wash, quiet, noon}
	s.expect(before, nil, map[string][]string{"en": order, "zh-Hans": order, "zh-Hant": order})
}

func TestTranslationMemorySuggestsASimilarParagraph(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	before := s.catalogs()
	near := "Please wash your hands well before you enter the ward."
	s.writeFile("content/rules.txt", "Ward Rules\n\n"+near+"\n")
	s.sync()
	id := "rules.please-wash-your-hands-well"
	score := int(catalog.Similarity(near, washEN) * 100)
	if score < 75 || score == 100 {
		t.Fatalf("similarity %d%%; the test needs a near match", score)
	}
	suggested := func(tr string) string {
		return "#. en: " + near + "\n#, suggestion: " + strconv.Itoa(score) + "% match with " + wash + "\n#| en: " + washEN + "\n[" + id + "]\ndescription = \"rules › paragraph\"\nhash = \"" + segment.Hash(washEN) + "\"\nother = " + quote(tr+washEN)
	}
	s.expect(before, map[string]map[string]string{
		"en":      {"rules.ward-rules": ownEntry("rules.ward-rules", "title", "Ward Rules"), id: ownEntry(id, "paragraph", near)},
		"zh-Hans": {"rules.ward-rules": newEntry("rules.ward-rules", "title", "en", "Ward Rules"), id: suggested("译：")},
		"zh-Hant": {"rules.ward-rules": newEntry("rules.ward-rules", "title", "en", "Ward Rules"), id: suggested("譯：")},
	}, nil)
	if got, lang := s.published("rules", "zh-Hans", id); got != near || lang != "en" {
		t.Errorf("a suggestion is published before review: %q (%s)", got, lang)
	}
	// accepted (the translator edits it and deletes the mark and the
	// previous line): published at once, and the next sync records it
	zh := filepath.Join("locales", "zh-Hans.toml")
	text := strings.Replace(s.readFile(zh), "#, suggestion: "+strconv.Itoa(score)+"% match with "+wash+"\n#| en: "+washEN+"\n", "", 1)
	text = strings.Replace(text, "other = \"译："+washEN+"\"\n\n", "other = \"请在进入病房前仔细洗手。\"\n\n", 1)
	s.writeFile(zh, text)
	if got, lang := s.published("rules", "zh-Hans", id); got != "请在进入病房前仔细洗手。" || lang != "zh-Hans" {
		t.Errorf("an accepted suggestion shows %q (%s)", got, lang)
	}
	before = s.catalogs()
	s.sync()
	s.expect(before, map[string]map[string]string{
		"zh-Hans": {id: "#. en: " + near + "\n[" + id + "]\ndescription = \"rules › paragraph\"\nhash = \"" + segment.Hash(near) + "\"\nother = \"请在进入病房前仔细洗手。\""},
	}, nil)
}

// TestCheckIsCachedWhileNothingChanges: a check whose inputs did not
// change gives the last check's findings from the cache; any change, or
// no cache, gives a fresh check, with the same findings a fresh check
// gives.
func TestCheckIsCachedWhileNothingChanges(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	zh := filepath.Join("locales", "zh-Hans.toml")
	s.writeFile(zh, strings.Replace(s.readFile(zh), "other = \"译："+washEN+"\"", "other = \"\"", 1))
	first, err := CheckCached(s.config())
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || len(first.List) != 1 || !strings.Contains(first.List[0].Msg, "not translated: "+wash) {
		t.Fatalf("first check: %+v", first)
	}
	second, err := CheckCached(s.config())
	if err != nil || !second.Cached || !cmp.Equal(first.List, second.List) {
		t.Fatalf("second check: %+v, %v; want the first's findings, from the cache", second, err)
	}
	// the translator fills the entry: the check sees it
	s.writeFile(zh, strings.Replace(s.readFile(zh), "[visit.please-wash-your-hands-before]\ndescription = \"visit › paragraph\"\nhash = \""+segment.Hash(washEN)+"\"\nother = \"\"", "[visit.please-wash-your-hands-before]\ndescription = \"visit › paragraph\"\nhash = \""+segment.Hash(washEN)+"\"\nother = \"进入病房之前，请先在门口用洗手液仔细洗手。\"", 1))
	third, err := CheckCached(s.config())
	if err != nil || third.Cached || len(third.List) != 0 {
		t.Fatalf("after the translator's edit: %+v, %v; want a fresh, clean check", third, err)
	}
	os.RemoveAll(filepath.Join(s.dir, ".xlate"))
	fresh, err := CheckCached(s.config())
	if err != nil || fresh.Cached || !cmp.Equal(fresh.List, third.List) {
		t.Fatalf("without the cache: %+v, %v", fresh, err)
	}
}

// TestBuildIsAManifestCheckWhileNothingChanges: a build whose inputs and
// outputs are as the last build left them reads nothing; a deleted output
// or an edited page brings a real build.
func TestBuildIsAManifestCheckWhileNothingChanges(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	cfg := s.config()
	first, err := Build(cfg, BuildOptions{})
	if err != nil || first.Cached || len(first.Written) == 0 {
		t.Fatalf("first build: %+v, %v", first, err)
	}
	second, err := Build(cfg, BuildOptions{})
	if err != nil || !second.Cached || second.Unchanged != len(first.Written) {
		t.Fatalf("second build: %+v, %v; want nothing read, every file unchanged", second, err)
	}
	page := filepath.Join(s.dir, "public", "zh-hans", "visit", "index.html")
	os.Remove(page)
	third, err := Build(cfg, BuildOptions{})
	if err != nil || third.Cached || len(third.Written) != 1 || third.Rendered != 1 {
		t.Fatalf("after an output was deleted: %+v, %v; want its page rendered and it written again", third, err)
	}
	s.edit("visit", "Hours of Quiet Rest", "Hours of Quiet")
	fourth, err := Build(cfg, BuildOptions{})
	if err != nil || fourth.Cached || len(fourth.Written) == 0 {
		t.Fatalf("after an edit: %+v, %v", fourth, err)
	}
}

// TestBuildWithInputsAsBeforeKeepsTheirKeys: a build whose inputs are all
// as the last build read them takes every page's key from its state
// without reading the catalogues' regions; when an output was lost it
// renders that page and records the same keys, the same key of the index
// page and sitemap and the same regions that a build reading the regions
// records.
func TestBuildWithInputsAsBeforeKeepsTheirKeys(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit, "ward": visit + "\nThe ward is on the third floor.\n"})
	cfg := s.config()
	for range 2 {
		if _, err := Build(cfg, BuildOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	state := func() buildState {
		t.Helper()
		var st buildState
		if !readState(cfg, buildStateFile, &st) {
			t.Fatal("no build state")
		}
		return st
	}
	os.Remove(filepath.Join(s.dir, "public", "index.html"))
	os.Remove(filepath.Join(s.dir, "public", "zh-hans", "ward", "index.html"))
	res, err := Build(cfg, BuildOptions{})
	if err != nil || res.Cached || res.Rendered != 1 || len(res.Written) != 2 {
		t.Fatalf("after two outputs went: %+v, %v; want one page rendered, two files written", res, err)
	}
	if res, err := Build(cfg, BuildOptions{}); err != nil || !res.Cached {
		t.Fatalf("the build after: %+v, %v; want nothing to do", res, err)
	}
	asBefore := state()
	// the same bytes with a new time: the next build reads the regions
	zh := filepath.Join(s.dir, "locales", "zh-Hans.toml")
	later := time.Now().Add(time.Minute)
	os.Chtimes(zh, later, later)
	os.Remove(filepath.Join(s.dir, "public", "index.html"))
	if res, err := Build(cfg, BuildOptions{}); err != nil || res.Rendered != 0 || len(res.Written) != 1 {
		t.Fatalf("with a catalogue touched: %+v, %v; want only the index page written", res, err)
	}
	read := state()
	for name, c := range read.Catalogs {
		read.Catalogs[name] = catalogState{Regions: c.Regions}
		asBefore.Catalogs[name] = catalogState{Regions: asBefore.Catalogs[name].Regions}
	}
	for name, p := range read.Pages {
		read.Pages[name] = pageBuild{Key: p.Key}
		asBefore.Pages[name] = pageBuild{Key: asBefore.Pages[name].Key}
	}
	same := cmp.AllowUnexported(buildState{}, pageBuild{}, catalogState{}, regionState{})
	if d := cmp.Diff(asBefore.Catalogs, read.Catalogs, same); d != "" {
		t.Errorf("regions otherwise:\n%s", d)
	}
	if d := cmp.Diff(asBefore.Pages, read.Pages, same); d != "" {
		t.Errorf("page keys otherwise:\n%s", d)
	}
	if asBefore.OthersKey != read.OthersKey || asBefore.Inputs != read.Inputs {
		t.Errorf("the key of the index page and sitemap or of the inputs differs")
	}
}

// TestCorrectionsAreAnInputOfEveryPage: the corrections glossary is
// applied to every page, so a build after it changed renders the pages
// again, as a build without the cache does, sync or no sync.
func TestCorrectionsAreAnInputOfEveryPage(t *testing.T) {
	s := newScenario(t, map[string]string{"visit": visit})
	cfg := s.config()
	for range 2 {
		if _, err := Build(cfg, BuildOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	s.writeFile(filepath.Join("locales", CorrectionsFile), `"visitors" = "guests"`+"\n")
	res, err := Build(cfg, BuildOptions{})
	if err != nil || res.Cached || res.Rendered == 0 {
		t.Fatalf("after the glossary changed: %+v, %v; want the pages rendered again", res, err)
	}
	page := filepath.Join(s.dir, "public", "en", "visit", "index.html")
	got, _ := os.ReadFile(page)
	if !strings.Contains(string(got), "opens to guests") {
		t.Fatalf("the correction is not in the page:\n%s", got)
	}
	os.RemoveAll(filepath.Join(s.dir, ".xlate"))
	os.Remove(page)
	if _, err := Build(cfg, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := os.ReadFile(page); string(fresh) != string(got) {
		t.Errorf("the page differs from a build without the cache")
	}
}

// TestScenarioDeriveTraditional: with zh-Hant derived from zh-Hans, a sync
// pre-fills each untranslated zh-Hant entry whose zh-Hans translation is
// current, converted phrase by phrase with the project's terms, and each
// block written in Simplified Chinese from the block itself; the build
// publishes none of them until a person deletes the suggestion line.
func TestScenarioDeriveTraditional(t *testing.T) {
	s := &scenario{t: t, dir: t.TempDir()}
	s.writeFile(ConfigFile, "languages = [\"en\", \"zh-Hans\", \"zh-Hant\"]\nbase_url = \"https://example.org/\"\nderive = { \"zh-Hant\" = \"zh-Hans\" }\n")
	s.writeFile(filepath.Join("locales", DeriveFile), "[\"zh-Hant\"]\n\"再生障碍性贫血\" = \"再生不良性貧血\"\n")
	s.writeFile(filepath.Join("content", "ward.txt"), "Ward\n\nThe ward treats aplastic anemia.\n\nHair and development.\n\n病房每天九点开放，探视者请在护士站登记。\n")
	s.sync()
	zh := filepath.Join("locales", "zh-Hans.toml")
	data := s.readFile(zh)
	for en, tr := range map[string]string{"The ward treats aplastic anemia.": "病房收治再生障碍性贫血。", "Hair and development.": "头发与发展。"} {
		i := strings.Index(data, "#. en: "+en+"\n")
		j := i + strings.Index(data[i:], `other = ""`)
		data = data[:j] + `other = "` + tr + `"` + data[j+len(`other = ""`):]
	}
	s.writeFile(zh, data)
	s.sync()
	hant := s.readFile(filepath.Join("locales", "zh-Hant.toml"))
	for _, want := range []string{
		"#. en: The ward treats aplastic anemia.\n#, suggestion: converted from zh-Hans; check the words written otherwise here\n[ward.ward-treats-aplastic-anemia]\ndescription = \"ward › paragraph\"\nhash = \"" + segment.Hash("The ward treats aplastic anemia.") + "\"\nother = \"病房收治再生不良性貧血。\"",
		"other = \"頭髮與發展。\"",
		"#. zh-Hans: 病房每天九点开放，探视者请在护士站登记。\n#, suggestion: converted from zh-Hans; check the words written otherwise here\n[ward.\"病房每天九点开放\"]\ndescription = \"ward › paragraph\"\nhash = \"" + segment.Hash("病房每天九点开放，探视者请在护士站登记。") + "\"\nother = \"病房每天九點開放，探視者請在護士站登記。\"",
	} {
		if !strings.Contains(hant, want) {
			t.Errorf("zh-Hant.toml lacks\n%s\n\n%s", want, hant)
		}
	}
	if !strings.Contains(hant, "#. en: Ward\n[ward.ward]\ndescription = \"ward › title\"") || strings.Contains(hant, "other = \"Ward\"") {
		t.Error("an entry whose zh-Hans is not translated was filled")
	}
	if text, lang := s.published("ward", "zh-Hant", "ward.ward-treats-aplastic-anemia"); lang != "en" {
		t.Errorf("a derived suggestion is published before review: %q (%s)", text, lang)
	}
	// a reviewer accepts it
	s.writeFile(filepath.Join("locales", "zh-Hant.toml"), strings.Replace(hant, "#. en: The ward treats aplastic anemia.\n#, suggestion: converted from zh-Hans; check the words written otherwise here\n", "#. en: The ward treats aplastic anemia.\n", 1))
	if text, lang := s.published("ward", "zh-Hant", "ward.ward-treats-aplastic-anemia"); text != "病房收治再生不良性貧血。" || lang != "zh-Hant" {
		t.Errorf("the reviewed suggestion is not published: %q (%s)", text, lang)
	}
	s.sync()
}
