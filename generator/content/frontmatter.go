package content

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// FrontMatter is the block of keys at the top of a page: TOML between +++
// lines, YAML between --- lines or a JSON object.
type FrontMatter struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// LinkTitle is a short title for navigation: the sidebar, breadcrumbs
	// and previous/next links.
	LinkTitle string   `toml:"linkTitle"`
	Weight    int      `toml:"weight"`
	Date      Date     `toml:"date"`
	Lastmod   Date     `toml:"lastmod"`
	Draft     bool     `toml:"draft"`
	Slug      string   `toml:"slug"`
	Tags      []string `toml:"tags"`
	// Categories is a taxonomy like Tags, at /categories/<term>/.
	Categories []string `toml:"categories"`
	Audience   []string `toml:"audience"`
	Aliases    []string `toml:"aliases"`
	Layout     string   `toml:"layout"`
	// Type is "curriculum" on a section that is an ordered learning path,
	// or "module" / "play" / "page" on a page.
	Type     string   `toml:"type"`
	Duration string   `toml:"duration"`
	Requires []string `toml:"requires"`
	Owner    string   `toml:"owner"`
	Reviewed Date     `toml:"reviewed"`
	// PublishDate and ExpiryDate bound when the page is published: before
	// the one and from the other on, it is built only with --drafts.
	PublishDate Date `toml:"publishDate"`
	ExpiryDate  Date `toml:"expiryDate"`
	// Summary stands in for an empty Description (see fold).
	Summary string `toml:"summary"`
	// TOC, when false, leaves out the page's table of contents; so does
	// "toc" in Hide (MkDocs Material's hide: [toc]).
	TOC  *bool    `toml:"toc"`
	Hide []string `toml:"hide"`
	// Signoff adds initials/date lines to printed checklists.
	Signoff bool `toml:"signoff"`
	// Print and Search default to true.
	Print  *bool `toml:"print"`
	Search *bool `toml:"search"`
	// Params is free-form data for templates: the [params] table and every
	// unknown top-level key.
	Params map[string]any `toml:"params"`
}

// InPrint reports whether the page belongs in the printed handbook.
func (f *FrontMatter) InPrint() bool { return f.Print == nil || *f.Print }

// InSearch reports whether the page belongs in the search index.
func (f *FrontMatter) InSearch() bool { return f.Search == nil || *f.Search }

// ShowTOC reports whether the page shows its table of contents.
func (f *FrontMatter) ShowTOC() bool { return f.TOC == nil || *f.TOC }

// Published reports whether the page is published at now: not a draft,
// past its publishDate and before its expiryDate.
func (f *FrontMatter) Published(now time.Time) bool { return f.Unpublished(now) == "" }

// Unpublished returns why a page with this front matter is not published
// at now, as words that follow "it is": "a draft", "to be published on
// 2027-01-05" (publishDate after now), "past its expiry date, 2026-06-01"
// (expiryDate at or before now); "" when it is published. Dates are
// written in UTC.
func (f *FrontMatter) Unpublished(now time.Time) string {
	switch {
	case f.Draft:
		return "a draft"
	case !f.PublishDate.IsZero() && f.PublishDate.After(now):
		return "to be published on " + f.PublishDate.UTC().Format(time.DateOnly)
	case !f.ExpiryDate.IsZero() && !f.ExpiryDate.After(now):
		return "past its expiry date, " + f.ExpiryDate.UTC().Format(time.DateOnly)
	}
	return ""
}

// Date is a calendar date or timestamp: a TOML date, datetime, or a string
// in YYYY-MM-DD or RFC 3339 form.
type Date struct{ time.Time }

// UnmarshalTOML implements toml.Unmarshaler. A TOML local date or
// datetime (no offset) reads as that wall clock in UTC, as the same date
// written as a string does: the TOML decoder's stand-in zone for "local"
// would make the date depend on the machine's zone, and would not survive
// the build cache's encoding of front matter.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		switch v.Location().String() {
		case "date-local", "datetime-local", "time-local": // BurntSushi/toml's
			v = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		}
		d.Time = v
		return nil
	case string:
		t, err := parseDate(v)
		d.Time = t
		return err
	}
	return fmt.Errorf("want a date like 2026-01-31, got %T", v)
}

// parseDate reads a date written as a string.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date like 2026-01-31", s)
}

