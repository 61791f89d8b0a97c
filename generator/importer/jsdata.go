package importer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Docusaurus keeps its configuration and sidebars in JavaScript or
// TypeScript files. The import never runs them: it reads the parts that
// are plain data (object and array literals of strings, numbers,
// booleans and null, and constants holding them) with a small tokenizer,
// and keeps everything else (calls, functions, template literals with
// ${…}, operators) as an opaque value whose source text and position the
// report can name.

// jsKind is the kind of a value read from a JavaScript file.
type jsKind int

const (
	jsOther jsKind = iota // an expression that is not plain data
	jsObject
	jsArray
	jsString
	jsNumber
	jsBool
	jsNull
)

// jsValue is a value of a JavaScript file read as data.
type jsValue struct {
	Kind jsKind
	// Off and End are its byte range in the file.
	Off, End int
	// Str is a string's value, or the source text of a number, a boolean
	// or an opaque expression.
	Str    string
	Fields []jsField  // an object's
	Items  []*jsValue // an array's
}

// jsField is one entry of an object literal; Key is "" for a spread
// (...x) or a computed key ([x]).
type jsField struct {
	Key   string
	Off   int // the key's offset
	Value *jsValue
}

// get returns the value of key in an object, nil when v is not an object
// or has no such key.
func (v *jsValue) get(key string) *jsValue {
	if v == nil || v.Kind != jsObject {
		return nil
	}
	for _, f := range v.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// str returns a string value and whether v is one.
func (v *jsValue) str() (string, bool) {
	if v == nil || v.Kind != jsString {
		return "", false
	}
	return v.Str, true
}

// jsTok is a token: kind 'i' identifier, 's' string (Text is its value),
// 'x' template literal with substitutions, 'n' number, 'r' regular
// expression, 'p' punctuation.
type jsTok struct {
	kind     byte
	text     string
	off, end int
}

// maxJSNesting bounds how deep literals and template substitutions nest.
const maxJSNesting = 64

// jsLexer splits JavaScript source into tokens.
type jsLexer struct {
	src  string
	i    int
	prev *jsTok
	toks []jsTok
	// err is the first string, template or comment left open.
	err *jsSyntaxError
}

// jsSyntaxError is a syntax error of a JavaScript file: its byte offset
// and what is wrong there.
type jsSyntaxError struct {
	Off int
	Msg string
}

// fail records the syntax error msg at off, when it is the first.
func (l *jsLexer) fail(off int, msg string) {
	if l.err == nil {
		l.err = &jsSyntaxError{off, msg}
	}
}

// tokenizeJS returns the tokens of src; comments and white space are
// left out. Unterminated strings and comments end at the end of src.
func tokenizeJS(src string) []jsTok {
	toks, _ := lexJS(src)
	return toks
}

// lexJS returns the tokens of src and the first string, template or
// comment src leaves open (nil when none).
func lexJS(src string) ([]jsTok, *jsSyntaxError) {
	l := &jsLexer{src: src}
	for {
		t, ok := l.next(0)
		if !ok {
			return l.toks, l.err
		}
		l.toks = append(l.toks, t)
		l.prev = &l.toks[len(l.toks)-1]
	}
}

// regexAfter reports whether a "/" after token t starts a regular
// expression rather than a division.
func regexAfter(t *jsTok) bool {
	if t == nil {
		return true
	}
	switch t.kind {
	case 'p':
		return t.text != ")" && t.text != "]" && t.text != "}"
	case 'i':
		switch t.text {
		case "return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "else", "yield", "await":
			return true
		}
	}
	return false
}

func (l *jsLexer) next(depth int) (jsTok, bool) {
	src := l.src
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.i++
			continue
		case strings.HasPrefix(src[l.i:], "//"):
			if e := strings.IndexByte(src[l.i:], '\n'); e >= 0 {
				l.i += e
			} else {
				l.i = len(src)
			}
			continue
		case strings.HasPrefix(src[l.i:], "/*"):
			if e := strings.Index(src[l.i+2:], "*/"); e >= 0 {
				l.i += e + 4
			} else {
				l.fail(l.i, "comment not closed with */")
				l.i = len(src)
			}
			continue
		}
		break
	}
	if l.i >= len(src) {
		return jsTok{}, false
	}
	start := l.i
	c := src[l.i]
	tok := func(kind byte, text string) (jsTok, bool) {
		return jsTok{kind: kind, text: text, off: start, end: l.i}, true
	}
	switch {
	case c == '\'' || c == '"':
		s := l.quoted(c)
		return tok('s', s)
	case c == '`':
		s, plain := l.template(depth)
		if plain {
			return tok('s', s)
		}
		return tok('x', src[start:l.i])
	case c >= '0' && c <= '9' || c == '.' && l.i+1 < len(src) && src[l.i+1] >= '0' && src[l.i+1] <= '9':
		for l.i < len(src) && (isIdentByte(src[l.i]) || src[l.i] == '.') {
			l.i++
		}
		return tok('n', src[start:l.i])
	case isIdentByte(c) || c >= utf8.RuneSelf:
		for l.i < len(src) && (isIdentByte(src[l.i]) || src[l.i] >= utf8.RuneSelf) {
			l.i++
		}
		return tok('i', src[start:l.i])
	case c == '/' && regexAfter(l.prev):
		if l.regex() {
			return tok('r', src[start:l.i])
		}
		l.i = start + 1
		return tok('p', "/")
	}
	for _, p := range []string{"...", "=>", "?.", "??"} {
		if strings.HasPrefix(src[l.i:], p) {
			l.i += len(p)
			return tok('p', p)
		}
	}
	l.i++
	return tok('p', string(c))
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// quoted reads a string literal quoted with q and returns its value.
func (l *jsLexer) quoted(q byte) string {
	var b strings.Builder
	start := l.i
	l.i++
	for l.i < len(l.src) && l.src[l.i] != q && l.src[l.i] != '\n' {
		if l.src[l.i] == '\\' && l.i+1 < len(l.src) {
			l.i++
			l.escape(&b)
			continue
		}
		b.WriteByte(l.src[l.i])
		l.i++
	}
	if l.i < len(l.src) && l.src[l.i] == q {
		l.i++
	} else {
		l.fail(start, "string not closed before the end of its line")
	}
	return b.String()
}

