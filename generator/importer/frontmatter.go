package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/playbook-ssg/playbook/generator/content"
)

// The import edits front matter as text, a line per key, so that what the
// author wrote (comments, order, quoting) stays as it was.

// bodyStart returns where the Markdown body of a page starts: after its
// front matter, or after a byte order mark; 0 when the front matter is
// broken (the build reports it).
func bodyStart(data []byte) int {
	fm, err := content.LocateFrontMatter(data)
	if err != nil {
		return 0
	}
	return fm.Body
}

// meta returns the decoded front matter of a page: nil when it has none
// or it does not decode (the build reports that).
func meta(f *file) map[string]any {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil || fm.Format == "" {
		return nil
	}
	text := f.Data[fm.Start:fm.End]
	m := map[string]any{}
	switch fm.Format {
	case "toml":
		err = toml.Unmarshal(text, &m)
	case "yaml":
		err = yaml.Unmarshal(text, &m)
	case "json":
		err = json.Unmarshal(text, &m)
	}
	if err != nil {
		return nil
	}
	return m
}

// metaString returns the string value of key in m, "" when it is not a
// string.
func metaString(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// metaInt returns the integer value of key in m and whether it is one.
func metaInt(m map[string]any, key string) (int, bool) {
	switch v := m[key].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), v == float64(int(v))
	}
	return 0, false
}

// setMeta sets the top-level key of f's front matter to value (a string,
// an int or a bool), replacing the line of key or of one of others (the
// names other tools give it: "sidebar_position" for "weight"), and adding
// a YAML front matter when the page has none. It reports whether it
// could: a key written over several lines, or JSON front matter, is left
// as it is and reported.
func (p *project) setMeta(f *file, key string, value any, others ...string) bool {
	fm, err := content.LocateFrontMatter(f.Data)
	if err != nil {
		p.report.add(GroupFrontMatter, posIn(f, 0), "%s not set to %v: %v", key, value, err)
		return false
	}
	switch fm.Format {
	case "":
		head := fmt.Sprintf("---\n%s: %s\n---\n", key, yamlValue(value))
		if fm.Body == 0 {
			f.Data = append([]byte(head), f.Data...)
		} else { // after a byte order mark
			f.Data = append(append(f.Data[:fm.Body:fm.Body], head...), f.Data[fm.Body:]...)
		}
		return true
	case "json":
		p.report.add(GroupFrontMatter, posIn(f, fm.Start), "%s not set to %v: the page's front matter is JSON; set it by hand", key, value)
		return false
	}
	line := fmt.Sprintf("%s: %s", key, yamlValue(value))
	if fm.Format == "toml" {
		line = fmt.Sprintf("%s = %s", key, tomlValue(value))
	}
	text := f.Data[fm.Start:fm.End]
	for _, name := range append([]string{key}, others...) {
		at, end, ok := keyLine(text, fm.Format, name)
		if at < 0 {
			continue
		}
		if !ok {
			p.report.add(GroupFrontMatter, posIn(f, fm.Start+at), "%s not set to %v: %s is written over several lines; set it by hand", key, value, name)
			return false
		}
		f.Data = splice(f.Data, fm.Start+at, fm.Start+end, line+"\n")
		return true
	}
	at := len(text) // YAML: at the end
	if fm.Format == "toml" {
		// TOML: before the first table, where top-level keys still belong.
		if loc := tomlTable.FindIndex(text); loc != nil {
			at = loc[0]
		}
	}
	if at > 0 && text[at-1] != '\n' {
		line = "\n" + line
	}
	f.Data = splice(f.Data, fm.Start+at, fm.Start+at, line+"\n")
	return true
}

var tomlTable = regexp.MustCompile(`(?m)^[ \t]*\[`)

// keyLine finds the line that sets the top-level key name in front
// matter text of format ("yaml" or "toml"): its start, the end of the
// value (after its newline), and whether the value is on that line
// alone. at is -1 when no line sets it.
func keyLine(text []byte, format, name string) (at, end int, ok bool) {
	pat := `(?m)^` + regexp.QuoteMeta(name) + `[ \t]*:([ \t]|$)`
	if format == "toml" {
		pat = `(?m)^` + regexp.QuoteMeta(name) + `[ \t]*=`
	}
	loc := regexp.MustCompile(pat).FindIndex(text)
	if format == "toml" {
		if t := tomlTable.FindIndex(text); t != nil && loc != nil && t[0] < loc[0] {
			loc = nil // a key of a table, not the top level
		}
	}
	if loc == nil {
		return -1, 0, false
	}
	end = bytes.IndexByte(text[loc[0]:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += loc[0] + 1
	}
	value := bytes.TrimSpace(text[loc[1]:end])
	next := text[end:]
	continued := len(next) > 0 && (next[0] == ' ' || next[0] == '\t' || next[0] == '-') && format == "yaml"
	multi := len(value) == 0 || value[0] == '|' || value[0] == '>' || value[0] == '[' && !bytes.HasSuffix(value, []byte("]")) ||
		bytes.HasPrefix(value, []byte(`"""`)) || bytes.HasPrefix(value, []byte(`'''`))
	return loc[0], end, !continued && !multi
}

// splice returns data with data[from:to] replaced by s.
func splice(data []byte, from, to int, s string) []byte {
	out := make([]byte, 0, len(data)-(to-from)+len(s))
	out = append(out, data[:from]...)
	out = append(out, s...)
	return append(out, data[to:]...)
}

// yamlValue writes a value for a YAML line: strings double-quoted with
// JSON's escapes, which YAML reads the same.
func yamlValue(v any) string {
	if s, ok := v.(string); ok {
		return quote(s)
	}
	return fmt.Sprint(v)
}

// tomlValue writes a value for a TOML line; a TOML basic string reads
// JSON's escapes the same.
func tomlValue(v any) string { return yamlValue(v) }

// quote returns s as a JSON string, with <, > and & as they are.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// weightOf returns the weight of the n-th entry (from 0) of an ordered
// list: 10, 20, 30…, leaving room to insert pages between them.
func weightOf(n int) int { return (n + 1) * 10 }
