package generator_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/playbook-ssg/playbook/generator"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// OnProgress hears the load stage count every page and the render stage
// every file, each from zero to its total, the transform and commit
// stages begin, and changes nothing in the output.
func TestOnProgressCountsPagesAndFilesWithoutChangingOutput(t *testing.T) {
	plain := sitetest.Build(t, basicSite)

	var mu sync.Mutex // the test's own record; the CLI uses atomics
	seen := map[string][]generator.Progress{}
	s := sitetest.New(t, basicSite)
	s.Opts.OnProgress = func(p generator.Progress) {
		mu.Lock()
		seen[p.Stage] = append(seen[p.Stage], p)
		mu.Unlock()
	}
	s.Rebuild()
	if s.Err != nil {
		t.Fatal(s.Err)
	}

	for stage, want := range map[string]int{"load": 4, "render": len(s.Result.Stats.Names)} {
		got := seen[stage]
		if len(got) != want+1 {
			t.Errorf("%s: %d calls, want %d (one at the start, one per item): %v", stage, len(got), want+1, got)
			continue
		}
		if got[0].Done != 0 {
			t.Errorf("%s: first call %+v, want Done 0", stage, got[0])
		}
		dones := map[int]bool{}
		for _, p := range got {
			if p.Total != want {
				t.Errorf("%s: %+v, want Total %d", stage, p, want)
			}
			dones[p.Done] = true
		}
		for i := 0; i <= want; i++ {
			if !dones[i] {
				t.Errorf("%s: no call with Done %d: %v", stage, i, got)
			}
		}
	}
	for _, stage := range []string{"transform", "commit"} {
		if got := seen[stage]; len(got) != 1 || got[0].Done != 0 || got[0].Total != 0 {
			t.Errorf("%s: %v, want one call as it begins, without a count", stage, got)
		}
	}
	if len(seen) != 4 {
		t.Errorf("stages %v, want load, transform, render and commit", seen)
	}

	names := plain.Out.Names()
	if got := s.Out.Names(); len(got) != len(names) {
		t.Fatalf("files %v, want %v", got, names)
	}
	for _, name := range names {
		a, _ := plain.Out.File(name)
		b, ok := s.Out.File(name)
		if !ok || !bytes.Equal(a, b) {
			t.Errorf("%s differs with OnProgress set", name)
		}
	}
}
