package search

// Files lists the files besides meta.js that search.js loads to show the
// first n results of q: the shard of each word and the page files of the
// results.
func (ix *Index) Files(q string, f Filter, n int) []string {
	var out []string
	for _, w := range parseQuery(q) {
		out = append(out, shardFile(shardOf(w.word, len(ix.shards))))
	}
	for i, h := range ix.Search(q, f) {
		if i == n {
			break
		}
		out = append(out, chunkFile(h.Doc/ix.plan.perFile))
	}
	return out
}
