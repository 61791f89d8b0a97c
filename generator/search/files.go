package search

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/playbook-ssg/playbook/generator/layout"
)

// WriteFile writes the index file name (one of Plan.Files) to buf. Each
// file is a script that hands its data to search.js, so that the index
// loads with <script> elements, which browsers allow from file:// pages
// where fetch() is forbidden:
//
//	playbook.search.add("t-3", {...});
func (ix *Index) WriteFile(buf *bytes.Buffer, name string) error {
	base := strings.TrimSuffix(strings.TrimPrefix(name, layout.SearchDir+"/"), ".js")
	b := buf.AvailableBuffer()
	b = append(b, "playbook.search.add("...)
	b = appendString(b, base)
	b = append(b, ',')
	kind, num, _ := strings.Cut(base, "-")
	n, err := strconv.Atoi(num)
	switch {
	case base == "meta":
		b = ix.appendMeta(b)
	case kind == "t" && err == nil && 0 <= n && n < ix.plan.shards:
		b = ix.appendShard(b, n)
	case kind == "d" && err == nil && 0 <= n && n < ix.plan.chunks():
		if b, err = ix.appendChunk(b, n); err != nil {
			return err
		}
	default:
		return fmt.Errorf("no search index file %q", name)
	}
	b = append(b, ");\n"...)
	buf.Write(b)
	return nil
}

// appendMeta writes what every query needs before it can pick shards:
//
//	v   the index version, which busts caches of the other files
//	n   the number of t-files; k, the number of pages per d-file
//	a   the audiences; s, the sections as [title, url, parent]
//	stop  the stop words, which queries leave out
//	ds  each page's section (gzip makes its runs small)
//	da  each page's audiences as a bit mask
func (ix *Index) appendMeta(b []byte) []byte {
	b = append(b, `{"v":`...)
	b = appendString(b, ix.version)
	b = append(b, `,"n":`...)
	b = strconv.AppendInt(b, int64(ix.plan.shards), 10)
	b = append(b, `,"k":`...)
	b = strconv.AppendInt(b, int64(ix.plan.perFile), 10)
	b = append(b, `,"a":[`...)
	for i, a := range ix.audiences {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, a)
	}
	b = append(b, `],"stop":[`...)
	for i, w := range stopWords {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, w)
	}
	b = append(b, `],"s":[`...)
	for i, s := range ix.sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendString(b, s.title)
		b = append(b, ',')
		b = appendString(b, s.url)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.parent), 10)
		b = append(b, ']')
	}
	// By index, not by copies of the docs.
	b = append(b, `],"ds":[`...)
	for i := range ix.Docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(ix.Docs[i].section), 10)
	}
	b = append(b, `],"da":[`...)
	for i := range ix.Docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(ix.Docs[i].audience), 10)
	}
	return append(b, "]}"...)
}

// appendShard writes shard n: {"t": {term: [page, code, ...]}, "w": {word:
// term}}, pages as differences to the one before.
func (ix *Index) appendShard(b []byte, n int) []byte {
	terms, words := ix.shards[n].terms, ix.shards[n].words
	b = append(b, `{"t":{`...)
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, t)
		b = append(b, ":["...)
		prev := int32(0)
		for j, p := range ix.terms[t] {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(p.doc-prev), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(p.code), 10)
			prev = p.doc
		}
		b = append(b, ']')
	}
	b = append(b, `},"w":{`...)
	for i, w := range words {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, w)
		b = append(b, ':')
		b = appendString(b, ix.words[w])
	}
	return append(b, "}}"...)
}

// appendChunk writes the pages of d-file n as [title, url, description,
// [[heading, id], ...], text].
func (ix *Index) appendChunk(b []byte, n int) ([]byte, error) {
	k := ix.plan.perFile
	b = append(b, '[')
	docs := ix.Docs[n*k : min((n+1)*k, len(ix.Docs))]
	for i := range docs {
		d := &docs[i]
		text, err := d.Text()
		if err != nil {
			return b, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for _, s := range []string{d.Title, d.URL, d.description} {
			b = appendString(b, s)
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, h := range d.headings {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = appendString(b, h.text)
			b = append(b, ',')
			b = appendString(b, h.id)
			b = append(b, ']')
		}
		b = append(b, "],"...)
		b = appendString(b, text)
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// Text returns the start of the body of d's page, at most maxText bytes,
// as its d-file shows it for snippets. It is read from the page each
// time; an error is the body being unreadable (a spill file gone or
// damaged).
func (d *Doc) Text() (string, error) {
	if d.page == nil {
		return "", nil
	}
	body, err := d.page.Doc.Text()
	if err != nil {
		return "", fmt.Errorf("%s: %w", d.page.File, err)
	}
	return clip(body, maxText), nil
}

// appendString appends s as a JSON string, which is also a JavaScript one.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			case '\u2028', '\u2029':
				b = append(b, `\u202`...)
				b = append(b, hex[r&15])
			default:
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}
