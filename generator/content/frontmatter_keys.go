package content

import "playbook/generator/diag"

// otherKeys are keys that other generators use for what a key of ours
// means, so that their pages build as they are.
type otherKeys struct {
	SidebarPosition *int    `toml:"sidebar_position"` // Docusaurus: weight
	NavOrder        *int    `toml:"nav_order"`        // Just the Docs: weight
	SidebarLabel    *string `toml:"sidebar_label"`    // Docusaurus: linkTitle
	NavTitle        *string `toml:"nav_title"`        // linkTitle
}

// fold applies the other generators' keys to ours and derives what some of
// our keys imply: summary stands in for an empty description, hide: [toc]
// means toc = false. An other key whose key of ours is set as well is a
// warning at the other key, and ours is used.
func (d *decoded) fold(k keys) diag.List {
	var diags diag.List
	setBy := map[string]string{}
	for _, o := range []struct {
		key, ours string
		given     bool
		use       func()
	}{
		{"sidebar_position", "weight", d.SidebarPosition != nil, func() { d.Weight = *d.SidebarPosition }},
		{"nav_order", "weight", d.NavOrder != nil, func() { d.Weight = *d.NavOrder }},
		{"sidebar_label", "linkTitle", d.SidebarLabel != nil, func() { d.LinkTitle = *d.SidebarLabel }},
		{"nav_title", "linkTitle", d.NavTitle != nil, func() { d.LinkTitle = *d.NavTitle }},
	} {
		switch {
		case !o.given:
		case k.has(o.ours):
			diags.Warnf(k.at(o.key), "%s is ignored: %s is set too (%s is another name for it)", o.key, o.ours, o.key)
		case setBy[o.ours] != "":
			diags.Warnf(k.at(o.key), "%s is ignored: %s sets the %s already", o.key, setBy[o.ours], o.ours)
		default:
			o.use()
			setBy[o.ours] = o.key
		}
	}
	if d.Description == "" {
		d.Description = d.Summary
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
