package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/markdown"
	"github.com/playbook-ssg/playbook/generator/slug"
)

// maxFileBytes bounds a file read into memory (a page, a configuration,
// an included file), as limits.maxFileBytes bounds a build's.
const maxFileBytes = 16 << 20

// maxIncludeDepth bounds includes within included files (mdBook's
// {{#include}}, Hugo's readfile, MkDocs' snippets), as mdBook does.
const maxIncludeDepth = 10

// project is the new site while it is made: every file it will write, by
// its path in the new site, and its configuration.
type project struct {
	src  fs.FS
	kind Kind
	// repoURL is Options.RepoURL without a trailing slash.
	repoURL string
	site    site
	files   map[string]*file
	// bySource is every file by its path in the source.
	bySource map[string]*file
	// urls holds the URL key (urlKey) of every page and file, to find
	// names that would collide after slugging.
	urls   map[string]string
	report *Report
	// moved maps a source file moveScripts moved out of the content
	// folder (to static/) to the site-absolute URL links to it now use.
	moved map[string]string
	// wikiNames indexes the pages by their wiki name (wikiName), made
	// on the first wiki link, once every page has its place.
	wikiNames map[string][]*file
	// errs are the errors that stop the import: a configuration that
	// does not parse (configError).
	errs []error
	// convert is the tool's syntax conversion, run on every page once
	// all files and the navigation are read (nil: none).
	convert func(*file)
}

// file is one file of the new site.
type file struct {
	// Dest is its path in the new site: "content/guide/setup.md".
	Dest string
	// From is its path in the source project; "" for a file the import
	// made (a section's _index.md).
	From string
	// Data is a page's text, or the text of another file the import
	// changed (mdBook's SUMMARY.md); nil for files copied from From.
	Data []byte
	page bool
}

func newProject(src fs.FS, kind Kind, repoURL string) *project {
	return &project{
		src: src, kind: kind, repoURL: strings.TrimSuffix(repoURL, "/"),
		files: map[string]*file{}, bySource: map[string]*file{}, urls: map[string]string{}, moved: map[string]string{},
		report: &Report{Kind: kind, changes: map[string]*[numCounts]int{}},
	}
}

// read returns the bytes of the source file rel (a slash path), at most
// maxFileBytes of them.
func (p *project) read(rel string) ([]byte, error) {
	f, err := p.src.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err == nil && len(data) > maxFileBytes {
		err = fmt.Errorf("%s is larger than %d MiB", rel, maxFileBytes>>20)
	}
	return data, err
}

// exists reports whether the source has a file or folder rel.
func (p *project) exists(rel string) bool {
	_, err := fs.Stat(p.src, rel)
	return err == nil
}

// isPage reports whether a source file name is a Markdown page.
func isPage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdx", ".mdown":
		return true
	}
	return false
}

// pageName returns a page's file name in the new site: its extension
// becomes ".md" ("intro.mdx" is "intro.md").
func pageName(name string) string {
	return strings.TrimSuffix(name, path.Ext(name)) + ".md"
}

// hidden reports whether a file or folder name is one no site publishes:
// dot files, editor backups, OS noise, installed packages.
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "Thumbs.db" || name == "node_modules"
}

// copyTree adds every file under the source folder from to the new site
// under the folder to ("content", "static/img"): pages as pages with a
// ".md" name when pages is set, the rest as files. Hidden names (hidden)
// are left out; skip, when set, leaves out more (a slash path relative
// to from, for a file or a folder). It returns the pages added, in path
// order.
func (p *project) copyTree(from, to string, pages bool, skip func(rel string, dir bool) bool) []*file {
	var added []*file
	err := fs.WalkDir(p.src, from, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			p.report.add(GroupFiles, p.srcPos(name, 0, 0), "not read: %s", errText(err))
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(name, from), "/")
		if rel == "" {
			return nil
		}
		if hidden(d.Name()) || skip != nil && skip(rel, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(p.src, name)
			switch {
			case err != nil:
				p.report.add(GroupFiles, p.srcPos(name, 0, 0), "not imported: a symbolic link that leads out of the project or to nothing")
				return nil
			case fi.IsDir():
				p.report.add(GroupFiles, p.srcPos(name, 0, 0), "not imported: a symbolic link to a folder; copy the folder there if its files belong to the site")
				return nil
			case !fi.Mode().IsRegular():
				return nil
			case pages && isPage(d.Name()):
				if to := p.linkTarget(name); to != "" {
					p.report.add(GroupFiles, p.srcPos(name, 0, 0), "not imported: a symbolic link to %s, which is imported as a page itself; link to that page instead", to)
					return nil
				}
			}
		} else if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if pages && isPage(d.Name()) {
			if f := p.addPage(name, path.Join(to, path.Dir(rel), pageName(d.Name()))); f != nil {
				added = append(added, f)
			}
			return nil
		}
		p.addFile(name, path.Join(to, rel))
		return nil
	})
	if err != nil {
		p.report.add(GroupFiles, p.srcPos(from, 0, 0), "not read: %s", errText(err))
	}
	return added
}

