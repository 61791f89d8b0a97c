package importer

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

// A folder of GitHub Markdown has no configuration and no navigation:
// every file moves to content/ as it is (a folder's README.md is already
// its page), the title comes from the root README's first heading, and
// with Options.RepoURL links to the repository's own files on GitHub
// (https://github.com/org/repo/blob/main/guide/setup.md) become relative
// links, since they point at the old copy.

// readMarkdown reads a folder of GitHub Markdown.
func readMarkdown(p *project) error {
	p.copyTree(".", "content", true, nil)
	if f := p.bySource["README.md"]; f != nil {
		p.site.Title = firstHeading(f.Data[bodyStart(f.Data):])
	}
	if p.repoURL != "" {
		if p.site.EditURL == "" {
			p.site.EditURL = p.repoURL + "/edit/main/"
		}
		p.convert = func(f *file) { p.rewriteLinks(f, p.repoLink(f)) }
		return nil
	}
	// Without --repo-url, links to this repository's own files on GitHub
	// stay absolute: name the flag at the first one.
	hinted := false
	p.convert = func(f *file) {
		if hinted {
			return
		}
		p.rewriteLinks(f, func(dest string, off int) (string, bool) {
			if m := githubFile.FindStringSubmatch(dest); m != nil && !hinted && p.bySource[m[2]] != nil {
				hinted = true
				p.report.add(GroupConvert, posIn(f, off), "this link and others like it point at %s, a file imported here, on GitHub; import again with --repo-url %s to make them relative links", m[2], m[1])
			}
			return "", false
		})
	}
	return nil
}

// githubFile matches a link to a file of a GitHub repository: the
// repository's URL and the file's path in it.
var githubFile = regexp.MustCompile(`^(https://github\.com/[^/]+/[^/]+)/(?:blob|tree)/[^/]+/([^?#]+)`)

// repoLink returns the rewriting of links in f to the repository's files
// on GitHub: a /blob/ or /tree/ URL of a file or folder the import kept
// becomes a relative link to it, with its fragment.
func (p *project) repoLink(f *file) func(string, int) (string, bool) {
	prefix := strings.ToLower(p.repoURL) + "/"
	return func(dest string, off int) (string, bool) {
		if !strings.HasPrefix(strings.ToLower(dest), prefix) {
			return "", false
		}
		u, err := url.Parse(dest)
		if err != nil {
			return "", false
		}
		rest := strings.TrimPrefix(u.Path, strings.TrimPrefix(p.repoURL[strings.Index(p.repoURL, "://")+3:], u.Host))
		rest = strings.TrimPrefix(rest, "/")
		kind, rest, _ := strings.Cut(rest, "/") // blob or tree
		_, rel, ok := strings.Cut(rest, "/")    // after the branch
		if !ok || kind != "blob" && kind != "tree" {
			return "", false
		}
		rel = strings.Trim(path.Clean("/"+rel), "/")
		target := p.bySource[rel]
		if target == nil && kind == "tree" {
			for _, index := range []string{"README.md", "readme.md", "index.md"} {
				if target = p.bySource[path.Join(rel, index)]; target != nil {
					break
				}
			}
		}
		if target == nil {
			p.report.add(GroupConvert, posIn(f, off), "link %s points at the repository's %s, which was not imported; kept as an absolute link", dest, rel)
			return "", false
		}
		out := relPath(f.Dest, target.Dest)
		if u.Fragment != "" {
			out += "#" + u.Fragment
		}
		return out, true
	}
}

var atxHeading = regexp.MustCompile(`(?m)^[ ]{0,3}#[ \t]+(.+?)[ \t#]*$`)

// firstHeading returns the text of the first "# heading" of body, "" if
// none.
func firstHeading(body []byte) string {
	if m := atxHeading.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}
