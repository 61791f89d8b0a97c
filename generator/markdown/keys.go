package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindKeys is the node kind of a key combination, ++ctrl+alt+del++
// (MkDocs' pymdownx.keys).
var kindKeys = ast.NewNodeKind("Keys")

// keysNode holds the keys of a combination as they are shown.
type keysNode struct {
	ast.BaseInline
	keys []string
}

// Kind implements ast.Node.
func (n *keysNode) Kind() ast.NodeKind { return kindKeys }

// Dump implements ast.Node.
func (n *keysNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Keys": strings.Join(n.keys, "+")}, nil)
}

// keyNames are how common keys are shown; other names are shown as
// written, a single letter in upper case.
var keyNames = map[string]string{
	"ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "shift": "Shift",
	"cmd": "Cmd", "command": "Cmd", "opt": "Option", "option": "Option",
	"win": "Win", "windows": "Win", "meta": "Meta", "super": "Super", "fn": "Fn",
	"del": "Del", "delete": "Del", "ins": "Ins", "insert": "Ins",
	"backspace": "Backspace", "bksp": "Backspace", "enter": "Enter", "return": "Return",
	"esc": "Esc", "escape": "Esc", "tab": "Tab", "space": "Space", "spc": "Space",
	"caps-lock": "Caps Lock", "home": "Home", "end": "End",
	"page-up": "Page Up", "pgup": "Page Up", "page-down": "Page Down", "pgdn": "Page Down",
	"up": "Up", "arrow-up": "Up", "down": "Down", "arrow-down": "Down",
	"left": "Left", "arrow-left": "Left", "right": "Right", "arrow-right": "Right",
	"print-screen": "Print Screen", "prtsc": "Print Screen",
}

// keyName returns how a key written as name is shown.
func keyName(name string) string {
	lower := strings.ToLower(name)
	if s, ok := keyNames[lower]; ok {
		return s
	}
	if len(name) == 1 || (len(name) <= 3 && lower[0] == 'f' && strings.Trim(lower[1:], "0123456789") == "") {
		return strings.ToUpper(name) // k -> K, f5 -> F5
	}
	return name
}

// maxKeys bounds the length of a combination, so that a line of '+' costs
// no more than a scan.
const maxKeys = 256

// parseKeys reads "++key+key++" at the start of line: keys are names of
// letters, digits, '-' and '_', or "quoted text". It returns the keys as
// shown and the length read.
func parseKeys(line []byte) ([]string, int, bool) {
	if len(line) < 5 || line[0] != '+' || line[1] != '+' {
		return nil, 0, false
	}
	var keys []string
	i := 2
	for i < len(line) && i < maxKeys {
		start := i
		if line[i] == '"' {
			end := strings.IndexAny(string(line[i+1:min(len(line), maxKeys)]), "\"\n")
			if end <= 0 || line[i+1+end] != '"' {
				return nil, 0, false
			}
			keys = append(keys, string(line[i+1:i+1+end]))
			i += end + 2
		} else {
			for i < len(line) && (util.IsAlphaNumeric(line[i]) || line[i] == '-' || line[i] == '_') {
				i++
			}
			if i == start {
				return nil, 0, false
			}
			keys = append(keys, keyName(string(line[start:i])))
		}
		if i+1 < len(line) && line[i] == '+' && line[i+1] == '+' {
			if i+2 < len(line) && line[i+2] == '+' {
				return nil, 0, false
			}
			return keys, i + 2, true
		}
		if i >= len(line) || line[i] != '+' {
			return nil, 0, false
		}
		i++
	}
	return nil, 0, false
}

// keysParser reads key combinations. A "++" right after a letter or digit
// ("C++") does not start one.
type keysParser struct{}

func (keysParser) Trigger() []byte { return []byte{'+'} }

func (keysParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	if before == '+' || (before < 0x80 && util.IsAlphaNumeric(byte(before))) {
		return nil
	}
	line, _ := block.PeekLine()
	keys, n, ok := parseKeys(line)
	if !ok {
		return nil
	}
	block.Advance(n)
	return &keysNode{keys: keys}
}

// keysExtension renders ++ctrl+k++ as <kbd>Ctrl</kbd>+<kbd>K</kbd>.
type keysExtension struct{}

func (keysExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(keysParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(keysExtension{}, 500)))
}

func (keysExtension) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindKeys, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		for i, k := range n.(*keysNode).keys {
			if i > 0 {
				_ = w.WriteByte('+')
			}
			_, _ = w.WriteString("<kbd>")
			_, _ = w.Write(util.EscapeHTML([]byte(k)))
			_, _ = w.WriteString("</kbd>")
		}
		return ast.WalkSkipChildren, nil
	})
}
