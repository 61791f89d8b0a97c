package content

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// YAML and JSON front matter are read into yaml.Node trees, which keep
// the line and column of every key and value, and decoded from the tree
// into the fields of decoded by their toml tags: one schema for the three
// formats, with the checks TOML has.

// Bounds of a YAML or JSON block beyond its size (maxFrontMatter) and
// nesting (limits.maxNesting): aliases let a small text stand for
// billions of values ("billion laughs"), so every value the decoder
// visits counts, aliases followed included, and keys are names, as in
// TOML.
const (
	maxValues   = 100_000
	maxKeyBytes = tomlx.MaxKeyBytes
)

// fields maps each front matter key to the index of its field in decoded.
var fields = fieldsOf(reflect.TypeFor[decoded]())

func fieldsOf(t reflect.Type) map[string][]int {
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("toml"); tag != "" && !f.Anonymous {
			m[tag] = f.Index
		}
	}
	return m
}

var dateType = reflect.TypeFor[Date]()

// nodeDecoder decodes one YAML or JSON block.
type nodeDecoder struct {
	at       *yamlLines
	maxDepth int
	// left counts the values the decoder may still visit.
	left    int
	stopped bool
	diags   diag.List
}

// decodeNodes decodes YAML or JSON front matter into d. Unknown top-level
// keys are warnings and their values go to d.Params.
func decodeNodes(b block, lines *diag.Lines, maxDepth int, d *decoded) (keys, diag.List) {
	nd := &nodeDecoder{at: newYAMLLines(b.text, lines, b.offset), maxDepth: maxDepth, left: maxValues}
	top := map[string]*yaml.Node{}
	k := keys{nd: nd, top: top}
	root := nd.root(b)
	if root == nil {
		return k, nd.diags
	}
	v := reflect.ValueOf(d).Elem()
	type unknown struct {
		name string
		n    *yaml.Node
	}
	var unknowns []unknown
	for i := 0; i+1 < len(root.Content) && !nd.stopped; i += 2 {
		kn, vn := root.Content[i], root.Content[i+1]
		name, ok := nd.key(kn, top)
		if !ok {
			continue
		}
		top[name] = kn
		if idx, ok := fields[name]; ok {
			nd.set(name, v.FieldByIndex(idx), vn, 2)
			continue
		}
		nd.diags.Warnf(nd.pos(kn), "unknown key %q", name)
		unknowns = append(unknowns, unknown{name, vn})
	}
	for _, u := range unknowns {
		d.param(u.name, nd.value(u.n, 2))
	}
	return k, nd.diags
}

// root parses the block and returns its top-level mapping, or nil when
// the block is empty or wrong (an error says why).
func (nd *nodeDecoder) root(b block) *yaml.Node {
	if b.format == jsonFormat {
		n, err := jsonNodes(b.text, nd.at, nd.maxDepth)
		if err != nil {
			nd.diags.Errorf(nd.at.offsetPos(err.offset), "%s", err.msg)
			return nil
		}
		return n
	}
	var doc yaml.Node
	if err := unmarshalYAML(b.text, &doc); err != nil {
		line, msg := yamlError(err)
		nd.diags.Errorf(nd.at.lineStart(line), "%s", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 { // empty, or comments only
		return nil
	}
	n := doc.Content[0]
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
			return nil
		}
		nd.diags.Errorf(nd.pos(n), "front matter is %s, not keys with values (key: value)", article(typeName(n)))
		return nil
	}
	return n
}

// unmarshalYAML parses text into doc; a panic in the parser is an error.
func unmarshalYAML(text []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse this front matter (%v)", r)
		}
	}()
	return yaml.Unmarshal(text, doc)
}

var yamlMessage = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the messages of go.yaml.in/yaml's parser, which
// reports lines counted from 0 (its scanner counts from 1).
var parserProblems = []string{
	"did not find expected <stream-start>", "did not find expected <document start>",
	"did not find expected node content", "did not find expected key",
	"did not find expected '-' indicator", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "found duplicate %YAML directive",
	"found duplicate %TAG directive", "found incompatible YAML document", "found undefined tag handle",
}

