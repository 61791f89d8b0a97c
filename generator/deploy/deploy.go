// Package deploy holds the deployment recipes: the CI files that
// `playbook new site --ci` writes, and the nginx configuration README's
// Deploy section shows (nginx-subpath.conf), which this package's tests
// run under a real nginx.
package deploy

import (
	"embed"
	"strings"
)

//go:embed github.yml gitlab-ci.yml netlify.toml
var files embed.FS

// CI is a service that builds and publishes a site from its repository.
type CI struct {
	// Name is what `--ci` takes: "github", "gitlab" or "netlify".
	Name string
	// Path is where the file goes in the site, slash-separated:
	// ".github/workflows/playbook.yml".
	Path string
	// file is its name in this folder.
	file string
}

// Services returns the CI services a new site can be set up for, in the
// order help and messages list them.
func Services() []CI {
	return []CI{
		{Name: "github", Path: ".github/workflows/playbook.yml", file: "github.yml"},
		{Name: "gitlab", Path: ".gitlab-ci.yml", file: "gitlab-ci.yml"},
		{Name: "netlify", Path: "netlify.toml", file: "netlify.toml"},
	}
}

// None is the --ci value that writes no CI file.
const None = "none"

// Lookup returns the CI service called name, and false when there is
// none by that name (None included).
func Lookup(name string) (CI, bool) {
	for _, c := range Services() {
		if c.Name == name {
			return c, true
		}
	}
	return CI{}, false
}

// Choices returns what --ci takes, for messages: "github, gitlab,
// netlify or none".
func Choices() string {
	var names []string
	for _, c := range Services() {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ") + " or " + None
}

// File returns the text of the CI file.
func (c CI) File() []byte {
	b, err := files.ReadFile(c.file)
	if err != nil {
		panic(err) // embedded above: a missing file is a programming error
	}
	return b
}
