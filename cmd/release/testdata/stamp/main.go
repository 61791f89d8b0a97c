// Command stamp prints what internal/version says, as `playbook version`
// does. The release test builds it in place of cmd/playbook, whose first
// build with -trimpath compiles every dependency again (minutes, SQLite
// above all); the flags, the stamp and the archives are the same.
package main

import (
	"fmt"

	"github.com/playbook-ssg/playbook/internal/version"
)

func main() { fmt.Print(version.Get()) }
