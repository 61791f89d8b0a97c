package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	testVersion = "v9.8.7-test"
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
	testDate    = "2026-11-02T10:00:00+01:00"
)

// Two releases of the same commit for one platform are the same bytes,
// archives and SHA256SUMS alike; the archive holds README.md and the
// binary under one folder, each entry with the commit's time, owner 0
// and a fixed mode; the binary prints the stamped version, commit and
// date. It builds testdata/stamp, which prints what internal/version
// says as `playbook version` does, in place of cmd/playbook (whose first
// build with -trimpath takes minutes).
func TestReleaseIsReproducibleAndStamped(t *testing.T) {
	target := runtime.GOOS + "/" + runtime.GOARCH
	native := slices.Contains(allTargets, target)
	if !native {
		target = "linux/amd64" // not runnable here: its bytes are checked instead
	}
	build := func() (string, []string) {
		out := t.TempDir()
		r := release{Root: "../..", Out: out, Version: testVersion, Commit: testCommit, Date: testDate,
			Targets: []string{target}, Pkg: "./cmd/release/testdata/stamp"}
		names, err := r.Make(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return out, names
	}
	a, names := build()
	b, again := build()
	base := "playbook_9.8.7-test_" + strings.ReplaceAll(target, "/", "_")
	archive := base + ".tar.gz"
	if strings.HasPrefix(target, "windows/") {
		archive = base + ".zip"
	}
	if !slices.Equal(names, []string{archive, "SHA256SUMS"}) || !slices.Equal(names, again) {
		t.Fatalf("files %q and %q, want %q and SHA256SUMS", names, again, archive)
	}
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two releases of the same commit", n)
		}
	}

	data, err := os.ReadFile(filepath.Join(a, archive))
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(a, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if want := hex.EncodeToString(sum[:]) + "  " + archive + "\n"; string(sums) != want {
		t.Errorf("SHA256SUMS %q, want %q", sums, want)
	}

	entries := readArchive(t, archive, data)
	when := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	exe := "playbook"
	if strings.HasPrefix(target, "windows/") {
		exe += ".exe"
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.name)
		if !e.modTime.Equal(when) {
			t.Errorf("%s: time %v, want the commit's %v", e.name, e.modTime, when)
		}
		if e.owner != 0 {
			t.Errorf("%s: owner %d, want 0", e.name, e.owner)
		}
	}
	if want := []string{base + "/", base + "/README.md", base + "/" + exe}; !slices.Equal(got, want) {
		t.Fatalf("entries %q, want %q", got, want)
	}
	if entries[1].mode != 0o644 || entries[2].mode != 0o755 {
		t.Errorf("modes %v and %v, want 0644 and 0755", entries[1].mode, entries[2].mode)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil || !bytes.Equal(entries[1].data, readme) {
		t.Errorf("README.md in the archive is not the module's (%v)", err)
	}

	bin := entries[2].data
	if !native {
		for _, s := range []string{testVersion, testCommit, testDate} {
			if !bytes.Contains(bin, []byte(s)) {
				t.Errorf("the binary does not hold %q", s)
			}
		}
		return
	}
	path := filepath.Join(t.TempDir(), exe)
	if err := os.WriteFile(path, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "playbook " + testVersion + "\ncommit: " + testCommit + "\ndate:   " + testDate + "\ngo:     " + runtime.Version() + " " + target + "\n"
	if string(out) != want {
		t.Errorf("the stamped binary prints\n%s\nwant\n%s", out, want)
	}
}

// entry is what a test reads back from an archive.
type entry struct {
	name    string
	mode    os.FileMode
	owner   int
	modTime time.Time
	data    []byte
}

// readArchive returns the entries of a .tar.gz or .zip, in order.
func readArchive(t *testing.T, name string, data []byte) []entry {
	t.Helper()
	var out []entry
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, entry{f.Name, f.Mode().Perm(), 0, f.Modified.UTC(), b})
		}
		return out
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("gzip header names %q at %v; want nothing of the machine", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if h.Uname != "" || h.Gname != "" || h.Uid != h.Gid {
			t.Errorf("%s: owner %q:%q (%d:%d)", h.Name, h.Uname, h.Gname, h.Uid, h.Gid)
		}
		out = append(out, entry{h.Name, os.FileMode(h.Mode).Perm(), h.Uid, h.ModTime.UTC(), b})
	}
}

// A Windows zip is the same bytes every time too, with the commit's time
// and the binary's mode on its entries (the release test builds only
// this machine's platform).
func TestZipIsReproducible(t *testing.T) {
	when := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	files := []file{{name: "README.md", mode: 0o644, data: []byte("# playbook\n")}, {name: "playbook.exe", mode: 0o755, data: bytes.Repeat([]byte("MZ"), 1000)}}
	var x, y bytes.Buffer
	if err := writeZip(&x, "playbook_1.0.0_windows_amd64", files, when); err != nil {
		t.Fatal(err)
	}
	if err := writeZip(&y, "playbook_1.0.0_windows_amd64", files, when); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("two zips of the same files differ")
	}
	entries := readArchive(t, "x.zip", x.Bytes())
	if len(entries) != 3 || entries[2].name != "playbook_1.0.0_windows_amd64/playbook.exe" || entries[2].mode != 0o755 || !bytes.Equal(entries[2].data, files[1].data) {
		t.Fatalf("entries %+v", entries)
	}
	for _, e := range entries {
		if !e.modTime.Equal(when) {
			t.Errorf("%s: time %v, want %v", e.name, e.modTime, when)
		}
	}
}

// A LICENSE beside README.md goes into the archives; without one, only
// README.md does.
func TestDocsIncludeALicenseWhenThereIsOne(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "README.md"), []byte("# r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := (&release{Root: root}).docs()
	if err != nil || len(docs) != 1 {
		t.Fatalf("without LICENSE: %v, %v", docs, err)
	}
	if err := os.WriteFile(filepath.Join(root, "LICENSE"), []byte("MIT\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err = (&release{Root: root}).docs()
	if err != nil || len(docs) != 2 || docs[1].name != "LICENSE" {
		t.Fatalf("with LICENSE: %v, %v", docs, err)
	}
}

// A date that is not RFC 3339 or an unknown target is refused before
// anything is built.
func TestReleaseRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-version", "v1", "-commit", "c", "-date", "yesterday"},
		{"-version", "v1", "-commit", "c", "-date", testDate, "-targets", "plan9/amd64"},
		{"extra"},
	} {
		var out, errs bytes.Buffer
		if code := run(context.Background(), append(args, "-out", t.TempDir()), &out, &errs); code != 2 || out.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out.String(), errs.String())
		}
	}
}
