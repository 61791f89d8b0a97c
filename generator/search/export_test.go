package search

// Files lists the files besides meta.js that a query loads (for tests).
func (ix *Index) Files(q string, f Filter, n int) []string { return ix.queryFiles(q, f, n) }
