package normalize

import "slices"

// RuleID names one rule. Passes record their fixes and flags by ID, and
// the ID's entry in ruleTable says the rest: the name a Fix or Flag
// carries, the family, the doc line, the trigger and the pass.
type RuleID uint8

// The rules, in the order --list-rules prints them: by family, in the
// order the families run, then by the order of their passes.
const (
	ruleUTF8Mojibake RuleID = iota
	ruleGBKMojibake
	ruleGBKLatin1
	ruleLatin1GBK
	ruleBig5Bullet
	ruleMojibakeTruncated
	ruleMojibakeLossy
	ruleMojibakeMultilayer
	ruleLossyReplacement
	ruleC1Control
	ruleFilterMarker
	ruleFilterMarkerClose
	ruleKeywordDeletion
	ruleFilterRemoved
	ruleZeroWidth
	ruleControlChar
	ruleNFC
	ruleFullwidthAlnum
	ruleFullwidthPunct
	ruleCJKPunct
	ruleLineBreaks
	ruleNBSP
	ruleTrailingSpace
	ruleBlankLines
	ruleSpaceRun
	ruleSpaceBeforePunct
	ruleSpaceAfterPunct
	ruleCJKSpacing
	ruleGlossary
	rulePronounAgreement
	ruleIrregularVerb
	ruleAgreement
	ruleSplitYear
	ruleSplitNumber
	ruleMTNumberGarbage
	ruleDomainTypo
	ruleTermTypo
	ruleCJKFiller
	ruleRawMT
	numRules
)

// String returns the rule's name, as Fix.Rule and Flag.Rule carry it.
func (id RuleID) String() string { return ruleTable[id].name }

// family numbers a rule family; families run in this order.
type family uint8

const (
	famEncoding family = iota
	famMarkers
	famInvisible
	famWidth
	famSpacing
	famGlossary
	famGrammar
	famMT
	numFamilies
)

var familyNames = [numFamilies]string{"encoding", "markers", "invisible", "width", "spacing", "glossary", "grammar", "mt"}

func (f family) String() string { return familyNames[f] }

// rule is one rule as a value: everything about it is declared here, and
// the list of rules, the README's rule list and the test that every rule
// has table cases are derived from these values.
type rule struct {
	name   string
	family family
	doc    string
	// trigger is what a block must contain for the rule to have work: the
	// scan of a block computes the block's triggers, and a pass runs only
	// when one of its rules is triggered. It is an optimisation and
	// nothing more: forcing every trigger on gives the same result (see
	// TestForcedTriggers).
	trigger trigger
	// pass does the rule's work; several rules may share one pass, which
	// then walks the text once for all of them.
	pass *pass
}

