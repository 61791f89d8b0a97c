package markdown

import (
	"bytes"
	"go/scanner"
	"go/token"

	"github.com/yuin/goldmark/util"
)

// Fast lexers for the languages playbooks use most. chroma's lexers are
// built on backtracking regular expressions and cost about a millisecond
// per block; these scanners take a few microseconds. They emit chroma's
// CSS classes, so one stylesheet serves both, and they are lossless: the
// text between the tags is the block, escaped. Any other language goes
// through chroma.
var fastLexers = map[string]func(w *tokens, code []byte){
	"go":     lexGo,
	"golang": lexGo,
	"json":   lexJSON,
	"yaml":   lexYAML,
	"yml":    lexYAML,
	"bash":   lexShell,
	"sh":     lexShell,
	"shell":  lexShell,
	"zsh":    lexShell,
}

// tokens writes spans, merging neighbours of the same class as chroma's
// coalescing does.
type tokens struct {
	out *bytes.Buffer
	cls string
	buf []byte
}

// add appends text of class cls ("" for plain text). White space ("w")
// is written as plain text: no style colours a blank, and its spans were
// a tenth of a highlighted page's bytes.
func (t *tokens) add(cls string, text []byte) {
	if len(text) == 0 {
		return
	}
	if cls == "w" {
		cls = ""
	}
	if cls != t.cls {
		t.flush()
		t.cls = cls
	}
	t.buf = append(t.buf, text...)
}

func (t *tokens) flush() {
	if len(t.buf) == 0 {
		return
	}
	if t.cls != "" {
		t.out.WriteString(`<span class="`)
		t.out.WriteString(t.cls)
		t.out.WriteString(`">`)
	}
	t.out.Write(util.EscapeHTML(t.buf))
	if t.cls != "" {
		t.out.WriteString(`</span>`)
	}
	t.buf = t.buf[:0]
}

// highlightFast runs a fast lexer into out.
func highlightFast(lex func(*tokens, []byte), out *bytes.Buffer, code []byte) {
	t := &tokens{out: out}
	lex(t, code)
	t.flush()
}

var goKeywords = map[string]string{
	"package": "kn", "import": "kn",
	"func": "kd", "var": "kd", "const": "kd", "type": "kd", "struct": "kd", "interface": "kd", "map": "kd", "chan": "kd",
	"true": "kc", "false": "kc", "nil": "kc", "iota": "kc",
	"bool": "kt", "byte": "kt", "complex64": "kt", "complex128": "kt", "error": "kt", "float32": "kt", "float64": "kt",
	"int": "kt", "int8": "kt", "int16": "kt", "int32": "kt", "int64": "kt", "rune": "kt", "string": "kt",
	"uint": "kt", "uint8": "kt", "uint16": "kt", "uint32": "kt", "uint64": "kt", "uintptr": "kt", "any": "kt",
	"append": "nb", "cap": "nb", "close": "nb", "complex": "nb", "copy": "nb", "delete": "nb", "imag": "nb", "len": "nb",
	"make": "nb", "new": "nb", "panic": "nb", "print": "nb", "println": "nb", "real": "nb", "recover": "nb", "min": "nb", "max": "nb", "clear": "nb",
}

// lexGo uses the standard library's Go scanner.
func lexGo(w *tokens, code []byte) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, code, func(token.Position, string) {}, scanner.ScanComments)
	off := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		start := file.Offset(pos)
		if tok == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon: no text of its own
		}
		if start < off || start > len(code) {
			continue
		}
		w.add("w", code[off:start])
		end := start + len(tok.String())
		if lit != "" {
			end = start + len(lit)
		}
		if end > len(code) {
			end = len(code)
		}
		text := code[start:end]
		cls := "p"
		switch {
		case tok == token.COMMENT:
			cls = "c1"
			if bytes.HasPrefix(text, []byte("/*")) {
				cls = "cm"
			}
		case tok == token.IDENT:
			cls = "nx"
			if c, ok := goKeywords[lit]; ok {
				cls = c
			} else if bytes.HasPrefix(bytes.TrimLeft(code[end:], " \t"), []byte("(")) {
				cls = "nf"
			}
		case tok.IsKeyword():
			cls = "k"
			if c, ok := goKeywords[tok.String()]; ok {
				cls = c
			}
		case tok == token.STRING:
			cls = "s"
		case tok == token.CHAR:
			cls = "sc"
		case tok == token.INT:
			cls = "mi"
		case tok == token.FLOAT, tok == token.IMAG:
			cls = "mf"
		case tok.IsOperator():
			switch tok {
			case token.LPAREN, token.RPAREN, token.LBRACK, token.RBRACK, token.LBRACE, token.RBRACE,
				token.COMMA, token.PERIOD, token.SEMICOLON, token.COLON:
				cls = "p"
			default:
				cls = "o"
			}
		}
		w.add(cls, text)
		off = end
	}
	w.add("w", code[off:])
}

