package importer

import "fmt"

// readDocusaurus is not written yet: its helper replaces this file.
func readDocusaurus(p *project) error {
	return fmt.Errorf("importing a %s project is not supported yet", kindTitles[p.kind])
}