// linkTarget returns the source path the symbolic link name leads to,
// when it is a file of the source; "" otherwise.
func (p *project) linkTarget(name string) string {
	to, err := fs.ReadLink(p.src, name)
	if err != nil || path.IsAbs(to) {
		return ""
	}
	to = path.Join(path.Dir(name), to)
	if to == ".." || strings.HasPrefix(to, "../") || !p.exists(to) {
		return ""
	}
	return to
}

// addPage reads the source page from and adds it at dest, or at a free
// name near dest when another file has its URL (reported). It returns
// the page, or nil when it cannot be read (reported).
func (p *project) addPage(from, dest string) *file {
	data, err := p.read(from)
	if err != nil {
		p.report.add(GroupFiles, p.srcPos(from, 0, 0), "not imported: %s", errText(err))
		return nil
	}
	if !isText(data) {
		p.report.add(GroupFiles, p.srcPos(from, 0, 0), "not imported: a Markdown name, but not text (NUL bytes or invalid UTF-8)")
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.report.add(GroupFiles, p.srcPos(from, 0, 0), "an empty page: imported, titled after its file name; write it or delete it")
	}
	// Lines end in LF in the new site, so that what the import writes
	// into a page does not mix two line endings.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	f := &file{Dest: p.claim(from, dest, true), From: from, Data: data, page: true}
	p.files[f.Dest], p.bySource[from] = f, f
	return f
}

// isText reports whether data is a text a person wrote: valid UTF-8
// without NUL bytes.
func isText(data []byte) bool {
	return utf8.Valid(data) && bytes.IndexByte(data, 0) < 0
}

// errText is an I/O error's text without the operation and path that the
// report's position already names: "no such file or directory".
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// addFile adds the source file from at dest (or a free name near it), to
// be copied as it is.
func (p *project) addFile(from, dest string) *file {
	f := &file{Dest: p.claim(from, dest, false), From: from}
	p.files[f.Dest], p.bySource[from] = f, f
	return f
}

// newPage adds a page the import writes itself (a section's _index.md)
// with the text data.
func (p *project) newPage(dest string, data []byte) *file {
	f := &file{Dest: p.claim("", dest, true), Data: data, page: true}
	p.files[f.Dest] = f
	return f
}

// page returns the page at dest in the new site, nil if there is none.
func (p *project) page(dest string) *file {
	if f := p.files[dest]; f != nil && f.page {
		return f
	}
	return nil
}

// claim returns dest, or when another file of the new site already has
// dest's URL (the same path in another case, or a name that slugs
// alike: "Q&A.md" and "QA.md"), the first of dest-2, dest-3… that is
// free; the renaming is reported.
func (p *project) claim(from, dest string, page bool) string {
	first := p.urls[urlKey(dest, page)] // the file that has dest's URL
	try := dest
	for n := 2; ; n++ {
		key := urlKey(try, page)
		if _, taken := p.urls[key]; !taken {
			p.urls[key] = try
			if try != dest {
				p.report.add(GroupFiles, p.srcPos(from, 0, 0), "written as %s: %s would have the same URL as %s", try, dest, first)
			}
			return try
		}
		ext := path.Ext(dest)
		try = strings.TrimSuffix(dest, ext) + "-" + strconv.Itoa(n) + ext
	}
}

// urlKey is what two paths of the new site share when they would be
// published at one URL: their slugged, lower-cased segments; a page's
// name without ".md", a folder's own page (_index.md, index.md,
// README.md) as the folder itself plus its name, since the build tells
// those apart.
func urlKey(dest string, page bool) string {
	segs := strings.Split(dest, "/")
	for i, s := range segs {
		if i == len(segs)-1 && page {
			if layout.IndexRank(s) > 0 {
				segs[i] = "\x00" + strings.ToLower(s)
				continue
			}
			s = strings.TrimSuffix(s, path.Ext(s))
		}
		if i > 0 { // the top folder (content, static) is kept as it is
			s = slug.Segment(s)
		}
		segs[i] = strings.ToLower(s)
	}
	return strings.Join(segs, "/")
}

