package markdown

import (
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindTask is the node kind of a checklist item.
var kindTask = ast.NewNodeKind("Task")

// Task is one item of a task list. Its ID depends only on the item's own
// text (and how many items before it on the page share that text), so
// that editing, adding or moving other items keeps a reader's ticks.
type Task struct {
	ID      string
	label   string
	checked bool
	// parentTask is the index in Doc.Tasks of the enclosing task, or -1.
	parentTask int
}

// taskNode holds the check box and the item's text in the tree.
type taskNode struct {
	ast.BaseInline
	task *Task
}

// Kind implements ast.Node.
func (n *taskNode) Kind() ast.NodeKind { return kindTask }

// Dump implements ast.Node.
func (n *taskNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.task.ID, "Checked": strconv.FormatBool(n.task.checked)}, nil)
}

// taskID derives an item's id from its text and its occurrence (1 for the
// first item with that text on the page).
func taskID(textContent string, occurrence int) string {
	return normalizedTaskID(normalizeTaskText(textContent), occurrence)
}

// normalizedTaskID is taskID of text whose normalizeTaskText is norm.
func normalizedTaskID(norm string, occurrence int) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(norm))
	id := "task-" + strconv.FormatUint(h.Sum64()&0xffffffffff, 36)
	if occurrence > 1 {
		id += "-" + strconv.Itoa(occurrence)
	}
	return id
}

// normalizeTaskText folds case, punctuation and white space so that trivial
// edits (a trailing period, double spaces) keep an item's identity.
func normalizeTaskText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// The classes of a task's list item and of its list; the renderers only
// read them.
var taskItemClass, checklistClass = []byte("task-item"), []byte("checklist")

// taskTransformer wraps each task check box and its text in a Task node.
type taskTransformer struct{}

func (taskTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	// goldmark reads a check box only as the first thing of a list
	// item's first block: the blocks alone are walked, not the text.
	var boxes []*east.TaskCheckBox
	walkBlocks(doc, func(n ast.Node) {
		if n.Kind() != ast.KindListItem || n.FirstChild() == nil {
			return
		}
		if b, ok := n.FirstChild().FirstChild().(*east.TaskCheckBox); ok {
			boxes = append(boxes, b)
		}
	})
	if len(boxes) == 0 {
		return
	}
	d := pc.Get(docKey).(*Doc)
	seen := map[string]int{}
	byItem := map[ast.Node]int{}
	for _, box := range boxes {
		block := box.Parent()
		item := block.Parent()
		task := &Task{checked: box.IsChecked, parentTask: -1}
		node := &taskNode{task: task}
		for c := box.NextSibling(); c != nil; {
			next := c.NextSibling()
			node.AppendChild(node, c)
			c = next
		}
		block.ReplaceChild(block, box, node)
		task.label = plainText(node, src)
		if strings.TrimSpace(task.label) == "" {
			// A box with nothing to do: ticked or not, it says nothing.
			warn(pc, item.Pos(), "checklist item without text: write the task after [ ], or remove the item")
		}
		norm := normalizeTaskText(task.label)
		seen[norm]++
		task.ID = normalizedTaskID(norm, seen[norm])
		if li, ok := item.(*ast.ListItem); ok {
			li.SetAttributeString("class", taskItemClass)
			if list := li.Parent(); list != nil {
				list.SetAttributeString("class", checklistClass)
			}
			for up := li.Parent(); up != nil; up = up.Parent() {
				if i, ok := byItem[up]; ok {
					task.parentTask = i
					break
				}
			}
			byItem[li] = len(d.Tasks)
		}
		d.Tasks = append(d.Tasks, task)
	}
}

func renderTask(w util.BufWriter, n *Task, entering bool) {
	if !entering {
		_, _ = w.WriteString("</span></label>")
		return
	}
	_, _ = w.WriteString(`<label class="task" for="`)
	writeMarker(w, markPrefix, 0)
	_, _ = w.WriteString(n.ID + `"><input type="checkbox" class="task-box" id="`)
	writeMarker(w, markPrefix, 0)
	_, _ = w.WriteString(n.ID + `" data-task="` + n.ID + `"`)
	if n.checked {
		_, _ = w.WriteString(" checked data-default")
	}
	_, _ = w.WriteString(`><span class="task-text">`)
}

// TaskCounts returns how many tasks are leaves (items without sub-items,
// the ones progress counts) and how many of those are ticked by default.
func (d *Doc) TaskCounts() (total, done int) {
	// Leaves' rule without its slice: progress asks for the counts of
	// every page a section holds, on every page that shows the section
	// (60 MB of slices at 10,000 pages).
	var small [64]bool
	var hasChild []bool
	if len(d.Tasks) <= len(small) {
		hasChild = small[:len(d.Tasks)]
	} else {
		hasChild = make([]bool, len(d.Tasks))
	}
	for _, t := range d.Tasks {
		if t.parentTask >= 0 {
			hasChild[t.parentTask] = true
		}
	}
	for i, t := range d.Tasks {
		if !hasChild[i] {
			total++
			if t.checked {
				done++
			}
		}
	}
	return total, done
}

// Text returns the item's text as the reader sees it.
func (t *Task) Text() string { return t.label }

// Default reports whether the item is ticked in the Markdown ("- [x]").
func (t *Task) Default() bool { return t.checked }

// Leaves returns the tasks without sub-items — the ones a reader ticks
// and progress counts — in page order.
func (d *Doc) Leaves() []*Task {
	hasChild := make([]bool, len(d.Tasks))
	for _, t := range d.Tasks {
		if t.parentTask >= 0 {
			hasChild[t.parentTask] = true
		}
	}
	var out []*Task
	for i, t := range d.Tasks {
		if !hasChild[i] {
			out = append(out, t)
		}
	}
	return out
}
