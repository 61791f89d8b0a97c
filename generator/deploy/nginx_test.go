package deploy_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/internal/browsertest"
)

// The recipe's placeholders, which the test replaces.
const (
	recipeListen = "listen 8080;"
	recipeRoot   = "root /srv/www;"
)

// requireNginx returns the nginx binary, failing the test in CI (CI set)
// when there is none and skipping it elsewhere. Debian installs it in
// /usr/sbin, which is not on every user's PATH.
func requireNginx(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	if os.Getenv("CI") != "" {
		t.Fatal("nginx is required in CI: apt-get install nginx")
	}
	t.Skip("no nginx on this machine (apt-get install nginx); the sub-path recipe's test skipped")
	return ""
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// exampleSite copies the example playbook (site.toml and content/ of
// the repository) into a new folder and gives one module two old URLs,
// a folder and an .html file, and returns the folder.
func exampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), toml, 0o644); err != nil {
		t.Fatal(err)
	}
	module := filepath.Join(dir, "content", "onboarding", "01-buyers-first.md")
	b, err := os.ReadFile(module)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(string(b), "+++\n")
	if !ok {
		t.Fatalf("%s does not start with TOML front matter", module)
	}
	text = "+++\naliases = [\"/old/buyers-first/\", \"/legacy/buyers-first.html\"]\n" + text
	if err := os.WriteFile(module, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serveRecipe runs nginx-subpath.conf in a real nginx on 127.0.0.1:port,
// serving the folder root (the recipe's /srv/www) until the test ends.
// The recipe sits in a minimal http block, as a distribution's
// nginx.conf includes conf.d/, with every file nginx writes in the
// test's temporary folder.
func serveRecipe(t *testing.T, nginx, root string, port int) {
	t.Helper()
	recipe, err := os.ReadFile("nginx-subpath.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := string(recipe)
	for placeholder, value := range map[string]string{
		recipeListen: fmt.Sprintf("listen 127.0.0.1:%d;", port),
		recipeRoot:   "root " + root + ";",
	} {
		if n := strings.Count(site, placeholder); n != 1 {
			t.Fatalf("nginx-subpath.conf has %q %d times, want once", placeholder, n)
		}
		site = strings.Replace(site, placeholder, value, 1)
	}
	prefix := t.TempDir()
	conf := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log stderr;
events {
    worker_connections 64;
}
http {
    types {
        text/html html;
        text/css css;
        application/javascript js;
        application/json json;
        image/svg+xml svg;
        application/xml xml;
        text/plain txt;
    }
    default_type application/octet-stream;
    access_log %[1]s/access.log;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, prefix, site)
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(prefix, "stderr.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(nginx, "-p", prefix+"/", "-c", confPath, "-e", "stderr")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	nginxLog := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful: finish requests, then exit
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("nginx said:\n%s", nginxLog())
		}
	})
	// Ready when it answers; a configuration it refuses ends it at once.
	url := fmt.Sprintf("http://127.0.0.1:%d/playbook/", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err // for Cleanup
			t.Fatalf("nginx exited (%v):\n%s", err, nginxLog())
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer %s within 10 s:\n%s", url, nginxLog())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// response is what nginx answered to one request.
type response struct {
	status                                 int
	contentType, encoding, cache, location string
	body                                   string // decompressed
}

// get requests url as a browser would, accepting gzip, without following
// redirects or decompressing.
func get(t *testing.T, url string) response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if body, err = gzip.NewReader(resp.Body); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return response{
		status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), encoding: resp.Header.Get("Content-Encoding"),
		cache: resp.Header.Get("Cache-Control"), location: resp.Header.Get("Location"), body: string(b),
	}
}

// styled reports, in the page the browser shows, whether its stylesheets
// loaded and apply: the theme's custom property is set on the root and
// the body is not in the browser's default black.
const styled = `document.styleSheets.length > 0 &&
  getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() !== "" &&
  getComputedStyle(document.body).color !== "rgb(0, 0, 0)"`

// assertLoaded checks that the page in the browser is styled and that
// every file it loaded was found.
func assertLoaded(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if !browsertest.Eval[bool](t, ctx, styled) {
		t.Errorf("%s: the theme's stylesheet does not apply", what)
	}
	if failed := browsertest.Eval[[]string](t, ctx, `performance.getEntriesByType("resource").filter(e => e.responseStatus >= 400).map(e => e.name + " " + e.responseStatus)`); len(failed) > 0 {
		t.Errorf("%s: files not found: %v", what, failed)
	}
}

// waitPath waits until the browser shows the page at path, loaded.
func waitPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, `location.pathname === `+strconv.Quote(path)+` && document.readyState === "complete"`)
}

