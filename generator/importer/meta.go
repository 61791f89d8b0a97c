package importer

import (
	"github.com/playbook-ssg/playbook/generator/content"
	"github.com/playbook-ssg/playbook/generator/diag"
)

// dropMeta removes the line of the top-level key from f's YAML or TOML
// front matter, and reports whether it did.
func (p *project) dropMeta(f *file, key string) bool {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || fm.Format != "yaml" && fm.Format != "toml" {
		return false
	}
	at, end, ok := keyLine(f.Data[fm.Start:fm.End], fm.Format, key)
	if at < 0 || !ok {
		return false
	}
	f.Data = splice(f.Data, fm.Start+at, fm.Start+end, "")
	return true
}

// srcMetaPos returns the position of the line that sets the top-level
// key in the front matter of f's source file (f's own text may have
// lost or gained lines since), or of the file's start.
func (p *project) srcMetaPos(f *file, key string) diag.Pos {
	if f.From == "" {
		return posIn(f, 0)
	}
	data, err := p.read(f.From)
	if err != nil {
		return posIn(f, 0)
	}
	fm, err := content.LocateFrontMatter(data)
	if err == nil && (fm.Format == "yaml" || fm.Format == "toml") {
		if at, _, _ := keyLine(data[fm.Start:fm.End], fm.Format, key); at >= 0 {
			pos := diag.NewLines(f.From, data).Pos(fm.Start + at)
			return p.srcPos(f.From, pos.Line, pos.Col)
		}
	}
	return p.srcPos(f.From, 1, 1)
}
