// Command benchtable measures playbook on the generated benchmark corpora
// and prints a Markdown table: cold build, warm build (nothing changed,
// build cache on), rebuild after a one-page edit and after the edits that
// follow it, peak memory, and Hugo's build of the same corpus when hugo is
// installed, run in turns with ours; then a line on the -flat corpus with
// every page moved into one folder.
// -serve measures `playbook serve` too (serve.go); -pages "" skips builds.
//
//	go run ./cmd/benchtable [-pages 1000,10000] [-runs 3] [-shared ../shared] [-flat 10000] [-serve 10000]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	pagesFlag := flag.String("pages", "1000,10000", "corpus sizes")
	runs := flag.Int("runs", 3, "runs per measurement (medians are reported)")
	shared := flag.String("shared", "../shared", "folder holding bench/gencorpus.go")
	work := flag.String("dir", filepath.Join(os.TempDir(), "playbook-bench"), "where corpora and outputs go (cached)")
	flat := flag.Int("flat", 10000, "also build the corpus of this many pages (one of -pages) with every page in one folder; 0 skips it")
	serve := flag.String("serve", "", "corpus sizes to measure `playbook serve` on")
	flag.Parse()
	var err error
	if *pagesFlag != "" {
		err = run(*pagesFlag, *runs, *shared, *work, *flat)
	}
	if err == nil && *serve != "" {
		err = serveTable(*serve, 100, *shared, *work)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

type sample struct {
	wall time.Duration
	rss  int64 // KiB
	out  string
}

// written reads the number of files a build wrote from its summary line,
// "built … (N written) in …"; -1 when there is none.
func (s sample) written() int {
	i := strings.Index(s.out, " written)")
	if i < 0 {
		return -1
	}
	j := strings.LastIndex(s.out[:i], "(")
	n, err := strconv.Atoi(s.out[j+1 : i])
	if err != nil {
		return -1
	}
	return n
}

// outputBytes adds up the sizes of the files under dir (their apparent
// sizes, not the blocks they take).
func outputBytes(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func measure(name string, args ...string) (sample, error) {
	s, _, err := measureOut(name, args...)
	return s, err
}

// measureOut runs a command and returns its wall time, its peak RSS and
// its output.
func measureOut(name string, args ...string) (sample, []byte, error) {
	// Each build starts with no dirty data of the one before still being
	// written back (as hyperfine's --prepare sync does).
	syscall.Sync()
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = nil, nil
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return sample{}, out, fmt.Errorf("%s %v: %v\n%s", name, args, err, out)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss
	}
	return sample{wall, rss, string(out)}, out, nil
}

// nextEdits is how many edit builds follow the first in each run.
const nextEdits = 4

func median(xs []sample) sample {
	sort.Slice(xs, func(i, j int) bool { return xs[i].wall < xs[j].wall })
	return xs[len(xs)/2]
}

func run(pagesFlag string, runs int, shared, work string, flat int) error {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(work, "playbook")
	if err := buildPlaybook(bin); err != nil {
		return err
	}
	hugo, _ := exec.LookPath("hugo")
	cache := filepath.Join(work, "cache")
	os.Setenv("XDG_CACHE_HOME", cache)
	fmt.Printf("| pages | cold build | warm build | one-page edit | files written by the edit | next edits | output | peak RSS | Hugo build | Hugo peak RSS | cold / Hugo | RSS / Hugo |\n")
	fmt.Printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	// Every cold build writes a folder that did not exist, and outputs are
	// removed only when the table is done: on ext4, a file system that
	// deleted tens of thousands of inodes in the last minute allocates new
	// ones slowly (ext4's recently_deleted scan), which would charge each
	// build for the deletion before it, the more the larger the previous
	// output.
	var made, spread []string
	defer func() {
		for _, d := range made {
			_ = os.RemoveAll(d)
		}
	}()
	sizes, err := corpusSizes(pagesFlag)
	if err != nil {
		return err
	}
	for _, n := range sizes {
		corpus, err := ensureCorpus(shared, work, n)
		if err != nil {
			return err
		}
		var cold, warm, edit, next, hg []sample
		var outBytes int64
		page := firstPage(corpus)
		orig, err := os.ReadFile(page)
		if err != nil {
			return err
		}
		for i := 0; i < runs; i++ {
			out := filepath.Join(work, fmt.Sprintf("out-%d-%d", n, i))
			hugoOut := filepath.Join(work, fmt.Sprintf("hugo-%d-%d", n, i))
			_ = os.RemoveAll(out)
			_ = os.RemoveAll(hugoOut)
			made = append(made, out, hugoOut)
			// Ours cold: no output, no cache.
			_ = os.RemoveAll(cache)
			s, err := measure(bin, "build", "-s", corpus, "-o", out)
			if err != nil {
				return err
			}
			cold = append(cold, s)
			outBytes = outputBytes(out)
			// Warm: the same again, cache and output in place.
			if s, err = measure(bin, "build", "-s", corpus, "-o", out); err != nil {
				return err
			}
			warm = append(warm, s)
			// One page edited, then a build.
			if err := os.WriteFile(page, append(append([]byte(nil), orig...), fmt.Sprintf("\n\nEdited %d.\n", i)...), 0o644); err != nil {
				return err
			}
			s, err = measure(bin, "build", "-s", corpus, "-o", out)
			if err != nil {
				_ = os.WriteFile(page, orig, 0o644)
				return err
			}
			edit = append(edit, s)
			// The edits after it: the first pays for what the cold build
			// left (on a VM, memory it had not touched yet).
			for k := 1; k <= nextEdits; k++ {
				text := append(append([]byte(nil), orig...), fmt.Sprintf("\n\nEdited %d, again %d.\n", i, k)...)
				if err := os.WriteFile(page, text, 0o644); err != nil {
					return err
				}
				if s, err = measure(bin, "build", "-s", corpus, "-o", out); err != nil {
					_ = os.WriteFile(page, orig, 0o644)
					return err
				}
				next = append(next, s)
			}
			_ = os.WriteFile(page, orig, 0o644)
			// Hugo, in turn with ours.
			if hugo != "" {
				if s, err = measure(hugo, "--quiet", "-s", filepath.Join(corpus, "hugo"), "-d", hugoOut); err != nil {
					return err
				}
				hg = append(hg, s)
			}
		}
		// Ours and Hugo's cold builds ran in turn: their ratio per run
		// shows how much the machine's noise moves the median's.
		var perRun []string
		for i := range hg {
			perRun = append(perRun, fmt.Sprintf("%.2f", cold[i].wall.Seconds()/hg[i].wall.Seconds()))
		}
		if len(perRun) > 0 {
			spread = append(spread, fmt.Sprintf("%d pages: %s", n, strings.Join(perRun, ", ")))
		}
		c, w, e, ne := median(cold), median(warm), median(edit), median(next)
		row := fmt.Sprintf("| %d | %s | %s | %s | %d | %s | %s | %s |", n, secs(c.wall), secs(w.wall), secs(e.wall), e.written(), secs(ne.wall), mb(outBytes), mib(c.rss))
		if len(hg) > 0 {
			h := median(hg)
			row += fmt.Sprintf(" %s | %s | %.2f | %.2f |", secs(h.wall), mib(h.rss), c.wall.Seconds()/h.wall.Seconds(), float64(c.rss)/float64(h.rss))
		} else {
			row += " – | – | – | – |"
		}
		fmt.Println(row)
	}
	fmt.Printf("\nMedians of %d runs; cold = a new output folder and no build cache; one-page edit = a paragraph appended to one page, then a build with the cache; next edits = %d more such edits after it, each with a build (median of all runs'); output = apparent bytes of the cold build's files; RSS = peak resident memory.\n", runs, nextEdits)
	if len(spread) > 0 {
		fmt.Printf("Cold / Hugo in each run: %s.\n", strings.Join(spread, "; "))
	}
	if flat > 0 {
		line, err := flatRow(bin, work, flat, runs)
		if err != nil {
			return err
		}
		fmt.Println(line)
	}
	return nil
}

// buildPlaybook builds this tree's playbook command into bin.
func buildPlaybook(bin string) error {
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/playbook").CombinedOutput(); err != nil {
		return fmt.Errorf("build playbook: %v\n%s", err, out)
	}
	return nil
}

