package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/diag"
)

// navValue is one value of a JSON or YAML navigation file with its
// position, so that one decoder reads both forms and reports where.
type navValue struct {
	pos  diag.Pos
	kind valueKind
	// text is a scalar as written: "Guides", "2.5", "true".
	text string
	// fields are an object's, in the order written.
	fields []navField
}

type valueKind int

const (
	kindNull valueKind = iota
	kindString
	kindNumber
	kindBool
	kindObject
	kindList
)

var valueKindNames = [...]string{"null", "a string", "a number", "true or false", "an object", "a list"}

func (k valueKind) String() string { return valueKindNames[k] }

// navField is one key of an object and its value.
type navField struct {
	key string
	pos diag.Pos
	val navValue
}

// A _category_ file holds a dozen values two levels deep. These bound
// what one is read to: YAML aliases could make a few bytes expand into
// millions of values, and deep nesting costs time and stack.
const (
	maxNavNodes = 10_000
	maxNavDepth = 32
)

var (
	errTooBig  = fmt.Errorf("more than %d values; a navigation file holds a few settings", maxNavNodes)
	errTooDeep = fmt.Errorf("nested deeper than %d levels; a navigation file holds a few settings", maxNavDepth)
)

// readJSON reads the JSON document src of file.
func readJSON(file string, src []byte) (navValue, diag.List) {
	var diags diag.List
	lines := diag.NewLines(file, src)
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	// next is where the next token starts, past blanks and separators.
	next := func() diag.Pos {
		off := int(dec.InputOffset())
		for off < len(src) && strings.IndexByte(" \t\r\n,:", src[off]) >= 0 {
			off++
		}
		return lines.Pos(off)
	}
	budget := maxNavNodes
	var read func(depth int) (navValue, error)
	read = func(depth int) (navValue, error) {
		if budget--; budget < 0 {
			return navValue{}, errTooBig
		}
		v := navValue{pos: next()}
		if depth > maxNavDepth {
			return v, errTooDeep
		}
		tok, err := dec.Token()
		if err != nil {
			return v, err
		}
		switch t := tok.(type) {
		case json.Delim:
			v.kind = kindList
			if t == '{' {
				v.kind = kindObject
			}
			for dec.More() {
				var f navField
				if v.kind == kindObject {
					f.pos = next()
					k, err := dec.Token()
					if err != nil {
						return v, err
					}
					f.key, _ = k.(string)
				}
				if f.val, err = read(depth + 1); err != nil {
					return v, err
				}
				if v.kind == kindObject {
					v.fields = append(v.fields, f)
				}
			}
			_, err = dec.Token() // the closing delimiter
			return v, err
		case string:
			v.kind, v.text = kindString, t
		case json.Number:
			v.kind, v.text = kindNumber, t.String()
		case bool:
			v.kind, v.text = kindBool, strconv.FormatBool(t)
		}
		return v, nil
	}
	v, err := read(0)
	if err == nil {
		at := next()
		if _, err = dec.Token(); err == io.EOF {
			return v, nil
		} else if err == nil {
			diags.Errorf(at, "more after the first value; a navigation file holds one object")
			return v, diags
		}
	}
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		diags.Errorf(lines.Pos(int(syn.Offset)), "invalid JSON: %s", syn.Error())
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		diags.Errorf(lines.Pos(len(src)), "invalid JSON: the file ends inside a value")
	default:
		diags.Errorf(next(), "%v", err)
	}
	return v, diags
}

// readYAML reads the YAML document src of file; an empty document is an
// empty object.
func readYAML(file string, src []byte) (navValue, diag.List) {
	var diags diag.List
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := yamlError(err)
		diags.Errorf(diag.Pos{File: file, Line: line}, "invalid YAML: %s", msg)
		return navValue{}, diags
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return navValue{pos: diag.Pos{File: file, Line: 1, Col: 1}, kind: kindObject}, nil
	}
	budget := maxNavNodes
	var errPos diag.Pos // where reading stopped
	var read func(n *yaml.Node, depth int) (navValue, error)
	read = func(n *yaml.Node, depth int) (navValue, error) {
		v := navValue{pos: diag.Pos{File: file, Line: n.Line, Col: n.Column}}
		if budget--; budget < 0 {
			errPos = v.pos
			return v, errTooBig
		}
		if depth > maxNavDepth {
			errPos = v.pos
			return v, errTooDeep
		}
		switch n.Kind {
		case yaml.AliasNode:
			if n.Alias == nil {
				return v, nil
			}
			a, err := read(n.Alias, depth+1)
			a.pos = v.pos
			return a, err
		case yaml.MappingNode:
			v.kind = kindObject
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				val, err := read(n.Content[i+1], depth+1)
				if err != nil {
					return v, err
				}
				v.fields = append(v.fields, navField{key: k.Value, pos: diag.Pos{File: file, Line: k.Line, Col: k.Column}, val: val})
			}
		case yaml.SequenceNode:
			v.kind = kindList
		case yaml.ScalarNode:
			v.text = n.Value
			switch n.ShortTag() {
			case "!!null":
				v.kind = kindNull
			case "!!bool":
				v.kind = kindBool
				v.text = strconv.FormatBool(strings.EqualFold(n.Value, "true"))
			case "!!int", "!!float":
				v.kind = kindNumber
			default:
				v.kind = kindString
			}
		}
		return v, nil
	}
	v, err := read(doc.Content[0], 0)
	if err != nil {
		diags.Errorf(errPos, "%v", err)
	}
	return v, diags
}