// yamlError returns the line (from 1) of a YAML syntax error and its
// message for the user.
func yamlError(err error) (int, string) {
	m := yamlMessage.FindStringSubmatch(err.Error())
	if m == nil {
		return 1, err.Error()
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	if slices.Contains(parserProblems, msg) || line == 0 {
		line++
	}
	switch msg {
	case "mapping values are not allowed in this context":
		msg += ` (put a value that holds ": " in quotes)`
	case "found character that cannot start any token":
		msg += " (a tab? YAML indents with spaces)"
	}
	return line, msg
}

// YAMLError returns the line (from 1) and the message of a syntax error
// of go.yaml.in/yaml (whose parser counts some lines from 0), for
// messages about any YAML file a tool reads: playbook import's
// configurations.
func YAMLError(err error) (line int, msg string) { return yamlError(err) }

// key returns the name of a mapping key, or false after an error.
func (nd *nodeDecoder) key(n *yaml.Node, seen map[string]*yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		nd.diags.Errorf(nd.pos(n), "a key must be a name, not %s", article(typeName(n)))
		return "", false
	}
	if len(n.Value) > maxKeyBytes {
		nd.fail(n, "key of %d bytes; keys are names of at most %d bytes", len(n.Value), maxKeyBytes)
		return "", false
	}
	if prev := seen[n.Value]; prev != nil {
		nd.diags.Errorf(nd.pos(n), "key %q is set twice (first on line %d)", n.Value, nd.pos(prev).Line)
		return "", false
	}
	return n.Value, true
}

// visit follows an alias and counts the value against maxValues; it
// returns nil once the decoder has stopped.
func (nd *nodeDecoder) visit(n *yaml.Node) *yaml.Node {
	if nd.stopped {
		return nil
	}
	if nd.left--; nd.left < 0 {
		nd.fail(n, "front matter stands for more than %d values; do aliases (*name) repeat a large part?", maxValues)
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// deep reports, with an error, a value nested deeper than maxDepth.
func (nd *nodeDecoder) deep(n *yaml.Node, depth int) bool {
	if depth <= nd.maxDepth {
		return false
	}
	nd.fail(n, "nested deeper than %d levels (limits.maxNesting in site.toml)", nd.maxDepth)
	return true
}

func (nd *nodeDecoder) fail(n *yaml.Node, format string, args ...any) {
	nd.diags.Errorf(nd.pos(n), format, args...)
	nd.stopped = true
}

// set decodes n into f, the field of key name; a null leaves f unset.
func (nd *nodeDecoder) set(name string, f reflect.Value, n *yaml.Node, depth int) {
	at := n
	if n = nd.visit(n); n == nil || nd.deep(at, depth) || isNull(n) {
		return
	}
	nd.assign(name, f, n, at, depth)
}

// assign decodes n, reached through at (an alias, or n itself), into f
// and reports whether it could.
func (nd *nodeDecoder) assign(name string, f reflect.Value, n, at *yaml.Node, depth int) bool {
	switch {
	case f.Type() == dateType:
		switch n.ShortTag() {
		case "!!timestamp":
			var t time.Time
			if err := n.Decode(&t); err == nil {
				f.Set(reflect.ValueOf(Date{t}))
				return true
			}
		case "!!str":
			t, err := parseDate(n.Value)
			if err != nil {
				nd.diags.Errorf(nd.pos(at), "%v", err)
				return false
			}
			f.Set(reflect.ValueOf(Date{t}))
			return true
		}
		return nd.wrongType(name, n, at, "date")
	case f.Kind() == reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		if !nd.assign(name, p.Elem(), n, at, depth) {
			return false
		}
		f.Set(p)
	case f.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			return nd.wrongType(name, n, at, "string")
		}
		f.SetString(n.Value)
	case f.Kind() == reflect.Int:
		var i int
		if n.ShortTag() != "!!int" {
			return nd.wrongType(name, n, at, "integer")
		}
		if err := n.Decode(&i); err != nil {
			nd.diags.Errorf(nd.pos(at), "%s: %s is out of range", name, n.Value)
			return false
		}
		f.SetInt(int64(i))
	case f.Kind() == reflect.Bool:
		var b bool
		if name == "search" && n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "exclude" && n.Content[1].Decode(&b) == nil {
			f.SetBool(!b) // Material for MkDocs: search: {exclude: true}
			return true
		}
		if n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
			return nd.wrongType(name, n, at, "boolean")
		}
		f.SetBool(b)
	case f.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nd.wrongType(name, n, at, "list of strings")
		}
		list := make([]string, 0, len(n.Content))
		ok := true
		for i, e := range n.Content {
			at := e
			if e = nd.visit(e); e == nil {
				return false
			}
			if e.Kind != yaml.ScalarNode || isNull(e) {
				ok = nd.wrongType(fmt.Sprintf("%s[%d]", name, i), e, at, "string")
				continue
			}
			list = append(list, e.Value)
		}
		if !ok {
			return false
		}
		f.Set(reflect.ValueOf(list))
	case f.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			return nd.wrongType(name, n, at, "mapping")
		}
		m, ok := nd.convert(n, depth).(map[string]any)
		if !ok {
			return false
		}
		f.Set(reflect.ValueOf(m))
	}
	return true
}

// wrongType reports a value of the wrong type for key name; it returns
// false, for assign.
func (nd *nodeDecoder) wrongType(name string, n, at *yaml.Node, want string) bool {
	nd.diags.Errorf(nd.pos(at), "%s: wrong type: got %s, want %s", name, typeName(n), want)
	return false
}

