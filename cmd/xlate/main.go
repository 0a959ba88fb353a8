// Command xlate turns garbled Chinese–English web text into clean localised
// pages.
//
// It reads source pages as they were received (content/*.txt), repairs
// what can be repaired exactly, flags what must go to a person, keeps one
// go-i18n TOML catalogue per language (locales/<tag>.toml) and renders a
// clean page in every language (public/).
//
// Usage:
//
//	xlate build [--strict] [--all-warnings] [--shard i/n | --merge] [--out DIR] [--content DIR] [--locales DIR] [--config FILE]
//	    Render every page in every language into public/. Reads the
//	    catalogues, never writes them. A block without a current
//	    translation is shown in the language it is written in and
//	    reported on stderr (the first few; --all-warnings: every one);
//	    --strict makes that exit 1. Only pages whose inputs changed are
//	    rendered again. --shard i/n builds one share of the pages;
//	    --merge then writes the index page and sitemap of all shards.
//
//	xlate sync [--prune] [--content DIR] [--locales DIR] [--config FILE]
//	    Bring every catalogue up to date with the content: pair each
//	    page's blocks with their entries, add entries for new blocks
//	    (with suggestions from the translation memory), mark changed ones
//	    fuzzy, move vanished ones to the obsolete section (--prune deletes
//	    them). The only command that writes catalogues. Exit 1 when a
//	    catalogue is refused: a language go-i18n cannot load, or a variant
//	    of a configured one.
//
//	xlate check [--content DIR] [--locales DIR] [--config FILE]
//	    Load every catalogue and print file:line:col: message for each file
//	    that is malformed, misnamed or refused, and each translation that
//	    is missing, fuzzy, unreviewed or stale. Exit 1 when there is any
//	    error; obsolete entries and texts translated two ways are warnings.
//
//	xlate serve [--addr HOST:PORT] [--all-languages] [--config FILE]
//	    Build the site, serve it at http://127.0.0.1:8080/, and build it
//	    again whenever a page, a catalogue, a layout or the configuration
//	    changes; the pages open in a browser reload after each build.
//
//	xlate status [--json] [--html FILE] [--config FILE]
//	    Per language and per page: the entries and source words
//	    translated, fuzzy, suggested, missing and obsolete, and whether
//	    the page is published. --json prints it as JSON; --html writes a
//	    self-contained page with bar charts, the flagged passages and the
//	    check findings, each linked to its file and line.
//
//	xlate export --lang TAG [--format po|xliff] [-o FILE] [--config FILE]
//	    Write a language's catalogue as a gettext PO file or an XLIFF 2.0
//	    document (to stdout, or FILE) for translators' tools.
//
//	xlate import [--config FILE] FILE
//	    Bring translations back from a PO (.po) or XLIFF (.xlf, .xliff)
//	    file into the catalogue of its language. A translation whose text
//	    to translate changed since the export is reported and not applied.
//
//	xlate normalize [--json] [--rules FAMILY,...] [FILE...]
//	    Repair the named files (or stdin) and print the clean text. Flags
//	    go to stderr. With --json, print {"text", "fixes", "flags"}; with
//	    several files, one object per line with a "file" field. --rules
//	    runs only the named rule families; --list-rules prints every rule.
//
//	xlate help
//	    Print this text.
//
// Settings come from xlate.toml in the current directory (--config names
// another); flags override them. Positions are file:line:col with lines
// and columns counted from 1, columns in characters.
//
// Exit status: 0 success, 1 findings (check failed, build --strict warned),
// 2 usage or input error.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/text/language"
	"golang.org/x/text/width"

	"xlate/pipeline"
	"xlate/pipeline/catalog"
	"xlate/pipeline/normalize"
	"xlate/pipeline/source"
)