// escape writes the character of the escape sequence at l.i (after its
// backslash) and moves past it.
func (l *jsLexer) escape(b *strings.Builder) {
	c := l.src[l.i]
	l.i++
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case '\n':
	case 'u':
		hex := ""
		if strings.HasPrefix(l.src[l.i:], "{") {
			if e := strings.IndexByte(l.src[l.i:], '}'); e > 0 {
				hex, l.i = l.src[l.i+1:l.i+e], l.i+e+1
			}
		} else if l.i+4 <= len(l.src) {
			hex, l.i = l.src[l.i:l.i+4], l.i+4
		}
		r, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return
		}
		// a UTF-16 surrogate pair: \ud83d\ude87
		if r >= 0xd800 && r < 0xdc00 && strings.HasPrefix(l.src[l.i:], `\u`) && l.i+6 <= len(l.src) {
			if lo, err := strconv.ParseUint(l.src[l.i+2:l.i+6], 16, 32); err == nil && lo >= 0xdc00 && lo < 0xe000 {
				r, l.i = 0x10000+(r-0xd800)<<10+(lo-0xdc00), l.i+6
			}
		}
		b.WriteRune(rune(r))
	default:
		b.WriteByte(c)
	}
}

// template reads a template literal and returns its value and whether it
// is plain text (no ${…} substitution).
func (l *jsLexer) template(depth int) (string, bool) {
	var b strings.Builder
	plain := true
	start := l.i
	l.i++
	for l.i < len(l.src) && l.src[l.i] != '`' {
		switch {
		case l.src[l.i] == '\\' && l.i+1 < len(l.src):
			l.i++
			l.escape(&b)
		case strings.HasPrefix(l.src[l.i:], "${"):
			plain = false
			l.i += 2
			if depth >= maxJSNesting {
				l.i = len(l.src)
				return "", false
			}
			// the substitution's tokens, to its closing brace
			for open := 0; ; {
				t, ok := l.next(depth + 1)
				if !ok {
					l.fail(start, "template literal not closed with `")
					return "", false
				}
				if t.kind == 'p' && t.text == "{" {
					open++
				} else if t.kind == 'p' && t.text == "}" {
					if open == 0 {
						break
					}
					open--
				}
			}
		default:
			b.WriteByte(l.src[l.i])
			l.i++
		}
	}
	if l.i < len(l.src) {
		l.i++
	} else {
		l.fail(start, "template literal not closed with `")
	}
	return b.String(), plain
}

