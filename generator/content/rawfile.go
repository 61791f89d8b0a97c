package content

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// A file under content/ that is not Markdown is published as it is. With
// unsafe = false, raw HTML in Markdown is dropped because content comes
// from many editors; a file a browser runs script in when the site serves
// it would bring that HTML back through a file beside the page. Such a
// file is an error, or, for an SVG image, each way it has of running
// script is one: the site's own scripts and pages go in static/, which
// the site's owner keeps.

// scriptable says what a file is, by its extension, when a browser runs
// script in it when the site serves it, or when it is script.
func scriptable(ext string) (string, bool) {
	switch ext {
	case ".html", ".htm", ".shtml":
		return "an HTML page", true
	case ".xhtml", ".xht":
		return "an XHTML page", true
	case ".mht", ".mhtml":
		return "a web archive (MHTML), a page with its files", true
	case ".svgz":
		return "a compressed SVG image, which runs its scripts when opened on its own (an .svg file is checked for them)", true
	case ".xml":
		return "an XML document, in which browsers run XHTML scripts and XSL stylesheets", true
	case ".xsl", ".xslt":
		return "an XSL stylesheet, which makes pages from XML", true
	case ".js", ".mjs":
		return "a script, which runs when a page of the site loads it (as a service worker, for one)", true
	}
	return "", false
}

// labelled reports whether ext is that of a kind of file people attach
// that every server sends with a type browsers do not show as a page.
// Other files are sniffed: a file a server sends without a type (Apache
// does, for an extension it does not know), browsers show as a page when
// its bytes read as HTML or XML.
func labelled(ext string) bool {
	switch ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".tif", ".tiff", ".heic",
		".mp3", ".mp4", ".m4a", ".m4v", ".wav", ".ogg", ".oga", ".ogv", ".webm", ".mov", ".flac", ".aac",
		".woff", ".woff2", ".ttf", ".otf", ".eot",
		".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".epub", ".key",
		".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz",
		".txt", ".csv", ".tsv", ".json", ".css", ".ics", ".vcf", ".yaml", ".yml", ".toml":
		return true
	}
	return false
}

// checkRawFiles reports, when cfg keeps raw HTML out (unsafe = false),
// every file of files that would run script on the site: by its
// extension (scriptable), an SVG image by what it holds (checkSVG), and
// a file of no labelled type by its first bytes reading as HTML or XML.
func checkRawFiles(fsys fs.FS, cfg *config.Config, files []*File) diag.List {
	var diags diag.List
	if cfg.Markup.Unsafe {
		return nil
	}
	for _, f := range files {
		if f.scripts == nil {
			l := checkRawFile(fsys, f)
			f.scripts = &l
		}
		diags.Append(*f.scripts)
	}
	return diags
}

// checkRawFile is checkRawFiles for one file.
func checkRawFile(fsys fs.FS, f *File) diag.List {
	const todo = "with [markup] unsafe = false, content/ holds no file that runs script on the site; move it to static/, or set unsafe = true in site.toml"
	var diags diag.List
	ext := strings.ToLower(path.Ext(f.Rel))
	if ext == ".svg" {
		src, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			return nil // the copy reports it
		}
		for _, d := range checkSVG(f.Path, src) {
			diags.Errorf(d.Pos, "%s: %s", d.Msg, todo)
		}
		return diags
	}
	what, ok := scriptable(ext)
	if !ok && !labelled(ext) {
		what, ok = sniff(fsys, f.Path)
	}
	if ok {
		diags.Errorf(diag.Pos{File: f.Path}, "%s is published as it is, and its scripts would run on the site: %s", what, todo)
	}
	return diags
}

// sniff reads the start of a file as a browser does that gets it without
// a type, and says what it makes of it when that is a page.
func sniff(fsys fs.FS, name string) (string, bool) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", false // the copy reports it
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	switch ctype, _, _ := strings.Cut(http.DetectContentType(head[:n]), ";"); ctype {
	case "text/html":
		return "a file of no known type whose bytes read as HTML, which a browser shows as a page", true
	case "text/xml":
		return "a file of no known type whose bytes read as XML, which a browser shows as a document", true
	}
	return "", false
}

// RunsScript reports whether the file name of fsys is one a build refuses
// under content/ when raw HTML is off (see checkRawFiles), and says why
// in the build's words ("a script, which runs when …"); playbook import
// moves such files to static/.
func RunsScript(fsys fs.FS, name string) (string, bool) {
	diags := checkRawFile(fsys, &File{Rel: name, Path: name})
	if len(diags) == 0 {
		return "", false
	}
	why, _, _ := strings.Cut(diags[0].Msg, ": with [markup] unsafe")
	return strings.TrimSuffix(why, " is published as it is, and its scripts would run on the site"), true
}
