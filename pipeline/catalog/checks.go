package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"xlate/pipeline/chinese"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// CheckInfo is a kind of finding: its name, which does not change, its
// severity unless the project says otherwise, and what it finds.
type CheckInfo struct {
	Name     string
	Severity source.Severity
	Doc      string
}

// Checks are every kind of finding xlate check reports.
var Checks = []CheckInfo{
	{"malformed", source.Error, "a catalogue TOML or go-i18n cannot read, or that xlate could not write back as it is"},
	{"refused", source.Error, "a catalogue for a language go-i18n cannot load, or for a variant of a configured language"},
	{"no-entry", source.Error, "a block of the content without an entry in a catalogue (run xlate sync)"},
	{"missing", source.Error, "a text not translated yet"},
	{"unreviewed", source.Error, "a suggestion (from the translation memory or a derived language) not reviewed yet"},
	{"fuzzy", source.Error, "a translation whose source changed since it was made"},
	{"stale", source.Error, "a translation or a rewrite whose source changed, not yet marked by a sync"},
	{"out-of-date", source.Error, "an entry the content changed under and no sync has updated"},
	{"flagged", source.Error, "a passage the normaliser could not repair, without an editor's rewrite"},
	{"template", source.Error, "a translation that is not a valid Go template (go-i18n fails when it runs it)"},
	{"placeholders", source.Error, "template actions, printf verbs or inline placeholders that differ from the source's"},
	{"template-code", source.Error, "template code in a translation whose source has none (go-i18n would run it)"},
	{"plural-forms", source.Error, "plural forms missing for the language's CLDR categories, or present but not used by it"},
	{"markup", source.Error, "HTML tags in a translation that do not close in order"},
	{"encoding", source.Warning, "a content page whose encoding was a close call, or whose declared charset its bytes contradict"},
	{"obsolete", source.Warning, "an entry whose text left the content (xlate sync --prune removes it)"},
	{"inconsistent", source.Warning, "one source text translated two ways in one catalogue"},
	{"identical", source.Warning, "a translation identical to its source (words the project keeps as they are aside)"},
	{"punctuation", source.Warning, "half-width sentence punctuation between Chinese characters"},
	{"spacing", source.Warning, "Latin letters or digits run into Chinese characters without a space"},
	{"script", source.Warning, "Traditional-only characters in Simplified Chinese, or Simplified-only ones in Traditional"},
	{"length", source.Warning, "a translation far shorter or longer than the language pair's usual ratio"},
	{"glossary", source.Warning, "a glossary term not translated as the glossary requires"},
}

// CheckNamed returns the kind of finding a name names.
func CheckNamed(name string) (CheckInfo, bool) {
	for _, c := range Checks {
		if c.Name == name {
			return c, true
		}
	}
	return CheckInfo{}, false
}

// add adds a named finding of its kind's severity.
func add(list *source.List, pos source.Pos, check string, format string, args ...any) {
	c, _ := CheckNamed(check)
	list.Add(pos, c.Severity, format, args...)
	(*list)[len(*list)-1].Check = check
}

// MessageOptions is what the checks of a translation against its source
// need besides the two texts.
type MessageOptions struct {
	Lang, From language.Tag
	// Keep are words that stay as they are in every language (HSCT):
	// a translation made only of them is no finding.
	Keep []string
	// Glossary maps source terms to the translation the language must
	// use for them.
	Glossary map[string]string
	// Ratio is the usual ratio of a translation's characters to its
	// source's in the language pair; 0: unknown.
	Ratio float64
}

// Problem is what a check of one message finds.
type Problem struct {
	Check, Msg string
}

// minLengthChecked is the shortest source, in characters, whose
// translation's length is checked: a shorter one varies too much.
const minLengthChecked = 40

// lengthFinding says what is wrong with the length of a translation of
// got characters for a source of src, where the language pair's
// translations usually have ratio times their source's characters (0:
// unknown): more than three times as long or short; "" when nothing is.
func lengthFinding(src, got int, ratio float64) string {
	if ratio <= 0 || src < minLengthChecked {
		return ""
	}
	r := float64(got) / float64(src)
	if r < ratio/3 || r > ratio*3 {
		return fmt.Sprintf("%d characters for a source of %d: %.2f of it, where this language pair usually has %.2f", got, src, r, ratio)
	}
	return ""
}

