// Package devserver serves a site from memory for `playbook serve`: it
// builds with the generator, serves the last good output on loopback and
// shows build errors in the terminal and the browser.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"syscall"
	"time"

	"playbook/generator"
	"playbook/generator/publish"
)

// Options configure the dev server.
type Options struct {
	// Addr is the listen address; loopback by default.
	Addr string
	// Open asks the system browser to open the site.
	Open bool
	// Build configures the builds; Target and Dev are set by the server.
	Build generator.Options
	// Log receives diagnostics; Out the startup line.
	Log, Out io.Writer
}

// Server holds the last good output and the current build error.
type Server struct {
	opts    Options
	builder *generator.Builder

	mu     sync.RWMutex
	output *publish.Memory
	errMsg string
	base   string
}

// New returns a Server; call Rebuild before serving.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	return &Server{opts: opts, base: "/"}
}

// Rebuild builds the site into memory. On success the new output replaces
// the old; on failure the old output stays and the error is shown.
func (s *Server) Rebuild(ctx context.Context) error {
	out := publish.NewMemory()
	bopts := s.opts.Build
	bopts.Target = out
	bopts.Dev = true
	if s.builder == nil {
		s.builder = generator.NewBuilder(bopts)
	}
	s.builder.SetTarget(out)
	res, err := s.builder.Build(ctx)
	for _, d := range res.Diags {
		fmt.Fprintln(s.opts.Log, d.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errMsg = err.Error()
		fmt.Fprintf(s.opts.Log, "build failed; serving the last good version\n")
		return err
	}
	s.errMsg = ""
	s.output = out
	if res.Config != nil && res.Config.Base != nil {
		s.base = res.Config.Base.Path
	}
	fmt.Fprintf(s.opts.Log, "built %d pages in %d ms\n", res.Stats.Pages+res.Stats.Sections, res.Duration.Milliseconds())
	return nil
}

// ServeHTTP serves the output: GET and HEAD only, nothing outside it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	out, base := s.output, s.base
	s.mu.RUnlock()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if out == nil {
		http.Error(w, "the site has not built yet; see the terminal", http.StatusServiceUnavailable)
		return
	}
	name, ok := fileName(r.URL.Path, base)
	if !ok {
		s.notFound(w, out)
		return
	}
	data, found := out.File(name)
	if !found {
		if _, dir := out.File(name + "/index.html"); dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, out)
		return
	}
	serveBytes(w, r, name, data, http.StatusOK)
}

func (s *Server) notFound(w http.ResponseWriter, out *publish.Memory) {
	if data, ok := out.File("404.html"); ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(data)
		return
	}
	http.NotFound(w, nil)
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
		if seg == ".." {
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

// Run builds, then serves until ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	s := New(opts)
	if err := s.Rebuild(ctx); err != nil && s.output == nil {
		fmt.Fprintln(s.opts.Log, "fix the errors above; the server starts anyway and shows them")
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use; choose another port with --addr 127.0.0.1:PORT", opts.Addr)
		}
		return err
	}
	if host, _, _ := net.SplitHostPort(opts.Addr); !isLoopback(host) {
		fmt.Fprintf(s.opts.Log, "warning: listening on %s makes the site reachable from other machines\n", opts.Addr)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(opts.Out, "serving on http://%s%s (Ctrl-C to stop)\n", ln.Addr(), s.base)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	case err := <-errc:
		return err
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