// lexJSON scans JSON (and tolerates JSON-like text): keys, strings,
// numbers, literals, punctuation.
func lexJSON(w *tokens, code []byte) {
	i := 0
	for i < len(code) {
		c := code[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j := i
			for j < len(code) && (code[j] == ' ' || code[j] == '\t' || code[j] == '\n' || code[j] == '\r') {
				j++
			}
			w.add("w", code[i:j])
			i = j
		case c == '"':
			j := quoted(code, i, '"')
			k := j
			for k < len(code) && (code[k] == ' ' || code[k] == '\t') {
				k++
			}
			cls := "s2"
			if k < len(code) && code[k] == ':' {
				cls = "nt"
			}
			w.add(cls, code[i:j])
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			float := false
			for j < len(code) && (code[j] >= '0' && code[j] <= '9' || code[j] == '.' || code[j] == 'e' || code[j] == 'E' || code[j] == '+' || code[j] == '-') {
				if code[j] == '.' || code[j] == 'e' || code[j] == 'E' {
					float = true
				}
				j++
			}
			cls := "mi"
			if float {
				cls = "mf"
			}
			w.add(cls, code[i:j])
			i = j
		case isWordByte(c):
			j := i
			for j < len(code) && isWordByte(code[j]) {
				j++
			}
			word := string(code[i:j])
			cls := ""
			if word == "true" || word == "false" || word == "null" {
				cls = "kc"
			}
			w.add(cls, code[i:j])
			i = j
		default:
			j := i
			for j < len(code) && bytes.IndexByte([]byte("{}[],:"), code[j]) >= 0 {
				j++
			}
			if j == i {
				j = i + 1
				w.add("", code[i:j])
			} else {
				w.add("p", code[i:j])
			}
			i = j
		}
	}
}

// quoted returns the end of a string starting at code[i] == q, honouring
// backslash escapes (for double quotes) and stopping at the line's end.
func quoted(code []byte, i int, q byte) int {
	j := i + 1
	for j < len(code) && code[j] != q && code[j] != '\n' {
		if code[j] == '\\' && q == '"' && j+1 < len(code) {
			j++
		}
		j++
	}
	if j < len(code) && code[j] == q {
		j++
	}
	return j
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// lexYAML scans YAML line by line: comments, keys, list markers, scalars,
// numbers, quoted strings and flow collections.
func lexYAML(w *tokens, code []byte) {
	for len(code) > 0 {
		line := code
		if i := bytes.IndexByte(code, '\n'); i >= 0 {
			line = code[:i+1]
		}
		code = code[len(line):]
		body := bytes.TrimRight(line, "\n")
		nl := line[len(body):]
		indent := len(body) - len(bytes.TrimLeft(body, " \t"))
		rest := body[indent:]
		var lead []byte
		lead = append(lead, body[:indent]...)
		for bytes.HasPrefix(rest, []byte("- ")) || bytes.Equal(rest, []byte("-")) {
			w.add("w", lead)
			lead = lead[:0]
			w.add("p", rest[:1])
			n := len(rest) - len(bytes.TrimLeft(rest[1:], " "))
			lead = append(lead, rest[1:n]...)
			rest = rest[n:]
		}
		w.add("w", lead)
		switch {
		case len(rest) == 0:
		case rest[0] == '#':
			w.add("c", rest)
		case bytes.HasPrefix(rest, []byte("---")) || bytes.HasPrefix(rest, []byte("...")):
			w.add("nl", rest)
		default:
			if k := yamlKeyEnd(rest); k > 0 {
				w.add("nt", rest[:k])
				w.add("p", rest[k:k+1])
				rest = rest[k+1:]
				n := len(rest) - len(bytes.TrimLeft(rest, " \t"))
				w.add("w", rest[:n])
				rest = rest[n:]
			}
			yamlValue(w, rest)
		}
		w.add("w", nl)
	}
}

// yamlKeyEnd returns the index of the colon that ends a plain key, or -1.
func yamlKeyEnd(s []byte) int {
	if len(s) == 0 || s[0] == '"' || s[0] == '\'' || s[0] == '[' || s[0] == '{' {
		return -1
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				return i
			}
		case '#', '"', '\'', '[', '{':
			return -1
		}
	}
	return -1
}