// CheckMessage checks a translation against its source, each given as
// its plural forms (form name → text).
func CheckMessage(src, tr map[string]string, opt MessageOptions) []Problem {
	var out []Problem
	report := func(check, format string, args ...any) {
		out = append(out, Problem{check, fmt.Sprintf(format, args...)})
	}
	out = append(out, checkForms(src, tr, opt.Lang)...)
	srcText := src["other"]
	for _, f := range Forms {
		t := tr[f]
		if t == "" {
			continue
		}
		s := src[f]
		if s == "" {
			s = srcText
		}
		hasCode := strings.Contains(s, "{{")
		if strings.Contains(t, "{{") {
			if _, err := template.New("").Parse(t); err != nil {
				report("template", "%s is not a valid template: %s", formName(f), strings.TrimPrefix(err.Error(), "template: :"))
				continue
			}
			if !hasCode {
				report("template-code", "%s holds template code (%s) that its source has not; go-i18n would run it", formName(f), strings.Join(actions(t), " "))
				continue
			}
		}
		if d := differ(actions(s), actions(t)); d != "" {
			report("placeholders", "%s: template actions %s", formName(f), d)
		}
		if d := differ(verbs(s), verbs(t)); d != "" {
			report("placeholders", "%s: printf verbs %s", formName(f), d)
		}
		if msg := checkInline(s, t); msg != "" {
			report("placeholders", "%s: %s", formName(f), msg)
		}
		if msg := checkMarkup(s, t); msg != "" {
			report("markup", "%s: %s", formName(f), msg)
		}
	}
	t := tr["other"]
	if t == "" {
		return out
	}
	if strings.TrimSpace(t) == strings.TrimSpace(srcText) && hasLetters(srcText) && !keptWhole(srcText, opt.Keep) && opt.Lang != opt.From {
		report("identical", "the translation is the source itself")
	}
	if isChinese(opt.Lang) {
		plain := segment.StripPlaceholders(stripCode(t))
		if r, at := halfWidthPunct(plain); at >= 0 {
			report("punctuation", "half-width %q between Chinese characters (write %s)", r, fullWidthOf(r))
		}
		if run := latinRunIn(plain); run != "" {
			report("spacing", "%q runs into Chinese characters without a space", run)
		}
		if bad := wrongScript(plain, opt.Lang); bad != "" {
			report("script", "%s is written in %s; these characters are not: %s", opt.Lang, scriptName(opt.Lang), bad)
		}
	}
	if msg := lengthFinding(utf8.RuneCountInString(srcText), utf8.RuneCountInString(t), opt.Ratio); msg != "" {
		report("length", "%s", msg)
	}
	for term, want := range opt.Glossary {
		if containsTerm(srcText, term) && !strings.Contains(t, want) {
			report("glossary", "the glossary translates %q as %q", term, want)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Check < out[j].Check })
	return out
}

func formName(f string) string {
	if f == "other" {
		return "the translation"
	}
	return "form " + f
}

var actionRE = regexp.MustCompile(`\{\{-?\s*(.*?)\s*-?\}\}`)

// actions are a text's template actions, their spaces normalised.
func actions(s string) []string {
	var out []string
	for _, m := range actionRE.FindAllStringSubmatch(s, -1) {
		out = append(out, "{{"+strings.Join(strings.Fields(m[1]), " ")+"}}")
	}
	return out
}

