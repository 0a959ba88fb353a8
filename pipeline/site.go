package pipeline

import (
	"crypto/sha256"
	"strings"

	"xlate/pipeline/render"
	"xlate/pipeline/segment"
	"xlate/pipeline/source"
)

// The texts of the site's shell — its name, the link that skips to the
// content, the labels of the language picker and the breadcrumb trail,
// the notice on a page shown partly untranslated, the not-found page —
// are catalogue messages like any other: the section of a page named
// _site, first in every catalogue, which translators translate. Its
// source is the site's name from xlate.toml and the English texts of
// render.Interface. No content file can be named _site (a page's name is
// lower-case letters, digits and hyphens), and the page is not published:
// every page shows its texts, so a change to them builds every page again.

// interfacePage is the name of the page of the shell's texts.
const interfacePage = "_site"

// interfaceFile is how diagnostics name the shell's texts.
const interfaceFile = "(site interface)"

// interfaceText is the shell's texts in the source language, one block
// each: the site's name, then render.Interface in order.
func interfaceText(cfg Config) []byte {
	var b strings.Builder
	b.WriteString(cfg.SiteName)
	for _, it := range render.Interface {
		b.WriteString("\n\n" + it.Text)
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// interfaceStamp stamps the shell's texts as a file's bytes are stamped.
func interfaceStamp(cfg Config) stamp {
	data := interfaceText(cfg)
	return stamp{Size: int64(len(data)), Settled: true, Hash: sha256.Sum256(data)}
}

// loadInterface makes the page of the shell's texts.
func loadInterface(cfg Config) (*Page, error) {
	f, err := source.Decode(interfaceFile, interfaceText(cfg))
	if err != nil {
		return nil, err
	}
	sp := &segment.Page{Name: interfacePage}
	off := 0
	for _, text := range strings.Split(strings.TrimSuffix(f.Text, "\n"), "\n\n") {
		sp.Blocks = append(sp.Blocks, segment.Block{Kind: segment.Interface, Text: text, Offset: off})
		off += len(text) + 2
	}
	sp.Finish()
	return &Page{File: f, Page: sp}, nil
}

// siteUI makes, from the shell's texts as published in each language,
// the interface of each.
func siteUI(texts [][]render.UIText) []render.UI {
	out := make([]render.UI, len(texts))
	for li, ts := range texts {
		if len(ts) != len(render.Interface)+1 {
			continue
		}
		ui := &out[li]
		ui.SiteName = ts[0]
		for i, it := range render.Interface {
			*ui.Field(it.Name) = ts[i+1]
		}
	}
	return out
}
