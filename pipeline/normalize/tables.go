package normalize

import "sync"

// The word tables (the domain terms, the multi-word terms, the deletion
// fragments, the shared word lists) and the code pages are built the first
// time a text is normalised, not when the program starts: they take some
// 3 ms, which every command paid, and a build with nothing to render, a
// check or a status never normalises.
var tablesOnce sync.Once

// loadTables builds the tables once; every entry point calls it before it
// reads them.
func loadTables() {
	tablesOnce.Do(func() {
		loadDomainTerms()
		loadPhrases()
		loadDeletionFragments()
		wordLists = makeWordLists() // holds the fragments and the terms' last words
		loadCodePages()
	})
}
