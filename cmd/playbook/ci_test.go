package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// TestMain lets the test binary stand in for the playbook command: run
// with PLAYBOOK_TEST_AS_CLI set, it is the CLI, so that the shell
// commands of the CI files can call `playbook` (see fakeToolchain).
func TestMain(m *testing.M) {
	if os.Getenv("PLAYBOOK_TEST_AS_CLI") != "" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// module is what the CI files install or run.
const module = "github.com/playbook-ssg/playbook/cmd/playbook"

// fakeToolchain returns a folder to put first on PATH: `playbook` is
// this test binary, and `go` accepts what the CI files ask of it, `go
// install` and `go run` of playbook at the version they name, running
// this binary for `go run`. Anything else fails.
func fakeToolchain(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := os.Symlink(self, filepath.Join(bin, "playbook")); err != nil {
		t.Fatal(err)
	}
	goStub := `#!/bin/sh
want="` + module + `@latest"
case "$1" in
install) [ "$#" = 2 ] && [ "$2" = "$want" ] && exit 0 ;;
run) [ "$2" = "$want" ] && shift 2 && exec playbook "$@" ;;
esac
echo "fake go: unexpected: go $*" >&2
exit 2
`
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(goStub), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// shell runs script with bash -e in the site folder dir, with env on top
// of a PATH that finds the fake toolchain first, and returns its output
// and whether it succeeded.
func shell(t *testing.T, bin, dir, script string, env map[string]string) (string, bool) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"XDG_CACHE_HOME=" + t.TempDir(),
		"PLAYBOOK_TEST_AS_CLI=1",
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// newSiteWithCI runs `playbook new site DIR --ci name` and returns DIR
// and the CI file's bytes.
func newSiteWithCI(t *testing.T, name, file string) (string, []byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	code, out, errs := runCLI(t, "new", "site", dir, "--ci", name)
	if code != 0 {
		t.Fatalf("new site --ci %s: exit %d: %s", name, code, errs)
	}
	if want := filepath.Join(dir, filepath.FromSlash(file)); !strings.Contains(out, want) {
		t.Errorf("new site --ci %s says %q, want the CI file %s named", name, out, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return dir, b
}

// assertBuilt checks that the CI commands built the site into
// dir/public with base as its base URL, and removes the output.
func assertBuilt(t *testing.T, dir, base string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if err != nil {
		t.Fatalf("the CI commands wrote no public/index.html: %v", err)
	}
	if want := `<link rel="canonical" href="` + base + `">`; !strings.Contains(string(b), want) {
		t.Errorf("public/index.html has no %s", want)
	}
	if err := os.RemoveAll(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
}

// breakStrict adds a page with an unknown front matter key: a warning,
// which fails a strict build.
func breakStrict(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "content", "typo.md"), []byte("+++\ntitel = \"Typo\"\n+++\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// strictFailure checks that a run failed on the warning breakStrict
// made.
func strictFailure(t *testing.T, out string, ok bool) {
	t.Helper()
	if ok || !strings.Contains(out, `content/typo.md:2:1: unknown key "titel"`) {
		t.Errorf("a build with a warning did not fail on it (ok %v):\n%s", ok, out)
	}
}

func decodeYAML(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("not the YAML the test knows: %v\n%s", err, b)
	}
}

// The GitHub Actions workflow is valid YAML with what GitHub Pages needs,
// and its build steps, run in order, build the site strictly for the
// Pages URL into the folder it uploads.
func TestNewSiteCIGitHubBuildsForPages(t *testing.T) {
	dir, b := newSiteWithCI(t, "github", ".github/workflows/playbook.yml")
	type step struct {
		ID   string            `yaml:"id"`
		Name string            `yaml:"name"`
		Uses string            `yaml:"uses"`
		With map[string]any    `yaml:"with"`
		Env  map[string]string `yaml:"env"`
		Run  string            `yaml:"run"`
	}
	var wf struct {
		Name        string            `yaml:"name"`
		On          map[string]any    `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Concurrency struct {
			Group            string `yaml:"group"`
			CancelInProgress bool   `yaml:"cancel-in-progress"`
		} `yaml:"concurrency"`
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			Needs       string `yaml:"needs"`
			RunsOn      string `yaml:"runs-on"`
			Environment struct {
				Name string `yaml:"name"`
				URL  string `yaml:"url"`
			} `yaml:"environment"`
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	decodeYAML(t, b, &wf)
	if want := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}; !reflect.DeepEqual(wf.Permissions, want) {
		t.Errorf("permissions %v, want %v", wf.Permissions, want)
	}
	if wf.Concurrency.Group == "" || wf.Concurrency.CancelInProgress {
		t.Errorf("concurrency %+v: Pages wants one group whose deployments are not cancelled", wf.Concurrency)
	}
	deployJob := wf.Jobs["deploy"]
	if deployJob.Needs != "build" || deployJob.Environment.Name != "github-pages" || len(deployJob.Steps) != 1 || deployJob.Steps[0].Uses != "actions/deploy-pages@v5" {
		t.Errorf("deploy job %+v: want actions/deploy-pages@v5 in environment github-pages after build", deployJob)
	}

	// The build job: actions known by their current major version, and
	// run steps executed in order, ${{ }} expressions only in env.
	actions := map[string]bool{"actions/checkout@v7": true, "actions/setup-go@v7": true, "actions/configure-pages@v6": true, "actions/upload-pages-artifact@v5": true}
	expr := regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	outputs := map[string]string{"steps.pages.outputs.base_url": "https://octo.github.io/handbook"}
	bin := fakeToolchain(t)
	steps := wf.Jobs["build"].Steps
	var upload string
	var sawBuild, sawConfigure bool
	runSteps := func() (string, bool) {
		var all strings.Builder
		for _, s := range steps {
			if s.Uses != "" {
				if !actions[s.Uses] {
					t.Errorf("step uses %s, not a version the test knows", s.Uses)
				}
				sawConfigure = sawConfigure || s.Uses == "actions/configure-pages@v6" && s.ID == "pages"
				if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") {
					upload, _ = s.With["path"].(string)
				}
				continue
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("step %q puts an expression into its script; pass it in env", s.Name)
			}
			env := map[string]string{}
			for k, v := range wf.Env {
				env[k] = v
			}
			for k, v := range s.Env {
				env[k] = expr.ReplaceAllStringFunc(v, func(m string) string {
					name := expr.FindStringSubmatch(m)[1]
					val, ok := outputs[name]
					if !ok {
						t.Errorf("step %q uses %s, which the test does not know", s.Name, m)
					}
					return val
				})
			}
			sawBuild = sawBuild || strings.HasPrefix(s.Run, "playbook build --strict ")
			out, ok := shell(t, bin, dir, s.Run, env)
			all.WriteString(out)
			if !ok {
				return all.String(), false
			}
		}
		return all.String(), true
	}
	if out, ok := runSteps(); !ok {
		t.Fatalf("the build job's steps failed:\n%s", out)
	}
	if !sawBuild || !sawConfigure || upload != "public" {
		t.Errorf("build job: a playbook build --strict step %v, configure-pages as step pages %v, upload of %q (want public)", sawBuild, sawConfigure, upload)
	}
	assertBuilt(t, dir, "https://octo.github.io/handbook/")
	breakStrict(t, dir)
	out, ok := runSteps()
	strictFailure(t, out, ok)
}

// The GitLab CI file is valid YAML whose pages job builds the site
// strictly for the Pages URL into public/, the folder GitLab publishes.
func TestNewSiteCIGitLabBuildsForPages(t *testing.T) {
	dir, b := newSiteWithCI(t, "gitlab", ".gitlab-ci.yml")
	type job struct {
		Image     string            `yaml:"image"`
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			Paths []string `yaml:"paths"`
		} `yaml:"artifacts"`
		Rules []struct {
			If string `yaml:"if"`
		} `yaml:"rules"`
	}
	var jobs map[string]job
	decodeYAML(t, b, &jobs)
	pages, ok := jobs["pages"]
	if !ok || len(jobs) != 1 {
		t.Fatalf("jobs %v: want the one job GitLab publishes, pages", jobs)
	}
	if !reflect.DeepEqual(pages.Artifacts.Paths, []string{"public"}) {
		t.Errorf("artifacts %v: GitLab Pages publishes public", pages.Artifacts.Paths)
	}
	if len(pages.Rules) != 1 || pages.Rules[0].If != "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" {
		t.Errorf("rules %+v: want the default branch only", pages.Rules)
	}
	env := map[string]string{"CI_PAGES_URL": "https://team.gitlab.io/handbook"}
	for k, v := range pages.Variables {
		env[k] = v
	}
	script := strings.Join(pages.Script, "\n")
	if !strings.Contains(script, "\nplaybook build --strict ") {
		t.Errorf("script %q runs no playbook build --strict", script)
	}
	bin := fakeToolchain(t)
	if out, ok := shell(t, bin, dir, script, env); !ok {
		t.Fatalf("the pages job's script failed:\n%s", out)
	}
	assertBuilt(t, dir, "https://team.gitlab.io/handbook/")
	breakStrict(t, dir)
	out, ok := shell(t, bin, dir, script, env)
	strictFailure(t, out, ok)
}

// netlify.toml is valid TOML that builds the site strictly into the
// folder it publishes: deploy previews for their own URL, production for
// the site's.
func TestNewSiteCINetlifyBuildsForEachContext(t *testing.T) {
	dir, b := newSiteWithCI(t, "netlify", "netlify.toml")
	var cfg struct {
		Build struct {
			Publish     string            `toml:"publish"`
			Command     string            `toml:"command"`
			Environment map[string]string `toml:"environment"`
		} `toml:"build"`
		Context map[string]struct {
			Command string `toml:"command"`
		} `toml:"context"`
	}
	md, err := toml.Decode(string(b), &cfg)
	if err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		t.Errorf("netlify.toml keys the test does not know: %v", keys)
	}
	if cfg.Build.Publish != "public" {
		t.Errorf("publish %q, want public", cfg.Build.Publish)
	}
	if cfg.Build.Environment["GO_VERSION"] == "" {
		t.Error("no GO_VERSION: Netlify would build with its image's default Go")
	}
	bin := fakeToolchain(t)
	contexts := []struct{ name, command, urlVar, url string }{
		{"deploy preview", cfg.Build.Command, "DEPLOY_PRIME_URL", "https://deploy-preview-3--handbook.netlify.app"},
		{"production", cfg.Context["production"].Command, "URL", "https://handbook.example.com"},
	}
	for _, c := range contexts {
		if !strings.Contains(c.command, " build --strict ") {
			t.Errorf("%s: command %q runs no playbook build --strict", c.name, c.command)
		}
		env := map[string]string{c.urlVar: c.url}
		for k, v := range cfg.Build.Environment {
			env[k] = v
		}
		if out, ok := shell(t, bin, dir, c.command, env); !ok {
			t.Fatalf("%s: the build command failed:\n%s", c.name, out)
		}
		assertBuilt(t, dir, c.url+"/")
	}
	breakStrict(t, dir)
	env := map[string]string{"URL": "https://handbook.example.com"}
	for k, v := range cfg.Build.Environment {
		env[k] = v
	}
	out, ok := shell(t, bin, dir, contexts[1].command, env)
	strictFailure(t, out, ok)
}

// --ci takes none (the default: no CI file) or a service; anything else
// is a usage error naming the choices, before anything is written.
func TestNewSiteCIRefusesUnknownServices(t *testing.T) {
	for _, args := range [][]string{{}, {"--ci", "none"}} {
		dir := filepath.Join(t.TempDir(), "site")
		if code, out, errs := runCLI(t, append([]string{"new", "site", dir}, args...)...); code != 0 || strings.Contains(out, "published by") {
			t.Fatalf("new site %v: exit %d, %q, %s", args, code, out, errs)
		}
		for _, f := range []string{".github", ".gitlab-ci.yml", "netlify.toml"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Errorf("new site %v wrote %s", args, f)
			}
		}
	}
	dir := filepath.Join(t.TempDir(), "site")
	code, _, errs := runCLI(t, "new", "site", dir, "--ci", "jenkins")
	if code != 2 || !strings.Contains(errs, `playbook new site: unknown --ci "jenkins": want github, gitlab, netlify or none`) {
		t.Errorf("--ci jenkins: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("--ci jenkins wrote the site")
	}
}
