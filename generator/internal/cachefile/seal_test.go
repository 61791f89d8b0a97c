package cachefile

import "testing"

func TestUnsealTakesOnlyWhatSealMade(t *testing.T) {
	sealed := Seal([]byte("magic 1\nbody"))
	if body, ok := Unseal(sealed, "magic 1\n"); !ok || string(body) != "body" {
		t.Fatalf("Unseal(Seal) = %q, %v", body, ok)
	}
	for name, b := range map[string][]byte{
		"other magic": sealed,
		"a bit flipped": func() []byte {
			c := append([]byte(nil), sealed...)
			c[9] ^= 1
			return c
		}(),
		"cut short": sealed[:len(sealed)-1],
		"empty":     nil,
	} {
		magic := "magic 1\n"
		if name == "other magic" {
			magic = "magic 2\n"
		}
		if _, ok := Unseal(b, magic); ok {
			t.Errorf("%s: unsealed", name)
		}
	}
}