// corpusSizes parses a comma-separated list of page counts ("1000,10000").
func corpusSizes(list string) ([]int, error) {
	var sizes []int
	for _, ps := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(ps))
		if err != nil {
			return nil, err
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// ensureCorpus returns the folder of the n-page corpus under work,
// generating it with shared's gencorpus.go when it is not there yet.
func ensureCorpus(shared, work string, n int) (string, error) {
	corpus := filepath.Join(work, fmt.Sprintf("corpus-%d", n))
	if _, err := os.Stat(filepath.Join(corpus, "site.toml")); err != nil {
		gen := exec.Command("go", "run", filepath.Join(shared, "bench", "gencorpus.go"), "-pages", strconv.Itoa(n), "-out", corpus)
		if out, err := gen.CombinedOutput(); err != nil {
			return "", fmt.Errorf("gencorpus: %v\n%s", err, out)
		}
	}
	return corpus, nil
}

func firstPage(corpus string) string {
	var first string
	_ = filepath.WalkDir(filepath.Join(corpus, "content"), func(p string, d os.DirEntry, err error) error {
		if first == "" && err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			first = p
		}
		return nil
	})
	return first
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func mib(kib int64) string        { return fmt.Sprintf("%d MiB", kib/1024) }
func mb(bytes int64) string       { return fmt.Sprintf("%.0f MB", float64(bytes)/1e6) }
