package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// writeSite writes files into a new site folder, with an empty site.toml
// unless files has one.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["site.toml"]; !ok {
		files = maps.Clone(files)
		files["site.toml"] = ""
	}
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files, by slash path, into the folder dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBuildPrintsOneLineSummary(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": "# A\n", "content/s/b.md": "# B\n"})
	code, out, errs := runCLI(t, "build", "-s", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^built 2 pages, 2 sections, \d+ files \(\d+ written\) in \d+ ms\n$`).MatchString(out) {
		t.Errorf("summary %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/s/b/index.html")); err != nil {
		t.Error(err)
	}
	one := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	if _, out, _ := runCLI(t, "check", "-s", one); !regexp.MustCompile(`^checked 1 page, 1 section, \d+ files in \d+ ms; nothing written\n$`).MatchString(out) {
		t.Errorf("summary of one page %q", out)
	}
}

func TestSummaryLineCountsWarnings(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":    "[links]\ninternal = \"warning\"\n",
		"content/a.md": "[x](missing.md) [y](gone.md)\n",
		"content/b.md": "[z](/nowhere/)\n",
	})
	code, out, errs := runCLI(t, "build", "-s", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^built 2 pages, 1 section, \d+ files \(\d+ written\) in \d+ ms \(3 warnings\)\n$`).MatchString(out) {
		t.Errorf("summary %q", out)
	}
	if !strings.Contains(errs, "content/b.md:1:1: warning: link target \"/nowhere/\" not found") {
		t.Errorf("stderr:\n%s", errs)
	}
	code, out, _ = runCLI(t, "check", "-s", dir)
	if code != 0 || !regexp.MustCompile(`^checked .* in \d+ ms \(3 warnings\); nothing written\n$`).MatchString(out) {
		t.Errorf("check: exit %d, summary %q", code, out)
	}
	if code, _, _ = runCLI(t, "check", "--strict", "-s", dir); code != 1 {
		t.Errorf("check --strict: exit %d, want 1", code)
	}
}

func TestBuildExitsOneWithAllErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/a.md": "[x](missing.md)\n",
		"content/b.md": "+++\ntitle = \n+++\n",
	})
	code, _, errs := runCLI(t, "build", "-s", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "content/a.md:1:1: link target \"missing.md\" not found") ||
		!strings.Contains(errs, "content/b.md:2:") {
		t.Errorf("stderr:\n%s", errs)
	}
}

// A file or folder whose name is not UTF-8 (io/fs names are, as URLs
// are) is named as such with its bytes escaped, at its path, all at once
// and with the theme's other errors: in content/, static/, assets/,
// layouts/ and a theme's folders alike.
func TestNamesThatAreNotUTF8AreNamed(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":                    "theme = \"mine\"\n",
		"content/_index.md":            "# Home\n",
		"content/bad\xff.md":           "# Bad\n",
		"content/d\xfa/p.md":           "# In a bad folder\n",
		"content/i\xfd.png":            "PNG",
		"content/fine-\u00e9.md":       "# Fine\n",
		"static/s\xfe.css":             "x",
		"assets/a\xfc.css":             "x",
		"layouts/partials/l\xfb.html":  "x",
		"themes/mine/static/t\xf9.txt": "x",
		"themes/mine/layouts/ok.html":  "",
		"layouts/page.html":            "{{ if }}",
	})
	code, _, errs := runCLI(t, "build", "-s", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errs)
	}
	for _, name := range []string{"content/bad\xff.md", "content/d\xfa", "content/i\xfd.png", "static/s\xfe.css",
		"assets/a\xfc.css", "layouts/partials/l\xfb.html", "themes/mine/static/t\xf9.txt"} {
		q := strconv.Quote(name) // the path is written with its stray bytes escaped
		want := fmt.Sprintf("%s: the name %q is not valid UTF-8: rename it\n", q[1:len(q)-1], path.Base(name))
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(errs, "8 errors") || !strings.Contains(errs, "layouts/page.html:1: missing value for if") || strings.Contains(errs, "invalid argument") || strings.Contains(errs, "fine-") {
		t.Errorf("stderr:\n%s", errs)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"build", "--nope"}, {"build", "extra"}, {"new", "kind", "x"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestHelpAndVersionExitZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"build", "--help"}, {"serve", "-h"}, {"version"}} {
		if code, _, _ := runCLI(t, args...); code != 0 {
			t.Errorf("%v: exit %d, want 0", args, code)
		}
	}
}