func main() {
	if len(os.Args) > 1 {
		tuneMemory(os.Args[1])
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneMemory trades memory xlate does not need for time. A build starts
// with the collector off: one with nothing to render holds little and
// briefly, and collecting was 7 % of its time. Once it renders (see
// collectWhileRendering), what it holds at once is still small (a chunk
// of pages and the sections of the catalogues they need), so the heap may
// grow to four times it, as long as the whole stays under 230 MiB, where
// the collector runs as often as it must. A server does the same from the
// start. A sync may hold every entry of a catalogue (a first
// sync, a sync without its cache): three times, under 270 MiB, since a
// limit below what it holds would have the collector run without end (a
// sync of 100,000 entries took 6.5 s under the build's limit, 3.7 s under
// this one). A check, a status and an export read a chunk of pages at a
// time and keep Go's own pacing; import, which reads every catalogue
// whole, holds more than any such limit and keeps it too (a whole check of
// 100,000 entries × 3 took 5.2 s under sync's limit and 2.3 s without, in
// the same memory).
// GOGC or GOMEMLIMIT, when set, decide instead.
func tuneMemory(command string) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	switch command {
	case "build":
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(230 << 20)
	case "serve":
		debug.SetGCPercent(buildGCPercent)
		debug.SetMemoryLimit(230 << 20)
	case "sync":
		debug.SetGCPercent(200)
		debug.SetMemoryLimit(270 << 20)
	}
}

// buildGCPercent is the collector's pace while a build renders.
const buildGCPercent = 300

// collectWhileRendering sets the collector's pace for a build that renders
// pages (see tuneMemory), unless GOGC or GOMEMLIMIT decide.
func collectWhileRendering() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
}