var verbRE = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[vTtbcdoOqxXUeEfFgGsp]`)

// verbs are a text's printf verbs (a %% is none), each as its kind: a
// translation may reorder the arguments (%[2]s) and change a width.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(strings.ReplaceAll(s, "%%", ""), -1) {
		out = append(out, "%"+v[len(v)-1:])
	}
	return out
}

// differ says how two lists differ as multisets: what is missing, what
// is extra; "" when they hold the same.
func differ(want, got []string) string {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	var missing, extra []string
	for k, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, k)
		}
		for ; n < 0; n++ {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, " "))
	}
	if len(extra) > 0 {
		parts = append(parts, "not in the source "+strings.Join(extra, " "))
	}
	return strings.Join(parts, "; ")
}

// checkInline holds a translation's inline placeholders to its source's.
func checkInline(src, tr string) string {
	ps := segment.Placeholders(src)
	if len(ps) == 0 && len(segment.Placeholders(tr)) == 0 {
		return ""
	}
	inlines := map[int]segment.Inline{}
	max := 0
	for _, p := range ps {
		tag := "x"
		if p.Empty {
			tag = "br"
		}
		if _, ok := inlines[p.N]; !ok || !p.Close {
			inlines[p.N] = segment.Inline{Tag: tag}
		}
		max = maxInt(max, p.N)
	}
	list := make([]segment.Inline, max)
	for n, in := range inlines {
		list[n-1] = in
	}
	for i := range list {
		if list[i].Tag == "" {
			list[i].Tag = "x" // a number the source skips: it must stay unused
		}
	}
	return segment.CheckPlaceholders(tr, list)
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

var tagRE = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>`)

var voidTags = map[string]bool{"br": true, "img": true, "hr": true, "wbr": true, "input": true, "meta": true, "link": true}

// checkMarkup finds HTML tags in a translation that do not close in
// order, where its source's do.
func checkMarkup(src, tr string) string {
	if unbalanced(src) != "" {
		return ""
	}
	return unbalanced(tr)
}

func unbalanced(s string) string {
	var open []string
	for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
		name := strings.ToLower(m[1])
		switch {
		case voidTags[name] || strings.HasSuffix(m[0], "/>"):
		case strings.HasPrefix(m[0], "</"):
			if len(open) == 0 || open[len(open)-1] != name {
				return fmt.Sprintf("%s closes what is not open", m[0])
			}
			open = open[:len(open)-1]
		default:
			open = append(open, name)
		}
	}
	if len(open) > 0 {
		return fmt.Sprintf("<%s> is never closed", open[len(open)-1])
	}
	return ""
}

// checkForms holds a translation's plural forms to its language's CLDR
// categories, when its source is a plural message (more than one form).
func checkForms(src, tr map[string]string, lang language.Tag) []Problem {
	var out []Problem
	want := categories(lang)
	have := []string{}
	for _, f := range Forms {
		if tr[f] != "" {
			have = append(have, f)
		}
	}
	for _, f := range have {
		if !slices.Contains(want, f) {
			out = append(out, Problem{"plural-forms", fmt.Sprintf("form %s is not one %s uses (it uses %s)", f, lang, strings.Join(want, ", "))})
		}
	}
	plural := 0
	for _, f := range Forms {
		if src[f] != "" {
			plural++
		}
	}
	if plural > 1 && len(have) > 0 {
		for _, f := range want {
			if tr[f] == "" {
				out = append(out, Problem{"plural-forms", fmt.Sprintf("form %s is missing: %s uses %s", f, lang, strings.Join(want, ", "))})
			}
		}
	}
	return out
}

// categories are the CLDR plural categories a language uses for
// cardinal numbers, in Forms order, as go-i18n chooses among them: a
// message with every form is asked for counts of every kind, and the
// forms it answers with are the language's.
func categories(lang language.Tag) []string {
	if cs, ok := categoryCache.Load(lang); ok {
		return cs.([]string)
	}
	bundle := i18n.NewBundle(language.English)
	msg := &i18n.Message{ID: "x", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	seen := map[string]bool{}
	if err := bundle.AddMessages(lang, msg); err == nil {
		loc := i18n.NewLocalizer(bundle, lang.String())
		counts := []any{"0.5", "1.5", "2.5", "1000000", "1e6", "0.0", "1.0"}
		for i := 0; i <= 200; i++ {
			counts = append(counts, i)
		}
		for _, n := range counts {
			if out, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "x", PluralCount: n}); err == nil {
				seen[out] = true
			}
		}
	}
	var out []string
	for _, f := range Forms {
		if seen[f] {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = []string{"other"}
	}
	categoryCache.Store(lang, out)
	return out
}

