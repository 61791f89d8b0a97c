// Package devserver is `playbook serve`: it builds a site into a folder of
// its own (see generator.Builder.Output), serves the last good output on
// loopback, watches the site, rebuilds what an
// edit touches, reloads open pages over Server-Sent Events and shows build
// errors in the terminal and in an overlay in every open page.
package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/config"
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/layout"
	"github.com/playbook-ssg/playbook/generator/publish"
)

// prefix is where the server's own endpoints live; no site file can be
// there, as the build refuses pages and files in its generated paths.
const prefix = "/" + layout.DevDir + "/"

// Options configure the dev server.
type Options struct {
	// Addr is the listen address; loopback by default.
	Addr string
	// Open asks the system browser to open the site.
	Open bool
	// Build configures the builds; Incremental and Dev are set by the
	// server.
	Build generator.Options
	// Log receives diagnostics and rebuild lines; Out the startup line.
	Log, Out io.Writer
	// Quiet leaves out the line of each successful build; Verbose adds
	// each stage's time after it.
	Quiet, Verbose bool
}

// server holds the last good output and the current build errors.
type server struct {
	opts    Options
	builder *generator.Builder
	hub     *hub

	mu     sync.RWMutex
	output *publish.Folder
	errs   []string
	base   string
	hosts  map[string]bool
	// layout is the site's layout as of the last build that read
	// site.toml.
	layout *layout.Layout
	// building is set while Rebuild has yet to send its event; later
	// collects the pages a background render finished meanwhile.
	building bool
	later    []string
}

// newServer returns a server; call Rebuild before serving.
func newServer(opts Options) *server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	b := opts.Build
	b.Incremental, b.Dev = true, true
	s := &server{opts: opts, builder: generator.NewBuilder(b), hub: newHub(), base: "/"}
	s.builder.OnLater = s.laterDone
	return s
}

// laterDone serves the print pages and search index that a background
// render finished after an edit, and reloads pages showing them.
// Their reload follows the build's own: it waits while Rebuild has yet to
// send that.
func (s *server) laterDone(written []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.output = s.builder.Output()
	for _, n := range written {
		if strings.HasSuffix(n, ".html") {
			s.later = append(s.later, s.base+strings.TrimSuffix(n, "index.html"))
		}
	}
	if !s.building {
		s.sendLater()
	}
}

// sendLater sends the reload of pages a background render finished.
// Called with s.mu held.
func (s *server) sendLater() {
	if len(s.later) > 0 {
		s.hub.send(event{Type: "reload", Paths: s.later})
		s.later = nil
	}
}

