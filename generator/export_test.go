package generator

import (
	"errors"
	"os"
)

// RewritePrintSpans changes the spans the build cache keeps for print
// pages in file (a .print file) and writes it back well formed: for tests
// that damage what the file says rather than its bytes.
func RewritePrintSpans(file string, change func(off, n *int64, crc *uint32)) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	all := decodePrintParts(b)
	if all == nil {
		return errors.New("not a file of print parts")
	}
	for _, e := range all {
		for k, sp := range e.Spans {
			change(&sp.Off, &sp.Len, &sp.CRC)
			e.Spans[k] = sp
		}
	}
	return os.WriteFile(file, encodePrintParts(all), 0o600)
}