func yamlValue(w *tokens, v []byte) {
	// A trailing comment.
	comment := []byte(nil)
	if i := bytes.Index(v, []byte(" #")); i >= 0 && v[0] != '"' && v[0] != '\'' {
		v, comment = v[:i], v[i:]
	}
	switch {
	case len(v) == 0:
	case v[0] == '[' || v[0] == '{':
		yamlFlow(w, v)
	case v[0] == '"' || v[0] == '\'':
		j := quoted(v, 0, v[0])
		cls := "s2"
		if v[0] == '\'' {
			cls = "s1"
		}
		w.add(cls, v[:j])
		w.add("", v[j:])
	case isNumber(v):
		w.add("m", v)
	case string(v) == "true" || string(v) == "false" || string(v) == "null" || string(v) == "~":
		w.add("kc", v)
	case v[0] == '|' || v[0] == '>' || v[0] == '&' || v[0] == '*' || v[0] == '!':
		w.add("p", v)
	default:
		w.add("l", v)
	}
	if len(comment) > 0 {
		w.add("w", comment[:1])
		w.add("c", comment[1:])
	}
}

func yamlFlow(w *tokens, v []byte) {
	i := 0
	for i < len(v) {
		c := v[i]
		switch {
		case c == '"' || c == '\'':
			j := quoted(v, i, c)
			w.add("s2", v[i:j])
			i = j
		case c == ' ' || c == '\t':
			j := i
			for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
				j++
			}
			w.add("w", v[i:j])
			i = j
		case bytes.IndexByte([]byte("[]{},:"), c) >= 0:
			w.add("p", v[i:i+1])
			i++
		default:
			j := i
			for j < len(v) && bytes.IndexByte([]byte("[]{},: \t\"'"), v[j]) < 0 {
				j++
			}
			cls := "l"
			if isNumber(v[i:j]) {
				cls = "m"
			}
			w.add(cls, v[i:j])
			i = j
		}
	}
}

func isNumber(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == '_' || ((c == '-' || c == '+') && i == 0):
		default:
			return false
		}
	}
	return digits > 0
}

var shellKeywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "fi": true, "for": true, "while": true, "until": true,
	"do": true, "done": true, "case": true, "esac": true, "in": true, "function": true, "select": true, "return": true,
}

var shellBuiltins = map[string]bool{
	"echo": true, "set": true, "export": true, "cd": true, "read": true, "printf": true, "local": true, "exit": true,
	"source": true, "test": true, "shift": true, "unset": true, "trap": true, "eval": true, "exec": true, "alias": true,
	"declare": true, "readonly": true, "true": true, "false": true, "pwd": true, "type": true, "wait": true,
}