// ruleTable is every rule. Its entries are indexed by RuleID.
var ruleTable = [numRules]rule{
	ruleUTF8Mojibake: {"utf8-mojibake", famEncoding,
		"decodes UTF-8 that was read as a single-byte code page (Itâ€™s, Ã©, РґРѕСЂРѕРіРµ), layer by layer, when the result is plausible and the evidence sure",
		trigLatin, &utf8MojibakeP},
	ruleGBKMojibake: {"gbk-mojibake", famEncoding,
		"decodes UTF-8 that was read as GBK (鐢ㄦ埛 → 用户), a whole run or nothing, when the result has more common Han characters",
		trigSuspect, &gbkMojibakeP},
	ruleGBKLatin1: {"gbk-latin1-mojibake", famEncoding,
		"decodes GBK read as Latin-1 or Windows-1252 (ÎÂÜ°Ìáʾ → 温馨提示, £» → ；), also through a UTF-8 fallback (Ŀ¼ → 目录)",
		trigLatin, &latin1GBKP},
	ruleLatin1GBK: {"latin1-gbk-mojibake", famEncoding,
		"decodes Latin-1 letters that a GBK reader glued into a rare Han character inside a Latin word (na飗e → naïve)",
		trigSuspect, &latin1InGBKP},
	ruleBig5Bullet: {"big5-bullet", famEncoding,
		"splits a Windows-1252 bullet read as Big5 at the start of a line (慈ther → • Other)",
		trigCJK, &big5BulletP},
	ruleMojibakeTruncated: {"mojibake-truncated", famEncoding,
		"flags the start of a UTF-8 character left after repaired text when its last byte was lost",
		trigLatin, &truncatedP},
	ruleMojibakeLossy: {"mojibake-lossy", famEncoding,
		"flags a run of mojibake (UTF-8 read as GBK, GBK read as Latin-1) that cannot be decoded whole, a byte being lost: left byte for byte for a person",
		trigSuspect, &gbkMojibakeP},
	ruleMojibakeMultilayer: {"mojibake-multilayer", famEncoding,
		"flags a run of rare Han characters that is mojibake of mojibake: bytes were lost at each layer",
		trigSuspect, &gbkMojibakeP},
	ruleLossyReplacement: {"lossy-replacement", famEncoding,
		"flags 锟斤拷, replacement characters and 烫烫烫: the original bytes are gone",
		trigLossy, &lossyP},
	ruleC1Control: {"c1-control", famEncoding,
		"reads a C1 control as the Windows-1252 character of the same byte (\\x93 → “)",
		trigC1, &c1P},
	ruleFilterMarker: {"filter-marker", famMarkers,
		"removes anti-XSS filter markers (<x>, &lt;x&gt;, -x-) inside words; -x- only when the result is a known word; flags the rest",
		trigMarker, &markersP},
	ruleFilterMarkerClose: {"filter-marker-close", famMarkers,
		"removes a stray </x> left by an editor that closed a filter marker",
		trigMarker, &markersP},
	ruleKeywordDeletion: {"keyword-deletion", famMarkers,
		"flags a fragment left where a filter deleted a keyword ( bolism for metabolism), with the words it may come from",
		trigWordRules, &wordRulesP},
	ruleFilterRemoved: {"filter-removed", famMarkers,
		"flags [removed], where a CodeIgniter-style filter cut text out",
		trigBracket, &removedP},
	ruleZeroWidth: {"zero-width", famInvisible,
		"removes zero-width spaces and joiners, word joiners, stray byte-order marks and soft hyphens",
		trigInvisible, &invisibleP},
	ruleControlChar: {"control-char", famInvisible,
		"removes C0 and C1 control characters (not tab or line breaks)",
		trigInvisible, &invisibleP},
	ruleNFC: {"nfc", famInvisible,
		"composes the text to Unicode NFC (e + combining acute → é)",
		trigNFC, &nfcP},
	ruleFullwidthAlnum: {"fullwidth-alnum", famWidth,
		"turns full-width letters and digits into ASCII (ＡＢＣ１２３ → ABC123)",
		trigWidth, &widthP},
	ruleFullwidthPunct: {"fullwidth-punct", famWidth,
		"turns full-width punctuation and the ideographic space into ASCII inside an English clause (count，and → count, and)",
		trigWidth, &widthP},
	ruleCJKPunct: {"cjk-punct", famWidth,
		"turns ASCII punctuation after Chinese text into full width (库, → 库，; ftfy(…)是 → ftfy（…）是), not in numbers, code, Korean or Japanese",
		trigWidth, &widthP},
	ruleLineBreaks: {"line-breaks", famSpacing,
		"turns CRLF and a lone CR into LF",
		trigAlways, &lineBreaksP},
	ruleNBSP: {"nbsp", famSpacing,
		"turns a non-breaking space into a space, except French spacing before ; : ? ! and inside « »",
		trigNBSP, &nbspP},
	ruleTrailingSpace: {"trailing-space", famSpacing,
		"removes spaces and tabs at the end of a line (and empties a line of blanks)",
		trigTrailing, &trailingSpaceP},
	ruleBlankLines: {"blank-lines", famSpacing,
		"collapses runs of blank lines into one",
		trigAlways, &blankLinesP},
	ruleSpaceRun: {"space-run", famSpacing,
		"collapses a run of spaces inside a line into one",
		trigSpaceRun, &spaceRunP},
	ruleSpaceBeforePunct: {"space-before-punct", famSpacing,
		"removes spaces before , . ; : ? ! (not before an ellipsis, an emoticon or .NET)",
		trigSpaceRun, &spaceRunP},
	ruleSpaceAfterPunct: {"space-after-punct", famSpacing,
		"adds the missing space after , . ; : ? ! before a word or a URL, and after a code span or formula before a word (not in decimals, 1,000, e.g., U.S., code, URLs)",
		trigPunctAlnum, &spaceAfterPunctP},
	ruleCJKSpacing: {"cjk-spacing", famSpacing,
		"puts one space between Chinese and Latin letters or digits (Go语言 → Go 语言) and none beside full-width punctuation; not in Korean, code or mojibake",
		trigCJKSpacing, &cjkSpacingP},
	ruleGlossary: {"glossary", famGlossary,
		"applies the corrections glossary: whole words, any case, keeping the case of the text",
		trigWordRules | trigSlowGlossary, &wordRulesP},
	rulePronounAgreement: {"pronoun-agreement", famGrammar,
		"fixes a closed list of pronoun + verb agreement errors (we provides, They has)",
		trigWordRules, &wordRulesP},
	ruleIrregularVerb: {"irregular-verb", famGrammar,
		"fixes regular past forms of irregular verbs that are not words (we growed → we grew, has growed → has grown)",
		trigWordRules, &wordRulesP},
	ruleAgreement: {"agreement", famGrammar,
		"flags a plural subject with a singular verb (Their studies has): the subject is not certain, so a person decides",
		trigWordRules, &wordRulesP},
	ruleSplitYear: {"split-year", famMT,
		"joins a year that machine translation split after a preposition (in 20 14 → in 2014)",
		trigNumbers, &numbersP},
	ruleSplitNumber: {"split-number", famMT,
		"flags other numbers that may be split, in a paragraph with number garbage",
		trigNumbers, &numbersP},
	ruleMTNumberGarbage: {"mt-number-garbage", famMT,
		"flags tokens only machine translation writes for numbers (65438+0, /kloc, members1person)",
		trigNumbers, &numbersP},
	ruleDomainTypo: {"domain-typo", famMT,
		"flags a word one or two edits from a medical term that is not a known word, with the term as suggestion",
		trigWordRules, &wordRulesP},
	ruleTermTypo: {"term-typo", famMT,
		"flags a real word one edit from the word a known multi-word medical term needs there (bone arrow transplant → bone marrow)",
		trigWordRules, &wordRulesP},
	ruleCJKFiller: {"cjk-filler", famMT,
		"flags a run of rare Han characters that form no words (filler of document-sharing sites)",
		trigSuspect, &gbkMojibakeP},
	ruleRawMT: {"raw-mt", famMT,
		"flags a paragraph, or a run of short lines, that reads as raw machine translation (word salad), with its score and evidence",
		trigWordRules, &wordRulesP},
}

