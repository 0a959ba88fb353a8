package segment

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pages written in markup (HTML, Markdown) keep their structure: lists,
// tables, figures, emphasis and links come out in every language where
// they stood. Such a page is read into blocks and a body: the body is the
// page's markup with a slot for each block, and a block's text holds its
// inline elements (links, emphasis, code, line breaks) as numbered
// placeholders, so that a translator can move them but never sees, or
// breaks, their attributes:
//
//	See <1>the visiting hours</1> before you come.<2/>
//
// <n>…</n> stands around what element n holds, <n/> for an element that
// holds nothing (a line break). The attributes (a link's address) stay
// out of the catalogue and come back in every language. A link's title
// and an image's alternative text are blocks of their own.

// Run is a piece of a block as its source gives it: text, or a
// placeholder.
type Run struct {
	Text   string // the text; for a placeholder, the placeholder ("<1>", "</1>", "<2/>")
	Offset int    // where the text begins in the source
	Tag    bool   // a placeholder
	Code   bool   // text of a code element: neither normalised nor reflowed
}

// Inline is an element inside a block, held in the block's text as a
// placeholder numbered by its place in Block.Inlines (from 1).
type Inline struct {
	Tag   string // a, em, strong, code, br, …
	Attrs string // its attributes, sanitised and escaped, each after a space
	Title int    // the block holding its title attribute (from 1; 0: none)
	Alt   int    // of an image: the block holding its alternative text
}

// Part is a piece of a page's body: markup written as it is, or an
// element holding a block.
type Part struct {
	Markup string // written as is: the structure the parser kept, sanitised
	Tag    string // else an element, <Tag Attrs>block</Tag>
	Attrs  string // its attributes, sanitised and escaped, each after a space
	Block  int    // the block it holds (from 1)
	// Attr, for an element without content (img), names the attribute
	// the block goes into ("alt").
	Attr string
}

// Placeholder is a placeholder in a block's text.
type Placeholder struct {
	N     int  // the inline element, from 1
	Close bool // </n>
	Empty bool // <n/>
	Start int  // its offset in the text
	End   int
}

// Placeholders lists the placeholders of a text, in order. Any other use
// of < is text.
func Placeholders(text string) []Placeholder {
	var out []Placeholder
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		j := i + 1
		p := Placeholder{Start: i}
		if j < len(text) && text[j] == '/' {
			p.Close = true
			j++
		}
		k := j
		for k < len(text) && text[k] >= '0' && text[k] <= '9' {
			k++
		}
		if k == j || k-j > 4 || text[j] == '0' {
			continue
		}
		p.N, _ = strconv.Atoi(text[j:k])
		switch {
		case k < len(text) && text[k] == '>':
			p.End = k + 1
		case !p.Close && k+1 < len(text) && text[k] == '/' && text[k+1] == '>':
			p.Empty, p.End = true, k+2
		default:
			continue
		}
		out = append(out, p)
		i = p.End - 1
	}
	return out
}

// CheckPlaceholders reports what is wrong with the placeholders of a text
// against the inline elements of its block: one that does not exist, one
// used twice, closed without being opened or never closed, elements
// closed out of order, an element that holds nothing written as holding
// something or the other way round, or one left out. "" when all is well.
func CheckPlaceholders(text string, inlines []Inline) string {
	seen := map[int]bool{}
	var open []int
	for _, p := range Placeholders(text) {
		if p.N > len(inlines) {
			return "placeholder " + text[p.Start:p.End] + " stands for no element of the source"
		}
		empty := inlines[p.N-1].Tag == "br" || inlines[p.N-1].Tag == "img" || inlines[p.N-1].Tag == "wbr"
		switch {
		case p.Close:
			if len(open) == 0 || open[len(open)-1] != p.N {
				return "placeholder " + text[p.Start:p.End] + " closes what is not open"
			}
			open = open[:len(open)-1]
			continue
		case seen[p.N]:
			return "placeholder " + text[p.Start:p.End] + " is used twice"
		case p.Empty != empty:
			if empty {
				return "placeholder " + text[p.Start:p.End] + " must be written <" + strconv.Itoa(p.N) + "/>"
			}
			return "placeholder " + text[p.Start:p.End] + " must be written <" + strconv.Itoa(p.N) + ">…</" + strconv.Itoa(p.N) + ">"
		}
		seen[p.N] = true
		if !p.Empty {
			open = append(open, p.N)
		}
	}
	if len(open) > 0 {
		return "placeholder <" + strconv.Itoa(open[len(open)-1]) + "> is never closed"
	}
	for n := 1; n <= len(inlines); n++ {
		if !seen[n] {
			return "placeholder <" + strconv.Itoa(n) + "> of the source is missing"
		}
	}
	return ""
}

