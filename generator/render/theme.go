package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// Layer is one folder of the theme lookup path.
type Layer struct {
	FS fs.FS
	// Dir is the folder's path from the site root, as messages name its
	// files: "." for the site's own layouts/, assets/ and static/,
	// "themes/NAME" for its theme. The built-in theme's Dir is where its
	// files are in playbook's source.
	Dir string
	// Builtin marks the theme built into playbook.
	Builtin bool
	// Sums, when set, are SHA-256 sums (hex) of files of FS by path: an
	// asset with one is named after it and read only when written out.
	Sums map[string]string
}

// Layers is a lookup path of theme folders: the first layer that has a file
// wins. A site's own layers come before the built-in theme.
type Layers []Layer

// find returns name and the layer it comes from: the first that has it.
func (l Layers) find(name string) (Layer, []byte, error) {
	for _, layer := range l {
		b, err := fs.ReadFile(layer.FS, name)
		if err == nil {
			return layer, b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return layer, nil, err
		}
	}
	return Layer{}, nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
}

// owner returns the first layer that has name, without reading it.
func (l Layers) owner(name string) (Layer, bool) {
	for _, layer := range l {
		if _, err := fs.Stat(layer.FS, name); err == nil {
			return layer, true
		}
	}
	return Layer{}, false
}

// ReadFile returns name from the first layer that has it.
func (l Layers) ReadFile(name string) ([]byte, error) {
	_, b, err := l.find(name)
	return b, err
}

// badNames returns an error for each file or folder of the layers'
// assets/, layouts/ and static/ whose name is not valid UTF-8, at its path
// from the site root: io/fs opens no such name (fs.ValidPath), and no URL
// could carry it as it is.
func (l Layers) badNames() diag.List {
	var diags diag.List
	for _, layer := range l {
		for _, dir := range []string{"assets", "layouts", "static"} {
			_ = fs.WalkDir(layer.FS, dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || utf8.ValidString(d.Name()) {
					return nil
				}
				diags.Errorf(diag.Pos{File: path.Join(layer.Dir, p)}, "%s", layout.NotUTF8(d.Name()))
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			})
		}
	}
	return diags
}