// event is what open pages receive after a build.
type event struct {
	// Type is "reload" (pages changed), "css" (only the stylesheet
	// changed) or "error".
	Type string `json:"type"`
	// Paths are the URL paths of changed pages; empty means all.
	Paths []string `json:"paths,omitempty"`
	// CSS is the new stylesheet's URL path for a "css" event.
	CSS    string   `json:"css,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// Rebuild runs a build for the paths that changed (none: everything). On
// success the new output replaces the old and open pages reload; on
// failure the old output stays and the errors are shown.
func (s *server) Rebuild(ctx context.Context, changed ...string) error {
	if len(changed) > 0 {
		s.builder.Changed(changed...)
	}
	s.mu.Lock()
	s.building = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.building = false
		s.sendLater()
		s.mu.Unlock()
	}()
	res, err := s.builder.Build(ctx)
	if res.Layout != nil {
		s.mu.Lock()
		s.layout = res.Layout
		s.mu.Unlock()
	}
	// Every diagnostic once, in order, as check prints them; the
	// overlay shows those that failed the build.
	strict := s.opts.Build.Strict
	for _, d := range res.Diags {
		fmt.Fprintln(s.opts.Log, d.Format(strict))
	}
	if err != nil {
		var msgs []string
		var l diag.List
		if errors.As(err, &l) {
			for _, d := range l {
				msgs = append(msgs, d.Format(strict))
			}
			if len(res.Diags) == 0 { // not from the content: say it here
				for _, m := range msgs {
					fmt.Fprintln(s.opts.Log, m)
				}
			}
		} else {
			msgs = []string{err.Error()}
			fmt.Fprintln(s.opts.Log, err)
		}
		s.mu.Lock()
		if s.output != nil {
			fmt.Fprintf(s.opts.Log, "%srebuild failed; still serving the last good version\n", changes(changed, ": "))
		}
		s.errs = msgs
		s.mu.Unlock()
		s.hub.send(event{Type: "error", Errors: msgs})
		return err
	}
	s.mu.Lock()
	hadErrors, hadBuilt := len(s.errs) > 0, s.output != nil
	s.errs = nil
	s.output = s.builder.Output()
	if res.Config != nil && res.Config.Base != nil {
		s.base = res.Config.Base.Path
	}
	base := s.base
	s.mu.Unlock()
	s.logBuild(res, changed, hadBuilt)
	s.hub.send(reloadEvent(changed, res, base, hadErrors))
	return nil
}

// logBuild prints one line for a successful build: the first says how
// many pages, sections and files it made, as playbook build does ("built
// 112 pages, 8 sections, 310 files in 900 ms"), a rebuild what changed, the pages it rendered again and the files
// it updated ("rebuilt content/a.md: 1 page re-rendered, 2 files updated
// in 6 ms"). Verbose adds each stage's time.
func (s *server) logBuild(res *generator.Result, changed []string, rebuilt bool) {
	if s.opts.Quiet {
		return
	}
	ms := res.Duration.Milliseconds()
	if rebuilt {
		what := changes(changed, "")
		if what == "" {
			what = "the site"
		}
		fmt.Fprintf(s.opts.Log, "rebuilt %s: %s re-rendered, %s updated in %d ms%s\n",
			what, plural(res.Stats.Rendered, "page"), plural(len(res.Stats.Written), "file"), ms, warned(res))
	} else {
		// As playbook build counts them: pages, sections, files.
		fmt.Fprintf(s.opts.Log, "built %s, %s, %s in %d ms%s\n", plural(res.Stats.Pages, "page"), plural(res.Stats.Sections, "section"), plural(len(res.Stats.Names), "file"), ms, warned(res))
	}
	if s.opts.Verbose {
		for _, st := range res.Stages {
			fmt.Fprintf(s.opts.Log, "  %-10s %6d ms\n", st.Name, st.Duration.Milliseconds())
		}
	}
}

// warned is " (2 warnings)" for a build with warnings, else "", as
// playbook build ends its line.
func warned(res *generator.Result) string {
	if n := res.Diags.Warnings(); n > 0 {
		return " (" + plural(n, "warning") + ")"
	}
	return ""
}

// changes names the changed paths for a log line, followed by sep: the
// path of one, "3 files" for more, "" (without sep) for none.
func changes(changed []string, sep string) string {
	switch len(changed) {
	case 0:
		return ""
	case 1:
		return changed[0] + sep
	}
	return plural(len(changed), "file") + sep
}

// reloadEvent tells open pages what changed.
func reloadEvent(changed []string, res *generator.Result, base string, hadErrors bool) event {
	if hadErrors || !res.Incremental {
		if css := cssOnly(changed, res.Stats.Names); css != "" && !hadErrors {
			return event{Type: "css", CSS: base + css}
		}
		return event{Type: "reload"}
	}
	var paths []string
	for _, n := range res.Stats.Written {
		if strings.HasSuffix(n, ".html") {
			paths = append(paths, base+strings.TrimSuffix(n, "index.html"))
		}
	}
	return event{Type: "reload", Paths: paths}
}

// cssOnly returns the new stylesheet name when the only changed sources
// are stylesheets.
func cssOnly(changed, names []string) string {
	if len(changed) == 0 {
		return ""
	}
	for _, c := range changed {
		if !strings.HasSuffix(c, ".css") || !(strings.HasPrefix(c, "assets/") || strings.Contains(c, "/assets/")) {
			return ""
		}
	}
	for _, n := range names {
		if strings.HasPrefix(n, "assets/style.") && strings.HasSuffix(n, ".css") {
			return n
		}
	}
	return ""
}

// Watch rebuilds on every batch of changes until ctx is done. It watches
// the folders of the site's layout, and those of a new layout when an
// edit of site.toml moves the content folder or changes the theme.
func (s *server) Watch(ctx context.Context) error {
	s.mu.RLock()
	lay := s.layout
	s.mu.RUnlock()
	if lay == nil { // site.toml did not load: watch what its defaults say
		cfg := config.Default()
		lay = layout.New(&cfg)
	}
	w, err := newWatcher(s.opts.Build.Source, lay)
	if err != nil {
		return err
	}
	batches := make(chan []string)
	go func() { _ = w.Run(ctx, batches) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case b := <-batches:
			_ = s.Rebuild(ctx, b...)
			s.mu.RLock()
			now := s.layout
			s.mu.RUnlock()
			if now != nil && !now.Equal(lay) {
				w.Use(now)
			}
			lay = now
		}
	}
}

// ServeHTTP serves the output and the reload endpoints: GET and HEAD only,
// only to this machine's host names, nothing outside the output.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r.Host) {
		http.Error(w, "unknown host", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	if strings.HasPrefix(r.URL.Path, prefix) {
		s.serveOwn(w, r)
		return
	}
	s.mu.RLock()
	out, base := s.output, s.base
	s.mu.RUnlock()
	if out == nil {
		s.serveErrorPage(w)
		return
	}
	name, ok := fileName(r.URL.Path, base)
	if !ok {
		s.notFound(w, r, out)
		return
	}
	data, found := out.File(name)
	if !found {
		if _, dir := out.File(name + "/index.html"); dir && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, out)
		return
	}
	serveBytes(w, r, name, s.inject(name, data), http.StatusOK)
}

func (s *server) serveOwn(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimPrefix(r.URL.Path, prefix) {
	case "events":
		s.hub.serve(w, r, s.currentErrors())
	case "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = io.WriteString(w, reloadJS)
	case "status":
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": s.currentErrors()})
	default:
		http.NotFound(w, r)
	}
}

func (s *server) currentErrors() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.errs...)
}

// allowedHost refuses requests addressed to other host names, so a web
// page elsewhere cannot reach the server through DNS rebinding.
func (s *server) allowedHost(host string) bool {
	s.mu.RLock()
	allowed := s.hosts
	s.mu.RUnlock()
	if allowed == nil {
		return true
	}
	return allowed[strings.ToLower(host)]
}

// setHosts allows the host names that reach the listener at addr.
func (s *server) setHosts(addr net.Addr) {
	_, port, _ := net.SplitHostPort(addr.String())
	hosts := map[string]bool{}
	for _, h := range []string{"127.0.0.1", "localhost", "[::1]"} {
		hosts[h+":"+port] = true
	}
	if host, _, _ := net.SplitHostPort(s.opts.Addr); host != "" {
		hosts[strings.ToLower(net.JoinHostPort(host, port))] = true
	}
	s.mu.Lock()
	s.hosts = hosts
	s.mu.Unlock()
}

// inject adds the reload script to HTML pages as they are served; built
// files never contain it.
func (s *server) inject(name string, data []byte) []byte {
	if !strings.HasSuffix(name, ".html") {
		return data
	}
	tag := []byte(`<script src="` + prefix + `reload.js"></script>`)
	i := bytes.LastIndex(data, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), data...), tag...)
	}
	out := make([]byte, 0, len(data)+len(tag))
	out = append(out, data[:i]...)
	out = append(out, tag...)
	return append(out, data[i:]...)
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request, out *publish.Folder) {
	if data, ok := out.File(layout.NotFoundFile); ok {
		serveBytes(w, r, layout.NotFoundFile, s.inject(layout.NotFoundFile, data), http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

// serveErrorPage answers before any build has succeeded: the page lists
// the errors (written by the server, so that they show without
// JavaScript too; reload.js keeps the list current) and reloads itself
// once they are fixed.
func (s *server) serveErrorPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	errs := s.currentErrors()
	list := "The build is running."
	if len(errs) > 0 {
		list = strings.Join(errs, "\n")
	}
	_, _ = io.WriteString(w, `<!DOCTYPE html><html lang="en" data-playbook-unbuilt><head><meta charset="utf-8"><title>Build failed</title></head><body><h1>The site has not built yet</h1><p>Fix the errors below (they are in the terminal too); this page reloads by itself.</p><pre id="playbook-build-errors">`+html.EscapeString(list)+`</pre><script src="`+prefix+`reload.js"></script></body></html>`)
}

func serveBytes(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// fileName maps a request path to an output file. The path is already
// unescaped by net/http; anything that would climb out of the output, or
// carries a NUL or backslash, is refused.
func fileName(urlPath, base string) (string, bool) {
	if !strings.HasPrefix(urlPath, base) {
		if urlPath+"/" == base {
			urlPath = base
		} else {
			return "", false
		}
	}
	p := strings.TrimPrefix(urlPath, base)
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	p = path.Clean(p)
	if p == "." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return "", false
	}
	return p, true
}

// Run builds, serves and watches until ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	if opts.Build.FS == nil {
		// A folder that is not a site would be served as an empty one.
		if err := generator.CheckSource(opts.Build.Source); err != nil {
			return err
		}
	}
	s := newServer(opts)
	defer func() {
		if err := s.builder.Close(); err != nil {
			fmt.Fprintf(s.opts.Log, "warning: output folder not removed: %v\n", err)
		}
	}()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use; choose another port with --addr 127.0.0.1:PORT", opts.Addr)
		}
		return err
	}
	if host, _, _ := net.SplitHostPort(opts.Addr); !isLoopback(host) {
		fmt.Fprintf(s.opts.Log, "warning: listening on %s makes the site reachable from other machines\n", opts.Addr)
	} else {
		s.setHosts(ln.Addr())
	}
	if err := s.Rebuild(ctx); err != nil {
		s.mu.RLock()
		noSite := s.layout == nil
		s.mu.RUnlock()
		if noSite {
			// site.toml is wrong (or names a content folder that is not
			// there): there is no site to show the errors in.
			ln.Close()
			return errors.New("nothing to serve: fix the errors above and run serve again")
		}
		fmt.Fprintln(s.opts.Log, "build failed; nothing built yet: fix the errors above; the page in the browser shows them and reloads when they are fixed")
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.RLock()
	base := s.base
	s.mu.RUnlock()
	url := fmt.Sprintf("http://%s%s", ln.Addr(), base)
	fmt.Fprintf(opts.Out, "serving on %s (Ctrl-C to stop)\n", url)
	if opts.Open {
		openBrowser(url)
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	go func() { errc <- s.Watch(ctx) }()
	select {
	case <-ctx.Done():
	case err := <-errc:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	s.hub.close()
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// plural returns "1 file" or "n files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
