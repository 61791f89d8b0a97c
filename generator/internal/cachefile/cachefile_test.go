//go:build unix

package cachefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{fifo, dir} {
		if _, err := Read(name); err == nil {
			t.Errorf("Read(%s) read something that is not a regular file", name)
		}
		if _, err := Map(name); err == nil {
			t.Errorf("Map(%s) mapped something that is not a regular file", name)
		}
		if f, err := Open(name); err == nil {
			f.Close()
			t.Errorf("Open(%s) opened something that is not a regular file", name)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := Map(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Map of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// TestMapGivesTheFilesBytesAsTheyWere maps files of several sizes and
// checks that a mapping keeps the bytes of the file it mapped when the
// file is then replaced by a rename and appended to, as builds do.
func TestMapGivesTheFilesBytesAsTheyWere(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 1 << 20} {
		name := filepath.Join(dir, "file")
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(i*7 + size)
		}
		if err := Write(name, want); err != nil {
			t.Fatal(err)
		}
		got, err := Map(name)
		if err != nil || string(got) != string(want) {
			t.Fatalf("Map of %d bytes = %d bytes, %v", size, len(got), err)
		}
		if err := Append(name, []byte("more")); err != nil {
			t.Fatal(err)
		}
		if err := Write(name, []byte("another file")); err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("the mapping of %d bytes changed when its file was replaced", size)
		}
	}
}

func TestWriteThenAppend(t *testing.T) {
	name := filepath.Join(t.TempDir(), "sub", "file")
	if err := Append(name, []byte("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Append to a missing file: %v, want fs.ErrNotExist", err)
	}
	if err := Write(name, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(name, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if err := Append(name, []byte("+three")); err != nil {
		t.Fatal(err)
	}
	if b, err := Read(name); err != nil || string(b) != "two+three" {
		t.Errorf("Read = %q, %v; want two+three", b, err)
	}
	ents, _ := os.ReadDir(filepath.Dir(name))
	if len(ents) != 1 {
		t.Errorf("the folder holds %d entries, want the file alone (no temporary left)", len(ents))
	}
}
