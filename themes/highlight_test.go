package themes_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// codeBlocks are a fast-lexer language, a chroma language and plain text,
// each with a token over two lines.
var codeBlocks = []string{
	"package main\n\n/* a block\n   comment */\nfunc main() {\n\ts := `raw\nstring`\n}\n",
	"def f(x):\n    # comment\n    return \"\"\"doc\nstring\"\"\"\n",
	"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n",
}

// codeSite is a page with codeBlocks, with or without line numbers.
func codeSite(lineNumbers bool) string {
	on := "false"
	if lineNumbers {
		on = "true"
	}
	return `
-- site.toml --
title = "Code"
baseURL = "/"
[markup.highlight]
lineNumbers = ` + on + `
-- content/_index.md --
+++
title = "Home"
+++
` + "```go\n" + codeBlocks[0] + "```\n\n```python\n" + codeBlocks[1] + "```\n\n```\n" + codeBlocks[2] + "```\n"
}

func TestLineNumbersShowButAreNotCopied(t *testing.T) {
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, browsertest.Serve(t, buildFixture(t, codeSite(false)))+"/")
	plainHeights := browsertest.Eval[[]float64](t, ctx, `[...document.querySelectorAll("pre")].map(p => p.getBoundingClientRect().height)`)
	browsertest.Navigate(t, ctx, browsertest.Serve(t, buildFixture(t, codeSite(true)))+"/")
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`")`))
		type block struct {
			Copied  string    `json:"copied"`
			Numbers []string  `json:"numbers"`
			Shown   bool      `json:"shown"`
			Height  float64   `json:"height"`
			Left    []float64 `json:"left"`
		}
		got := browsertest.Eval[[]block](t, ctx, `[...document.querySelectorAll("pre")].map(pre => {
		  const r = document.createRange();
		  r.selectNodeContents(pre);
		  const s = getSelection();
		  s.removeAllRanges();
		  s.addRange(r);
		  const lns = [...pre.querySelectorAll(".ln")];
		  return {
		    copied: s.toString(),
		    numbers: lns.map(n => n.textContent.trim()),
		    shown: lns.every(n => {
		      const b = n.getBoundingClientRect(), c = n.nextElementSibling.getBoundingClientRect();
		      return b.width > 0 && getComputedStyle(n).visibility === "visible" && b.right <= c.left;
		    }),
		    height: pre.getBoundingClientRect().height,
		    left: lns.map(n => n.nextElementSibling.getBoundingClientRect().left),
		  };
		})`)
		if len(got) != len(codeBlocks) {
			t.Fatalf("%s: %d code blocks, want %d", scheme, len(got), len(codeBlocks))
		}
		for i, b := range got {
			// A selection does not end in the block's last newline.
			if want := strings.TrimSuffix(codeBlocks[i], "\n"); b.Copied != want {
				t.Errorf("%s: block %d copies as %q, want %q", scheme, i, b.Copied, want)
			}
			var want []string
			for n := range strings.Count(codeBlocks[i], "\n") {
				want = append(want, strconv.Itoa(n+1))
			}
			if strings.Join(b.Numbers, " ") != strings.Join(want, " ") {
				t.Errorf("%s: block %d numbers its lines %v, want %v", scheme, i, b.Numbers, want)
			}
			if !b.Shown {
				t.Errorf("%s: block %d: a number is hidden or overlaps its line", scheme, i)
			}
			for _, l := range b.Left {
				if l != b.Left[0] {
					t.Errorf("%s: block %d: lines start at different x: %v", scheme, i, b.Left)
					break
				}
			}
			if b.Height != plainHeights[i] {
				t.Errorf("%s: block %d is %vpx high with line numbers, %vpx without", scheme, i, b.Height, plainHeights[i])
			}
		}
	}
}

func TestLineNumbersMeetWCAGContrast(t *testing.T) {
	axe, err := os.ReadFile(requireTool(t, repoFile("node_modules", "axe-core", "axe.min.js")))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, browsertest.Serve(t, buildFixture(t, codeSite(true)))+"/")
	browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "`+scheme+`")`))
		res := browsertest.Eval[[]axeResult](t, ctx, `axe.run({include: [".ln"]}, {runOnly: ["color-contrast"]}).then(r => r.violations)`)
		for _, v := range res {
			for _, n := range v.Nodes {
				t.Errorf("%s: %s: %s at %v: %s", scheme, v.ID, v.Help, n.Target, n.HTML)
			}
		}
		if n := browsertest.Eval[int](t, ctx, `axe.run({include: [".ln"]}, {runOnly: ["color-contrast"]}).then(r => r.passes.reduce((n, p) => n + p.nodes.length, 0))`); n == 0 {
			t.Errorf("%s: axe checked no line number", scheme)
		}
	}
}
