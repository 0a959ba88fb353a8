// Command synth writes a synthetic xlate project for scale measurements:
//
//	go run ./cmd/synth -pages 10000 -o /tmp/site
//
// writes /tmp/site/xlate.toml, /tmp/site/content (10,000 pages, about
// 100,000 blocks) and /tmp/site/locales (English, Simplified and
// Traditional Chinese: 90 % translated, 2 % fuzzy, 1 % obsolete). With
// -goi18n it also writes the same messages as goi18n merge's active files
// under /tmp/site/goi18n, to measure goi18n merge on them.
//
//	go run ./cmd/synth -hugo /tmp/hugo-site -from /tmp/site
//
// writes a Hugo site of the same pages, with the text xlate publishes in
// each language, to measure a build against Hugo's (see synth.Hugo).
package main

import (
	"flag"
	"fmt"
	"os"

	"xlate/synth"
)

func main() {
	pages := flag.Int("pages", 1000, "number of content `pages`")
	out := flag.String("o", "", "output `directory` (must not exist)")
	seed := flag.Uint64("seed", 1, "random `seed`")
	contentOnly := flag.Bool("content-only", false, "write no catalogues")
	goi18n := flag.Bool("goi18n", false, "also write goi18n active files")
	hugo := flag.String("hugo", "", "write a Hugo site of the project -from `dir` into this directory")
	from := flag.String("from", "", "the xlate project a Hugo site is made from")
	flag.Parse()
	if *hugo != "" {
		if err := synth.Hugo(*from, *hugo); err != nil {
			fmt.Fprintf(os.Stderr, "synth: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "synth: %s exists\n", *out)
		os.Exit(2)
	}
	o := synth.Default(*pages)
	o.Seed, o.Catalogs, o.GoI18n = *seed, !*contentOnly, *goi18n
	if err := synth.Generate(*out, o); err != nil {
		fmt.Fprintf(os.Stderr, "synth: %v\n", err)
		os.Exit(1)
	}
}
