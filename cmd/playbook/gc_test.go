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
