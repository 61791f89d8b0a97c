// Package tomlx decodes TOML documents (site.toml, front matter) into typed
// structs and reports every problem with its file, line and column.
//
// BurntSushi/toml gives positions for syntax errors but not for type errors
// or unknown keys; this package finds those keys in the source itself.
package tomlx

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// MaxKeyBytes bounds one part of a key ("a" and "b" of a.b): keys are
// names.
const MaxKeyBytes = 256

// Limits bound what decoding one document may cost. BurntSushi/toml takes
// gigabytes and minutes over a few kilobytes nested deeply (a dotted key of
// thousands of parts, thousands of nested inline tables), so Decode checks
// the source against these before the decoder sees it.
type Limits struct {
	// MaxDepth bounds nesting, counted as the YAML and JSON front matter
	// decoders count it: the document is level 1, the value of a top-level
	// key level 2, and each part of a dotted key or table name, each array,
	// each inline table and each table of an array of tables one more.
	MaxDepth int
	// Setting names where MaxDepth is set, for the message
	// ("limits.maxNesting in site.toml"); empty when it is fixed. Zero
	// is the scanner's own bound of 1024 levels.
	Setting string
}

// Decode decodes src into v. Syntax and type errors become errors and
// unknown keys become warnings, positioned through lines, whose offsets
// start at base (the byte offset of src within its file). A document
// nested deeper than lim allows, or with a key part longer than
// MaxKeyBytes, is an error at that place and is not decoded.
//
// Keys under a table named in free (such as "params") are free-form and never
// reported as unknown.
func Decode(src string, v any, lines *diag.Lines, base int, lim Limits, free ...string) diag.List {
	_, diags := DecodeMeta(src, v, lines, base, lim, free...)
	return diags
}

// DecodeMeta is Decode that also returns what BurntSushi/toml learned about
// the keys of src (which are defined, which were left undecoded).
func DecodeMeta(src string, v any, lines *diag.Lines, base int, lim Limits, free ...string) (toml.MetaData, diag.List) {
	var diags diag.List
	s := &scanner{src: src, maxDepth: lim.MaxDepth, maxKey: MaxKeyBytes}
	if s.maxDepth <= 0 {
		s.maxDepth, lim.Setting = maxScanDepth, ""
	}
	s.scan()
	if f := s.fault; f != nil {
		diags.Errorf(lines.Pos(base+f.off), "%s", lim.message(s.maxDepth, f))
		return toml.MetaData{}, diags
	}
	md, err := toml.Decode(src, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// Position.Start is a byte offset; Position.Col is off by one
			// when the error starts a line, so it is not used. Some errors
			// start at the blank before the offending token.
			off := min(max(pe.Position.Start, 0), len(src))
			for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
				off++
			}
			pos := lines.Pos(base + off)
			diags.Errorf(pos, "%s", tidy(pe.Message))
			return md, diags
		}
		diags.Append(typeErrors(src, v, err, lines, base))
		return md, diags
	}
	unknown := map[string]bool{}
	ix := newKeyIndex(s.defs)
	for _, k := range md.Undecoded() {
		if unknown[k.String()] { // an array of tables lists its key once per table
			continue
		}
		unknown[k.String()] = true
		if isFree(k, free) || underUnknown(k, unknown) {
			continue
		}
		pos := lines.Pos(base + ix.offset(k))
		diags.Warnf(pos, "unknown key %q", k.String())
	}
	return md, diags
}

// message says what fault f of a document is.
func (lim Limits) message(maxDepth int, f *fault) string {
	if !f.depth {
		return fmt.Sprintf("key of %d bytes; keys are names of at most %d bytes", f.keyLen, MaxKeyBytes)
	}
	msg := fmt.Sprintf("nested deeper than %d levels", maxDepth)
	if lim.Setting != "" {
		msg += " (" + lim.Setting + ")"
	}
	return msg
}

func isFree(k toml.Key, free []string) bool {
	for _, f := range free {
		if len(k) > 0 && k[0] == f {
			return true
		}
	}
	return false
}

// underUnknown reports whether a table enclosing k is itself unknown (and
// so already reported): "[extra]" warns once, not once per key inside.
func underUnknown(k toml.Key, unknown map[string]bool) bool {
	for i := 1; i < len(k); i++ {
		if unknown[k[:i].String()] {
			return true
		}
	}
	return false
}

var lastKey = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]*)"\): (.*)$`)

var typeWords = strings.NewReplacer(
	"incompatible types: TOML value has type ", "wrong type: got ",
	"; destination has type ", ", want ",
)

// maxTypeErrors bounds how many type errors of one document are found.
const maxTypeErrors = 20

