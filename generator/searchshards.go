package generator

import (
	"strings"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
	"github.com/playbook-ssg/playbook/generator/internal/varbin"
	"github.com/playbook-ssg/playbook/generator/search"
)

// Beside the analyses, the build cache keeps what the search index's
// t-files were made from (search.ShardState), so that an edit build
// writes again only the t-files whose terms the edit touched and reads
// every page's analysis only for those terms. The state serves only a
// build of the same configuration, theme and site structure (its salt):
// after any other change every t-file is made anew, from one index. The
// file is shardsMagic, the program's id, the salt, the number of shards, the SHA-256 of the pages'
// order, the pages' analysis keys and the t-files' keys, then the
// SHA-256 of the bytes before it; a file that is foreign, cut short or
// damaged is not used, and every t-file is then made anew.

const (
	shardsExt   = ".shards"
	shardsMagic = "playbook search shards 1\n"
)

func (c *buildCache) shardsPath() string {
	return strings.TrimSuffix(c.path, recordExt) + shardsExt
}

// readShards reads the state kept in file with its salt, or returns nil.
func readShards(read readFunc, file string) (salt string, st *search.ShardState) {
	b, err := read(file)
	if err != nil {
		return "", nil
	}
	body, ok := cachefile.Unseal(b, shardsMagic)
	if !ok {
		return "", nil
	}
	r := &varbin.Reader{B: body}
	if r.Str() != programID() {
		return "", nil
	}
	salt = r.Str()
	st = &search.ShardState{Shards: r.Count(0)}
	if order := r.Bytes(); len(order) == len(st.Order) {
		copy(st.Order[:], order)
	} else {
		r.Fail()
	}
	n := r.Count(33)
	st.Docs = make([][32]byte, 0, n)
	for range n {
		k := r.Bytes()
		if len(k) != 32 {
			r.Fail()
			break
		}
		st.Docs = append(st.Docs, [32]byte(k))
	}
	st.Keys = r.Strs()
	if r.Err != nil || len(r.B) != 0 || len(st.Keys) != st.Shards {
		return "", nil
	}
	return salt, st
}

// writeShards keeps st in file, with its salt.
func writeShards(file, salt string, st *search.ShardState) error {
	w := &varbin.Writer{B: make([]byte, 0, 64+33*len(st.Docs)+80*len(st.Keys))}
	w.B = append(w.B, shardsMagic...)
	w.Str(programID())
	w.Str(salt)
	w.Uint(uint64(st.Shards))
	w.Bytes(st.Order[:])
	w.Uint(uint64(len(st.Docs)))
	for _, k := range st.Docs {
		w.Bytes(k[:])
	}
	w.Strs(st.Keys)
	return cachefile.Write(file, cachefile.Seal(w.B))
}