// lexShell scans POSIX shell and bash: comments, strings with variables,
// variables, keywords, builtins, operators.
func lexShell(w *tokens, code []byte) {
	i := 0
	atCommand := true // a word here is a command name
	if bytes.HasPrefix(code, []byte("#!")) {
		j := bytes.IndexByte(code, '\n')
		if j < 0 {
			j = len(code) - 1
		}
		w.add("cp", code[:j+1])
		i = j + 1
	}
	for i < len(code) {
		c := code[i]
		switch {
		case c == '\n' || c == ' ' || c == '\t':
			j := i
			for j < len(code) && (code[j] == ' ' || code[j] == '\t' || code[j] == '\n') {
				if code[j] == '\n' {
					atCommand = true
				}
				j++
			}
			w.add("w", code[i:j])
			i = j
		case c == '#' && (i == 0 || code[i-1] == ' ' || code[i-1] == '\t' || code[i-1] == '\n'):
			j := i
			for j < len(code) && code[j] != '\n' {
				j++
			}
			w.add("c1", code[i:j])
			i = j
		case c == '\\' && i+1 < len(code):
			w.add("se", code[i:i+2])
			i += 2
		case c == '\'':
			j := quoted(code, i, '\'')
			for j < len(code) && code[j-1] != '\'' { // multi-line single quotes
				k := bytes.IndexByte(code[j:], '\'')
				if k < 0 {
					j = len(code)
					break
				}
				j += k + 1
			}
			w.add("s1", code[i:j])
			i = j
			atCommand = false
		case c == '"':
			i = shellDouble(w, code, i)
			atCommand = false
		case c == '$':
			i = shellVar(w, code, i)
			atCommand = false
		case bytes.IndexByte([]byte("|&;<>()[]{}=!"), c) >= 0:
			j := i
			for j < len(code) && bytes.IndexByte([]byte("|&;<>()[]{}=!"), code[j]) >= 0 {
				j++
			}
			op := code[i:j]
			cls := "o"
			if bytes.ContainsAny(op, "|;&(") {
				atCommand = true
				cls = "p"
			}
			w.add(cls, op)
			i = j
		default:
			j := i
			for j < len(code) && bytes.IndexByte([]byte(" \t\n|&;<>()[]{}$\"'\\="), code[j]) < 0 {
				j++
			}
			if j == i {
				j = i + 1
			}
			word := code[i:j]
			cls := ""
			switch {
			case shellKeywords[string(word)]:
				cls = "k"
				atCommand = true
			case j < len(code) && code[j] == '=' && atCommand:
				cls = "nv"
			case atCommand && shellBuiltins[string(word)]:
				cls = "nb"
				atCommand = false
			case isNumber(word):
				cls = "m"
				atCommand = false
			default:
				atCommand = false
			}
			w.add(cls, word)
			i = j
		}
	}
}

// shellDouble writes a double-quoted string with its variables.
func shellDouble(w *tokens, code []byte, i int) int {
	j := i + 1
	start := i
	for j < len(code) && code[j] != '"' {
		switch {
		case code[j] == '\\' && j+1 < len(code):
			j += 2
		case code[j] == '$':
			w.add("s2", code[start:j])
			j = shellVar(w, code, j)
			start = j
		default:
			j++
		}
	}
	if j < len(code) {
		j++
	}
	w.add("s2", code[start:j])
	return j
}

// shellVar writes $NAME, ${...} or $(...) starting at code[i] == '$'.
func shellVar(w *tokens, code []byte, i int) int {
	if i+1 >= len(code) {
		w.add("", code[i:])
		return len(code)
	}
	switch code[i+1] {
	case '{':
		j := bytes.IndexByte(code[i:], '}')
		if j < 0 {
			j = len(code) - i - 1
		}
		w.add("si", code[i:i+j+1])
		return i + j + 1
	case '(':
		end, depth := -1, 0
		for j := i + 1; j < len(code) && end < 0; j++ {
			switch code[j] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					end = j
				}
			}
		}
		w.add("k", code[i:i+2])
		if end < 0 {
			lexShell(w, code[i+2:])
			return len(code)
		}
		lexShell(w, code[i+2:end])
		w.add("k", code[end:end+1])
		return end + 1
	}
	j := i + 1
	for j < len(code) && (isWordByte(code[j]) && code[j] < 0x80) {
		j++
	}
	if j == i+1 && bytes.IndexByte([]byte("?#@*!$-0123456789"), code[j]) >= 0 {
		j++
	}
	w.add("nv", code[i:j])
	return j
}
