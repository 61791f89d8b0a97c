// Command release builds playbook's release archives, what `make dist`
// runs: for each target a .tar.gz (Linux, macOS) or .zip (Windows)
// holding the playbook binary, README.md and LICENSE (when there is one)
// in a folder named after the archive, and SHA256SUMS beside them.
//
//	go run ./cmd/release [-out dist] [-version v1.2.0] [-targets linux/amd64,...]
//
// The archives are reproducible: the same commit built with the same Go
// release gives the same bytes. The binaries are built with -trimpath,
// CGO_ENABLED=0, -buildvcs=false and a fixed GOAMD64/GOARM64, and stamped
// with the version, the commit and the commit's time (not the time of the
// build); every archive entry carries the commit's time, owner 0 and a
// fixed mode, in a fixed order.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// versionPkg holds the variables the binaries are stamped with.
const versionPkg = "github.com/playbook-ssg/playbook/internal/version"

// allTargets are the platforms of a release.
var allTargets = []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("release", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var r release
	var targets string
	fset.StringVar(&r.Root, "root", ".", "the playbook module's `DIR`")
	fset.StringVar(&r.Out, "out", "dist", "`DIR` to write the archives and SHA256SUMS to")
	fset.StringVar(&r.Version, "version", "", "the `VERSION` to stamp (default: git describe --tags --always --dirty)")
	fset.StringVar(&r.Commit, "commit", "", "the commit `HASH` to stamp (default: git rev-parse HEAD, with +dirty for uncommitted changes)")
	fset.StringVar(&r.Date, "date", "", "the commit's `TIME`, RFC 3339 (default: git log -1 --format=%cI)")
	fset.StringVar(&targets, "targets", strings.Join(allTargets, ","), "`GOOS/GOARCH,...` to build")
	fset.StringVar(&r.Pkg, "pkg", "./cmd/playbook", "the main `PACKAGE` to build (its test builds a small one)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "release: unexpected argument %q\n", fset.Arg(0))
		return 2
	}
	r.Targets = strings.Split(targets, ",")
	if err := r.fill(ctx); err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 2
	}
	names, err := r.Make(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	for _, n := range names {
		fmt.Fprintln(stdout, filepath.Join(r.Out, n))
	}
	return 0
}

// release is what Make builds: the stamp, the targets, and where from and
// to.
type release struct {
	Root, Out             string
	Version, Commit, Date string
	Targets               []string
	// Pkg is the main package, ./cmd/playbook; its binary is named
	// playbook whatever Pkg is.
	Pkg string
}

// fill takes what the flags left empty from git, and checks the date.
func (r *release) fill(ctx context.Context) error {
	var err error
	if r.Version == "" {
		if r.Version, err = git(ctx, r.Root, "describe", "--tags", "--always", "--dirty"); err != nil {
			return fmt.Errorf("version: %w; give -version", err)
		}
	}
	if r.Commit == "" {
		if r.Commit, err = git(ctx, r.Root, "rev-parse", "HEAD"); err != nil {
			return fmt.Errorf("commit: %w; give -commit", err)
		}
		if _, err := git(ctx, r.Root, "diff", "--quiet", "HEAD"); err != nil {
			r.Commit += "+dirty"
		}
	}
	if r.Date == "" {
		if r.Date, err = git(ctx, r.Root, "log", "-1", "--format=%cI"); err != nil {
			return fmt.Errorf("date: %w; give -date", err)
		}
	}
	if _, err := time.Parse(time.RFC3339, r.Date); err != nil {
		return fmt.Errorf("-date %q: want an RFC 3339 time such as 2026-11-02T10:00:00Z", r.Date)
	}
	for _, t := range r.Targets {
		if !slices.Contains(allTargets, t) {
			return fmt.Errorf("unknown target %q; the targets are %s", t, strings.Join(allTargets, ", "))
		}
	}
	return nil
}

// git runs git in dir and returns its output, trimmed.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// file is an archive entry.
type file struct {
	name string
	mode fs.FileMode
	data []byte
}

