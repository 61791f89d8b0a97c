package render

import (
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
	"strings"
)

// Layers is a lookup path of theme folders: the first layer that has a file
// wins. A site's own layers come before the embedded default theme.
type Layers []fs.FS

// ReadFile returns name from the first layer that has it.
func (l Layers) ReadFile(name string) ([]byte, error) {
	for _, fsys := range l {
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
}

// Files lists the files below dir across all layers, as slash paths
// relative to dir, sorted.
func (l Layers) Files(dir string) []string {
	seen := map[string]bool{}
	for _, fsys := range l {
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
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
// each made of base.html, the partials and the layout's own file.
type templates struct {
	sets map[string]*template.Template
}

func loadTemplates(layers Layers, funcs template.FuncMap) (*templates, error) {
	shared := template.New("").Funcs(funcs).Option("missingkey=error")
	names := layers.Files("layouts")
	var layouts []string
	for _, n := range names {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		if n != "base.html" && !strings.Contains(n, "/") {
			layouts = append(layouts, n)
			continue
		}
		if err := parseInto(shared, layers, n); err != nil {
			return nil, err
		}
	}
	t := &templates{sets: map[string]*template.Template{}}
	for _, n := range layouts {
		set, err := shared.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseInto(set, layers, n); err != nil {
			return nil, err
		}
		t.sets[strings.TrimSuffix(n, ".html")] = set
	}
	for _, required := range []string{"home", "section", "page", "terms", "term", "404", "alias"} {
		if t.sets[required] == nil {
			return nil, fmt.Errorf("theme has no layouts/%s.html", required)
		}
	}
	return t, nil
}

func parseInto(set *template.Template, layers Layers, name string) error {
	src, err := layers.ReadFile("layouts/" + name)
	if err != nil {
		return err
	}
	if _, err := set.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("layouts/%s: %w", name, err)
	}
	return nil
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
}

// fingerprint names data after its hash: "assets/style.css" becomes
// "assets/style.<8 hex>.css".
func fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}