// pass is one walk over a block (or, for the layout passes, the whole
// text) that does the work of the rules that name it.
type pass struct {
	run func(*state)
	// layers is how often the pass may run on its own result within a
	// round: a repair that uncovers the same damage one layer down
	// (mojibake of mojibake) finishes in one round.
	layers int
	// need and families are derived from the rules of the pass: what a
	// block must contain for one of them to have work, and their
	// families (a bit each).
	need     trigger
	families uint16
}

// The passes. Their order in passes and layoutPasses is the order they
// run in; each is a value the rules above point to.
var (
	lineBreaksP      = pass{run: lineBreaksPass, layers: 1}
	blankLinesP      = pass{run: blankLinesPass, layers: 1}
	latin1GBKP       = pass{run: latin1GBKPass, layers: 1}
	utf8MojibakeP    = pass{run: utf8MojibakePass, layers: 4}
	c1P              = pass{run: c1Pass, layers: 1}
	truncatedP       = pass{run: truncatedPass, layers: 1}
	gbkMojibakeP     = pass{run: gbkMojibakePass, layers: 1}
	latin1InGBKP     = pass{run: latin1InGBKPass, layers: 1}
	big5BulletP      = pass{run: big5BulletPass, layers: 1}
	lossyP           = pass{run: lossyPass, layers: 1}
	markersP         = pass{run: markersPass, layers: 1}
	removedP         = pass{run: removedPass, layers: 1}
	invisibleP       = pass{run: invisiblePass, layers: 1}
	nfcP             = pass{run: nfcPass, layers: 1}
	widthP           = pass{run: widthPass, layers: 1}
	nbspP            = pass{run: nbspPass, layers: 1}
	trailingSpaceP   = pass{run: trailingSpacePass, layers: 1}
	spaceRunP        = pass{run: spaceRunPass, layers: 1}
	spaceAfterPunctP = pass{run: spaceAfterPunctPass, layers: 1}
	cjkSpacingP      = pass{run: cjkSpacingPass, layers: 1}
	wordRulesP       = pass{run: wordRulesPass, layers: 1}
	numbersP         = pass{run: numbersPass, layers: 1}
)

// layoutPasses work on the whole text before it is cut into blocks: they
// decide where the blocks (paragraphs) are.
var layoutPasses = []*pass{&lineBreaksP, &blankLinesP}

// passes run on each block, in this order: mojibake first, since any other
// rule would act on characters that are not the text's; then filter
// markers, so that spacing never acts on a half-filtered word; then
// invisible characters, width, spacing and the word rules. Each pass makes
// edits that do not overlap; a rule whose edits could overlap another's
// has its own pass.
var passes = []*pass{
	&latin1GBKP, &utf8MojibakeP, &c1P, &truncatedP, &gbkMojibakeP, &latin1InGBKP, &big5BulletP, &lossyP,
	&markersP, &removedP,
	&invisibleP, &nfcP,
	&widthP,
	&nbspP, &trailingSpaceP, &spaceRunP, &spaceAfterPunctP, &cjkSpacingP,
	&wordRulesP, &numbersP,
}

func init() {
	for id := range ruleTable {
		r := &ruleTable[id]
		r.pass.need |= r.trigger
		r.pass.families |= 1 << r.family
	}
}

// Rule describes one named rule.
type Rule struct {
	ID     RuleID
	Name   string
	Family string
	Doc    string
}

// Rules lists every rule, by family in the order the families run.
func Rules() []Rule {
	rules := make([]Rule, 0, numRules)
	for id, r := range ruleTable {
		rules = append(rules, Rule{ID: RuleID(id), Name: r.name, Family: r.family.String(), Doc: r.doc})
	}
	slices.SortStableFunc(rules, func(a, b Rule) int { return int(ruleTable[a.ID].family) - int(ruleTable[b.ID].family) })
	return rules
}

// Families lists the rule families in the order they run.
func Families() []string { return slices.Clone(familyNames[:]) }