// regex reads a regular expression literal; false when the line ends
// before its closing slash (then it was a division).
func (l *jsLexer) regex() bool {
	i, class := l.i+1, false
	for i < len(l.src) && l.src[i] != '\n' {
		switch c := l.src[i]; {
		case c == '\\':
			i++
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			i++
			for i < len(l.src) && isIdentByte(l.src[i]) {
				i++
			}
			l.i = i
			return true
		}
		i++
	}
	return false
}

// jsData reads values from the tokens of one file.
type jsData struct {
	src    string
	toks   []jsTok
	consts map[string]int // a top-level const, let or var: its value's token
	// resolving guards against constants that name each other.
	resolving map[string]bool
	depth     int
	// lexErr is the first string, template or comment left open.
	lexErr *jsSyntaxError
}

// newJSData tokenizes src and finds its top-level constants.
func newJSData(src string) *jsData {
	d := &jsData{src: src, consts: map[string]int{}, resolving: map[string]bool{}}
	d.toks, d.lexErr = lexJS(src)
	depth := 0
	for i, t := range d.toks {
		if t.kind == 'p' {
			switch t.text {
			case "{", "[", "(":
				depth++
			case "}", "]", ")":
				depth--
			}
		}
		if depth != 0 || t.kind != 'i' || (t.text != "const" && t.text != "let" && t.text != "var") || i+2 >= len(d.toks) || d.toks[i+1].kind != 'i' {
			continue
		}
		// const name: Type = value
		for j := i + 2; j < len(d.toks) && j < i+24; j++ {
			if u := d.toks[j]; u.kind == 'p' && u.text == "=" {
				if _, seen := d.consts[d.toks[i+1].text]; !seen {
					d.consts[d.toks[i+1].text] = j + 1
				}
				break
			} else if u.kind == 'p' && (u.text == ";" || u.text == "{" || u.text == "(") {
				break
			}
		}
	}
	return d
}

// exported returns the value the file exports (module.exports = …,
// export default …), a constant it names resolved; nil when there is
// none.
func (d *jsData) exported() *jsValue {
	for i := 0; i+1 < len(d.toks); i++ {
		t := d.toks[i]
		at := -1
		switch {
		case t.kind == 'i' && t.text == "module" && i+3 < len(d.toks) && d.toks[i+1].text == "." && d.toks[i+2].text == "exports" && d.toks[i+3].text == "=":
			at = i + 4
		case t.kind == 'i' && t.text == "export" && d.toks[i+1].text == "default":
			at = i + 2
		}
		if at >= 0 && at < len(d.toks) {
			v, _ := d.value(at)
			return v
		}
	}
	return nil
}

// objectWith returns the first object literal of the file that has
// every one of keys, nil when none has.
func (d *jsData) objectWith(keys ...string) *jsValue {
	for i, t := range d.toks {
		if t.kind != 'p' || t.text != "{" {
			continue
		}
		v, _ := d.value(i)
		ok := v.Kind == jsObject
		for _, k := range keys {
			ok = ok && v.get(k) != nil
		}
		if ok {
			return v
		}
	}
	return nil
}

// terminates reports whether token i ends a value in a list.
func (d *jsData) terminates(i int) bool {
	if i >= len(d.toks) {
		return true
	}
	t := d.toks[i]
	return t.kind == 'p' && (t.text == "," || t.text == "}" || t.text == "]" || t.text == ")" || t.text == ";")
}