// format is the language of a front matter block.
type format int

const (
	noFrontMatter format = iota
	tomlFormat           // between +++ lines
	yamlFormat           // between --- lines
	jsonFormat           // an object from a { line to the } line that closes it
)

// maxFrontMatter bounds the bytes of one front matter block: YAML's cost
// is not linear in every input, and no page needs more.
const maxFrontMatter = 64 << 10

// block is where a file's front matter is.
type block struct {
	format format
	// text is the front matter: the lines between the fences for TOML and
	// YAML, the whole object, braces included, for JSON.
	text []byte
	// offset is where text starts in the file; body is where the
	// Markdown body starts.
	offset, body int
}

var (
	tomlFence = []byte("+++")
	yamlFence = []byte("---")
	jsonOpen  = []byte("{")
)

// splitFrontMatter finds the front matter of src: after a byte order mark
// and blank lines, a line of +++ (TOML), --- (YAML) or { (JSON) opens it.
// A file without front matter gives a block with no format whose body
// starts after the byte order mark.
func splitFrontMatter(src []byte) (block, error) {
	start := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		start = 3
	}
	open := start
	first, next := line(src, open)
	for len(bytes.Trim(first, " \t\r")) == 0 && next < len(src) {
		open = next
		first, next = line(src, open)
	}
	first = bytes.TrimRight(first, " \t\r")
	switch {
	case bytes.Equal(first, tomlFence):
		return fenced(src, open, tomlFormat, tomlFence)
	case bytes.Equal(first, yamlFence):
		return fenced(src, open, yamlFormat, yamlFence)
	case bytes.Equal(first, jsonOpen):
		return jsonObject(src, open)
	}
	return block{body: start}, nil
}

// line returns the line of src that starts at off, without its newline,
// and the offset of the next line.
func line(src []byte, off int) (text []byte, next int) {
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		return src[off:], len(src)
	}
	return src[off : off+end], off + end + 1
}

// fenced reads front matter between the fence line at open and the next
// line that is the same fence.
func fenced(src []byte, open int, f format, fence []byte) (block, error) {
	_, off := line(src, open)
	for at := off; at < len(src) && bytes.HasSuffix(src[:off], []byte("\n")); {
		l, next := line(src, at)
		if bytes.Equal(bytes.TrimRight(l, " \t\r"), fence) {
			return block{format: f, text: src[off:at], offset: off, body: next}, nil
		}
		at = next
	}
	return block{}, &fenceError{offset: open, msg: fmt.Sprintf("front matter opened with %s is not closed; did you forget the closing %s?", fence, fence)}
}

