package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// startProfile starts a CPU profile written to name ("" profiles nothing)
// and returns the function that stops it.
func startProfile(name string) (func(), error) {
	if name == "" {
		return func() {}, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

// heapPeak samples the live heap while a build runs and keeps a heap
// profile taken near its largest size, which is what peak memory comes
// from: the collector lets the heap grow to about twice what its last
// cycle found live (GOGC=100), so the largest live heap, not the bytes
// in objects (garbage included) at some moment, sets the peak.
type heapPeak struct {
	name string
	stop chan struct{}
	done chan struct{}
	prof bytes.Buffer
}

// watchHeap starts sampling for a profile written to name ("" does
// nothing).
func watchHeap(name string) *heapPeak {
	h := &heapPeak{name: name, stop: make(chan struct{}), done: make(chan struct{})}
	if name == "" {
		close(h.done)
		return h
	}
	go func() {
		defer close(h.done)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		// A heap profile is up to two cycles old: the one of a new peak
		// is taken once two more cycles have ended (or at the end).
		var peak, due uint64
		take := func() {
			h.prof.Reset()
			_ = pprof.Lookup("heap").WriteTo(&h.prof, 0)
			due = 0
		}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				if due != 0 {
					take()
				}
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			live, cycles := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			if live > peak+peak/20 {
				peak, due = live, cycles+2
			}
			if due != 0 && cycles >= due {
				take()
			}
		}
	}()
	return h
}

// finish stops sampling and writes the profile.
func (h *heapPeak) finish() error {
	if h.name == "" {
		return nil
	}
	close(h.stop)
	<-h.done
	if err := os.WriteFile(h.name, h.prof.Bytes(), 0o644); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}
