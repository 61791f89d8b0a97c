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
)

// jsonError is a problem in JSON front matter at a byte offset of its text.
type jsonError struct {
	offset int
	msg    string
}

// jsonNodes parses a JSON object into the tree that YAML front matter
// gives, with lines and columns counted as go.yaml.in/yaml counts them,
// so that one decoder reads both. JSON is not parsed as YAML: YAML lacks
// JSON's \/ escape and its surrogate pairs (\ud83d\ude00).
func jsonNodes(text []byte, at *yamlLines, maxDepth int) (*yaml.Node, *jsonError) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	r := &jsonReader{dec: dec, text: text, at: at, maxDepth: maxDepth}
	n, err := r.node(1)
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			return n, nil
		} else if err == nil {
			err = errors.New("more than one value")
		}
	}
	var je *jsonError
	if errors.As(err, &je) {
		return nil, je
	}
	off := int(dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset) // a Decoder's offset is that of the wrong character
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		off = len(text) - 1
	}
	return nil, &jsonError{offset: off, msg: strings.TrimPrefix(err.Error(), "json: ")}
}

func (e *jsonError) Error() string { return e.msg }

type jsonReader struct {
	dec      *json.Decoder
	text     []byte
	at       *yamlLines
	maxDepth int
}

// node reads the next value, at depth (the top-level object is 1).
func (r *jsonReader) node(depth int) (*yaml.Node, error) {
	start := int(r.dec.InputOffset())
	for start < len(r.text) && strings.IndexByte(" \t\r\n,:", r.text[start]) >= 0 {
		start++
	}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &yaml.Node{Kind: yaml.ScalarNode}
	n.Line, n.Column = r.at.lineCol(start)
	switch t := tok.(type) {
	case json.Delim:
		if depth > r.maxDepth {
			return nil, &jsonError{offset: start, msg: fmt.Sprintf("nested deeper than %d levels (limits.maxNesting in site.toml)", r.maxDepth)}
		}
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		if t == '[' {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		}
		for r.dec.More() {
			c, err := r.node(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		if _, err := r.dec.Token(); err != nil { // the closing ] or }
			return nil, err
		}
	case string:
		n.Tag, n.Value, n.Style = "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Tag, n.Value = "!!float", t.String()
		if _, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(t)
	case nil:
		n.Tag, n.Value = "!!null", "null"
	}
	return n, nil
}
