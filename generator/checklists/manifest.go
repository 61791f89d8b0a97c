// Package checklists describes a site's checklists as a manifest — its
// curricula and modules, and every page's checklist items — and reads and
// writes it as the checklists.json a site publishes when it has a progress
// service. The generator writes the manifest; the progress service reads it
// to know which page and item ids exist, and the team page to count them.
package checklists

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Format and Version name the manifest's JSON format; Parse refuses others.
const (
	Format  = "playbook-checklists"
	Version = 1
	// FileName is where a site publishes its manifest, relative to its
	// base URL.
	FileName = "checklists.json"
)

// Manifest is a site's checklists. Page URLs are site-relative paths that
// start and end with "/" (the page URL of the site model, without the base
// URL's path), the keys checklist.js stores ticks under.
type Manifest struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Site is the site's base URL.
	Site string `json:"site"`
	// DailyHours is how many hours a day a new hire spends on a
	// curriculum; the team page dues a module when the durations of it
	// and the modules before it, at this many hours a working day, have
	// passed since the person's start.
	DailyHours float64 `json:"dailyHours"`
	// Curricula are the site's curricula in navigation order.
	Curricula []Curriculum `json:"curricula"`
	// Pages holds every page with at least one checklist item, by URL.
	Pages map[string]*Page `json:"pages"`
}

// Curriculum is an ordered learning path: a section of type "curriculum".
type Curriculum struct {
	URL     string   `json:"url"`
	Title   string   `json:"title"`
	Modules []Module `json:"modules"`
}

// Module is one step of a curriculum.
type Module struct {
	// URL is the module page's URL; it is also the module's id.
	URL   string `json:"url"`
	Title string `json:"title"`
	// Number is the 1-based position in the curriculum.
	Number int `json:"number"`
	// DurationSeconds is the module's front matter duration (0 when unset).
	DurationSeconds int64 `json:"durationSeconds"`
	// Signoff is set when the module's page asks for a manager's sign-off.
	Signoff bool `json:"signoff"`
	// Pages are the URLs whose checklist items the module counts: the
	// module's page and the pages under it, in navigation order; only
	// pages with items are listed.
	Pages []string `json:"pages"`
}

// Page is one page's checklist.
type Page struct {
	Title string `json:"title"`
	// Items are the page's leaf items — those without sub-items, the only
	// ones a reader ticks — in page order.
	Items []Item `json:"items"`
}

// Item is one checklist item.
type Item struct {
	// ID is the item's id, "task-" and base-36 letters and digits, with
	// "-N" when several items of the page share a text.
	ID   string `json:"id"`
	Text string `json:"text"`
	// Default is set for an item ticked in the Markdown ("- [x]").
	Default bool `json:"default,omitempty"`
}

// ItemID matches a well-formed item id.
var ItemID = regexp.MustCompile(`^task-[a-z0-9]+(-[0-9]+)?$`)

// MaxBytes bounds the manifest Parse reads.
const MaxBytes = 64 << 20

// Parse reads a manifest of at most MaxBytes bytes. It returns an error
// when the input is not JSON, is another format or version, or holds a
// malformed page URL or item id.
func Parse(r io.Reader) (*Manifest, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxBytes+1))
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("checklist manifest is cut short or larger than %d bytes", MaxBytes)
		}
		return nil, fmt.Errorf("checklist manifest: %w", err)
	}
	if m.Format != Format || m.Version != Version {
		return nil, fmt.Errorf("not a checklist manifest (format %q version %d, want %q version %d)", m.Format, m.Version, Format, Version)
	}
	if m.Pages == nil {
		m.Pages = map[string]*Page{}
	}
	for url, p := range m.Pages {
		if !pageURL(url) || p == nil {
			return nil, fmt.Errorf("checklist manifest: page %q is not a site path", url)
		}
		for _, it := range p.Items {
			if !ItemID.MatchString(it.ID) {
				return nil, fmt.Errorf("checklist manifest: page %s: item id %q is malformed", url, it.ID)
			}
		}
	}
	for _, c := range m.Curricula {
		for _, mod := range c.Modules {
			if !pageURL(mod.URL) {
				return nil, fmt.Errorf("checklist manifest: module %q is not a site path", mod.URL)
			}
		}
	}
	return &m, nil
}

// pageURL reports whether s is a site path: it starts and ends with "/".
func pageURL(s string) bool {
	return strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") && !strings.Contains(s, "//")
}

// Write writes the manifest as indented JSON.
func (m *Manifest) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(true)
	return enc.Encode(m)
}

// HasItem reports whether the page at url has a leaf item with the id.
func (m *Manifest) HasItem(url, id string) bool {
	p := m.Pages[url]
	if p == nil {
		return false
	}
	for _, it := range p.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// Module returns the module with the URL and its curriculum, or false.
func (m *Manifest) Module(url string) (Module, *Curriculum, bool) {
	for i := range m.Curricula {
		for _, mod := range m.Curricula[i].Modules {
			if mod.URL == url {
				return mod, &m.Curricula[i], true
			}
		}
	}
	return Module{}, nil, false
}
