//go:build !unix

package cachefile

// Map returns the bytes of name, a regular file; where files cannot be
// mapped it is Read.
func Map(name string) ([]byte, error) { return Read(name) }