const usage = `usage: xlate <command> [flags]

commands:
  build      render every page in every language into public/
  sync       bring the catalogues in locales/ up to date with content/
  check      report malformed, missing and stale catalogue entries (exit 1)
  serve      build, serve the site on localhost, build again on every change
  status     how far the translation is, per language and per page
  export     write a language's catalogue as PO or XLIFF for translators' tools
  import     bring translations back from a PO or XLIFF file
  normalize  repair text from files or stdin and print it
  help       show this help

Run "xlate <command> -h" for a command's flags.
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(args, stderr)
	case "sync":
		return runSync(args, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "serve":
		return runServe(args, stderr)
	case "export":
		return runExport(args, stdout, stderr)
	case "status":
		return runStatus(args, stdout, stderr)
	case "import":
		return runImport(args, stderr)
	case "normalize":
		return runNormalize(args, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "xlate: unknown command %q\n%s", cmd, usage)
	return 2
}

// projectFlags are the flags every project command shares.
type projectFlags struct {
	config, content, locales, out *string
	fs                            *flag.FlagSet
}

func newFlagSet(name string, stderr io.Writer, withOut bool) (*flag.FlagSet, projectFlags) {
	fs := flag.NewFlagSet("xlate "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	pf := projectFlags{
		fs:      fs,
		config:  fs.String("config", pipeline.ConfigFile, "configuration `file`"),
		content: fs.String("content", "", "source pages `dir` (default from the config: content)"),
		locales: fs.String("locales", "", "catalogues `dir` (default from the config: locales)"),
	}
	if withOut {
		pf.out = fs.String("out", "", "output `dir` (default from the config: public)")
	}
	return fs, pf
}

// config reads the config and applies the flags.
func (pf projectFlags) readConfig(stderr io.Writer) (pipeline.Config, bool) {
	named := false
	pf.fs.Visit(func(f *flag.Flag) { named = named || f.Name == "config" })
	if _, err := os.Stat(*pf.config); named && err != nil {
		// a project without xlate.toml has the defaults; a file asked for by
		// name must be there
		fmt.Fprintf(stderr, "xlate: --config %s: %v\n", *pf.config, errors.Unwrap(err))
		return pipeline.Config{}, false
	}
	cfg, err := pipeline.LoadConfig(*pf.config)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return cfg, false
	}
	if *pf.content != "" {
		cfg.Content = *pf.content
	}
	if *pf.locales != "" {
		cfg.Locales = *pf.locales
	}
	if pf.out != nil && *pf.out != "" {
		cfg.Out = *pf.out
	}
	return cfg, true
}

// load reads the config, applies the flags and loads the project.
func (pf projectFlags) load(stderr io.Writer) (*pipeline.Project, bool) {
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return nil, false
	}
	p, err := pipeline.Load(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return nil, false
	}
	return p, true
}

func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

func runBuild(args []string, stderr io.Writer) int {
	fs, pf := newFlagSet("build", stderr, true)
	strict := fs.Bool("strict", false, "exit 1 when a block is shown untranslated or stale")
	shard := fs.String("shard", "", "build only shard `i/n` of the pages (and no index page or sitemap)")
	merge := fs.Bool("merge", false, "write the index page and the sitemap of a site built in shards")
	allWarnings := fs.Bool("all-warnings", false, fmt.Sprintf("print every warning, not only the first %d", pipeline.WarningSample))
	allLanguages := fs.Bool("all-languages", false, "publish every page in every language, below the publishing threshold too (a preview)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	if *merge && *shard != "" {
		fmt.Fprintln(stderr, "xlate build: --shard builds one shard, --merge joins them: give one of the two")
		return 2
	}
	if *merge {
		res, err := pipeline.Merge(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "xlate: merged %s into %s: %d files written\n", plural(res.Shards, "shard"), cfg.Out, len(res.Written))
		return 0
	}
	opt := pipeline.BuildOptions{AllWarnings: *allWarnings, AllLanguages: *allLanguages}
	if *shard != "" {
		if _, err := fmt.Sscanf(*shard, "%d/%d", &opt.Shard.I, &opt.Shard.N); err != nil || opt.Shard.N < 1 || opt.Shard.I < 1 || opt.Shard.I > opt.Shard.N {
			fmt.Fprintf(stderr, "xlate build: --shard %q: want i/n with 1 ≤ i ≤ n, such as 2/5\n", *shard)
			return 2
		}
	}
	bar := newProgress(stderr, "building")
	opt.Progress = bar.update
	opt.Rendering = collectWhileRendering
	res, err := pipeline.Build(cfg, opt)
	bar.done()
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	for _, d := range res.Warnings {
		fmt.Fprintln(stderr, d)
	}
	if res.Withheld > 0 {
		fmt.Fprintf(stderr, "xlate: %s not published in a language it is less than %d %% translated into (--all-languages previews them)\n", plural(res.Withheld, "page"), cfg.PublishThreshold)
	}
	if more := res.WarningCount - len(res.Warnings); more > 0 {
		fmt.Fprintf(stderr, "xlate: and %d more (of %s; --all-warnings prints every one)\n", more, plural(res.WarningCount, "warning"))
	}
	removed := ""
	if len(res.Removed) > 0 {
		removed = fmt.Sprintf(", %d removed", len(res.Removed))
	}
	fmt.Fprintf(stderr, "xlate: built %s in %s into %s: %d files written, %d unchanged%s\n",
		plural(res.Pages, "page"), plural(res.Languages, "language"), cfg.Out, len(res.Written), res.Unchanged, removed)
	if *strict && res.WarningCount > 0 {
		fmt.Fprintf(stderr, "xlate: --strict: %s\n", plural(res.WarningCount, "warning"))
		return 1
	}
	return 0
}

// writeError reports the error that ended a command that writes
// catalogues, and returns its exit code: 1 when a catalogue changed on
// disk while the command read it (run it again), 2 for anything else.
func writeError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "xlate: %v\n", err)
	var changed *pipeline.ChangedError
	if errors.As(err, &changed) {
		return 1
	}
	return 2
}

func runSync(args []string, stderr io.Writer) int {
	fs, pf := newFlagSet("sync", stderr, false)
	prune := fs.Bool("prune", false, "delete obsolete entries instead of keeping them")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	bar := newProgress(stderr, "syncing")
	res, err := pipeline.Sync(cfg, pipeline.SyncOptions{Prune: *prune, Progress: bar.update})
	bar.done()
	if err != nil {
		return writeError(stderr, err)
	}
	for _, w := range res.Written {
		fmt.Fprintf(stderr, "xlate: wrote %s\n", w)
	}
	fmt.Fprintf(stderr, "xlate: %d catalogues written, %d unchanged\n", len(res.Written), len(res.Unchanged))
	if len(res.Refused) > 0 {
		for _, d := range res.Refused {
			fmt.Fprintln(stderr, d)
		}
		fmt.Fprintf(stderr, "xlate: %d catalogues refused\n", len(res.Refused))
		return 1
	}
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs, pf := newFlagSet("check", stderr, false)
	format := fs.String("format", "text", "`text`, json (one object a line) or github (workflow annotations)")
	strict := fs.Bool("strict", false, "exit 1 on warnings too")
	list := fs.Bool("list", false, "list the checks, their names and severities")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *list {
		rows := [][]string{{"check", "severity", "finds"}}
		for _, c := range catalog.Checks {
			sev := "error"
			if c.Severity == source.Warning {
				sev = "warning"
			}
			rows = append(rows, []string{c.Name, sev, c.Doc})
		}
		writeTable(stdout, rows)
		return 0
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintf(stderr, "xlate check: --format %q: want text, json or github\n", *format)
		return 2
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	res, err := pipeline.CheckCached(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	for _, d := range res.List {
		writeFinding(out, d, *format)
	}
	out.Flush()
	errs, warns := res.List.Count(source.Error), res.List.Count(source.Warning)
	if errs > 0 || *strict && warns > 0 {
		fmt.Fprintf(stderr, "xlate: check failed: %s, %s\n", plural(errs, "error"), plural(warns, "warning"))
		return 1
	}
	fmt.Fprintf(stderr, "xlate: %s ok (%s)\n", plural(res.Catalogs, "catalogue"), plural(warns, "warning"))
	return 0
}

// writeFinding writes a finding as text (file:line:col: error|warning:
// check: message), as a JSON object, or as a GitHub workflow annotation.
func writeFinding(w io.Writer, d source.Diagnostic, format string) {
	sev := "error"
	if d.Severity == source.Warning {
		sev = "warning"
	}
	check := d.Check
	if check == "" {
		check = "malformed"
	}
	switch format {
	case "json":
		json.NewEncoder(w).Encode(struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Check    string `json:"check"`
			Message  string `json:"message"`
		}{d.Pos.File, d.Pos.Line, d.Pos.Col, sev, check, d.Msg})
	case "github":
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", sev, githubProperty.Replace(d.Pos.File), d.Pos.Line, d.Pos.Col, githubProperty.Replace("xlate "+check), githubData.Replace(d.Msg))
	default:
		// file:line:col: severity: check: message, the check named once
		// where the message starts with its name ("stale: the English of
		// … changed", not "stale: stale: …")
		b := d.Pos.Append(make([]byte, 0, 128+len(d.Msg)))
		b = append(append(append(b, ": "...), sev...), ": "...)
		if !namesItsCheck(d.Msg, check) {
			b = append(append(b, check...), ": "...)
		}
		w.Write(append(append(b, d.Msg...), '\n'))
	}
}

// namesItsCheck reports whether a message starts with its check's name,
// written with hyphens or spaces ("out of date: …" for out-of-date).
func namesItsCheck(msg, check string) bool {
	if len(msg) <= len(check) || msg[len(check)] != ':' {
		return false
	}
	for i := 0; i < len(check); i++ {
		if c := msg[i]; c != check[i] && !(check[i] == '-' && c == ' ') {
			return false
		}
	}
	return true
}

// GitHub reads a property of an annotation up to , and : and the message
// to the end of the line: those and % are written as %XX.
var (
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
)

type jsonFix struct {
	Rule   string `json:"rule"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	Before string `json:"before"`
	After  string `json:"after"`
}

