// Package themes embeds the default theme into the binary.
package themes

import "embed"

// Default holds themes/default: layouts/, assets/ and static/.
//
//go:embed default
var Default embed.FS
