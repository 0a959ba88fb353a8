package pipeline

// For the tests outside the package: a check and a status by pages, a
// status of the project read whole, and the size of the chunks.
var (
	CheckByPages   = checkByPages
	StatusByPages  = statusByPages
	StatusWhole    = statusWhole
	ErrReadByPages = errReadByPages
)

// SetPageChunk makes a check by pages read n pages at a time, until
// the test ends.
func SetPageChunk(n int) (restore func()) {
	was := pageChunk
	pageChunk = n
	return func() { pageChunk = was }
}