var categoryCache sync.Map

func hasLetters(s string) bool {
	for _, r := range segment.StripPlaceholders(s) {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// keptWhole reports whether a text is only words the project keeps as
// they are (and what is not a letter).
func keptWhole(s string, keep []string) bool {
	rest := segment.StripPlaceholders(s)
	for _, k := range keep {
		rest = strings.ReplaceAll(rest, k, "")
	}
	return !hasLetters(rest)
}

func isChinese(t language.Tag) bool {
	b, _ := t.Base()
	return b.String() == "zh"
}

// stripCode leaves out template actions, which are no prose.
func stripCode(s string) string { return actionRE.ReplaceAllString(s, "") }

// halfWidthPunct finds a half-width , . ; : ? ! with a Chinese character
// on both sides (a decimal point or a time is between digits).
func halfWidthPunct(s string) (string, int) {
	rs := []rune(s)
	for i := 1; i+1 < len(rs); i++ {
		if strings.ContainsRune(",.;:?!", rs[i]) && isHan(rs[i-1]) && isHan(rs[i+1]) {
			return string(rs[i]), i
		}
	}
	return "", -1
}

func fullWidthOf(p string) string {
	return map[string]string{",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！"}[p]
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// latinRunIn finds a run of Latin letters or digits touching a Chinese
// character with no space between.
func latinRunIn(s string) string {
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !isLatinOrDigit(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && (isLatinOrDigit(rs[j]) || rs[j] == '-' || rs[j] == '.') {
			j++
		}
		if i > 0 && isHan(rs[i-1]) || j < len(rs) && isHan(rs[j]) {
			return string(rs[i:j])
		}
		i = j
	}
	return ""
}

func isLatinOrDigit(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wrongScript lists the characters of a Chinese text written only in the
// other script.
func wrongScript(s string, lang language.Tag) string {
	script, _ := lang.Script()
	bad := chinese.Traditional
	if script.String() == "Hant" {
		bad = chinese.Simplified
	}
	seen := map[rune]bool{}
	var out []string
	for _, r := range s {
		if chinese.Of(r) == bad && !seen[r] {
			seen[r] = true
			out = append(out, string(r))
		}
	}
	return strings.Join(out, "")
}

func scriptName(lang language.Tag) string {
	if s, _ := lang.Script(); s.String() == "Hant" {
		return "Traditional Chinese"
	}
	return "Simplified Chinese"
}

// containsTerm reports whether a text holds a term as whole words, in
// any case.
func containsTerm(text, term string) bool {
	lt, lterm := strings.ToLower(text), strings.ToLower(term)
	for from := 0; ; {
		i := strings.Index(lt[from:], lterm)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(lt[:i])
		after, _ := utf8.DecodeRuneInString(lt[i+len(lterm):])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		from = i + 1
	}
}

// CheckMessages checks the messages of a go-i18n catalogue against those
// of the catalogue it translates (its source language's), message by
// message, by ID: what CheckMessage finds, at each message's line. It is
// how catalogues xlate did not write are checked.
func CheckMessages(src, tr *Catalog, opt CheckOptions) source.List {
	var list source.List
	for _, e := range tr.Entries {
		s := src.Lookup(e.ID)
		if s == nil || e.Empty() {
			continue
		}
		forms := func(e *Entry) map[string]string {
			names, texts := e.Texts()
			m := map[string]string{}
			for i, n := range names {
				m[n] = texts[i]
			}
			return m
		}
		mo := MessageOptions{Lang: tr.Tag, From: src.Tag, Keep: opt.Keep, Glossary: opt.Glossary[tr.Tag]}
		for _, pb := range CheckMessage(forms(s), forms(e), mo) {
			add(&list, entryPos(tr, e), pb.Check, "%s: %s", e.ID, pb.Msg)
		}
	}
	list.Sort()
	return list
}