// StripPlaceholders returns a text without its placeholders, for where
// only text may stand (a title, a description).
func StripPlaceholders(text string) string {
	ps := Placeholders(text)
	if len(ps) == 0 {
		return text
	}
	var b strings.Builder
	at := 0
	for _, p := range ps {
		b.WriteString(text[at:p.Start])
		at = p.End
	}
	b.WriteString(text[at:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// Finish makes each block's text from its runs (the text runs already
// normalised): white space collapsed as a browser collapses it, a line
// break inside Chinese dropped, the ends trimmed; then hashes the blocks
// and tells their scripts. A block whose text is empty is dropped, and
// the body's slots and the inline titles follow the blocks' new numbers;
// Finish returns them: the new number (from 1) of each block, 0 for one
// dropped.
func (p *Page) Finish() []int {
	number := make([]int, len(p.Blocks)+1)
	// a block of no words but inline elements (an image alone in a
	// paragraph) is no block: its elements go into the body as markup
	expand := map[int][]Part{}
	kept := make([]Block, 0, len(p.Blocks))
	for i := range p.Blocks {
		b := p.Blocks[i]
		if b.Runs != nil {
			b.Text = joinRuns(balance(b.Runs))
			b.Runs = nil
		}
		b.Offset = max(b.Offset, 0)
		if strings.TrimSpace(StripPlaceholders(b.Text)) == "" && b.Kind != Alt || b.Text == "" {
			expand[i+1] = inlineMarkup(b)
			continue
		}
		kept = append(kept, b)
		number[i+1] = len(kept)
	}
	p.Blocks = kept
	var body []Part
	for _, pt := range p.Body {
		if pt.Block == 0 {
			body = append(body, pt)
			continue
		}
		if number[pt.Block] > 0 {
			pt.Block = number[pt.Block]
			body = append(body, pt)
			continue
		}
		parts := expand[pt.Block]
		if len(parts) == 0 {
			continue // an element whose block held nothing
		}
		if pt.Tag != "" {
			body = append(body, Part{Markup: "<" + pt.Tag + pt.Attrs + ">"})
		}
		for _, e := range parts {
			if e.Block > 0 {
				if e.Block = number[e.Block]; e.Block == 0 {
					e = Part{Markup: "<" + e.Tag + e.Attrs + ` alt="">`}
				}
			}
			body = append(body, e)
		}
		if pt.Tag != "" {
			body = append(body, Part{Markup: "</" + pt.Tag + ">"})
		}
	}
	p.Body = body
	for i := range p.Blocks {
		for j := range p.Blocks[i].Inlines {
			in := &p.Blocks[i].Inlines[j]
			in.Title, in.Alt = number[in.Title], number[in.Alt]
		}
	}
	section := ""
	for i := range p.Blocks {
		if p.Blocks[i].Kind == Heading {
			section = StripPlaceholders(p.Blocks[i].Text)
		}
		if p.Blocks[i].Section == "" {
			p.Blocks[i].Section = section
		}
	}
	classify(p.Blocks)
	return number[1:]
}

// inlineMarkup is the markup of a block that holds inline elements and
// no words: each element written as it was, an image with its
// alternative text's block.
func inlineMarkup(b Block) []Part {
	var out []Part
	for _, ph := range Placeholders(b.Text) {
		if ph.N > len(b.Inlines) {
			continue
		}
		in := b.Inlines[ph.N-1]
		switch {
		case ph.Close:
			out = append(out, Part{Markup: "</" + in.Tag + ">"})
		case in.Tag == "img" && in.Alt > 0:
			out = append(out, Part{Tag: "img", Attrs: in.Attrs, Block: in.Alt, Attr: "alt"})
		case in.Tag == "img":
			out = append(out, Part{Markup: "<img" + in.Attrs + ` alt="">`})
		default:
			out = append(out, Part{Markup: "<" + in.Tag + in.Attrs + ">"})
		}
	}
	return out
}

// balance closes the placeholders of a block in the order they were
// opened: markup closed out of order or never closed (as scraped pages
// have it) still gives a text whose placeholders nest.
func balance(runs []Run) []Run {
	var out []Run
	var open []string // the numbers of the placeholders open
	for _, r := range runs {
		if !r.Tag || strings.HasSuffix(r.Text, "/>") {
			out = append(out, r)
			continue
		}
		if !strings.HasPrefix(r.Text, "</") {
			open = append(open, r.Text[1:len(r.Text)-1])
			out = append(out, r)
			continue
		}
		k := r.Text[2 : len(r.Text)-1]
		i := len(open) - 1
		for i >= 0 && open[i] != k {
			i--
		}
		if i < 0 {
			continue // closes nothing open
		}
		for j := len(open) - 1; j >= i; j-- {
			out = append(out, Run{Text: "</" + open[j] + ">", Offset: r.Offset, Tag: true})
		}
		open = open[:i]
	}
	for j := len(open) - 1; j >= 0; j-- {
		out = append(out, Run{Text: "</" + open[j] + ">", Tag: true})
	}
	return out
}

// joinRuns joins the runs of a block into its text. The space between
// two pieces of text goes before an opening placeholder and after a
// closing one, so that placeholders hug the words they hold.
func joinRuns(runs []Run) string {
	texts := make([]string, len(runs))
	for i, r := range runs {
		texts[i] = r.Text
		if !r.Tag && !r.Code {
			texts[i] = collapse(r.Text)
		}
	}
	// nextRune is the first character of text after run i
	nextRune := func(i int) rune {
		for j := i + 1; j < len(runs); j++ {
			if !runs[j].Tag && strings.TrimLeft(texts[j], " ") != "" {
				r, _ := utf8.DecodeRuneInString(strings.TrimLeft(texts[j], " "))
				return r
			}
		}
		return 0
	}
	var b strings.Builder
	var prev rune // the last character of text written
	pending := false
	space := func(next rune) {
		if pending && prev != 0 && next != 0 && !(isHanRune(prev) && isHanRune(next)) && !isFullWidthPunct(prev) && !isFullWidthPunct(next) {
			b.WriteByte(' ')
		}
		pending = false
	}
	for i, r := range runs {
		if r.Tag {
			if !strings.HasPrefix(r.Text, "</") {
				space(nextRune(i))
			}
			b.WriteString(r.Text)
			continue
		}
		text := texts[i]
		if !r.Code && strings.HasPrefix(text, " ") {
			pending, text = true, text[1:]
		}
		if text == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(text)
		space(first)
		if !r.Code && strings.HasSuffix(text, " ") {
			pending, text = true, text[:len(text)-1]
		}
		b.WriteString(text)
		prev, _ = utf8.DecodeLastRuneInString(text)
	}
	return strings.TrimSpace(b.String())
}

// collapse collapses white space as HTML does (a run of it is one space),
// except that a line break between two Han characters or beside
// full-width punctuation goes altogether.
func collapse(s string) string {
	if !strings.ContainsAny(s, " \t\r\n\f") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' {
			b.WriteByte(c)
			i++
			continue
		}
		j, breaks := i, false
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n' || s[j] == '\f') {
			breaks = breaks || s[j] == '\n' || s[j] == '\r'
			j++
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[j:])
		if !(breaks && i > 0 && j < len(s) && (isHanRune(prev) && isHanRune(next) || isFullWidthPunct(prev) || isFullWidthPunct(next))) {
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

// pageParts is what the HTML and Markdown readers add a page's parts to.
type pageParts struct{ page *Page }

// markup adds markup to the page's body.
func (p *pageParts) markup(s string) { p.page.Body = append(p.page.Body, Part{Markup: s}) }

// block adds a block and returns its number.
func (p *pageParts) block(b Block) int {
	p.page.Blocks = append(p.page.Blocks, b)
	return len(p.page.Blocks)
}
