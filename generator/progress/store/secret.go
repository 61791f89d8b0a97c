package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// A token or invitation code reads "id.secret". The id finds the row; the
// secret is kept only as its SHA-256 and compared in constant time, so
// neither a copy of the database nor the time a lookup takes reveals a
// usable token.

// newSecret returns a fresh id, the code to hand out, and the hash to store.
func newSecret() (id, code, hash string) {
	id = rand.Text()[:16] // 80 random bits: unique, not secret
	secret := rand.Text() // at least 128 random bits
	return id, id + "." + secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// splitCode returns the id and secret of a code, ok false if it is malformed.
func splitCode(code string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(code, ".")
	return id, secret, ok && id != "" && secret != ""
}

// secretMatches reports, in constant time, whether secret hashes to hash.
func secretMatches(hash, secret string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) == 1
}