func TestNewSiteBuildsAndNewModuleChecks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %s", errs)
	}
	if code, _, errs := runCLI(t, "new", "module", "onboarding/second-week", "-s", dir); code != 0 {
		t.Fatalf("new module: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/onboarding/second-week.md"))
	if err != nil || !strings.Contains(string(b), `duration = "1h"`) {
		t.Fatalf("module file: %v\n%s", err, b)
	}
	if code, _, errs := runCLI(t, "check", "-s", dir); code != 0 {
		t.Fatalf("check of a new site failed: %s", errs)
	}
	if b, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err != nil || string(b) != "/public/\n" {
		t.Errorf(".gitignore: %q, %v; want the output folder ignored", b, err)
	}
}

// new page follows contentDir, titles a non-ASCII name whole and refuses a
// path without a file name instead of crashing.
func TestNewPageFollowsContentDirAndRefusesEmptyNames(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("contentDir = \"docs\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "new", "page", "guide/über-uns", "-s", dir); code != 0 {
		t.Fatalf("new page: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "docs/guide/über-uns.md"))
	if err != nil || !strings.Contains(string(b), `title = "Über uns"`) {
		t.Fatalf("page file: %v\n%s", err, b)
	}
	for _, name := range []string{"guide/", ".md", ""} {
		code, _, errs := runCLI(t, "new", "page", name, "-s", dir)
		if code != 1 || !strings.Contains(errs, "give the page's file name") {
			t.Errorf("new page %q: exit %d, %s", name, code, errs)
		}
	}
}

// new module orders a module by the number its file name starts with, and
// new page refuses a path where the build writes its own pages.
func TestNewPageOrdersByNumberAndRefusesReservedPaths(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	if code, _, errs := runCLI(t, "new", "module", "-s", dir, "onboarding/03-first-calls"); code != 0 {
		t.Fatalf("new module: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/onboarding/03-first-calls.md"))
	if err != nil || !strings.Contains(string(b), "\nweight = 30\n") || !strings.Contains(string(b), `title = "First calls"`) {
		t.Fatalf("module file: %v\n%s", err, b)
	}
	for name, want := range map[string]string{
		"tags/foo": "tags/foo: tags/ is where the build writes the tag pages; choose another name",
		"search":   "search: search/ is where the build writes ",
	} {
		code, _, errs := runCLI(t, "new", "page", "-s", dir, name)
		if code != 1 || !strings.Contains(errs, want) {
			t.Errorf("new page %s: exit %d, %q; want exit 1 and %q", name, code, errs, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "content", name+".md")); err == nil {
			t.Errorf("new page %s wrote the file", name)
		}
	}
}

// Every command that takes -s refuses a folder that is not a site (one
// that does not exist, a file, an empty folder, a content folder without
// site.toml) with a message naming site.toml and the folder, and does
// nothing: no output folder, no page, no server. serve gets a context that
// is already done, so that a serve which started would return at once with
// exit 0 and "serving on" instead of hanging the test.
func TestCommandsRefuseAFolderThatIsNotASite(t *testing.T) {
	parent := t.TempDir()
	site := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	bare := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	if err := os.Remove(filepath.Join(bare, "site.toml")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(parent, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(parent, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	folders := []struct {
		name, dir, want string
	}{
		{"missing", filepath.Join(parent, "nosuch"), "site folder " + filepath.Join(parent, "nosuch") + " not found: it should hold site.toml and content/"},
		{"file", file, "site folder " + file + " is a file: -s takes the folder that holds site.toml"},
		{"empty", empty, "no site.toml in " + empty + ": a site folder holds site.toml and content/; give the site's folder with -s, or start a site with: playbook new site DIR"},
		{"content only", bare, "no site.toml in " + bare + ": a site folder holds site.toml and content/"},
		{"a site's content folder", filepath.Join(site, "content"), "no site.toml in " + filepath.Join(site, "content") + ": a site folder holds site.toml and content/; the folder above, " + site + ", has one: give that one with -s"},
	}
	commands := [][]string{{"build"}, {"check"}, {"serve"}, {"pdf"}, {"new", "page", "x"}, {"new", "play", "x"}, {"new", "module", "x"}}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range folders {
		for _, cmd := range commands {
			args := append(append([]string{}, cmd...), "-s", f.dir)
			if cmd[0] == "pdf" {
				args = append(args, "-o", filepath.Join(parent, "out.pdf"))
			}
			var out, errb bytes.Buffer
			code := run(done, args, &out, &errb)
			if code != 1 || !strings.Contains(errb.String(), f.want) || strings.Contains(out.String(), "serving on") {
				t.Errorf("%s: %v: exit %d, stdout %q, stderr %q; want exit 1 and %q", f.name, cmd, code, out.String(), errb.String(), f.want)
			}
		}
		for _, made := range []string{"public", "content/x.md", "out.pdf"} {
			if _, err := os.Stat(filepath.Join(f.dir, made)); err == nil {
				t.Errorf("%s: %s was written", f.name, made)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(parent, "out.pdf")); err == nil {
		t.Error("a PDF was written")
	}
}

// A site whose content folder is missing says where it looked.
func TestMissingContentFolderNamesWhereItLooked(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.toml": "title = \"T\"\n"})
	code, _, errs := runCLI(t, "build", "-s", dir)
	want := `site.toml:1:1: content folder content/ not found (contentDir = "content"; looked for ` + filepath.Join(dir, "content") + string(filepath.Separator) + `)`
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errs, want)
	}
}

// A relative -s is named as given and by its absolute path.
func TestServeOfAnEmptyFolderNamesItAsGivenAndInFull(t *testing.T) {
	parent := t.TempDir()
	if err := os.Mkdir(filepath.Join(parent, "emptydir"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(parent)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(done, []string{"serve", "-s", "emptydir"}, &out, &errb)
	want := "playbook serve: no site.toml in emptydir (" + filepath.Join(parent, "emptydir") + "): a site folder holds site.toml and content/"
	if code != 1 || !strings.HasPrefix(errb.String(), want) || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out.String(), errb.String(), want)
	}
}

// A page whose front matter is in error reports each bad value, and pages
// linking to it by path, slug or alias get no false "not found".
func TestFrontMatterErrorsComeAtOnceWithoutFalseLinkErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":    "audiences = [\"seller\"]\n",
		"content/a.md": "+++\nweight = \"ten\"\nduration = \"five hours\"\naudience = [\"nobody\"]\nslug = \"custom\"\naliases = [\"/old/\"]\n+++\n## Steps\n",
		"content/b.md": "[a](a.md) [b](/custom/) [c](/old/) [d](a.md#steps)\n",
	})
	code, _, errs := runCLI(t, "check", "-s", dir)
	want := "content/a.md:2:1: weight: wrong type: got string, want integer\n" +
		"content/a.md:3:1: duration: \"five hours\" is not a duration like \"45m\", \"1h30m\" or \"180d\"\n" +
		"content/a.md:4:1: unknown audience \"nobody\"; site.toml declares \"seller\"\n" +
		"playbook check: 3 errors; nothing written\n"
	if code != 1 || errs != want {
		t.Errorf("exit %d, stderr\n%s\nwant exit 1 and\n%s", code, errs, want)
	}
}

// Every command and subcommand answers -h and --help, before or after its
// arguments, with a description, "Usage", its flags written with "--",
// their defaults and an example, exits 0, and does nothing: no folder,
// no page, no server.
func TestEveryCommandAnswersHelpWithoutActing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range commands {
		name := strings.Fields(c.name)
		calls := [][]string{append(name[:len(name):len(name)], "-h"), append(name[:len(name):len(name)], "--help")}
		if c.max > 0 {
			calls = append(calls, append(name[:len(name):len(name)], "--help", "x"), append(name[:len(name):len(name)], "x", "--help"))
		}
		for _, args := range calls {
			var out, errb bytes.Buffer
			code := run(done, args, &out, &errb)
			help := out.String()
			if code != 0 || errb.Len() != 0 {
				t.Errorf("%q: exit %d, stderr %q; want exit 0 and no error", args, code, errb.String())
			}
			for _, want := range []string{c.summary + "\n", "Usage:\n  playbook " + c.name, "Flags:\n  -h, --help", "Example:\n  playbook "} {
				if !strings.Contains(help, want) {
					t.Errorf("%q: help lacks %q:\n%s", args, want, help)
				}
			}
			i := strings.Index(help, "Flags:")
			if i < 0 || !strings.Contains(help[i:], "\n\n") {
				continue
			}
			flags := help[i : i+strings.Index(help[i:], "\n\n")] // up to Subcommands or Example
			for _, l := range strings.Split(strings.TrimSpace(flags), "\n")[1:] {
				if !regexp.MustCompile(`^  (-[a-z], |    )--[a-z-]+ `).MatchString(l) {
					t.Errorf("%q: flag line %q does not name a --flag", args, l)
				}
			}
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"help", "new", "site"}} {
		if code, out, errs := runCLI(t, args...); code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "Example:") || errs != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
		t.Errorf("help wrote %v (%v)", entries, err)
	}
	if _, out, _ := runCLI(t, "serve", "--help"); !strings.Contains(out, `--addr HOST:PORT  address HOST:PORT to listen on (default "127.0.0.1:1313")`) {
		t.Errorf("serve --help does not give --addr's default:\n%s", out)
	}
}