type jsonFlag struct {
	Rule    string `json:"rule"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Excerpt string `json:"excerpt"`
	Reason  string `json:"reason"`
}

type jsonResult struct {
	File  string     `json:"file,omitempty"`
	Text  string     `json:"text"`
	Fixes []jsonFix  `json:"fixes"`
	Flags []jsonFlag `json:"flags"`
}

// parseFamilies reads the --rules list, refusing a family that does not
// exist so that a typo in CI does not silently run nothing.
func parseFamilies(list string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	known := normalize.Families()
	var fs []string
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(known, f) {
			return nil, fmt.Errorf("--rules: unknown rule family %q; the families are %s", f, strings.Join(known, ", "))
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func runNormalize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xlate normalize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the text with its fixes and flags as JSON")
	config := fs.String("config", pipeline.ConfigFile, "configuration `file` (for the corrections glossary)")
	rules := fs.String("rules", "", "run only the rules of these comma-separated `families` ("+strings.Join(normalize.Families(), ",")+")")
	listRules := fs.Bool("list-rules", false, "print every rule with its family and a one-line description, then exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *listRules {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, r := range normalize.Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Family, r.Name, r.Doc)
		}
		tw.Flush()
		return 0
	}
	families, err := parseFamilies(*rules)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	cfg, err := pipeline.LoadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	n, err := pipeline.Normalizer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	n.Families = families
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	if fs.NArg() == 0 {
		data, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "xlate: reading stdin: %v\n", err)
			return 2
		}
		inputs = append(inputs, input{"<stdin>", data})
	}
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
		inputs = append(inputs, input{name, data})
	}
	// decode everything first: a bad file stops the run before any output
	files := make([]*source.File, len(inputs))
	for i, in := range inputs {
		f, err := source.DecodePage(in.name, in.data)
		if err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
		files[i] = f
		for _, w := range f.Warnings {
			fmt.Fprintf(stderr, "%s\n", w)
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		res := n.Normalize(f.Text)
		if !*asJSON {
			io.WriteString(stdout, res.Text)
			for _, fl := range res.Flags {
				fmt.Fprintf(stderr, "%s:%d:%d: %s: %s\n", f.Name, fl.Line, fl.Col, fl.Rule, fl.Reason)
			}
			continue
		}
		jr := jsonResult{Text: res.Text, Fixes: []jsonFix{}, Flags: []jsonFlag{}}
		if len(files) > 1 {
			jr.File = f.Name
		}
		for _, x := range res.Fixes {
			jr.Fixes = append(jr.Fixes, jsonFix{x.Rule, x.Line, x.Col, x.Before, x.After})
		}
		for _, x := range res.Flags {
			jr.Flags = append(jr.Flags, jsonFlag{x.Rule, x.Line, x.Col, x.Excerpt, x.Reason})
		}
		if err := enc.Encode(jr); err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
	}
	return 0
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func runExport(args []string, stdout, stderr io.Writer) int {
	fs, pf := newFlagSet("export", stderr, false)
	lang := fs.String("lang", "", "the `language` (BCP 47 tag) of the catalogue to export")
	format := fs.String("format", "po", "`po` (gettext) or xliff (XLIFF 2.0)")
	out := fs.String("o", "", "write to `file` instead of stdout")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	tag, err := language.Parse(*lang)
	if *lang == "" || err != nil {
		fmt.Fprintf(stderr, "xlate export: --lang %q: want the BCP 47 tag of a language of the project, such as zh-Hans\n", *lang)
		return 2
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	if *out == "" {
		if err := pipeline.Export(cfg, *format, tag, stdout); err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
		return 0
	}
	// written beside the file and renamed over it once complete: a failed
	// export leaves the file as it was
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".xlate-tmp-*")
	if err == nil {
		err = pipeline.Export(cfg, *format, tag, tmp)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(tmp.Name(), 0o644)
		}
		if err == nil {
			err = os.Rename(tmp.Name(), *out)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	return 0
}

func runImport(args []string, stderr io.Writer) int {
	fs, pf := newFlagSet("import", stderr, false)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "xlate import: want one file, a .po, .xlf or .xliff")
		return 2
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	res, err := pipeline.Import(cfg, fs.Arg(0))
	if err != nil {
		return writeError(stderr, err)
	}
	for _, d := range res.Report {
		fmt.Fprintln(stderr, d)
	}
	fmt.Fprintf(stderr, "xlate: %s changed in %s, %d not applied\n", plural(res.Changed, "translation"), res.Catalog, len(res.Report))
	if len(res.Report) > 0 {
		return 1
	}
	return 0
}

func runStatus(args []string, stdout, stderr io.Writer) int {
	fs, pf := newFlagSet("status", stderr, false)
	asJSON := fs.Bool("json", false, "print the status as JSON")
	html := fs.String("html", "", "write the status as an HTML page to `file`")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	st, err := pipeline.ProjectStatus(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "xlate: %v\n", err)
		return 2
	}
	if *html != "" {
		abs, _ := filepath.Abs(*html)
		page, err := pipeline.StatusHTML(st, filepath.Dir(abs), cfg.Dir)
		if err == nil {
			err = os.WriteFile(*html, page, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "xlate: %v\n", err)
			return 2
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(st)
		return 0
	}
	if *html != "" {
		return 0
	}
	writeStatus(stdout, st, isTerminal(stdout))
	return 0
}

// writeStatus prints a status as a table: a line per language, then a
// line per page under each, with bars on a terminal.
func writeStatus(w io.Writer, st *pipeline.Status, bars bool) {
	bar := func(c pipeline.Counts) string {
		const width = 20
		all := c.Words()
		if all == 0 {
			return "\x1b[32m" + strings.Repeat("█", width) + "\x1b[0m"
		}
		n := func(t pipeline.Tally) int { return t.Words * width / all }
		t, f, s := n(c.Translated), n(c.Fuzzy), n(c.Suggested)
		return "\x1b[32m" + strings.Repeat("█", t) + "\x1b[33m" + strings.Repeat("█", f) + "\x1b[35m" + strings.Repeat("█", s) + "\x1b[0m" + strings.Repeat("░", max(0, width-t-f-s))
	}
	rows := [][]string{{"", "translated", "fuzzy", "suggested", "missing", "obsolete", "published"}}
	row := func(name string, c pipeline.Counts, pct float64, pub string) {
		r := []string{name, fmt.Sprintf("%.1f %%", pct), fmt.Sprint(c.Fuzzy.Entries), fmt.Sprint(c.Suggested.Entries), fmt.Sprint(c.Missing.Entries), fmt.Sprint(c.Obsolete.Entries), pub}
		if bars {
			r[1] = bar(c) + " " + r[1]
		}
		rows = append(rows, r)
	}
	for _, l := range st.Languages {
		row(l.Name+" ("+l.Lang+")", l.Total, l.Total.Percent(), fmt.Sprintf("%d of %d pages", l.Published, len(l.Pages)))
		for _, p := range l.Pages {
			pub := "yes"
			if !p.Published {
				pub = "no"
			}
			row("  "+p.Page, p.Counts, p.Percent, pub)
		}
	}
	writeTable(w, rows)
	fmt.Fprintf(w, "a page is published in a language once %d %% of its words are translated\n", st.Threshold)
}

// writeTable writes rows in columns two spaces apart, each as wide as its
// widest cell as a terminal shows it: a Chinese character takes two
// places, a colour escape none.
func writeTable(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func displayWidth(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case esc:
			esc = r != 'm'
		case r == 0x1b:
			esc = true
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

// isTerminal reports whether w is a terminal to draw on.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
