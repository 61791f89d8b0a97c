package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// playbook import detects the kind, writes the new site beside the
// source by default, prints the report and says what to run next; it
// refuses to run again over that site without --force.
func TestImportCommand(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir(tmp)
	if err := os.MkdirAll("wiki/guide", 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"wiki/README.md": "# Wiki\n\nSee [the guide](guide/README.md).\n", "wiki/guide/README.md": "# Guide\n"} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCLI(t, "import", "wiki")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"# Import report", "(detected: Markdown files and no generator's configuration)", "| pages (sections' own pages included) | 2 |", "next: playbook serve -s wiki-playbook"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	report, err := os.ReadFile(filepath.Join("wiki-playbook", "IMPORT.md"))
	if err != nil || !strings.HasPrefix(out, string(report)) {
		t.Errorf("IMPORT.md is not what was printed (%v)", err)
	}
	if code, _, _ := runCLI(t, "build", "-s", "wiki-playbook"); code != 0 {
		t.Errorf("the imported site does not build: exit %d", code)
	}
	if code, _, errs := runCLI(t, "import", "markdown", "wiki", "-o", "wiki-playbook"); code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("import over a site: exit %d, stderr %q; want a usage error naming --force", code, errs)
	}
	if code, _, errs := runCLI(t, "import", "markdown", "wiki", "-o", "wiki-playbook", "--force"); code != 0 {
		t.Errorf("import --force: exit %d, stderr %q", code, errs)
	}
	t.Chdir("wiki")
	if code, out, errs := runCLI(t, "import", ".", "--force"); code != 0 || !strings.Contains(out, "next: playbook serve -s ../wiki-playbook\n") {
		t.Errorf("import . from inside the project: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	t.Chdir("..")
	for _, args := range [][]string{{"import"}, {"import", "hugo"}, {"import", "jekyll", "wiki"}, {"import", "nosuch"}, {"import", "wiki", "-o", "wiki/inside"}} {
		if code, _, errs := runCLI(t, args...); code != exitUsage || !strings.Contains(errs, "usage: playbook import") {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, errs)
		}
	}
}