// typeErrors reports err, the first type error of decoding src, and the
// type errors after it: BurntSushi/toml stops at the first, so the line
// of each key in error is blanked (line count and offsets kept) and src
// decoded again, until it decodes, another error than a type error comes
// up (a value that spanned lines, now cut), or maxTypeErrors.
func typeErrors(src string, v any, err error, lines *diag.Lines, base int) diag.List {
	var diags diag.List
	for range maxTypeErrors {
		key, msg := typeError(err.Error())
		off := typeErrorOffset(src, key, msg)
		diags.Errorf(lines.Pos(base+off), "%s", msg)
		end := strings.IndexByte(src[off:], '\n')
		if key == "" || end <= 0 || strings.TrimSpace(src[off:off+end]) == "" {
			break // nothing left to blank: the same error would come again
		}
		src = src[:off] + strings.Repeat(" ", end) + src[off+end:]
		if _, err = toml.Decode(src, v); err == nil || errors.As(err, new(toml.ParseError)) {
			break
		}
	}
	diags.Sort() // the decoder meets fields in no fixed order
	return diags
}

// gotWord finds the TOML type a type error's message says it got.
var gotWord = regexp.MustCompile(`\bgot (\w+)`)

// typeErrorOffset returns where the value of key that msg (typeError's)
// is about is defined in src: the first definition of key, or, where the
// key is defined more than once (a field of each table of an array of
// tables), the first whose value is of the type msg says it got, which
// the error itself does not tell apart.
func typeErrorOffset(src, key, msg string) int {
	offs := KeyOffsets(src, key)
	if m := gotWord.FindStringSubmatch(msg); m != nil && len(offs) > 1 {
		for _, off := range offs {
			if valueType(src, off) == m[1] {
				return off
			}
		}
	}
	return KeyOffset(src, key)
}

// valueType returns the type of the value of the key/value pair at off in
// src, in typeError's words ("string", "integer", "float", "boolean",
// "list", "table"), or "" when it cannot tell (a date).
func valueType(src string, off int) string {
	s := &scanner{src: src, i: off}
	s.key(1)
	s.skipSpace()
	if !s.peek('=') {
		return ""
	}
	s.i++
	s.skipSpace()
	if s.i >= len(src) {
		return ""
	}
	end := s.i
	for end < len(src) && !strings.ContainsRune(" \t\r\n#,]}", rune(src[end])) {
		end++
	}
	v := src[s.i:end]
	switch c := src[s.i]; {
	case c == '"' || c == '\'':
		return "string"
	case c == '[':
		return "list"
	case c == '{':
		return "table"
	case v == "true" || v == "false":
		return "boolean"
	case len(v) >= 10 && v[4] == '-' && v[7] == '-', strings.Contains(v, ":"):
		return "" // a date or time
	case v == "inf" || v == "nan" || v == "+inf" || v == "-inf" || v == "+nan" || v == "-nan",
		!strings.HasPrefix(v, "0x") && strings.ContainsAny(v, ".eE"):
		return "float"
	}
	return "integer"
}

// typeError splits a BurntSushi type error into the key it concerns and a
// message for the user.
func typeError(s string) (key, msg string) {
	m := lastKey.FindStringSubmatch(s)
	if m == nil {
		return "", tidy(strings.TrimPrefix(s, "toml: "))
	}
	msg = mismatch.ReplaceAllString(m[2], "wrong type: got $2, want $1")
	return m[1], m[1] + ": " + plainTypes(tidy(typeWords.Replace(msg)))
}

// mismatch matches the type error BurntSushi/toml gives for a value where
// a table goes, which names the Go type ("type mismatch for config.Link:
// expected table but found string").
var mismatch = regexp.MustCompile(`^type mismatch for \S+: expected (\w+) but found (\w+)$`)

// goType matches the Go type names BurntSushi/toml puts in type errors.
var goType = regexp.MustCompile(`(got|want) (u?int(8|16|32|64)?|float(32|64)|slice|\[\][a-z{} ]+|map\[string\][a-z{} ]+|bool|struct|ptr)\b`)

// plainTypes says the Go types of a type error in the words the YAML
// and JSON messages use ("got int64, want slice": "got integer, want
// list").
func plainTypes(msg string) string {
	return goType.ReplaceAllStringFunc(msg, func(m string) string {
		verb, t, _ := strings.Cut(m, " ")
		switch {
		case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
			t = "integer"
		case strings.HasPrefix(t, "float"):
			t = "float"
		case t == "slice", strings.HasPrefix(t, "[]"):
			t = "list"
		case strings.HasPrefix(t, "map"), t == "struct":
			t = "table"
		case t == "bool":
			t = "boolean"
		}
		return verb + " " + t
	})
}

func tidy(s string) string {
	s = strings.TrimPrefix(s, "toml: ")
	if s != "" {
		s = strings.ToLower(s[:1]) + s[1:]
	}
	return s
}
