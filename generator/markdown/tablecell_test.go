package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
)

// TestTableCellsAsGoldmark checks that the playbook's table cells are
// byte for byte goldmark's: every alignment, in the header and the body,
// through the whole pipeline.
func TestTableCellsAsGoldmark(t *testing.T) {
	src := "| a | b | c | d |\n|---|:--|:-:|--:|\n| 1 | 2 | 3 | 4 |\n| `x` | **y** | <z> | & |\n"
	var want bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	got := renderPageBody(t, New(Options{}), src)
	table := func(s string) string {
		i, j := strings.Index(s, "<table>"), strings.Index(s, "</table>")
		if i < 0 || j < i {
			t.Fatalf("no table in %q", s)
		}
		return s[i : j+len("</table>")]
	}
	if g, w := table(got), table(want.String()); g != w {
		t.Errorf("table:\n got %s\nwant %s", g, w)
	}
}

// TestTableCellAttributes checks a cell's own attributes as goldmark's
// renderer writes them: a style of its own before the alignment, the
// attributes a cell may have and data- ones, the others left out.
func TestTableCellAttributes(t *testing.T) {
	cell := func() *east.TableCell {
		row := east.NewTableRow(nil)
		c := east.NewTableCell()
		row.AppendChild(row, c)
		c.Alignment = east.AlignCenter
		c.SetAttributeString("onclick", []byte("x()"))
		c.SetAttributeString("style", []byte(`color:"red"`))
		c.SetAttributeString("data-n", "1")
		c.SetAttributeString("colspan", []byte("2"))
		return c
	}
	var want, got bytes.Buffer
	gm := map[ast.NodeKind]renderer.NodeRendererFunc{}
	extension.NewTableHTMLRenderer().RegisterFuncs(captured(gm))
	ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
	c := cell()
	_, _ = gm[east.KindTableCell](ww, nil, c, true)
	_, _ = gm[east.KindTableCell](ww, nil, c, false)
	c = cell()
	r := &nodeRenderer{}
	_, _ = r.tableCell(gw, nil, c, true)
	_, _ = r.tableCell(gw, nil, c, false)
	_ = ww.Flush()
	_ = gw.Flush()
	if got.String() != want.String() {
		t.Errorf("got  %s\nwant %s", got.String(), want.String())
	}
	if v, _ := c.AttributeString("style"); string(v.([]byte)) != `color:"red"` {
		t.Errorf("the cell's own style changed: %q", v)
	}
}

type captured map[ast.NodeKind]renderer.NodeRendererFunc

func (c captured) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }
