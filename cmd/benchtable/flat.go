package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// mdLink matches an inline Markdown link: its text and its destination.
var mdLink = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)

// flatCorpus writes to dst a site with every page of the corpus at src in
// one folder, content/all/, each under its own file name (the corpus's
// page names are unique), beside a home page and the folder's page. A
// link to another page is rewritten to the page's new name; a link to a
// section's page, which the flat site does not have, or to nothing
// becomes its text. It returns how many pages it wrote and how many
// links it dropped.
func flatCorpus(src, dst string) (pages, dropped int, err error) {
	srcContent := filepath.Join(src, "content")
	names := map[string]string{} // content-relative path → new file name
	taken := map[string]bool{}
	err = filepath.WalkDir(srcContent, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		rel, err := filepath.Rel(srcContent, p)
		if err != nil {
			return err
		}
		name := d.Name()
		if taken[name] {
			return fmt.Errorf("two pages named %s: the flat site needs unique names", name)
		}
		taken[name] = true
		names[filepath.ToSlash(rel)] = name
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	all := filepath.Join(dst, "content", "all")
	if err := os.RemoveAll(dst); err != nil {
		return 0, 0, err
	}
	if err := os.MkdirAll(all, 0o755); err != nil {
		return 0, 0, err
	}
	site, err := os.ReadFile(filepath.Join(src, "site.toml"))
	if err != nil {
		return 0, 0, err
	}
	files := map[string][]byte{
		filepath.Join(dst, "site.toml"):                   site,
		filepath.Join(dst, "content", "_index.md"):        []byte("+++\ntitle = \"Flat playbook\"\n+++\n\nEvery page in one folder.\n"),
		filepath.Join(dst, "content", "all", "_index.md"): []byte("+++\ntitle = \"All pages\"\n+++\n"),
	}
	for rel, name := range names {
		b, err := os.ReadFile(filepath.Join(srcContent, filepath.FromSlash(rel)))
		if err != nil {
			return 0, 0, err
		}
		body := mdLink.ReplaceAllStringFunc(string(b), func(link string) string {
			m := mdLink.FindStringSubmatch(link)
			text, dest := m[1], m[2]
			if strings.Contains(dest, "://") || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "mailto:") {
				return link
			}
			target, frag, _ := strings.Cut(dest, "#")
			if to, ok := names[path.Join(path.Dir(rel), target)]; ok {
				if frag != "" {
					to += "#" + frag
				}
				return "[" + text + "](" + to + ")"
			}
			dropped++
			return text
		})
		files[filepath.Join(all, name)] = []byte(body)
	}
	for p, b := range files {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return 0, 0, err
		}
	}
	return len(names), dropped, nil
}

// dirBytes returns the apparent size of the files under dir.
func dirBytes(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		n += info.Size()
		return err
	})
	return n, err
}

// flatRow builds the corpus of n pages flattened into one folder (see
// flatCorpus) runs times, cold, and returns a line on its median build:
// wall time, peak RSS, output bytes and warnings.
func flatRow(bin, work string, n, runs int) (string, error) {
	corpus := filepath.Join(work, fmt.Sprintf("corpus-%d", n))
	flat := filepath.Join(work, fmt.Sprintf("flat-%d", n))
	pages, dropped, err := flatCorpus(corpus, flat)
	if err != nil {
		return "", fmt.Errorf("flat corpus: %w", err)
	}
	defer os.RemoveAll(flat)
	var cold []sample
	var size int64
	var warnings string
	for i := 0; i < runs; i++ {
		out := filepath.Join(work, fmt.Sprintf("out-flat-%d-%d", n, i))
		_ = os.RemoveAll(out)
		_ = os.RemoveAll(os.Getenv("XDG_CACHE_HOME"))
		s, log, err := measureOut(bin, "build", "-s", flat, "-o", out)
		if err != nil {
			return "", err
		}
		cold = append(cold, s)
		if size, err = dirBytes(out); err != nil {
			return "", err
		}
		warnings = warningCount(log)
		_ = os.RemoveAll(out)
	}
	c := median(cold)
	return fmt.Sprintf("One folder: %d pages of the %d-page corpus in content/all/ (%d links to sections' pages made plain text): cold build %s, peak RSS %s, output %d MB, %s.",
		pages, n, dropped, secs(c.wall), mib(c.rss), size/1_000_000, warnings), nil
}

// buildSummary matches the count of warnings in playbook build's last line.
var buildSummary = regexp.MustCompile(`\((\d+ warnings?)\)\s*$`)

// warningCount returns "N warnings" from playbook build's output.
func warningCount(log []byte) string {
	if m := buildSummary.FindSubmatch(log); m != nil {
		return string(m[1])
	}
	return "no warnings"
}
