package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/BurntSushi/toml"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// A source's configuration that does not parse stops the import: a site
// made without it would look imported and be wrong. The error reads
// "docs-site/hugo.toml:3:16: syntax error: …", as the build's do.

// configError returns the error of the configuration file name (a slash
// path in the source) whose text data failed to parse with err, at the
// position the parser gives: TOML's line and column, JSON's offset,
// YAML's line.
func (p *project) configError(name string, data []byte, err error) error {
	pos := p.srcPos(name, 0, 0)
	msg := err.Error()
	var te toml.ParseError
	var je *json.SyntaxError
	switch {
	case errors.As(err, &te):
		pos.Line, pos.Col, msg = te.Position.Line, te.Position.Col, te.Message
	case errors.As(err, &je):
		at := diag.NewLines(pos.File, data).Pos(int(je.Offset) - 1) // Offset is after the bad byte
		pos.Line, pos.Col = at.Line, at.Col
	case yamlSyntax.MatchString(msg):
		pos.Line, msg = content.YAMLError(err)
	}
	return fmt.Errorf("%s: syntax error: %s", pos, msg)
}

// yamlSyntax matches a YAML parser's message: "yaml: line 4: did not
// find expected key".
var yamlSyntax = regexp.MustCompile(`^yaml: `)