// A command with subcommands lists them with their summaries and says
// where their flags are; the overview's audit summary names removals.
func TestHelpListsSubcommands(t *testing.T) {
	for _, args := range [][]string{{"help", "progress"}, {"progress", "--help"}} {
		_, out, _ := runCLI(t, args...)
		want := "\nSubcommands:\n" +
			"  serve   " + lookup("progress serve").summary + "\n" +
			"  invite  " + lookup("progress invite").summary + "\n" +
			"  revoke  " + lookup("progress revoke").summary + "\n" +
			"  remove  " + lookup("progress remove").summary + "\n" +
			"  teams   " + lookup("progress teams").summary + "\n" +
			"  backup  " + lookup("progress backup").summary + "\n" +
			"  audit   " + lookup("progress audit").summary + "\n" +
			"\nRun \"playbook progress SUBCOMMAND --help\" for its flags.\n"
		if !strings.Contains(out, want) {
			t.Errorf("%q:\n%s\nwant it to hold:\n%s", args, out, want)
		}
	}
	if _, out, _ := runCLI(t, "help", "new"); !strings.Contains(out, "\n  module  Add a curriculum module") || !strings.Contains(out, `Run "playbook new SUBCOMMAND --help" for its flags.`) {
		t.Errorf("help new:\n%s", out)
	}
	if _, out, _ := runCLI(t, "progress", "serve", "--help"); strings.Contains(out, "Subcommands:") {
		t.Errorf("progress serve --help lists subcommands:\n%s", out)
	}
	_, out, _ := runCLI(t, "--help")
	if want := "  progress audit   Print the progress service's audit log, oldest first: people added and their role or manager changes, invitations and their use, revocations, removals, sign-offs and undone sign-offs.\n"; !strings.Contains(out, want) {
		t.Errorf("--help:\n%s\nwant it to hold %q", out, want)
	}
	if want := "print their one-time sign-in link: to the site's home page for a member, to its team page for a manager or admin."; !strings.Contains(out, want) {
		t.Errorf("--help does not say where invite's link leads:\n%s", out)
	}
}