// Files lists the files below dir across all layers, as slash paths
// relative to dir, sorted. Names that are not valid UTF-8, which no
// layer can open (badNames reports them), are left out.
func (l Layers) Files(dir string) []string {
	seen := map[string]bool{}
	for _, layer := range l {
		_ = fs.WalkDir(layer.FS, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && !utf8.ValidString(d.Name()) {
				return fs.SkipDir
			}
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || !utf8.ValidString(d.Name()) {
				return nil
			}
			seen[strings.TrimPrefix(p, dir+"/")] = true
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// templates holds one template set per layout (home, section, page, ...),
// each made of base.html, the partials and the layout's own file, and
// where each template file comes from, to place errors in it.
type templates struct {
	sets  map[string]*template.Template
	files map[string]*themeFile
	// warnings are the theme's files that no layout uses, reported with
	// every full render.
	warnings diag.List
	// builtinNav is set when the page layout's sidebar partial is the
	// built-in one, which writeNav writes without the template.
	builtinNav bool
	// builtinEntry is the same for the entry partial, which writeEntry
	// writes.
	builtinEntry bool
	// builtinPage is set when the page layout's set is the built-in one,
	// which writePage writes without the templates; builtinPrintPart when
	// the print layout's parts are the built-in ones (writePrintPart).
	builtinPage      bool
	builtinPrintPart bool
}

// themeFile is a template file as messages name it.
type themeFile struct {
	path    string // from the site root (see Layer.Dir)
	lines   *diag.Lines
	builtin bool
	// defines are the templates a file of the site's own defines, its
	// own name among them, each with its parse tree as text.
	defines map[string]string
}

// loadTemplates parses every template file of layers. Syntax errors come
// back together, each at its place, as a diag.List.
func loadTemplates(layers Layers, funcs template.FuncMap) (*templates, error) {
	t := &templates{sets: map[string]*template.Template{}, files: map[string]*themeFile{}}
	shared := template.New("").Funcs(funcs).Option("missingkey=error")
	var diags diag.List
	var layouts, builtin, own []string
	for _, n := range layers.Files("layouts") {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		if n != "base.html" && !strings.Contains(n, "/") {
			layouts = append(layouts, n)
			continue
		}
		if l, _ := layers.owner("layouts/" + n); l.Builtin {
			builtin = append(builtin, n)
		} else {
			own = append(own, n)
		}
	}
	// The built-in theme's files first: a {{define}} in a file of the
	// site's own replaces the built-in template of that name whatever
	// the two files are called (among its own files, the later name
	// wins).
	for _, n := range append(builtin, own...) {
		if err := t.parseInto(shared, layers, n, &diags); err != nil {
			return nil, err
		}
	}
	for _, n := range layouts {
		set, err := shared.Clone()
		if err != nil {
			return nil, err
		}
		if err := t.parseInto(set, layers, n, &diags); err != nil {
			return nil, err
		}
		if err := framed(set, n); err != nil {
			return nil, err
		}
		t.sets[strings.TrimSuffix(n, ".html")] = set
	}
	if diags.HasErrors(false) {
		diags.Sort()
		return nil, diags
	}
	t.warnUnused(shared)
	for _, required := range []string{"home", "section", "page", "terms", "term", "404", "alias"} {
		if t.sets[required] == nil {
			return nil, fmt.Errorf("theme has no layouts/%s.html", required)
		}
	}
	ref, err := t.builtinRef(layers, funcs)
	if err != nil {
		return nil, err
	}
	switch {
	case ref == t: // every template file is the built-in theme's
		page := t.sets["page"]
		t.builtinPage, t.builtinPrintPart = page != nil, t.sets["print"] != nil
		t.builtinNav = page != nil && page.Lookup(navPartial) != nil
		t.builtinEntry = page != nil && page.Lookup(entryPartial) != nil
	case ref != nil:
		page, refPage := t.sets["page"], ref.sets["page"]
		t.builtinPage = sameTemplates(page, refPage)
		t.builtinNav = sameTemplates(page, refPage, navPartial)
		t.builtinEntry = sameTemplates(page, refPage, entryPartial)
		t.builtinPrintPart = sameTemplates(t.sets["print"], ref.sets["print"], printPartTpl, printPartEndTpl)
	}
	return t, nil
}

// builtinRef returns the built-in theme's templates alone, against which
// writePage, writeNav, writeEntry and writePrintPart check that a site
// runs the templates they copy: every template they stand for must be in the site's set with the
// same parse tree (a site's own file may override any, or redefine one
// with {{define}}). When the site's layers have no template file of
// their own, that is t itself; nil when layers have no built-in theme.
func (t *templates) builtinRef(layers Layers, funcs template.FuncMap) (*templates, error) {
	var builtin Layers
	for _, l := range layers {
		if l.Builtin {
			builtin = append(builtin, l)
		}
	}
	if len(builtin) == 0 {
		return nil, nil
	}
	own := false
	for _, f := range t.files {
		own = own || !f.builtin
	}
	if !own {
		return t, nil
	}
	return loadTemplates(builtin, funcs)
}

// framed makes a layout whose own body is empty, one that only defines
// blocks ({{define "main"}}…{{end}}, as a Hugo layout does under
// baseof.html), render base.html with its blocks, as if it began with
// {{template "base.html" .}}; otherwise it would write empty pages.
func framed(set *template.Template, name string) error {
	tpl := set.Lookup(name)
	if tpl == nil || (tpl.Tree != nil && !parse.IsEmptyTree(tpl.Tree.Root)) {
		return nil
	}
	_, err := set.New(name).Parse(`{{template "base.html" .}}`)
	return err
}

// calledFromGo are the partials the renderer runs itself (nav.go), not
// through {{template}}.
var calledFromGo = []string{navPartial, entryPartial}

// warnUnused records a warning for each template file of the site's own
// layers in a subfolder (not a layout) that no template calls: Hugo's
// layouts/_default/single.html, say, which playbook never reads.
func (t *templates) warnUnused(shared *template.Template) {
	used := map[string]bool{}
	for _, n := range calledFromGo {
		used[n] = true
	}
	sets := []*template.Template{shared}
	for _, set := range t.sets {
		sets = append(sets, set)
	}
	for _, set := range sets {
		for _, tpl := range set.Templates() {
			if tpl.Tree != nil {
				templateCalls(tpl.Tree.Root, func(name string) { used[name] = true })
			}
		}
	}
	// What each layout runs: the templates its file reaches through
	// {{template}}, and the partials the renderer calls itself.
	runs := map[*template.Template]map[string]bool{}
	for layout, set := range t.sets {
		reach := map[string]bool{}
		var visit func(name string)
		visit = func(name string) {
			if reach[name] {
				return
			}
			reach[name] = true
			if tpl := set.Lookup(name); tpl != nil && tpl.Tree != nil {
				templateCalls(tpl.Tree.Root, visit)
			}
		}
		visit(layout + ".html")
		for _, n := range calledFromGo {
			visit(n)
		}
		runs[set] = reach
	}
	hugo := map[string]string{"_default/baseof.html": "base.html", "_default/single.html": "page.html", "_default/list.html": "section.html", "_default/terms.html": "terms.html", "_default/taxonomy.html": "terms.html", "_default/term.html": "term.html", "_default/404.html": "404.html"}
	names := make([]string, 0, len(t.files))
	for n := range t.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f := t.files[n]
		if f.builtin || !strings.Contains(n, "/") || used[n] || definesUsed(f, runs) {
			continue
		}
		msg := "not used: no layout calls this template"
		if to := hugo[n]; to != "" {
			msg += fmt.Sprintf(" (Hugo's %s is playbook's layouts/%s)", n, to)
		} else {
			msg += "; playbook's layouts are the files directly in layouts/ (page.html, section.html, home.html, …), the others are called with {{template \"NAME\" .}}"
		}
		t.warnings.Warnf(diag.Pos{File: f.path}, "%s", msg)
	}
}

// definesUsed reports whether a layout runs f's definition of a
// template f defines (not a later file's); runs holds, per layout set,
// the templates it runs.
func definesUsed(f *themeFile, runs map[*template.Template]map[string]bool) bool {
	for set, reach := range runs {
		for name, tree := range f.defines {
			if !reach[name] {
				continue
			}
			if tpl := set.Lookup(name); tpl != nil && tpl.Tree != nil && tpl.Tree.Root != nil && tpl.Tree.Root.String() == tree {
				return true
			}
		}
	}
	return false
}

// templateCalls calls add with the name of each {{template}} (and
// {{block}}) under n.
func templateCalls(n parse.Node, add func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				templateCalls(c, add)
			}
		}
	case *parse.TemplateNode:
		add(n.Name)
	case *parse.IfNode:
		templateCalls(n.List, add)
		templateCalls(n.ElseList, add)
	case *parse.RangeNode:
		templateCalls(n.List, add)
		templateCalls(n.ElseList, add)
	case *parse.WithNode:
		templateCalls(n.List, add)
		templateCalls(n.ElseList, add)
	}
}