// value reads the value that starts at token i and returns it and the
// index of the token after it.
func (d *jsData) value(i int) (*jsValue, int) {
	if i >= len(d.toks) {
		return &jsValue{Kind: jsOther, Off: len(d.src), End: len(d.src)}, i
	}
	if d.depth >= maxJSNesting {
		return d.opaque(i)
	}
	d.depth++
	defer func() { d.depth-- }()
	t := d.toks[i]
	var v *jsValue
	next := i + 1
	switch {
	case t.kind == 'p' && t.text == "{":
		v, next = d.object(i)
	case t.kind == 'p' && t.text == "[":
		v, next = d.array(i)
	case t.kind == 'p' && t.text == "(": // ({…}): parentheses around a value
		in, j := d.value(i + 1)
		if j < len(d.toks) && d.toks[j].kind == 'p' && d.toks[j].text == ")" && in.Kind != jsOther {
			v, next = in, j+1
		}
	case t.kind == 's':
		v = &jsValue{Kind: jsString, Str: t.text}
	case t.kind == 'n':
		v = &jsValue{Kind: jsNumber, Str: t.text}
	case t.kind == 'i' && (t.text == "true" || t.text == "false"):
		v = &jsValue{Kind: jsBool, Str: t.text}
	case t.kind == 'i' && (t.text == "null" || t.text == "undefined"):
		v = &jsValue{Kind: jsNull, Str: t.text}
	case t.kind == 'i' && d.terminates(i+1):
		if at, ok := d.consts[t.text]; ok && !d.resolving[t.text] {
			d.resolving[t.text] = true
			c, _ := d.value(at)
			delete(d.resolving, t.text)
			return c, i + 1
		}
	}
	end := next
	if v != nil && next < len(d.toks) && d.toks[next].kind == 'i' && (d.toks[next].text == "satisfies" || d.toks[next].text == "as") {
		_, next = d.opaque(next) // TypeScript: {…} satisfies Config, […] as const
	}
	if v == nil || !d.terminates(next) {
		return d.opaque(i)
	}
	v.Off, v.End = t.off, d.toks[end-1].end
	if v.Kind == jsOther {
		v.Str = d.src[v.Off:v.End]
	}
	return v, next
}

// opaque reads an expression that is not plain data, from token i to the
// comma or closing bracket that ends it.
func (d *jsData) opaque(i int) (*jsValue, int) {
	j, open := i, 0
	for ; j < len(d.toks); j++ {
		t := d.toks[j]
		if t.kind != 'p' {
			continue
		}
		switch t.text {
		case "{", "[", "(":
			open++
			continue
		case "}", "]", ")":
			if open == 0 {
				break
			}
			open--
			continue
		case ",", ";":
			if open > 0 {
				continue
			}
		default:
			continue
		}
		break
	}
	if j == i { // nothing before the end: a stray closing bracket
		j = min(i+1, len(d.toks))
	}
	end := d.toks[j-1].end
	off := d.toks[min(i, len(d.toks)-1)].off
	return &jsValue{Kind: jsOther, Off: off, End: end, Str: d.src[off:end]}, j
}

// object reads the object literal whose "{" is token i.
func (d *jsData) object(i int) (*jsValue, int) {
	v := &jsValue{Kind: jsObject}
	j := i + 1
	for j < len(d.toks) {
		t := d.toks[j]
		if t.kind == 'p' && t.text == "}" {
			return v, j + 1
		}
		if t.kind == 'p' && t.text == "," {
			j++
			continue
		}
		f := jsField{Off: t.off}
		switch {
		case t.kind == 'p' && t.text == "...":
			f.Value, j = d.opaque(j)
		case t.kind == 'p' && t.text == "[":
			f.Value, j = d.opaque(j)
		case t.kind == 'i' || t.kind == 's' || t.kind == 'n':
			f.Key = t.text
			switch n := j + 1; {
			case n < len(d.toks) && d.toks[n].text == ":" && d.toks[n].kind == 'p':
				f.Value, j = d.value(n + 1)
			case d.terminates(n): // shorthand: { title }
				f.Value, j = d.value(j)
			default: // a method, a getter
				f.Value, j = d.opaque(j)
			}
		default:
			f.Value, j = d.opaque(j)
		}
		v.Fields = append(v.Fields, f)
		if j < len(d.toks) && !d.terminates(j) {
			_, j = d.opaque(j) // something this reader does not know
		}
		if j < len(d.toks) && d.toks[j].kind == 'p' && (d.toks[j].text == "]" || d.toks[j].text == ")" || d.toks[j].text == ";") {
			return &jsValue{Kind: jsOther}, j // not an object literal after all
		}
	}
	return v, j
}

