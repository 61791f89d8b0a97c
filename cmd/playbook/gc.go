package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// gcFloor is the heap a build from scratch may grow to whatever its live
// data; editFloor is that of an incremental build. Above the floor the
// heap may grow to liveNum/liveDen times the live data.
const (
	gcFloor   = 224 << 20
	editFloor = 384 << 20
	liveNum   = 8
	liveDen   = 5
)

// gcTuner holds the collector's settings during a one-shot build.
type gcTuner struct {
	floor atomic.Int64 // bytes
	stop  func()
}

// tuneGC trades some memory for less collection in a one-shot build: the
// heap may grow to three times the live data (GOGC=200) but no further
// than the floor or 1.6 times the live data, whichever is larger. A cold
// build of 10,000 pages (120 to 140 MB live at its peak) then collects
// 31 to 33 times rather than GOGC=100's 63, and peaks at about 245 MiB
// resident; a bound of twice the live data and a 256 MiB floor collected
// 30 times for 280 MiB, and a floor of 384 MiB a quarter less for 400 MiB.
// An incremental build (Incremental) gets that floor: it is short, and
// at 256 MiB its median was 1064 ms against 950 ms in eight edit builds
// in turn at 10,000 pages. A small site stays small, and a huge one
// keeps GOGC=100's bound. GOGC or GOMEMLIMIT in the environment take
// over. Stop ends the tuning.
func tuneGC() *gcTuner {
	t := &gcTuner{stop: func() {}}
	t.floor.Store(gcFloor)
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return t
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
			if want := heapLimit(t.floor.Load(), int64(sample[0].Value.Uint64())); want != limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	t.stop = func() {
		close(stop)
		<-done
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
	return t
}

// heapLimit returns the soft memory limit, in bytes, for a build whose
// floor is floor bytes and whose live heap is live bytes: the floor, or
// liveNum/liveDen times the live heap when that is larger.
func heapLimit(floor, live int64) int64 { return max(floor, live*liveNum/liveDen) }

// Incremental sets the floor for a build that works from a previous
// build's record (generator.Options.OnOpen); the watcher applies it
// within its next tick.
func (t *gcTuner) Incremental(incremental bool) {
	if incremental {
		t.floor.Store(editFloor)
	} else {
		t.floor.Store(gcFloor)
	}
}

// Stop ends the tuning and restores the collector's settings.
func (t *gcTuner) Stop() { t.stop() }