// parseInto parses the template file layouts/name into set; a syntax
// error goes to diags at its place.
func (t *templates) parseInto(set *template.Template, layers Layers, name string, diags *diag.List) error {
	layer, src, err := layers.find("layouts/" + name)
	if err != nil {
		return err
	}
	file := path.Join(layer.Dir, "layouts", name)
	tf := &themeFile{path: file, lines: diag.NewLines(file, src), builtin: layer.Builtin}
	t.files[name] = tf
	if !layer.Builtin {
		// The templates the file defines, for warnUnused: a file of
		// {{define}}s is used when a layout calls one of them.
		if alone, err := template.New(name).Funcs(funcs()).Parse(string(src)); err == nil {
			tf.defines = map[string]string{}
			for _, d := range alone.Templates() {
				if d.Tree != nil && d.Tree.Root != nil {
					tf.defines[d.Name()] = d.Tree.Root.String()
				}
			}
		}
	}
	if _, err := set.New(name).Parse(string(src)); err != nil {
		pos, msg, ok := t.place(err)
		if !ok {
			pos, msg = diag.Pos{File: file}, err.Error()
		}
		diags.Errorf(pos, "%s", msg)
	}
	return nil
}

// templateAt matches where Go's template packages say an error is:
// "template: NAME:LINE: ", "template: NAME:LINE:COL: " (COL counting
// bytes from 0), or html/template's "html/template:NAME:LINE:COL: " and
// "html/template:NAME: ".
var templateAt = regexp.MustCompile(`(?:html/)?template: ?([^:\s]+)(?::(\d+))?(?::(\d+))?: `)

// place finds the theme file, line and column of a template error and
// returns them with the message that follows; ok is false when err names
// no template file of the theme. Go's parser gives no column for a syntax
// error: the column is then that of the token the message quotes, when
// the line has it once.
func (t *templates) place(err error) (pos diag.Pos, msg string, ok bool) {
	text := err.Error()
	for _, m := range templateAt.FindAllStringSubmatchIndex(text, -1) {
		f := t.files[text[m[2]:m[3]]]
		if f == nil {
			continue
		}
		msg = text[m[1]:]
		pos = diag.Pos{File: f.path}
		if m[4] >= 0 {
			pos.Line, _ = strconv.Atoi(text[m[4]:m[5]])
			byteCol := 0
			if m[6] >= 0 {
				c, _ := strconv.Atoi(text[m[6]:m[7]])
				byteCol = c + 1
			} else {
				byteCol = tokenColumn(lineText(f.lines.Source(), pos.Line), msg)
			}
			if byteCol > 0 {
				pos = f.lines.At(pos.Line, byteCol)
			}
		}
		if f.builtin {
			msg += " (in the built-in theme)"
		}
		return pos, msg, true
	}
	return diag.Pos{}, "", false
}