// srcPos returns the position of line and col in the source file rel, as
// the report names it: under the source folder's name.
func (p *project) srcPos(rel string, line, col int) diag.Pos {
	return diag.Pos{File: path.Join(p.report.Source, rel), Line: line, Col: col}
}

// posIn returns the position of byte offset off in f's text.
func posIn(f *file, off int) diag.Pos {
	return diag.NewLines(f.Dest, f.Data).Pos(off)
}

// count records n changes of kind c made to f.
func (p *project) count(f *file, c Count, n int) {
	if n == 0 {
		return
	}
	ch := p.report.changes[f.Dest]
	if ch == nil {
		ch = new([numCounts]int)
		p.report.changes[f.Dest] = ch
	}
	ch[c] += n
}

// sortedFiles returns the files of the new site in path order.
func (p *project) sortedFiles() []*file {
	out := make([]*file, 0, len(p.files))
	for _, f := range p.files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dest < out[j].Dest })
	return out
}

// finish converts every page's syntax (the tool's convert), then lists
// what the Markdown of each page still holds that playbook does not
// render, and counts pages, sections and files.
func (p *project) finish() {
	p.folderClashes()
	p.moveScripts()
	md := markdown.New(markdown.Options{EveryForeign: true})
	pages := map[string][]string{} // file names by folder
	for _, f := range p.sortedFiles() {
		if !f.page {
			p.report.Files++
			if f.Data != nil && isPage(f.Dest) { // a navigation file: SUMMARY.md
				p.fixLinks(f)
			}
			continue
		}
		if p.convert != nil {
			p.convert(f)
		}
		p.fixLinks(f)
		p.report.Pages++
		if d, _ := meta(f)["draft"].(bool); d {
			p.report.Drafts++
		}
		pages[path.Dir(f.Dest)] = append(pages[path.Dir(f.Dest)], path.Base(f.Dest))
		body := bodyStart(f.Data)
		lines := diag.NewLines(f.Dest, f.Data)
		for _, w := range md.Parse(f.Data[body:]).Warnings {
			p.report.add(GroupUnrendered, lines.Pos(body+w.Offset), "%s", w.Message)
		}
	}
	p.report.Sections = countSections(pages)
}

// countSections counts the sections of the new site, given its pages'
// names by folder: the folders under content/ holding pages, but for a
// page bundle, an index.md alone in its folder and below, which is a page.
func countSections(pages map[string][]string) int {
	below := map[string]int{} // pages in a folder and below
	for dir, names := range pages {
		for d := dir; d != "content" && d != "."; d = path.Dir(d) {
			below[d] += len(names)
		}
	}
	n := 0
	for dir, count := range below {
		if count == 1 && len(pages[dir]) == 1 && pages[dir][0] == "index.md" {
			continue
		}
		n++
	}
	return n
}

// moveScripts moves the files under content/ that a build refuses there
// with raw HTML off (HTML pages, scripts, XML, SVG images with scripts:
// content.RunsScript) to the same path under static/, where the site's
// owner keeps what runs on the site, so that they keep their URL. Each
// move is reported, and p.moved records the URL links to it now use.
func (p *project) moveScripts() {
	for _, f := range p.sortedFiles() {
		if f.page || f.From == "" || !strings.HasPrefix(f.Dest, "content/") {
			continue
		}
		why, ok := content.RunsScript(p.src, f.From)
		if !ok {
			continue
		}
		p.rename(f, "static/"+strings.TrimPrefix(f.Dest, "content/"))
		p.moved[f.From] = "/" + strings.TrimPrefix(f.Dest, "static/")
		p.report.add(GroupFiles, p.srcPos(f.From, 0, 0), "moved to %s, at the same URL: it is %s, which a build refuses under content/ with raw HTML off; keep it only if you trust it", f.Dest, why)
	}
}

