package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// serveTable measures `playbook serve` on a copy of each corpus (made in
// work as run makes it, by shared/bench/gencorpus.go): resident memory (VmRSS, and its peak VmHWM) once the first build
// is served, and again after edits page edits made through the file system,
// each waited for until the server serves it and until it has rendered the
// print pages and search index in the background; and the median and 90th
// percentile of edit -> served. It prints a Markdown table of its own.
func serveTable(pagesFlag string, edits int, shared, work string) error {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(work, "playbook")
	if err := buildPlaybook(bin); err != nil {
		return err
	}
	fmt.Printf("\n| pages | serve: first build | RSS | peak RSS | after %d edits: RSS | peak RSS | edit -> served median | p90 |\n", edits)
	fmt.Printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	sizes, err := corpusSizes(pagesFlag)
	if err != nil {
		return err
	}
	for _, n := range sizes {
		corpus, err := ensureCorpus(shared, work, n)
		if err != nil {
			return err
		}
		row, err := measureServe(bin, corpus, edits, work)
		if err != nil {
			return fmt.Errorf("serve %d pages: %w", n, err)
		}
		fmt.Printf("| %d | %s |\n", n, row)
	}
	fmt.Printf("\nRSS = resident memory (VmRSS), peak = VmHWM, of the serve process; its output folder is on disk.\n")
	return nil
}

func measureServe(bin, corpus string, edits int, work string) (string, error) {
	site, err := os.MkdirTemp(work, "serve-site-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(site)
	if out, err := exec.Command("cp", "-r", corpus+"/.", site).CombinedOutput(); err != nil {
		return "", fmt.Errorf("copy corpus: %v %s", err, out)
	}
	_ = os.RemoveAll(filepath.Join(site, "hugo"))
	addr, err := freeAddr()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "-s", site, "--addr", addr)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(work, "cache"))
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return "", err
	}
	defer func() { cancel(); _ = cmd.Wait() }()
	// "serving on" comes once the first build is served.
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "serving on") {
		return "", fmt.Errorf("serve did not start: %q", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	first := time.Since(start)
	rss0, hwm0, err := memStatus(cmd.Process.Pid)
	if err != nil {
		return "", err
	}

	later, err := laterEvents(ctx, "http://"+addr)
	if err != nil {
		return "", err
	}
	pages := sitePages(site)
	var lat []time.Duration
	for i := 0; i < edits; i++ {
		p := pages[(i*7919)%len(pages)]
		src, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		mark := fmt.Sprintf("edit-marker-%d-%d", i, time.Now().UnixNano())
		rel, _ := filepath.Rel(filepath.Join(site, "content"), p)
		url := "http://" + addr + "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
		for len(later) > 0 {
			<-later
		}
		t0 := time.Now()
		if err := os.WriteFile(p, append(src, "\n\n"+mark+"\n"...), 0o644); err != nil {
			return "", err
		}
		if err := waitServed(url, mark, t0); err != nil {
			return "", err
		}
		lat = append(lat, time.Since(t0))
		// The print pages and search index follow in the background (or
		// came with a full build, when the watcher saw the file empty
		// between truncation and write).
		select {
		case <-later:
		case <-time.After(2 * time.Minute):
			return "", fmt.Errorf("no background render after the edit of %s", p)
		}
	}
	rss1, hwm1, err := memStatus(cmd.Process.Pid)
	if err != nil {
		return "", err
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return fmt.Sprintf("%s | %s | %s | %s | %s | %.1f ms | %.1f ms", secs(first), mib(rss0), mib(hwm0), mib(rss1), mib(hwm1),
		float64(lat[len(lat)/2].Microseconds())/1000, float64(lat[len(lat)*9/10].Microseconds())/1000), nil
}

// waitServed polls url until its page holds mark.
func waitServed(url, mark string, t0 time.Time) error {
	for {
		resp, err := http.Get(url)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), mark) {
			return nil
		}
		if time.Since(t0) > time.Minute {
			return fmt.Errorf("edit not served at %s after a minute", url)
		}
		time.Sleep(time.Millisecond)
	}
}

// laterEvents follows the server's reload events and sends one value for
// each reload of the print pages, which a background render sends, and
// for each reload of every page, which a full build sends.
func laterEvents(ctx context.Context, base string) (<-chan struct{}, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/__playbook/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	ch := make(chan struct{}, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var ev struct {
				Type  string
				Paths []string
			}
			if json.Unmarshal([]byte(data), &ev) != nil {
				continue
			}
			if ev.Type == "reload" && len(ev.Paths) == 0 {
				ch <- struct{}{}
			}
			for _, p := range ev.Paths {
				if strings.Contains(p, "/print/") {
					ch <- struct{}{}
					break
				}
			}
		}
	}()
	return ch, nil
}

// memStatus reads the resident memory and its peak, in KiB, of process pid.
func memStatus(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm, nil
}

// sitePages lists a site's Markdown pages other than section pages.
func sitePages(site string) []string {
	var pages []string
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
		return nil
	})
	sort.Strings(pages)
	return pages
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
