package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"runtime"
	"sync"
	"time"
)

// hub fans reload events out to every open page over Server-Sent Events.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}} }

func (h *hub) send(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default: // a slow page misses an event; it gets the next one
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		close(c)
		delete(h.clients, c)
	}
}

// serve streams events to one page. A page that connects while the build
// is broken gets the errors at once.
func (h *hub) serve(w http.ResponseWriter, r *http.Request, errs []string) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		if h.clients[c] {
			delete(h.clients, c)
		}
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	write := func(ev event) {
		b, _ := json.Marshal(ev)
		fmt.Fprintf(w, "data: %s\n\n", b)
		fl.Flush()
	}
	if len(errs) > 0 {
		write(event{Type: "error", Errors: errs})
	} else {
		fmt.Fprint(w, ": connected\n\n")
		fl.Flush()
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			write(ev)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// openBrowser asks the desktop to open url; failures are not fatal.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	_ = cmd.Start()
}

// reloadJS runs in served pages only. It reloads changed pages keeping the
// scroll position, swaps the stylesheet for CSS-only changes and shows
// build errors in an overlay (as text, never as HTML).
const reloadJS = `(function () {
  "use strict";
  var KEY = "playbook-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(KEY);
    if (y !== null) { sessionStorage.removeItem(KEY); window.addEventListener("load", function () { window.scrollTo(0, +y); }); }
  } catch (e) {}
  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  // Before any build has succeeded the server's page lists the errors
  // itself: the list is kept current there, and any good build reloads.
  var unbuilt = document.documentElement.hasAttribute("data-playbook-unbuilt");
  function overlay(errors) {
    var list = document.getElementById("playbook-build-errors");
    if (unbuilt && list) { if (errors) list.textContent = errors.join("\n"); return; }
    var el = document.getElementById("playbook-errors");
    if (!errors) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "playbook-errors";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#ffe0e0;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;border-top:4px solid #ff5c5c;white-space:pre-wrap";
      (document.body || document.documentElement).appendChild(el);
    }
    el.textContent = "Build failed: the last good version is shown.\n\n" + errors.join("\n");
  }
  var hadErrors = unbuilt;
  var es = new EventSource("` + prefix + `events");
  es.onopen = function () { document.documentElement.setAttribute("data-playbook-live", ""); };
  es.onmessage = function (m) {
    var ev = JSON.parse(m.data);
    if (ev.type === "error") { hadErrors = true; overlay(ev.errors); return; }
    if (hadErrors) { overlay(null); reload(); return; }
    if (ev.type === "css") {
      var link = document.querySelector('link[rel="stylesheet"]');
      if (link) { link.href = ev.css; return; }
    }
    if (!ev.paths || ev.paths.indexOf(location.pathname) >= 0) reload();
  };
})();
`
