package importer

import (
	"fmt"
	"io/fs"
	"strings"
)

// Detect tells which tool the project in fsys was written for, from the
// files at its root, and says which file told it: mkdocs.yml (MkDocs),
// docusaurus.config.* there or in website/ (Docusaurus), book.toml (mdBook), hugo.* or a
// config.* with Hugo's keys beside content/ (Hugo), config.toml with
// Zola's base_url (Zola), Markdown files alone (a folder of GitHub
// Markdown). When it cannot tell, Kind is "" and the string says why.
func Detect(fsys fs.FS) (Kind, string) {
	if k, why := detectConfig(fsys); k != "" {
		return k, why
	}
	// A repository whose site is in a folder of its own (docs/, guide/,
	// exampleSite/): say where, rather than import the whole repository.
	if entries, err := fs.ReadDir(fsys, "."); err == nil {
		for _, e := range entries {
			if !e.IsDir() || hidden(e.Name()) {
				continue
			}
			sub, err := fs.Sub(fsys, e.Name())
			if err != nil {
				continue
			}
			if k, why := detectConfig(sub); k != "" {
				return "", fmt.Sprintf("its %s project is in %s/ (%s/%s); run playbook import %s on that folder, or playbook import markdown to import every Markdown file of this one as it is", kindTitles[k], e.Name(), e.Name(), why, k)
			}
		}
	}
	if hasMarkdown(fsys) {
		return Markdown, "Markdown files and no generator's configuration"
	}
	return "", "no mkdocs.yml, docusaurus.config.js, book.toml, hugo.toml, config.toml or Markdown file; name the kind: playbook import " + strings.Join(kindNames(), "|") + " SRC"
}

// detectConfig tells a generator's project by its configuration file at
// the root of fsys; "" when there is none.
func detectConfig(fsys fs.FS) (Kind, string) {
	has := func(name string) bool {
		_, err := fs.Stat(fsys, name)
		return err == nil
	}
	for _, name := range []string{"mkdocs.yml", "mkdocs.yaml"} {
		if has(name) {
			return MkDocs, name
		}
	}
	for _, dir := range []string{"", "website/"} { // website/: beside the code it documents
		for _, ext := range []string{"js", "ts", "mjs", "cjs", "mts"} {
			if name := dir + "docusaurus.config." + ext; has(name) {
				return Docusaurus, name
			}
		}
	}
	if has("book.toml") {
		return MdBook, "book.toml"
	}
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"} {
		if has(name) {
			return Hugo, name
		}
	}
	if has("config.toml") {
		data, _ := fs.ReadFile(fsys, "config.toml")
		if zolaConfig(string(data)) {
			return Zola, "config.toml with base_url"
		}
		if has("content") {
			return Hugo, "config.toml and content/"
		}
	}
	for _, name := range []string{"config.yaml", "config.yml", "config.json"} {
		if has(name) && has("content") {
			return Hugo, name + " and content/"
		}
	}
	if has("config") && has("content") { // Hugo's config/_default/
		if has("config/_default") {
			return Hugo, "config/_default/ and content/"
		}
	}
	return "", ""
}

// configFiles are the configuration files of each kind, any one of which
// makes a folder that kind of project when the kind is named.
var configFiles = map[Kind][]string{
	Hugo:       {"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "config/_default"},
	MkDocs:     {"mkdocs.yml", "mkdocs.yaml"},
	Docusaurus: {"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.mts", "website/docusaurus.config.js", "website/docusaurus.config.ts"},
	MdBook:     {"book.toml"},
	Zola:       {"config.toml"},
}

// hasConfig reports whether fsys has a configuration file of kind.
func hasConfig(fsys fs.FS, kind Kind) bool {
	for _, name := range configFiles[kind] {
		if _, err := fs.Stat(fsys, name); err == nil {
			return true
		}
	}
	return false
}

// zolaConfig reports whether a config.toml is Zola's: Zola requires
// base_url, Hugo calls it baseURL.
func zolaConfig(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			return false // top-level keys come first
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "base_url" {
			return true
		}
	}
	return false
}

// hasMarkdown reports whether the folder holds a Markdown file, at most
// two folders deep.
func hasMarkdown(fsys fs.FS) bool {
	found := false
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if d.IsDir() && (strings.Count(name, "/") >= 2 || name != "." && hidden(d.Name())) {
			return fs.SkipDir
		}
		if !d.IsDir() && isPage(d.Name()) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// kindNames returns the kinds as strings.
func kindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}
