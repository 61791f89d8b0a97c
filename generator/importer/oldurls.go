package importer

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/playbook-ssg/playbook/generator/slug"
)

// The old site's URLs keep working: each page gets its URL there in
// aliases, which the build writes as a page that redirects to it
// (Docusaurus' /docs/x, mdBook's x.html).

// oldURLs gives pages the URLs they had in the old site as aliases.
type oldURLs struct {
	p *project
	// taken holds the output file ("a/b/index.html") of every page of the
	// new site and of every alias given, which an alias must not write.
	taken map[string]bool
	// added counts the pages given an alias.
	added int
}

// newOldURLs returns the aliases' writer for p, whose pages are all in
// their final place.
func newOldURLs(p *project) *oldURLs {
	o := &oldURLs{p: p, taken: map[string]bool{}}
	for _, f := range p.files {
		if f.page {
			o.taken[outFile(siteURL(f))] = true
		}
	}
	return o
}

// add gives f the alias old, a URL path of the old site ("/docs/x/",
// "/x.html"), unless the new site already has a page or an alias there
// (the URL did not change, or another page took it).
func (o *oldURLs) add(f *file, old string) {
	out := outFile(old)
	if o.taken[out] {
		return
	}
	var aliases flowList
	list, _ := meta(f)["aliases"].([]any)
	for _, a := range list {
		if s, ok := a.(string); ok {
			aliases = append(aliases, s)
		}
	}
	if slices.Contains(aliases, old) || !o.p.setMeta(f, "aliases", append(aliases, old)) {
		return
	}
	o.taken[out] = true
	o.added++
	o.p.count(f, NavigationKeys, 1)
}

// siteURL returns the URL of the page f in the new site as the build
// derives it from its path and slug: every name through slug.Segment, a
// folder's own page at its folder's URL.
func siteURL(f *file) string {
	rel := strings.TrimPrefix(f.Dest, "content/")
	dir := path.Dir(rel)
	var segs []string
	if dir != "." {
		segs = strings.Split(dir, "/")
	}
	own := isSectionPage(f.Dest)
	if !own {
		segs = append(segs, strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
	}
	for i, s := range segs {
		segs[i] = slug.Segment(s)
	}
	switch s := metaString(meta(f), "slug"); {
	case s == "" || len(segs) == 0 || own:
	case strings.HasPrefix(s, "/"):
		segs = strings.FieldsFunc(s, func(r rune) bool { return r == '/' })
	case slug.Valid(s):
		segs[len(segs)-1] = s
	}
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

// outFile returns the file a URL path is written as: an .html name as
// it is, any other path as its folder's index.html.
func outFile(u string) string {
	u = strings.Trim(u, "/")
	if ext := strings.ToLower(path.Ext(u)); ext == ".html" || ext == ".htm" {
		return u
	}
	return strings.TrimPrefix(u+"/index.html", "/")
}

// pages says how many pages were given an alias: "1 page", "3 pages".
func (o *oldURLs) pages() string {
	if o.added == 1 {
		return "1 page"
	}
	return strconv.Itoa(o.added) + " pages"
}