// array reads the array literal whose "[" is token i.
func (d *jsData) array(i int) (*jsValue, int) {
	v := &jsValue{Kind: jsArray}
	j := i + 1
	for j < len(d.toks) {
		t := d.toks[j]
		if t.kind == 'p' && t.text == "]" {
			return v, j + 1
		}
		if t.kind == 'p' && t.text == "," {
			j++
			continue
		}
		var item *jsValue
		if t.kind == 'p' && t.text == "..." {
			item, j = d.opaque(j)
		} else {
			item, j = d.value(j)
		}
		v.Items = append(v.Items, item)
		if j < len(d.toks) && d.toks[j].kind == 'p' && (d.toks[j].text == "}" || d.toks[j].text == ")" || d.toks[j].text == ";") {
			return &jsValue{Kind: jsOther}, j
		}
	}
	return v, j
}

// syntaxError returns the first syntax error of the file that the
// reader can tell without parsing statements, nil when it finds none: a
// string, template or comment left open, a bracket that closes another
// kind of bracket, or none, or is never closed, and two values on one
// line with nothing between them ('A' items: a comma missing), which
// JavaScript never allows.
func (d *jsData) syntaxError() *jsSyntaxError {
	var stack []jsTok
	for i, t := range d.toks {
		if d.lexErr != nil && t.off >= d.lexErr.Off {
			break // the tokens after an open string or comment are not the author's
		}
		if t.kind == 'p' {
			switch t.text {
			case "{", "[", "(":
				stack = append(stack, t)
			case "}", "]", ")":
				if len(stack) == 0 {
					return &jsSyntaxError{t.off, "unexpected " + t.text + ": it closes no bracket"}
				}
				open := stack[len(stack)-1]
				if jsClosing[open.text] != t.text {
					return &jsSyntaxError{t.off, fmt.Sprintf("unexpected %s: the %s of line %d is not closed", t.text, open.text, lineOf([]byte(d.src), open.off))}
				}
				stack = stack[:len(stack)-1]
			}
		}
		if i > 0 && adjacentValues(d.toks[i-1], t) && !strings.Contains(d.src[d.toks[i-1].end:t.off], "\n") {
			return &jsSyntaxError{t.off, fmt.Sprintf("unexpected %s after %s (a comma missing?)", tokName(t), d.src[d.toks[i-1].off:d.toks[i-1].end])}
		}
	}
	if d.lexErr != nil {
		return d.lexErr
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return &jsSyntaxError{len(d.src), fmt.Sprintf("unexpected end of file: the %s of line %d is not closed", open.text, lineOf([]byte(d.src), open.off))}
	}
	return nil
}

// jsClosing is each opening bracket's closing one.
var jsClosing = map[string]string{"{": "}", "[": "]", "(": ")"}

// adjacentValues reports whether the token b can never follow the
// value a on the same line: a string, number or literal name followed by
// a string, number or name that is not an operator word.
func adjacentValues(a, b jsTok) bool {
	value := a.kind == 's' || a.kind == 'n' || a.kind == 'i' && (a.text == "true" || a.text == "false" || a.text == "null")
	if !value || b.kind != 's' && b.kind != 'n' && b.kind != 'i' {
		return false
	}
	switch b.text {
	case "in", "instanceof", "as", "satisfies", "of", "assert", "with", "extends", "keyof":
		return b.kind != 'i'
	}
	return true
}

// tokName names a token for a syntax error: a name or number as written,
// a string quoted.
func tokName(t jsTok) string {
	if t.kind == 's' {
		return strconv.Quote(t.text)
	}
	return t.text
}
