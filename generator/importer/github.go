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

// readMarkdown reads a folder of GitHub Markdown, a GitHub wiki's
// among them: its Home.md is the home page, its [[Page]] links become
// Markdown links, and _Sidebar.md and _Footer.md are reported.
func readMarkdown(p *project) error {
	p.copyTree(".", "content", true, func(rel string, dir bool) bool {
		if !dir && (rel == "_Sidebar.md" || rel == "_Footer.md") {
			p.report.add(GroupNav, p.srcPos(rel, 0, 0), "not imported: the GitHub wiki's %s; the sidebar lists folders and pages by weight and title, and the footer is [params] footer in site.toml", strings.TrimSuffix(strings.TrimPrefix(rel, "_"), ".md"))
			return true
		}
		return false
	})
	if home := p.bySource["Home.md"]; home != nil && p.page("content/_index.md") == nil && p.page("content/index.md") == nil {
		p.rename(home, "content/_index.md")
		p.report.add(GroupNav, p.srcPos("Home.md", 0, 0), "the wiki's Home.md is the home page: written as content/_index.md")
	}
	if f := p.bySource["Home.md"]; f != nil && f.Dest == "content/_index.md" {
		p.site.Title = firstHeading(f.Data[bodyStart(f.Data):])
	}
	if f := p.bySource["README.md"]; f != nil && p.site.Title == "" {
		p.site.Title = firstHeading(f.Data[bodyStart(f.Data):])
	}
	if p.repoURL != "" {
		if p.site.EditURL == "" {
			p.site.EditURL = p.repoURL + "/edit/main/"
		}
		p.convert = func(f *file) {
			p.wikiLinks(f)
			p.rewriteLinks(f, p.repoLink(f))
		}
		return nil
	}
	// Without --repo-url, links to this repository's own files on GitHub
	// stay absolute: name the flag at the first one.
	hinted := false
	p.convert = func(f *file) {
		p.wikiLinks(f)
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

// wikiLink matches a GitHub wiki link: [[Page]], [[Page#anchor]],
// [[Link text|Page]] (the text first, as GitHub's wikis have it).
var wikiLink = regexp.MustCompile(`\[\[([^\[\]\n|]+)(?:\|([^\[\]\n]+))?\]\]`)

// wikiLinks turns f's GitHub wiki links outside code into Markdown links
// to the pages they name, found by name in any folder as a wiki finds
// them ("Cold Call" is Cold-Call.md), and an image link ([[x.png]],
// [[https://…/x.png|alt=Funnel]]) into an image. A link to no page is
// left as written and reported.
func (p *project) wikiLinks(f *file) {
	b := parseBody(f.Data)
	var edits []edit
	var missing []int // offsets of links to no page
	for _, m := range wikiLink.FindAllSubmatchIndex(f.Data[b.start:], -1) {
		at := b.start + m[0]
		if b.inCode(at) {
			continue
		}
		first := strings.TrimSpace(string(f.Data[b.start+m[2] : b.start+m[3]]))
		text, target := first, first
		if m[4] >= 0 {
			target = strings.TrimSpace(string(f.Data[b.start+m[4] : b.start+m[5]]))
		}
		var out string
		if ext := strings.ToLower(path.Ext(strings.SplitN(first, "|", 2)[0])); imageExt[ext] {
			alt := strings.TrimPrefix(target, "alt=")
			if m[4] < 0 {
				alt = ""
			}
			out = "![" + alt + "](" + escapeDest(first) + ")"
		} else {
			name, frag, _ := strings.Cut(target, "#")
			page := p.wikiPage(name)
			if page == nil && m[4] >= 0 { // [[Page|text]], as MediaWiki orders them
				if name, frag, _ = strings.Cut(first, "#"); p.wikiPage(name) != nil {
					page, text = p.wikiPage(name), target
				}
			}
			if page == nil {
				missing = append(missing, at)
				continue
			}
			dest := relPath(f.Dest, page.Dest)
			if frag != "" {
				dest += "#" + wikiAnchor(frag)
			}
			out = "[" + text + "](" + escapeDest(dest) + ")"
		}
		edits = append(edits, edit{span{at, b.start + m[1]}, out})
	}
	f.Data = applyEdits(f.Data, edits)
	p.count(f, LinksRewritten, len(edits))
	for _, at := range missing {
		at = shiftOffset(edits, at)
		m := wikiLink.FindSubmatch(f.Data[at:])
		target := m[1]
		if m[2] != nil {
			target = m[2]
		}
		name, _, _ := strings.Cut(strings.TrimSpace(string(target)), "#")
		p.report.add(GroupConvert, posIn(f, at), "wiki link %s: no page %q in the wiki; left as written", m[0], name)
	}
}

// imageExt are the extensions GitHub's wikis show as images.
var imageExt = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true}

// wikiPage returns the page a wiki link names: the page whose file name,
// without ".md", is name with its spaces as hyphens, in any case; among
// several, the one at the path the link gives, then the one written as
// the link writes it.
func (p *project) wikiPage(name string) *file {
	if p.wikiNames == nil {
		p.wikiNames = map[string][]*file{}
		for _, f := range p.sortedFiles() {
			if f.page && f.From != "" {
				stem := strings.TrimSuffix(f.From, path.Ext(f.From))
				p.wikiNames[wikiName(path.Base(stem))] = append(p.wikiNames[wikiName(path.Base(stem))], f)
			}
		}
	}
	var found *file
	best := -1
	for _, f := range p.wikiNames[wikiName(path.Base(name))] {
		stem := strings.TrimSuffix(f.From, path.Ext(f.From))
		score := 0
		if wikiName(stem) == wikiName(name) {
			score = 1
		}
		if stem == name || stem == strings.ReplaceAll(name, " ", "-") {
			score = 2
		}
		if score > best {
			found, best = f, score
		}
	}
	return found
}

// wikiName is how a wiki compares page names: in any case, a space as a
// hyphen.
func wikiName(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }

// wikiAnchor writes a heading's name as GitHub's anchor of it: lower
// case, spaces as hyphens.
func wikiAnchor(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "-"))
}

// escapeDest writes a link destination so that Markdown reads it whole.
func escapeDest(dest string) string {
	if strings.ContainsAny(dest, " ()<>") {
		return "<" + dest + ">"
	}
	return dest
}

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