// folderClashes resolves pages that a folder of pages has the URL of
// ("guide.md" beside "guide/"), which a build refuses: the page moves
// into the folder as its own page (guide/_index.md) when the folder has
// none, and is renamed (guide-2.md) otherwise. Each is reported.
func (p *project) folderClashes() {
	folders := map[string]string{} // folder by urlKey, for folders holding pages
	own := map[string]bool{}       // folders with their own page
	for _, f := range p.files {
		if !f.page {
			continue
		}
		for d := path.Dir(f.Dest); d != "content" && d != "."; d = path.Dir(d) {
			folders[urlKey(d, false)] = d
		}
		if layout.IndexRank(path.Base(f.Dest)) > 0 {
			own[path.Dir(f.Dest)] = true
		}
	}
	for _, f := range p.sortedFiles() {
		if !f.page || layout.IndexRank(path.Base(f.Dest)) > 0 {
			continue
		}
		dir, ok := folders[urlKey(strings.TrimSuffix(f.Dest, path.Ext(f.Dest)), false)]
		if !ok {
			continue
		}
		old := f.Dest
		if !own[dir] {
			own[dir] = true
			p.rename(f, dir+"/_index.md")
			p.report.add(GroupFiles, p.srcPos(f.From, 0, 0), "moved to %s: %s and the folder %s/ would have one URL, so the page became the folder's own page", f.Dest, old, dir)
			continue
		}
		p.rename(f, strings.TrimSuffix(old, path.Ext(old))+"-2.md")
		p.report.add(GroupFiles, p.srcPos(f.From, 0, 0), "written as %s: %s and the folder %s/ would have one URL", f.Dest, old, dir)
	}
}

// rename moves f to dest in the new site, or to a free name near it
// (claim).
func (p *project) rename(f *file, dest string) {
	delete(p.files, f.Dest)
	delete(p.urls, urlKey(f.Dest, f.page))
	f.Dest = p.claim(f.From, dest, f.page)
	p.files[f.Dest] = f
}

// fixLinks rewrites f's relative links to files that are not where the
// link, read from f's new place, leads: a page renamed, moved into a
// folder or to static/, or f itself written elsewhere than beside its
// source. A link is read from f's place in the source, as its author
// wrote it; one to a file moved to static/ becomes site-absolute, since
// relative links reach pages and content files only.
func (p *project) fixLinks(f *file) {
	if f.From == "" {
		return
	}
	p.rewriteLinks(f, func(dest string, _ int) (string, bool) {
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
			return "", false
		}
		t := p.bySource[path.Join(path.Dir(f.From), u.Path)]
		if t == nil || t == f || path.Join(path.Dir(f.Dest), u.Path) == t.Dest {
			return "", false
		}
		var out string
		switch {
		case strings.HasPrefix(t.Dest, "static/"):
			out = "/" + strings.TrimPrefix(t.Dest, "static/")
		case strings.HasPrefix(t.Dest, "content/"):
			out = relPath(f.Dest, t.Dest)
		default:
			return "", false
		}
		out = strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F").Replace(out)
		if u.RawQuery != "" {
			out += "?" + u.RawQuery
		}
		if u.Fragment != "" {
			out += "#" + u.EscapedFragment()
		}
		return out, true
	})
}

// write writes the new site into dest: site.toml and every file. With
// force, what an earlier import wrote there is removed first.
func (p *project) write(dest string, force bool) error {
	if force {
		p.reportRemoved(dest)
		for _, name := range []string{"site.toml", ReportFile, "content", "static"} {
			if err := os.RemoveAll(filepath.Join(dest, name)); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dest, "site.toml"), p.site.toml(p.report), 0o644); err != nil {
		return err
	}
	for _, f := range p.sortedFiles() {
		name := filepath.Join(dest, filepath.FromSlash(f.Dest))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if f.page || f.Data != nil {
			if err := os.WriteFile(name, f.Data, 0o644); err != nil {
				return err
			}
			continue
		}
		if err := p.copyFile(f.From, name); err != nil {
			return err
		}
	}
	return nil
}

// reportRemoved reports the files under dest's content/ and static/
// that --force removes and the import does not write again: files
// someone added to an imported site.
func (p *project) reportRemoved(dest string) {
	for _, dir := range []string{"content", "static"} {
		_ = filepath.WalkDir(filepath.Join(dest, dir), func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(dest, name)
			if err == nil && p.files[filepath.ToSlash(rel)] == nil {
				p.report.add(GroupFiles, diag.Pos{File: filepath.ToSlash(rel)}, "removed by --force: the source has no such file")
			}
			return nil
		})
	}
}

// copyFile copies the source file from to the file name.
func (p *project) copyFile(from, name string) error {
	in, err := p.src.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int) int {
	return bytes.Count(data[:min(off, len(data))], []byte{'\n'}) + 1
}
