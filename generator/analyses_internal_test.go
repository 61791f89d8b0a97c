package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/cachefile"
)

// TestMadeAnalysesWaitOnDisk checks the analyses a build makes: they
// wait in a temporary file rather than in memory, come back whole in the
// saved file the next build reads, and a file left by a killed build on
// a system that keeps open files' names goes.
func TestMadeAnalysesWaitOnDisk(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site"+analysesExt)
	leftover := filepath.Join(dir, madePrefix+"killed")
	if err := os.WriteFile(leftover, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	values := map[[32]byte][]byte{}
	s := openAnalyses(cachefile.Read, file, filepath.Join(dir, "site.shards"))
	for i := range 50 {
		k := [32]byte{byte(i), 7}
		v := bytes.Repeat([]byte{byte(i)}, i+1)
		values[k] = v
		s.Put(k, v)
	}
	for k := range values {
		if a := s.next[k]; !a.inMade || a.b != nil {
			t.Fatalf("an analysis this build made is kept in memory: %+v", a)
		}
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("a killed build's file of analyses is still there: %v", err)
	}
	if err := s.save(file); err != nil {
		t.Fatal(err)
	}
	s.close()
	if ents, _ := filepath.Glob(filepath.Join(dir, madePrefix+"*")); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}

	next := openAnalyses(cachefile.Read, file, filepath.Join(dir, "site.shards"))
	defer next.close()
	for k, v := range values {
		if got := next.Get(k); !bytes.Equal(got, v) {
			t.Errorf("key %x: got %v, want %v", k[:1], got, v)
		}
	}
	if next.reused() != len(values) {
		t.Errorf("reused %d, want %d", next.reused(), len(values))
	}
}
