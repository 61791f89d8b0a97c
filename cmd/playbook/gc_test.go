package main

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestTuneGCSetsAndRestoresTheCollector(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	debug.SetGCPercent(before)
	gc := tuneGC()
	if p := debug.SetGCPercent(200); p != 200 {
		t.Errorf("GC percent during a build = %d, want 200", p)
	}
	if l := debug.SetMemoryLimit(-1); l < gcFloor {
		t.Errorf("memory limit during a build = %d, want at least %d", l, gcFloor)
	}
	gc.Incremental(true)
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < editFloor && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if l := debug.SetMemoryLimit(-1); l < editFloor {
		t.Errorf("memory limit during an incremental build = %d, want at least %d", l, editFloor)
	}
	gc.Stop()
	if p := debug.SetGCPercent(before); p != before {
		t.Errorf("GC percent after = %d, want %d restored", p, before)
	}
}

func TestTuneGCLeavesTheEnvironmentsChoice(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	gc := tuneGC()
	defer gc.Stop()
	if p := debug.SetGCPercent(77); p != 77 {
		t.Errorf("GC percent = %d with GOGC set, want it left alone", p)
	}
}

func TestHeapLimitFollowsTheLiveHeapAboveTheFloor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ floor, live, want int64 }{
		{gcFloor, 30 * mib, gcFloor},    // a small site: the floor
		{gcFloor, 140 * mib, gcFloor},   // 10,000 pages: 1.6 x 140 MiB is the floor
		{gcFloor, 500 * mib, 800 * mib}, // a huge site: 1.6 times its live heap
		{editFloor, 200 * mib, editFloor},
	} {
		if got := heapLimit(c.floor, c.live); got != c.want {
			t.Errorf("heapLimit(%d MiB, %d MiB) = %d MiB, want %d MiB", c.floor/mib, c.live/mib, got/mib, c.want/mib)
		}
	}
}
