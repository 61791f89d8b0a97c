package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"playbook/generator/content"
	"playbook/generator/diag"
	"playbook/generator/markdown"
)

// The build cache keeps the loaded sources of a one-shot build (front
// matter decoded and checked, title, positions, diagnostics) beside its
// record, so that the next build takes an unchanged file's source without
// reading or decoding it: the file's size and time vouch for its bytes
// (inputsKey), its recorded SHA-256 names the source, and the parsed body
// comes from the cache of parsed pages by its key. A source is kept only
// when it reads back exactly as it was; anything missing, foreign or
// unreadable means the file is read and parsed.

func init() {
	// The values front matter's free-form params can hold.
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(time.Time{})
}

// sourceEntry is one kept source.
type sourceEntry struct {
	// Sum is the SHA-256 of the file's bytes the source was loaded from
	// (inputStamp.Sum).
	Sum string
	// DocKey is the key of the source's parsed body in the cache of
	// parsed pages.
	DocKey [32]byte
	// Source is the source without its Doc; Flags are its front
	// matter's optional booleans (toc, print, search), which gob cannot
	// tell apart from unset when false.
	Source *content.Source
	Flags  [3]int8
	// LinkPos are the source's link positions as line and column: the
	// file of each is the source's (gob would write it for each link).
	LinkPos []int32
}

// sourceRecord is the file of kept sources.
type sourceRecord struct {
	Salt    string
	Entries map[string]*sourceEntry // by the source's File
}

// sourcesExt ends the name of the kept sources, beside the record.
const sourcesExt = ".sources"

func (c *buildCache) sourcesPath() string {
	return strings.TrimSuffix(c.path, recordExt) + sourcesExt
}

// sourcesSalt identifies what a source is loaded with: the program, the
// whole site.toml and the base URL option.
func sourcesSalt(cfgSrc []byte, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|", programID(), opts.BaseURL)
	h.Write(cfgSrc)
	return hex.EncodeToString(h.Sum(nil))
}

// keptSources reads the kept sources for salt; nil when there are none
// or they do not decode.
func keptSources(file, salt string) map[string]*sourceEntry {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var rec sourceRecord
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&rec) != nil || rec.Salt != salt {
		return nil
	}
	return rec.Entries
}

// knownSources returns the content.Options.Known of a cached build: the
// kept source of a file whose stamp vouches for the bytes it was loaded
// from, with its body from docs. contentDir is the content folder's site
// path; stamps are this build's input stamps. Each source it returns is
// added to given.
func knownSources(kept map[string]*sourceEntry, stamps map[string]inputStamp, docs *markdown.DocCache, contentDir string, given map[*content.Source]bool) func(rel string) *content.Source {
	if len(kept) == 0 {
		return nil
	}
	return func(rel string) *content.Source {
		p := path.Join(contentDir, rel)
		st, e := stamps[p], kept[p]
		if e == nil || e.Source == nil || !st.vouched || e.Sum != st.Sum {
			return nil
		}
		d := docs.Lookup(e.DocKey)
		if d == nil {
			return nil
		}
		src := e.restore()
		if src == nil {
			return nil
		}
		src.Doc = d
		given[src] = true
		return src
	}
}

// restore returns a copy of the entry's source with its flags and link
// positions back, or nil when the entry is malformed.
func (e *sourceEntry) restore() *content.Source {
	src := *e.Source
	if len(e.LinkPos)%2 != 0 {
		return nil
	}
	if len(e.LinkPos) > 0 {
		src.LinkPos = make([]diag.Pos, len(e.LinkPos)/2)
		for i := range src.LinkPos {
			src.LinkPos[i] = diag.Pos{File: src.File, Line: int(e.LinkPos[2*i]), Col: int(e.LinkPos[2*i+1])}
		}
	}
	for i, f := range e.flags(&src.Meta) {
		switch e.Flags[i] {
		case 1:
			*f = new(bool)
		case 2:
			t := true
			*f = &t
		}
	}
	return &src
}

func (e *sourceEntry) flags(m *content.FrontMatter) [3]**bool {
	return [3]**bool{&m.TOC, &m.Print, &m.Search}
}

// keepSources writes the sources of site's pages for the next build:
// those given by the kept sources as they were, and those loaded anew
// when they read back exactly. stamps are the build's input stamps.
func keepSources(file, salt string, site *content.Site, stamps map[string]inputStamp, kept map[string]*sourceEntry, given map[*content.Source]bool) error {
	rec := sourceRecord{Salt: salt, Entries: make(map[string]*sourceEntry, len(site.Pages))}
	for _, p := range site.Pages {
		src := p.Source
		st, ok := stamps[src.File]
		if src.File == "" || src.Failed || src.Doc == nil || !ok || st.Sum == "" {
			continue
		}
		key, cached := src.Doc.CacheKey()
		if !cached {
			continue
		}
		if given[src] {
			rec.Entries[src.File] = kept[src.File]
			continue
		}
		if e := newSourceEntry(src, st.Sum, key); e != nil {
			rec.Entries[src.File] = e
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&rec); err != nil {
		return err
	}
	return writeAtomic(file, b.Bytes())
}

// newSourceEntry returns the entry of src, or nil when src would not read
// back exactly (a value gob cannot carry, such as an empty list, which
// comes back as none, or a date's time zone).
func newSourceEntry(src *content.Source, sum string, key [32]byte) *sourceEntry {
	s := *src
	s.Doc, s.LinkPos = nil, nil
	e := &sourceEntry{Sum: sum, DocKey: key, Source: &s}
	if len(src.LinkPos) > 0 {
		e.LinkPos = make([]int32, 0, 2*len(src.LinkPos))
		for _, p := range src.LinkPos {
			if p.File != src.File || p.Line > math.MaxInt32 || p.Col > math.MaxInt32 {
				return nil
			}
			e.LinkPos = append(e.LinkPos, int32(p.Line), int32(p.Col))
		}
	}
	for i, f := range e.flags(&s.Meta) {
		if *f != nil {
			e.Flags[i] = 1
			if **f {
				e.Flags[i] = 2
			}
		}
	}
	var b bytes.Buffer
	var back sourceEntry
	if gob.NewEncoder(&b).Encode(e) != nil || gob.NewDecoder(&b).Decode(&back) != nil || back.Source == nil {
		return nil
	}
	got := back.restore()
	if got == nil || !sameSource(src, got) {
		return nil
	}
	return e
}

// sameSource reports whether two sources without Docs are equal, their
// Lines compared by file and text.
func sameSource(a, b *content.Source) bool {
	if (a.Lines == nil) != (b.Lines == nil) {
		return false
	}
	if a.Lines != nil && (!bytes.Equal(a.Lines.Source(), b.Lines.Source()) || a.Lines.Pos(0) != b.Lines.Pos(0)) {
		return false
	}
	x, y := *a, *b
	x.Lines, y.Lines, x.Doc, y.Doc = nil, nil, nil, nil
	if len(x.LinkPos) == 0 && len(y.LinkPos) == 0 { // none, read only by index
		x.LinkPos, y.LinkPos = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// writeAtomic writes b to file through a temporary file of its own.
func writeAtomic(file string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