// jsonObject reads a JSON object from the { at open to the brace that
// closes it, which must end its line, as Hugo reads JSON front matter.
func jsonObject(src []byte, open int) (block, error) {
	depth, inString := 0, false
	for i := open; i < len(src); i++ {
		c := src[i]
		switch {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{':
			depth++
		case c == '}':
			if depth--; depth > 0 {
				continue
			}
			rest, next := line(src, i+1)
			if text := bytes.TrimLeft(rest, " \t"); len(bytes.TrimRight(text, " \t\r")) > 0 {
				return block{}, &fenceError{offset: i + 1 + len(rest) - len(text), msg: "text after the } that closes the front matter; start the body on the next line"}
			}
			return block{format: jsonFormat, text: src[open : i+1], offset: open, body: next}, nil
		}
	}
	return block{}, &fenceError{offset: open, msg: "front matter opened with { is not closed; did you forget the closing }?"}
}

type fenceError struct {
	offset int
	msg    string
}

func (e *fenceError) Error() string { return e.msg }

// decoded is what a front matter block decodes into: our keys and the keys
// other generators use for some of them (see otherKeys).
type decoded struct {
	FrontMatter
	otherKeys
}

// keys tells which top-level keys a decoded block set, and where: from
// TOML's metadata and text, or from the key nodes of YAML and JSON.
type keys struct {
	md    toml.MetaData
	text  string
	lines *diag.Lines
	base  int
	// nd and top are set for YAML and JSON.
	nd  *nodeDecoder
	top map[string]*yaml.Node
}

// has reports whether the block sets key.
func (k *keys) has(key string) bool {
	if k.nd != nil {
		return k.top[key] != nil
	}
	return k.md.IsDefined(key)
}

// at returns the position of key, or of the block's start.
func (k *keys) at(key string) diag.Pos {
	if k.nd == nil {
		return k.lines.Pos(k.base + tomlx.KeyOffset(k.text, key))
	}
	if n := k.top[key]; n != nil {
		return k.nd.pos(n)
	}
	return k.nd.at.pos(1, 1)
}

// parseFrontMatter splits and decodes the front matter of src, nested at
// most maxDepth levels. It returns the front matter and where the body
// starts. On errors the front matter holds the keys that decoded, so that
// the page's other keys are checked in the same pass and its slug and
// aliases still answer links; it is empty when the block did not parse.
func parseFrontMatter(src []byte, lines *diag.Lines, maxDepth int) (FrontMatter, int, diag.List) {
	var diags diag.List
	b, err := splitFrontMatter(src)
	if err != nil {
		fe := err.(*fenceError)
		diags.Errorf(lines.Pos(fe.offset), "%s", fe.msg)
		return FrontMatter{}, 0, diags
	}
	if b.format == noFrontMatter || len(b.text) == 0 {
		return FrontMatter{}, b.body, nil
	}
	if len(b.text) > maxFrontMatter {
		diags.Errorf(lines.Pos(b.offset), "front matter is %d bytes, over the limit of %d", len(b.text), maxFrontMatter)
		return FrontMatter{}, b.body, diags
	}
	var d decoded
	var k keys
	if b.format == tomlFormat {
		k, diags = decodeTOML(b, lines, maxDepth, &d)
	} else {
		k, diags = decodeNodes(b, lines, maxDepth, &d)
	}
	diags.Append(d.fold(&k))
	return d.FrontMatter, b.body, diags
}

// decodeTOML decodes TOML front matter, nested at most maxDepth levels,
// into d. Unknown top-level keys are warnings (through tomlx) and their
// values go to d.Params.
func decodeTOML(b block, lines *diag.Lines, maxDepth int, d *decoded) (keys, diag.List) {
	text := string(b.text)
	lim := tomlx.Limits{MaxDepth: maxDepth, Setting: "limits.maxNesting in site.toml"}
	md, diags := tomlx.DecodeMeta(text, d, lines, b.offset, lim, "params")
	k := keys{md: md, text: text, lines: lines, base: b.offset}
	if len(diags) == 0 { // every unknown key is a warning
		return k, nil
	}
	if diags.HasErrors(false) {
		return k, diags
	}
	var unknown []string
	for _, key := range md.Undecoded() {
		// Every key but params is a scalar or a list, so only unknown
		// tables have keys below them.
		if top := key[0]; top != "params" && !slices.Contains(unknown, top) {
			unknown = append(unknown, top)
		}
	}
	if len(unknown) > 0 {
		var all map[string]any
		if _, err := toml.Decode(text, &all); err == nil {
			for _, key := range unknown {
				d.param(key, all[key])
			}
		}
	}
	return k, diags
}

// param keeps the value of an unknown top-level key for templates; a key
// of the same name under [params] wins.
func (d *decoded) param(key string, v any) {
	if _, ok := d.Params[key]; ok {
		return
	}
	if d.Params == nil {
		d.Params = map[string]any{}
	}
	d.Params[key] = v
}

// FrontMatterSpan is where a page's front matter is, for tools that edit
// it as text (playbook import).
type FrontMatterSpan struct {
	// Format is "toml", "yaml", "json", or "" for a page without one.
	Format string
	// Start and End are the byte offsets of its text in the page: the
	// lines between the fences for TOML and YAML, the object, braces
	// included, for JSON.
	Start, End int
	// Body is where the Markdown body starts.
	Body int
}

// LocateFrontMatter finds the front matter of src as a build reads it
// (after a byte order mark and blank lines, a line of +++, --- or {). A
// fence that is not closed is an error with its message.
func LocateFrontMatter(src []byte) (FrontMatterSpan, error) {
	b, err := splitFrontMatter(src)
	if err != nil {
		return FrontMatterSpan{}, err
	}
	name := [...]string{noFrontMatter: "", tomlFormat: "toml", yamlFormat: "yaml", jsonFormat: "json"}[b.format]
	return FrontMatterSpan{Format: name, Start: b.offset, End: b.offset + len(b.text), Body: b.body}, nil
}