// value returns n as a template sees it: nil, bool, int64, float64,
// time.Time, string, []any or map[string]any.
func (nd *nodeDecoder) value(n *yaml.Node, depth int) any {
	at := n
	if n = nd.visit(n); n == nil || nd.deep(at, depth) {
		return nil
	}
	return nd.convert(n, depth)
}

// convert is value for a node already visited.
func (nd *nodeDecoder) convert(n *yaml.Node, depth int) any {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool", "!!int", "!!float", "!!timestamp":
			var v any
			if n.Decode(&v) == nil {
				if i, ok := v.(int); ok {
					return int64(i) // as TOML gives them
				}
				return v
			}
		}
		return n.Value
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, nd.value(c, depth+1))
		}
		return out
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content) && !nd.stopped; i += 2 {
			name, ok := nd.key(n.Content[i], seen)
			if !ok {
				continue
			}
			seen[name] = n.Content[i]
			m[name] = nd.value(n.Content[i+1], depth+1)
		}
		return m
	}
	return nil
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// typeName names the type of a value in messages.
func typeName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int":
			return "integer"
		case "!!float":
			return "float"
		case "!!bool":
			return "boolean"
		case "!!timestamp":
			return "date"
		case "!!null":
			return "null"
		}
	}
	return "string"
}

// article puts "a" or "an" before a type name.
func article(name string) string {
	switch name[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + name
	}
	return "a " + name
}

// pos returns the file position of a node.
func (nd *nodeDecoder) pos(n *yaml.Node) diag.Pos { return nd.at.pos(n.Line, n.Column) }

// yamlLines maps the lines and columns of go.yaml.in/yaml to positions in
// the file. YAML breaks lines at \n, \r\n, a lone \r, NEL, LS and PS and
// counts columns in characters; the file's lines break at \n alone, so a
// YAML line never spans two of them.
type yamlLines struct {
	lines *diag.Lines
	base  int
	text  []byte
	// start holds the offset in text of each YAML line.
	start []int
	// line, off and col are where lineCol last stopped.
	line, off, col int
}

func newYAMLLines(text []byte, lines *diag.Lines, base int) *yamlLines {
	start := []int{0}
	for i := 0; i < len(text); {
		switch {
		case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
			i += 2
		case text[i] == '\r' || text[i] == '\n':
			i++
		case text[i] == 0xC2 && i+1 < len(text) && text[i+1] == 0x85:
			i += 2
		case text[i] == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xA8 || text[i+2] == 0xA9):
			i += 3
		default:
			i++
			continue
		}
		start = append(start, i)
	}
	return &yamlLines{lines: lines, base: base, text: text, start: start, line: -1}
}

// pos returns the file position of a YAML line and column (from 1).
func (y *yamlLines) pos(line, col int) diag.Pos {
	line = min(max(line, 1), len(y.start))
	p := y.lines.Pos(y.base + y.start[line-1])
	p.Col += max(col, 1) - 1
	return p
}

// lineStart returns the position of the first character of a YAML line
// that is not a blank.
func (y *yamlLines) lineStart(line int) diag.Pos {
	line = min(max(line, 1), len(y.start))
	off := y.start[line-1]
	for off < len(y.text) && (y.text[off] == ' ' || y.text[off] == '\t') {
		off++
	}
	return y.lines.Pos(y.base + off)
}

// offsetPos returns the file position of an offset in the text.
func (y *yamlLines) offsetPos(off int) diag.Pos {
	return y.lines.Pos(y.base + min(max(off, 0), len(y.text)))
}

// lineCol returns the YAML line and column of an offset in the text.
// Offsets asked for in increasing order cost a pass over the text in all.
func (y *yamlLines) lineCol(off int) (line, col int) {
	off = min(max(off, 0), len(y.text))
	i := sort.Search(len(y.start), func(i int) bool { return y.start[i] > off }) - 1
	if i != y.line || off < y.off {
		y.line, y.off, y.col = i, y.start[i], 1
	}
	y.col += utf8.RuneCount(y.text[y.off:off])
	y.off = off
	return i + 1, y.col
}

// nodeKeyPos returns the position of a top-level key of YAML or JSON
// front matter, or of the block's start when the key is not there.
func nodeKeyPos(b block, lines *diag.Lines, key string) diag.Pos {
	// The block was decoded when the page loaded: it is within bounds.
	nd := &nodeDecoder{at: newYAMLLines(b.text, lines, b.offset), maxDepth: math.MaxInt, left: maxValues}
	if root := nd.root(b); root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				return nd.pos(k)
			}
		}
	}
	return nd.at.pos(1, 1)
}
