package themes

// Sums are the SHA-256 sums, in hex, of the default theme's large files,
// by their path in Default. A build names an asset after its sum; with
// the sum here it does not read (and page in) megabytes of the binary
// to learn it, and reads the file only when it writes it out.
// TestSumsAreThoseOfTheFiles keeps them true and lists every file of
// 256 KB or more.
var Sums = map[string]string{
	"default/assets/mermaid/mermaid.min.js": "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3",
}
