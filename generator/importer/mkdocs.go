package importer

import "fmt"

// readMkDocs is not written yet: its helper replaces this file.
func readMkDocs(p *project) error {
	return fmt.Errorf("importing a %s project is not supported yet", kindTitles[p.kind])
}