// Flags go before or after the arguments: `new page -s mysite
// leading/notes` and `new page leading/notes -s mysite` both add the page.
func TestFlagsGoBeforeOrAfterArguments(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	for _, args := range [][]string{{"new", "page", "-s", dir, "leading/notes"}, {"new", "page", "leading/more", "--source", dir}, {"new", "page", "--source=" + dir, "--", "leading/-dash"}} {
		if code, out, errs := runCLI(t, args...); code != 0 || !strings.HasPrefix(out, "created ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	for _, name := range []string{"notes", "more", "-dash"} {
		if _, err := os.Stat(filepath.Join(dir, "content/leading", name+".md")); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := runCLI(t, "check", "-s", dir, "--strict"); code != 0 {
		t.Errorf("check: %s", errs)
	}
	if code, _, errs := runCLI(t, "new", "site"); code != 2 || !strings.Contains(errs, "playbook new site: missing DIR") {
		t.Errorf("new site without DIR: exit %d, %s", code, errs)
	}
}

// `new site` and then every kind of page is a site that `check --strict`
// passes with no warning; a module's title leaves out its number prefix
// and its lists have no empty items.
func TestScaffoldsAreFinished(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %s", errs)
	}
	check := func(after string) {
		t.Helper()
		code, out, errs := runCLI(t, "check", "--strict", "-s", dir)
		if code != 0 || errs != "" || strings.Contains(out, "warning") {
			t.Errorf("check --strict after %s: exit %d, stdout %q, stderr %q", after, code, out, errs)
		}
	}
	check("new site")
	for _, c := range []struct{ kind, path, title string }{
		{"module", "onboarding/03-first-calls", "First calls"},
		{"play", "selling/02_discovery-call", "Discovery call"},
		{"page", "leading/notes", "Notes"},
	} {
		if code, _, errs := runCLI(t, "new", c.kind, c.path, "-s", dir); code != 0 {
			t.Fatalf("new %s: %s", c.kind, errs)
		}
		check("new " + c.kind)
		b, err := os.ReadFile(filepath.Join(dir, "content", c.path+".md"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "title = \""+c.title+"\"\n") {
			t.Errorf("new %s %s: want title %q:\n%s", c.kind, c.path, c.title, b)
		}
		if regexp.MustCompile(`(?m)^\s*[-*+]( \[[ x]\])?\s*$`).Match(b) {
			t.Errorf("new %s: an empty list item:\n%s", c.kind, b)
		}
	}
}

// serve of a site.toml whose content folder is missing says where it
// looked and exits 1 before serving, without claiming a version it has.
func TestServeWithoutContentFolderExitsBeforeServing(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.toml": "title = \"T\"\n"})
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "-s", dir, "--addr", "127.0.0.1:0"}, &out, &errb)
	want := "looked for " + filepath.Join(dir, "content") + string(filepath.Separator) + ")"
	if code != 1 || !strings.Contains(errb.String(), want) || strings.Contains(errb.String(), "last good version") || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out.String(), errb.String(), want)
	}
}