// lineText returns line n (from 1) of src, without its newline.
func lineText(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return string(src)
}

// quotedToken matches the token a syntax error of Go's template parser
// quotes: unexpected "<" in operand, unexpected <end> in command,
// function "x" not defined, undefined variable "$x", or the character of
// an error from the lexer (U+003C '<').
var quotedToken = regexp.MustCompile(`^(?:unexpected "((?:[^"\\]|\\.)*)"|unexpected <(\w+)>|unexpected \{\{(\w+)\}\}|function "([^"]+)" not defined|undefined variable "([^"]+)"|.*U\+[0-9A-F]{4,} '([^']+)')`)

// tokenColumn returns the byte column (from 1) of the token msg quotes in
// line, looking inside the line's actions only; 0 when msg quotes none or
// the line has it other than once.
func tokenColumn(line, msg string) int {
	m := quotedToken.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	var token string
	for _, g := range m[1:] {
		if g != "" {
			token = g
			break
		}
	}
	if m[1] != "" {
		if u, err := strconv.Unquote(`"` + m[1] + `"`); err == nil {
			token = u
		}
	}
	if token == "" {
		return 0
	}
	col := 0
	for _, span := range actions(line) {
		in := line[span[0]:span[1]]
		for i := strings.Index(in, token); i >= 0; {
			if col != 0 {
				return 0 // more than once: no guess
			}
			col = span[0] + i + 1
			next := strings.Index(in[i+1:], token)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return col
}

// actions returns the byte spans of a line inside template actions: each
// {{...}}, the rest of the line after a {{ that it does not close, the
// start of the line before a }} that closes an action of an earlier line,
// or the whole line when it has no delimiters (inside a long action).
func actions(line string) [][2]int {
	var spans [][2]int
	open, closing := strings.Index(line, "{{"), strings.Index(line, "}}")
	if open < 0 && closing < 0 {
		return [][2]int{{0, len(line)}}
	}
	i := 0
	if closing >= 0 && (open < 0 || closing < open) {
		spans = append(spans, [2]int{0, closing})
		i = closing + 2
	}
	for i < len(line) {
		o := strings.Index(line[i:], "{{")
		if o < 0 {
			break
		}
		start := i + o + 2
		c := strings.Index(line[start:], "}}")
		if c < 0 {
			spans = append(spans, [2]int{start, len(line)})
			break
		}
		spans = append(spans, [2]int{start, start + c})
		i = start + c + 2
	}
	return spans
}

// has reports whether a layout exists.
func (t *templates) has(layout string) bool { return t.sets[layout] != nil }

// execute runs layout with data. Every layout's file is the entry point.
func (t *templates) execute(buf io.Writer, layout string, data any) error {
	set := t.sets[layout]
	if set == nil {
		return fmt.Errorf("no layout %q", layout)
	}
	if err := set.ExecuteTemplate(buf, layout+".html", data); err != nil {
		return viewError(err, layout)
	}
	return nil
}

// viewType matches the Go type of a view in a template error.
var viewType = regexp.MustCompile(`type \*?render\.[a-z]+View`)

// viewError rewords a template error that names a view's Go type: a
// theme author needs to know that the layout has no such field (README,
// "Themes", lists what each layout gets).
func viewError(err error, layout string) error {
	msg := err.Error()
	if !viewType.MatchString(msg) {
		return err
	}
	msg = viewType.ReplaceAllLiteralString(msg, fmt.Sprintf("the data of the %q layout", layout))
	return fmt.Errorf("%s (README, Themes, lists the fields of each layout)", msg)
}

// asset is a theme file published under a content-hashed name.
type asset struct {
	name   string // published path, e.g. "assets/style.1a2b3c4d.css"
	source string // name under assets/, e.g. "style.css"
	data   []byte
	// from, when data is nil, is the layer to read the asset from.
	from fs.FS
}

// read returns the asset's bytes.
func (a asset) read() ([]byte, error) {
	if a.data != nil || a.from == nil {
		return a.data, nil
	}
	return fs.ReadFile(a.from, "assets/"+a.source)
}

// fingerprint names data after its hash: "assets/style.css" becomes
// "assets/style.<8 hex>.css".
func fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	return fingerprintSum(name, hex.EncodeToString(sum[:]))
}

// fingerprintSum is fingerprint of data whose SHA-256 in hex is sum.
func fingerprintSum(name, sum string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + sum[:8] + ext
}
