package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/internal/pgtest"
)

// A short run of the load test against the real binary: the service is
// killed with SIGKILL in the middle, and every acknowledged tick must be in
// the database afterwards, once. (make load runs the full 500 people for
// 60 s; this keeps the crash check in every test run.)
func TestCrashLosesNoAcknowledgedTick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the playbook binary and runs it for seconds")
	}
	bin := filepath.Join(t.TempDir(), "playbook")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/playbook-ssg/playbook/cmd/playbook").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			db := ""
			if backend == "postgres" {
				db = pgtest.DSN(t)
			}
			r, err := run(context.Background(), config{playbook: bin, db: db, people: 40, duration: 4 * time.Second,
				crash: 2 * time.Second, think: 50 * time.Millisecond, pages: 5, items: 6})
			if err != nil {
				t.Fatal(err)
			}
			if !r.crashed || r.acked == 0 {
				t.Fatalf("crashed %v, %d ticks acknowledged: the run did not exercise a crash", r.crashed, r.acked)
			}
			if r.lost != 0 || r.duplicated != 0 || r.unexpected != 0 {
				t.Errorf("after SIGKILL: %d lost, %d duplicated, %d unexpected of %d acknowledged ticks", r.lost, r.duplicated, r.unexpected, r.acked)
			}
		})
	}
}
