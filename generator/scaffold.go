package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/deploy"
	"github.com/playbook-ssg/playbook/generator/layout"
)

// NewSite writes a minimal site that builds into dir: site.toml, a home
// page, an onboarding section, a .gitignore of the output folder and,
// unless ci is "" or deploy.None, the file of the CI service ci names
// (deploy.Services) that builds and publishes it. It returns the path of the CI file written, "" if none.
func NewSite(dir, ci string) (string, error) {
	var service *deploy.CI
	if ci != "" && ci != deploy.None {
		c, ok := deploy.Lookup(ci)
		if !ok {
			return "", fmt.Errorf("unknown CI service %q: want %s", ci, deploy.Choices())
		}
		service = &c
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return "", fmt.Errorf("%s exists and is not empty", dir)
	}
	files := map[string]string{
		// The output folder is built, not kept: CI builds it afresh.
		".gitignore": "/public/\n",
		"site.toml": `title = "Our Sales Playbook"
description = "How we lead, onboard and sell."
baseURL = "/"
language = "en"
audiences = ["manager", "seller", "new-hire"]
reviewAfter = "180d"

[params]
footer = "Our Sales Playbook"
`,
		"content/_index.md": `+++
title = "Our Sales Playbook"
description = "How we lead, onboard and sell."
audience = ["manager", "seller", "new-hire"]
+++

Welcome. New here? Start with [your first week](onboarding/first-week.md)
on the [onboarding path](onboarding/_index.md).
`,
		"content/onboarding/_index.md": `+++
title = "Onboarding"
type = "curriculum"
weight = 10
audience = ["new-hire", "manager"]
+++

The path every new seller follows.
`,
		"content/onboarding/first-week.md": `+++
title = "Your first week"
description = "What to do in your first five days."
weight = 10
audience = ["new-hire"]
duration = "5h"
+++

## Checklist

- [ ] Meet your manager
- [ ] Read [the playbook's home page](../_index.md)
- [ ] Add your first page: run ` + "`playbook new page selling/discovery-call`" + `
`,
	}
	ciPath := ""
	if service != nil {
		ciPath = filepath.Join(dir, filepath.FromSlash(service.Path))
		files[service.Path] = string(service.File())
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return "", err
		}
	}
	return ciPath, nil
}

// NewPage writes a page with front matter for kind ("page", "play" or
// "module") at path, a file under the site's content folder.
func NewPage(site, kind, path string, now time.Time) (string, error) {
	if err := CheckSource(site); err != nil {
		return "", err
	}
	cfg, diags := config.Load(os.DirFS(site))
	if err := diags.Err(false); err != nil {
		return "", err
	}
	contentDir := layout.New(cfg).Content
	rel := filepath.ToSlash(path)
	rel = strings.TrimPrefix(rel, contentDir+"/")
	if !strings.HasSuffix(rel, ".md") {
		rel += ".md"
	}
	if strings.HasPrefix(rel, "/") || strings.Contains(rel, "..") {
		return "", fmt.Errorf("%s: give a path inside %s/", path, contentDir)
	}
	full := filepath.Join(site, filepath.FromSlash(contentDir), filepath.FromSlash(rel))
	if _, err := os.Stat(full); err == nil {
		return "", fmt.Errorf("%s already exists", full)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(rel), ".md")
	if name == "" || name == "." || strings.HasSuffix(path, "/") {
		return "", fmt.Errorf("%s: give the page's file name, such as guide/setup", path)
	}
	if g, ok := layout.Reserved(strings.TrimSuffix(rel, ".md")+"/", layout.OptionalOf(cfg)); ok {
		return "", fmt.Errorf("%s: %s/ is where the build writes %s; choose another name", path, strings.TrimSuffix(g.Path, "/"), g.What)
	}
	title := content.TitleFromName(rel)
	date := now.Format("2006-01-02")
	// A number the file name starts with ("03-first-calls") orders it,
	// ten apart so that pages can go between.
	weight := 10
	if n, ok := orderNumber(filepath.Base(rel)); ok {
		weight = n * 10
	}
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\ndescription = \"\"\nweight = %d\n", title, weight)
	switch kind {
	case "module":
		b.WriteString("type = \"module\"\naudience = [\"new-hire\"]\nduration = \"1h\"\nrequires = []\n")
	case "play":
		b.WriteString("type = \"play\"\naudience = [\"seller\"]\ntags = []\n")
	case "page":
	default:
		return "", fmt.Errorf("unknown kind %q: want page, play or module", kind)
	}
	fmt.Fprintf(&b, "owner = \"\"\nreviewed = %s\n+++\n\n", date)
	switch kind {
	case "module":
		b.WriteString(`## Objectives

After this module a new hire can:

- say what this module teaches, in one sentence

## New hire checklist

- [ ] Read this module
- [ ] Ask your manager one question about it

## Manager checklist

- [ ] Check that the new hire can do what the objectives say
`)
	case "play":
		b.WriteString(`## When to run this play

Say when a seller runs this play, and what it gets them.

## Steps

- [ ] Prepare: what to read or bring
- [ ] Run: what to do with the buyer
- [ ] Follow up: what to send afterwards
`)
	default:
		b.WriteString("Write here.\n")
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	return full, os.WriteFile(full, []byte(b.String()), 0o644)
}

// orderNumber returns the number an ordering prefix of name gives
// ("03-first-calls" is 3), as content.TitleFromName leaves it out of the
// title.
func orderNumber(name string) (int, bool) {
	digits := name[:len(name)-len(strings.TrimLeft(name, "0123456789"))]
	if digits == "" || len(digits) > 3 || len(digits) == len(name) || !strings.ContainsRune("-_. ", rune(name[len(digits)])) {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}
