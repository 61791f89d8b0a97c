package themes

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"testing"
)

func TestSumsAreThoseOfTheFiles(t *testing.T) {
	want := map[string]string{}
	err := fs.WalkDir(Default, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Default, p)
		if err != nil {
			return err
		}
		if _, listed := Sums[p]; listed || len(b) >= 256<<10 {
			sum := sha256.Sum256(b)
			want[p] = hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, sum := range want {
		if Sums[p] != sum {
			t.Errorf("themes/sums.go: want %q: %q", p, sum)
		}
	}
	for p := range Sums {
		if _, ok := want[p]; !ok {
			t.Errorf("themes/sums.go lists %s, which is not in the theme", p)
		}
	}
}