// The Deploy section's nginx recipe serves a site under /playbook/: a
// real nginx runs nginx-subpath.conf over the example playbook built for
// that sub-path, and Chromium reads it: styles, navigation, search,
// checklists, the print page, aliases and the 404 page work, with gzip
// and the cache headers the recipe promises.
func TestNginxSubPathRecipeServesTheSite(t *testing.T) {
	nginx := requireNginx(t)
	ctx := browsertest.New(t)
	port := freePort(t)
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	root := t.TempDir()
	if _, err := generator.Build(context.Background(), generator.Options{
		Source: exampleSite(t), Output: filepath.Join(root, "playbook"), BaseURL: origin + "/playbook/", NoCache: true,
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	serveRecipe(t, nginx, root, port)
	base := origin + "/playbook/"

	// What nginx answers, header by header.
	home := get(t, base)
	if home.status != 200 || !strings.HasPrefix(home.contentType, "text/html") || home.encoding != "gzip" || home.cache != "no-cache" {
		t.Errorf("home page: %d, %s, encoding %q, Cache-Control %q; want 200 text/html, gzip, no-cache", home.status, home.contentType, home.encoding, home.cache)
	}
	plain := get(t, base+"search/meta.js")
	if plain.status != 200 || plain.encoding != "gzip" || plain.cache != "no-cache" {
		t.Errorf("search/meta.js: %d, encoding %q, Cache-Control %q; want 200, gzip, no-cache", plain.status, plain.encoding, plain.cache)
	}
	page, err := os.ReadFile(filepath.Join(root, "playbook", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`/playbook/assets/style\.[0-9a-f]{8}\.css`).FindString(string(page))
	if css == "" {
		t.Fatal("the home page links no hashed stylesheet under /playbook/assets/")
	}
	asset := get(t, origin+css)
	if asset.status != 200 || asset.contentType != "text/css" || asset.encoding != "gzip" || asset.cache != "public, max-age=31536000, immutable" {
		t.Errorf("%s: %d, %s, encoding %q, Cache-Control %q; want 200 text/css, gzip, a year immutable", css, asset.status, asset.contentType, asset.encoding, asset.cache)
	}
	if r := get(t, base+"onboarding"); r.status != 301 || r.location != "/playbook/onboarding/" {
		t.Errorf("a folder without its slash: %d to %q, want 301 to /playbook/onboarding/", r.status, r.location)
	}
	for _, missing := range []string{"no-such-page/", "assets/", "assets/style.00000000.css"} {
		if r := get(t, base+missing); r.status != 404 || !strings.Contains(r.body, "<h1>Page not found</h1>") {
			t.Errorf("/playbook/%s: %d, want 404 with the theme's page:\n%s", missing, r.status, r.body)
		}
	}

	// The home page, styled, and a click in the navigation.
	browsertest.Navigate(t, ctx, base)
	assertLoaded(t, ctx, "home page")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`#sidebar a[href="/playbook/onboarding/"]`)))
	waitPath(t, ctx, "/playbook/onboarding/")
	if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`); !strings.HasPrefix(h1, "Onboarding") {
		t.Errorf("the navigation's Onboarding link shows %q", h1)
	}
	assertLoaded(t, ctx, "section page")

	// Search loads its index from /playbook/search/ and opens a result.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#search-q")), chromedp.KeyEvent("objection"))
	result := `document.querySelector('#search-list [role=option][href="/playbook/selling/handling-objections/"]')`
	browsertest.WaitForSearch(t, ctx, "search-list", result)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`#search-list [role=option][href="/playbook/selling/handling-objections/"]`)))
	waitPath(t, ctx, "/playbook/selling/handling-objections/")

	// A tick survives a reload.
	module := base + "onboarding/01-buyers-first/"
	browsertest.Navigate(t, ctx, module)
	assertLoaded(t, ctx, "module page")
	if browsertest.Eval[bool](t, ctx, `document.querySelector("input.task-box").checked`) {
		t.Fatal("the module's first checklist item starts ticked")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("label.task")))
	browsertest.WaitFor(t, ctx, `document.querySelector("input.task-box").checked`)
	browsertest.Navigate(t, ctx, module)
	if !browsertest.Eval[bool](t, ctx, `document.querySelector("input.task-box").checked`) {
		t.Error("a ticked checklist item was not ticked after a reload")
	}

	// The print page.
	browsertest.Navigate(t, ctx, base+"print/")
	assertLoaded(t, ctx, "print page")
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('#print-toc a[href^="#"]').length`); n < 10 {
		t.Errorf("the print page's contents list %d entries", n)
	}

	// Old URLs redirect to the page.
	for _, alias := range []string{"old/buyers-first/", "legacy/buyers-first.html"} {
		browsertest.Navigate(t, ctx, base+alias)
		waitPath(t, ctx, "/playbook/onboarding/01-buyers-first/")
	}

	// A missing page: 404 with the theme's page, styled, whose link leads
	// home.
	browsertest.Navigate(t, ctx, base+"no-such/page/")
	if status := browsertest.Eval[int](t, ctx, `performance.getEntriesByType("navigation")[0].responseStatus`); status != 404 {
		t.Errorf("a missing page answered %d, want 404", status)
	}
	if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`); h1 != "Page not found" {
		t.Fatalf("a missing page shows %q", h1)
	}
	assertLoaded(t, ctx, "404 page")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`article a`)))
	waitPath(t, ctx, "/playbook/")
}

// README's Deploy section shows the recipe the test runs, byte for byte.
func TestREADMEShowsTheNginxRecipe(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	recipe, err := os.ReadFile("nginx-subpath.conf")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```nginx\n"+string(recipe)+"```\n") {
		t.Error("README.md does not show deploy/nginx-subpath.conf as it is, in an nginx code block: copy the file there")
	}
}
