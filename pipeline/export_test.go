package pipeline

// For the tests outside the package: a check, a status and an export by
// pages, a status and an export of the project read whole, and the size of
// the chunks.
var (
	CheckByPages   = checkByPages
	StatusByPages  = statusByPages
	StatusWhole    = statusWhole
	ExportByPages  = exportByPages
	ExportWhole    = exportWhole
	ErrReadByPages = errReadByPages
)

// SetPageChunk makes a check by pages read n pages at a time, until
// the test ends.
func SetPageChunk(n int) (restore func()) {
	was := pageChunk
	pageChunk = n
	return func() { pageChunk = was }
}
