//go:build !unix

package publish

import (
	"errors"
	"os"
)

// lockFolder locks nothing where flock is missing: no temporary folder
// is then known to be left over, and none is removed.
func lockFolder(string) (*os.File, error) { return nil, errors.ErrUnsupported }