// Make builds every target into r.Out and writes SHA256SUMS; it returns
// the names of the files written, SHA256SUMS last.
func (r *release) Make(ctx context.Context) ([]string, error) {
	when, err := time.Parse(time.RFC3339, r.Date)
	if err != nil {
		return nil, err
	}
	when = when.UTC()
	docs, err := r.docs()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(r.Out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "playbook-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	var names []string
	var sums bytes.Buffer
	for _, target := range r.Targets {
		goos, goarch, _ := strings.Cut(target, "/")
		bin, err := r.build(ctx, goos, goarch, tmp)
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			return nil, err
		}
		files := append([]file{{name: filepath.Base(bin), mode: 0o755, data: data}}, docs...)
		slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
		base := fmt.Sprintf("playbook_%s_%s_%s", strings.TrimPrefix(r.Version, "v"), goos, goarch)
		var archive bytes.Buffer
		name := base + ".tar.gz"
		if goos == "windows" {
			name = base + ".zip"
			err = writeZip(&archive, base, files, when)
		} else {
			err = writeTarGz(&archive, base, files, when)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(r.Out, name), archive.Bytes(), 0o644); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(archive.Bytes())
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name) // sha256sum's format
		names = append(names, name)
	}
	if err := os.WriteFile(filepath.Join(r.Out, "SHA256SUMS"), sums.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return append(names, "SHA256SUMS"), nil
}

// docs reads README.md and, when the module has one, LICENSE.
func (r *release) docs() ([]file, error) {
	var docs []file
	for _, name := range []string{"README.md", "LICENSE"} {
		data, err := os.ReadFile(filepath.Join(r.Root, name))
		if errors.Is(err, fs.ErrNotExist) && name == "LICENSE" {
			continue
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, file{name: name, mode: 0o644, data: data})
	}
	return docs, nil
}

// build compiles r.Pkg for goos/goarch into dir and returns the
// binary's path. The environment is fixed where it changes the bytes:
// no cgo, the baseline instruction sets, no GOFLAGS of the caller's.
func (r *release) build(ctx context.Context, goos, goarch, dir string) (string, error) {
	out := filepath.Join(dir, goos+"-"+goarch, "playbook")
	if goos == "windows" {
		out += ".exe"
	}
	ldflags := strings.Join([]string{
		"-s", "-w", // no symbol table or DWARF: smaller; stack traces still work
		"-X", versionPkg + ".version=" + r.Version,
		"-X", versionPkg + ".commit=" + r.Commit,
		"-X", versionPkg + ".date=" + r.Date,
	}, " ")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", out, r.Pkg)
	cmd.Dir = r.Root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch,
		"GOAMD64=v1", "GOARM64=v8.0", "GOFLAGS=-mod=readonly")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build for %s/%s: %w\n%s", goos, goarch, err, msg)
	}
	return out, nil
}

// writeTarGz writes files into a gzipped tar under the folder dir: every
// entry with the time when, owner 0 and its mode; nothing from the
// machine that writes it.
func writeTarGz(w io.Writer, dir string, files []file, when time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	hdr := func(name string, mode fs.FileMode, size int64, typ byte) *tar.Header {
		return &tar.Header{Typeflag: typ, Name: name, Mode: int64(mode.Perm()), Size: size, ModTime: when, Format: tar.FormatUSTAR}
	}
	if err := tw.WriteHeader(hdr(dir+"/", 0o755, 0, tar.TypeDir)); err != nil {
		return err
	}
	for _, f := range files {
		if err := tw.WriteHeader(hdr(path.Join(dir, f.name), f.mode, int64(len(f.data)), tar.TypeReg)); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes files into a zip under the folder dir, each entry with
// the time when and its mode.
func writeZip(w io.Writer, dir string, files []file, when time.Time) error {
	zw := zip.NewWriter(w)
	d := &zip.FileHeader{Name: dir + "/", Modified: when}
	d.SetMode(fs.ModeDir | 0o755)
	if _, err := zw.CreateHeader(d); err != nil {
		return err
	}
	for _, f := range files {
		h := &zip.FileHeader{Name: path.Join(dir, f.name), Method: zip.Deflate, Modified: when}
		h.SetMode(f.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
