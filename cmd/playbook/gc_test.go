package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGCSetsAndRestoresTheCollector(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	debug.SetGCPercent(before)
	stop := tuneGC()
	if p := debug.SetGCPercent(200); p != 200 {
		t.Errorf("GC percent during a build = %d, want 200", p)
	}
	if l := debug.SetMemoryLimit(-1); l < gcFloor {
		t.Errorf("memory limit during a build = %d, want at least %d", l, gcFloor)
	}
	stop()
	if p := debug.SetGCPercent(before); p != before {
		t.Errorf("GC percent after = %d, want %d restored", p, before)
	}
}

func TestTuneGCLeavesTheEnvironmentsChoice(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	stop := tuneGC()
	defer stop()
	if p := debug.SetGCPercent(77); p != 77 {
		t.Errorf("GC percent = %d with GOGC set, want it left alone", p)
	}
}
