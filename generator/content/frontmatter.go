package content

import (
	"bytes"
	"fmt"
	"time"

	"playbook/generator/diag"
	"playbook/generator/tomlx"
)

// FrontMatter is the TOML block between +++ fences at the top of a page.
type FrontMatter struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Weight      int      `toml:"weight"`
	Date        Date     `toml:"date"`
	Lastmod     Date     `toml:"lastmod"`
	Draft       bool     `toml:"draft"`
	Slug        string   `toml:"slug"`
	Tags        []string `toml:"tags"`
	Audience    []string `toml:"audience"`
	Aliases     []string `toml:"aliases"`
	Layout      string   `toml:"layout"`
	// Type is "curriculum" on a section that is an ordered learning path,
	// or "module" / "play" / "page" on a page.
	Type     string   `toml:"type"`
	Duration string   `toml:"duration"`
	Requires []string `toml:"requires"`
	Owner    string   `toml:"owner"`
	Reviewed Date     `toml:"reviewed"`
	// Signoff adds initials/date lines to printed checklists.
	Signoff bool `toml:"signoff"`
	// Print and Search default to true.
	Print  *bool `toml:"print"`
	Search *bool `toml:"search"`
	// Params is free-form data for templates.
	Params map[string]any `toml:"params"`
}

// InPrint reports whether the page belongs in the printed handbook.
func (f *FrontMatter) InPrint() bool { return f.Print == nil || *f.Print }

// InSearch reports whether the page belongs in the search index.
func (f *FrontMatter) InSearch() bool { return f.Search == nil || *f.Search }

// Date is a calendar date or timestamp: a TOML date, datetime, or a string
// in YYYY-MM-DD or RFC 3339 form.
type Date struct{ time.Time }

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		d.Time = v
		return nil
	case string:
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05"} {
			if t, err := time.Parse(layout, v); err == nil {
				d.Time = t
				return nil
			}
		}
		return fmt.Errorf("%q is not a date like 2026-01-31", v)
	}
	return fmt.Errorf("want a date like 2026-01-31, got %T", v)
}

var (
	tomlFence = []byte("+++")
	yamlFence = []byte("---")
)

// splitFrontMatter separates the front matter from the body. It returns the
// TOML text, its byte offset in src, and the offset where the body starts.
// A file without front matter has an empty TOML text and body offset 0.
func splitFrontMatter(src []byte) (fm []byte, fmOffset, bodyOffset int, err error) {
	start := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		start = 3
	}
	rest := src[start:]
	first, _, _ := bytes.Cut(rest, []byte("\n"))
	first = bytes.TrimRight(first, " \t\r")
	switch {
	case bytes.Equal(first, yamlFence):
		return nil, 0, 0, &fenceError{offset: start, msg: "YAML front matter (---) is not supported; write TOML between +++ lines"}
	case !bytes.Equal(first, tomlFence):
		return nil, 0, start, nil
	}
	fmOffset = start + len(rest[:bytes.IndexByte(rest, '\n')+1])
	if bytes.IndexByte(rest, '\n') < 0 {
		return nil, 0, 0, &fenceError{offset: start, msg: "front matter opened with +++ is not closed; did you forget the closing +++?"}
	}
	off := fmOffset
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		next := len(src)
		if end >= 0 {
			line = src[off : off+end]
			next = off + end + 1
		}
		if bytes.Equal(bytes.TrimRight(line, " \t\r"), tomlFence) {
			return src[fmOffset:off], fmOffset, next, nil
		}
		off = next
	}
	return nil, 0, 0, &fenceError{offset: start, msg: "front matter opened with +++ is not closed; did you forget the closing +++?"}
}

type fenceError struct {
	offset int
	msg    string
}

func (e *fenceError) Error() string { return e.msg }

// parseFrontMatter splits and decodes the front matter of src.
func parseFrontMatter(src []byte, lines *diag.Lines) (FrontMatter, int, diag.List) {
	var fm FrontMatter
	var diags diag.List
	text, fmOff, bodyOff, err := splitFrontMatter(src)
	if err != nil {
		fe := err.(*fenceError)
		diags.Errorf(lines.Pos(fe.offset), "%s", fe.msg)
		return fm, 0, diags
	}
	if len(text) == 0 {
		return fm, bodyOff, nil
	}
	diags = tomlx.Decode(string(text), &fm, lines, fmOff, "params")
	return fm, bodyOff, diags
}