// Every command of the table has an example of whole commands, and every
// flag it takes a usage in its help; no flag is left out of the help but
// the one-letter spellings listed beside their long names.
func TestEveryCommandHasAnExampleAndEveryFlagAUsage(t *testing.T) {
	for _, cmd := range commands {
		for _, e := range strings.Split(cmd.example, "\n") {
			if !strings.HasPrefix(e, "playbook ") || !strings.Contains(e, strings.Fields(cmd.name)[0]) {
				t.Errorf("%s: example line %q is not a playbook %s command", cmd.name, e, cmd.name)
			}
		}
		c := flagsOf(cmd.name)
		listed := map[string]bool{}
		for _, long := range c.order {
			listed[long] = true
			if s := c.short[long]; s != "" {
				listed[s] = true
			}
			if _, usage := flag.UnquoteUsage(c.fs.Lookup(long)); strings.TrimSpace(usage) == "" {
				t.Errorf("%s --%s has no usage", cmd.name, long)
			}
		}
		c.fs.VisitAll(func(f *flag.Flag) {
			if !listed[f.Name] {
				t.Errorf("%s: flag %s is not in the help", cmd.name, f.Name)
			}
		})
	}
}

// The same flag means the same thing everywhere: -s/--source is a site
// folder, -o/--output what a command writes, -q/--quiet, -v/--verbose; the
// commands that build a site (build, check, serve, pdf) all take -s,
// --drafts, --strict, -q and -v.
func TestFlagsAreConsistentAcrossCommands(t *testing.T) {
	shorts := map[string]string{"source": "s", "output": "o", "quiet": "q", "verbose": "v"}
	for _, cmd := range commands {
		c := flagsOf(cmd.name)
		for _, long := range c.order {
			if want, ok := shorts[long]; ok && c.short[long] != want {
				t.Errorf("%s --%s: short -%s, want -%s", cmd.name, long, c.short[long], want)
			}
			if s := c.short[long]; s != "" && shorts[long] != s {
				t.Errorf("%s: -%s is --%s, elsewhere --%s", cmd.name, s, long, longOf(shorts, s))
			}
			if value, _ := flag.UnquoteUsage(c.fs.Lookup(long)); long == "source" && value != "DIR" {
				t.Errorf("%s --source takes %s, want DIR", cmd.name, value)
			}
		}
		if slices.Contains([]string{"build", "check", "serve", "pdf"}, cmd.name) {
			for _, long := range []string{"source", "drafts", "strict", "quiet", "verbose"} {
				if !slices.Contains(c.order, long) {
					t.Errorf("%s lacks --%s", cmd.name, long)
				}
			}
		}
	}
}

