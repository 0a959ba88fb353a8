package pipeline

// For the tests outside the package: a check by pages, and the size of its
// chunks.
var (
	CheckByPages  = checkByPages
	ErrCheckWhole = errCheckWhole
)

// SetCheckChunkPages makes a check by pages read n pages at a time, until
// the test ends.
func SetCheckChunkPages(n int) (restore func()) {
	was := checkChunkPages
	checkChunkPages = n
	return func() { checkChunkPages = was }
}
