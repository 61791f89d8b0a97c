package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// terminal is stderr when it is a terminal: only there does playbook draw
// a progress line and colour its messages. main wraps os.Stderr in one
// when it is a character device; tests wrap a buffer.
type terminal struct {
	io.Writer
	// color is off under NO_COLOR (no-color.org).
	color bool
	// after is how long a command runs before its progress line shows.
	after time.Duration
}

// stderrOf returns f as playbook writes to it: a *terminal when f is one
// that understands escape sequences (a character device, TERM not
// "dumb"), else f itself.
func stderrOf(f *os.File) io.Writer {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 || os.Getenv("TERM") == "dumb" {
		return f
	}
	return &terminal{Writer: f, color: os.Getenv("NO_COLOR") == "", after: time.Second}
}

// Escape sequences: erase from the cursor to the end of the line, and the
// colours of diagnostics.
const (
	clearLine = "\x1b[K"
	red       = "\x1b[1;31m"
	yellow    = "\x1b[1;33m"
	reset     = "\x1b[0m"
)

// printDiags prints the diagnostics a result carries, errors of a failed
// build included; on a terminal with colour, an error's position is red
// and a warning's "warning:" yellow.
func printDiags(w io.Writer, l diag.List, strict bool) {
	t, ok := w.(*terminal)
	color := ok && t.color
	for _, d := range l {
		line := d.Format(strict)
		if color {
			line = colorDiag(d, line, strict)
		}
		fmt.Fprintln(w, line)
	}
}

// colorDiag colours line, the diagnostic d as Format(strict) wrote it.
func colorDiag(d *diag.Diagnostic, line string, strict bool) string {
	pos := d.Pos.String()
	if pos != "" {
		pos += ": "
	}
	rest, ok := strings.CutPrefix(line, pos)
	if !ok {
		return line
	}
	if d.Severity == diag.Warning && !strict {
		if msg, ok := strings.CutPrefix(rest, "warning:"); ok {
			return pos + yellow + "warning:" + reset + msg
		}
		return line
	}
	if pos == "" {
		return line
	}
	return red + strings.TrimSuffix(pos, " ") + reset + " " + rest
}

// progressLine draws how far a build has come on a terminal: the stage,
// items done of the total and the rate, redrawn ten times a second once
// the command has run for terminal.after, and erased when it ends so
// that the summary takes its place. The build reports through report,
// which only stores numbers; a ticker goroutine draws them.
type progressLine struct {
	w     io.Writer
	cmd   string
	after time.Duration
	stage atomic.Pointer[stageStart]
	done  atomic.Int64
	total atomic.Int64
	stop  chan struct{}
	ended chan struct{}
}

// stageStart is a stage's name and when it began, for its rate.
type stageStart struct {
	name string
	at   time.Time
}

// startProgress starts the progress line of command cmd on stderr; nil
// (nothing drawn) when stderr is not a terminal or quiet is set.
func startProgress(stderr io.Writer, cmd string, quiet bool) *progressLine {
	t, ok := stderr.(*terminal)
	if !ok || quiet {
		return nil
	}
	p := &progressLine{w: t, cmd: cmd, after: t.after, stop: make(chan struct{}), ended: make(chan struct{})}
	go p.run()
	return p
}

// report records a build's progress; generator.Options.OnProgress. It
// is called from many goroutines at once and takes no lock.
func (p *progressLine) report(g generator.Progress) {
	if g.Done == 0 { // a stage begins
		p.stage.Store(&stageStart{g.Stage, time.Now()})
		p.total.Store(int64(g.Total))
		p.done.Store(0)
		return
	}
	for { // the calls of one stage race: keep the largest count
		cur := p.done.Load()
		if int64(g.Done) <= cur || p.done.CompareAndSwap(cur, int64(g.Done)) {
			return
		}
	}
}

// onProgress returns report, or nil for a nil line.
func (p *progressLine) onProgress() func(generator.Progress) {
	if p == nil {
		return nil
	}
	return p.report
}

func (p *progressLine) run() {
	defer close(p.ended)
	start := time.Now()
	wait := time.NewTimer(p.after)
	defer wait.Stop()
	var tick <-chan time.Time
	drawn := false
	for {
		select {
		case <-wait.C:
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			tick = t.C
			p.draw()
			drawn = true
		case <-tick:
			p.draw()
		case <-p.stop:
			if !drawn && time.Since(start) >= p.after {
				p.draw() // the timer fired as the command ended
				drawn = true
			}
			if drawn {
				fmt.Fprint(p.w, "\r"+clearLine)
			}
			return
		}
	}
}

// draw redraws the line over the last one.
func (p *progressLine) draw() {
	fmt.Fprint(p.w, "\r"+p.text()+clearLine)
}

// text is the line: "build: rendering 1200/3400 files, 850 files/s".
func (p *progressLine) text() string {
	s := p.stage.Load()
	if s == nil {
		return p.cmd + ": starting"
	}
	doing, unit := s.name, "items"
	switch s.name {
	case "load":
		doing, unit = "loading", "pages"
	case "render":
		doing, unit = "rendering", "files"
	case "transform":
		doing = "resolving links and navigation"
	case "commit":
		doing = "writing the output and the build cache"
	case "print":
		doing = "printing with Chromium"
	}
	total := p.total.Load()
	if total == 0 {
		return p.cmd + ": " + doing
	}
	done := p.done.Load()
	line := fmt.Sprintf("%s: %s %d/%d %s", p.cmd, doing, done, total, unit)
	if secs := time.Since(s.at).Seconds(); secs > 0 && done > 0 {
		line += fmt.Sprintf(", %.0f %s/s", float64(done)/secs, unit)
	}
	return line
}

// finish stops the line and erases it; nothing for a nil line.
func (p *progressLine) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.ended
}