func longOf(shorts map[string]string, s string) string {
	for long, short := range shorts {
		if short == s {
			return long
		}
	}
	return "nothing"
}

// version and --version print the version, the commit, its date and the
// Go release, one a line.
func TestVersionPrintsCommitDateAndGo(t *testing.T) {
	_, a, _ := runCLI(t, "version")
	_, b, _ := runCLI(t, "--version")
	want := regexp.MustCompile(`^playbook \S+\ncommit: \S+\ndate:   \S+\ngo:     go\S+ \w+/\w+\n$`)
	if a != b || !want.MatchString(a) {
		t.Errorf("version %q, --version %q; want both to match %s", a, b, want)
	}
	if code, _, _ := runCLI(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d, want 2", code)
	}
}

// check takes --base-url as build does, and checks it: check is a build
// that writes nothing.
func TestCheckTakesBaseURLAsBuildDoes(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": "# A\n"})
	for _, cmd := range []string{"check", "build"} {
		if code, _, errs := runCLI(t, cmd, "-s", dir, "--base-url", "ftp://x y"); code != 1 || !strings.Contains(errs, `baseURL "ftp://x y" is not an http(s) URL or a path`) {
			t.Errorf("%s with a bad --base-url: exit %d, %q", cmd, code, errs)
		}
		if code, _, errs := runCLI(t, cmd, "-s", dir, "--base-url", "https://example.com/sub/"); code != 0 {
			t.Errorf("%s --base-url: exit %d, %q", cmd, code, errs)
		}
	}
}
