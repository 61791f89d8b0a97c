package content

import (
	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/slug"
)

// otherKeys are keys that other generators use for what a key of ours
// means, so that their pages build as they are.
type otherKeys struct {
	SidebarPosition *int    `toml:"sidebar_position"` // Docusaurus: weight
	NavOrder        *int    `toml:"nav_order"`        // Just the Docs: weight
	SidebarLabel    *string `toml:"sidebar_label"`    // Docusaurus: linkTitle
	NavTitle        *string `toml:"nav_title"`        // linkTitle
	// DocID is Docusaurus' id, which names the page in its URL as a
	// slug does (and in sidebars, which playbook has none of).
	DocID *string `toml:"id"`
	// HideTOC is Docusaurus' hide_table_of_contents: toc = false.
	HideTOC *bool `toml:"hide_table_of_contents"`
	// Zola: [taxonomies] holds tags and categories, [extra] free-form
	// data (our params), updated our lastmod.
	Taxonomies map[string]any `toml:"taxonomies"`
	Extra      map[string]any `toml:"extra"`
	Updated    *Date          `toml:"updated"`
}

// fold applies the other generators' keys to ours and derives what some of
// our keys imply: summary stands in for an empty description, hide: [toc]
// means toc = false. An other key whose key of ours is set as well is a
// warning at the other key, and ours is used.
func (d *decoded) fold(k *keys) diag.List {
	var diags diag.List
	useOther(k, &diags, "weight", &d.Weight, otherName[int]{"sidebar_position", d.SidebarPosition}, otherName[int]{"nav_order", d.NavOrder})
	useOther(k, &diags, "linkTitle", &d.LinkTitle, otherName[string]{"sidebar_label", d.SidebarLabel}, otherName[string]{"nav_title", d.NavTitle})
	if d.Description == "" {
		d.Description = d.Summary
	}
	if d.DocID != nil && d.Slug == "" && slug.Valid(*d.DocID) {
		d.Slug = *d.DocID
	}
	if d.HideTOC != nil && *d.HideTOC {
		off := false
		d.TOC = &off
	}
	if d.Updated != nil && d.Lastmod.IsZero() {
		d.Lastmod = *d.Updated
	}
	for name, dst := range map[string]*[]string{"tags": &d.Tags, "categories": &d.Categories} {
		if v, ok := d.Taxonomies[name]; ok && len(*dst) == 0 {
			*dst = stringList(v)
		}
	}
	for name := range d.Taxonomies {
		if name != "tags" && name != "categories" {
			diags.Warnf(k.at("taxonomies"), "taxonomy %q is not supported; playbook has tags and categories", name)
		}
	}
	if len(d.Extra) > 0 && d.Params == nil {
		d.Params = map[string]any{}
	}
	for key, v := range d.Extra {
		if _, set := d.Params[key]; !set {
			d.Params[key] = v
		}
	}
	for _, h := range d.Hide {
		if h == "toc" {
			off := false
			d.TOC = &off
			continue
		}
		diags.Warnf(k.at("hide"), "hide: %q is not supported; only \"toc\" can be hidden", h)
	}
	return diags
}

// otherName is a key of another generator and its value, nil when the
// block does not set it.
type otherName[T any] struct {
	key string
	v   *T
}

// useOther sets *ours, the value of our key named ours, from the first
// of others that the block sets, unless the block sets ours itself;
// every other one set is a warning.
func useOther[T any](k *keys, diags *diag.List, ours string, dst *T, others ...otherName[T]) {
	by := ""
	for _, o := range others {
		switch {
		case o.v == nil:
		case k.has(ours):
			diags.Warnf(k.at(o.key), "%s is ignored: %s is set too (%s is another name for it)", o.key, ours, o.key)
		case by != "":
			diags.Warnf(k.at(o.key), "%s is ignored: %s sets the %s already", o.key, by, ours)
		default:
			*dst, by = *o.v, o.key
		}
	}
}

// stringList returns the strings of a decoded list, leaving out values of
// other types.
func stringList(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
