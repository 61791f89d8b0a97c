// Package config defines the site.toml schema, its defaults and validation.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/playbook-ssg/playbook/generator/diag"
	"github.com/playbook-ssg/playbook/generator/slug"
	"github.com/playbook-ssg/playbook/generator/tomlx"
)

// FileName is the name of the configuration file at the root of a site.
const FileName = "site.toml"

// Config is the decoded site.toml.
type Config struct {
	Title        string   `toml:"title"`
	Description  string   `toml:"description"`
	BaseURL      string   `toml:"baseURL"`
	Language     string   `toml:"language"`
	Theme        string   `toml:"theme"`
	PublishDir   string   `toml:"publishDir"`
	ContentDir   string   `toml:"contentDir"`
	RelativeURLs bool     `toml:"relativeURLs"`
	Audiences    []string `toml:"audiences"`
	ReviewAfter  string   `toml:"reviewAfter"`
	EditURL      string   `toml:"editURL"`
	Copyright    string   `toml:"copyright"`
	// EnableGitInfo (Hugo's key) takes each page's last change, its
	// author and commit subject from the git history of the site folder.
	EnableGitInfo bool `toml:"enableGitInfo"`

	Markup Markup `toml:"markup"`
	Print  Print  `toml:"print"`
	Limits Limits `toml:"limits"`
	Links  Links  `toml:"links"`
	// Progress connects the site's checklists to a progress service.
	Progress Progress `toml:"progress"`
	// GitInfo says what pages show of their git history.
	GitInfo GitInfo `toml:"gitInfo"`
	// Changes configures the page of recent changes, its feed and the
	// new and updated badges.
	Changes Changes `toml:"changes"`

	// Params holds the default theme's settings; other keys under [params]
	// are free-form and reach templates as .Site.Extra.
	Params Params `toml:"params"`
	// Extra is every key under [params], for custom templates.
	Extra map[string]any `toml:"-"`

	// Base is BaseURL parsed; its path always ends in "/".
	Base *url.URL `toml:"-"`
	// ReviewEvery is ReviewAfter parsed; zero disables review reminders.
	ReviewEvery time.Duration `toml:"-"`
	// source is site.toml as read, for positions after decoding.
	source []byte
}

// Params are the default theme's settings.
type Params struct {
	// Logo is a site-relative path to an image shown beside the title.
	Logo string `toml:"logo"`
	// Footer replaces the footer text.
	Footer string `toml:"footer"`
	// Accent and AccentDark set the link and highlight colour in the light
	// and dark schemes (CSS colours such as "#0b57d0").
	Accent     string `toml:"accent"`
	AccentDark string `toml:"accentDark"`
	// BrandColor is the header's background (a CSS colour dark enough for
	// the white title on it); empty keeps the page background.
	BrandColor string `toml:"brandColor"`
	// Links are shown in the footer.
	Links []Link `toml:"links"`
}

// Link is a titled URL.
type Link struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// Markup configures Markdown rendering.
type Markup struct {
	// Unsafe lets raw HTML in Markdown through. Off by default: content
	// comes from many editors.
	Unsafe bool `toml:"unsafe"`
	// Typographer turns straight quotes into curly ones, "--" and "---"
	// into dashes and "..." into an ellipsis. On by default.
	Typographer bool      `toml:"typographer"`
	Highlight   Highlight `toml:"highlight"`
}

// Highlight configures code highlighting.
type Highlight struct {
	Style     string `toml:"style"`
	DarkStyle string `toml:"darkStyle"`
	// LineNumbers numbers the lines of every code block.
	LineNumbers bool `toml:"lineNumbers"`
}

// Print configures the print pages and the PDF.
type Print struct {
	PageSize string `toml:"pageSize"`
	Version  string `toml:"version"`
	Logo     string `toml:"logo"`
	// Sections adds a print page per chapter, /print/<section>/. Off by
	// default: together they are another copy of the whole playbook.
	Sections bool `toml:"sections"`
	// Audiences adds a print page per role of Audiences,
	// /print/audience/<role>/. Off by default: each is up to another
	// copy of the whole playbook.
	Audiences bool `toml:"audiences"`
}

// Links set how a build treats links it cannot follow.
type Links struct {
	// Internal is what a link to a page or file that does not exist is:
	// "error" or "warning".
	Internal string `toml:"internal"`
	// Anchors is what a fragment that names no heading or anchor of its
	// page is: "error", "warning" or "ignore".
	Anchors string `toml:"anchors"`

	// InternalLevel and AnchorsLevel are Internal and Anchors parsed.
	InternalLevel Level `toml:"-"`
	AnchorsLevel  Level `toml:"-"`
}

// Progress connects checklists to a team progress service (playbook
// progress serve). With URL empty the site makes no request to anything
// and publishes neither checklists.json nor the team pages.
type Progress struct {
	// URL is the service's absolute http(s) base URL; Validate adds a
	// missing final "/".
	URL string `toml:"url"`
	// Auth is how readers sign in: "invitation" (one-time links exchanged
	// for a token, the default) or "proxy" (an authenticating reverse
	// proxy in front of the service; requests carry its cookies).
	Auth string `toml:"auth"`
	// DailyHours is how many hours a day a new hire spends on curricula;
	// the team page counts a module overdue when the durations up to it,
	// at this many hours a working day, have passed since the person's
	// start date. Default 4.
	DailyHours float64 `toml:"dailyHours"`
}

// GitInfo says what pages show of their git history (with EnableGitInfo).
type GitInfo struct {
	// ShowAuthor names the author of a page's last commit beside its
	// date ("Updated 2026-11-02 by Ana Ruiz"). On by default.
	ShowAuthor bool `toml:"showAuthor"`
}

// Changes configures /changes/, its Atom feed and the badges.
type Changes struct {
	// Limit is how many pages /changes/ and its feed list, the most
	// recently changed first; 0 leaves out the page and the feed.
	// Default 50.
	Limit int `toml:"limit"`
	// BadgeDays marks in the sidebar and in lists the pages made or
	// changed in the last BadgeDays days, the day of the change counted;
	// 0 (the default) shows no badges.
	BadgeDays int `toml:"badgeDays"`
}

// Enabled reports whether the site has a progress service.
func (p Progress) Enabled() bool { return p.URL != "" }

// Level is how a build treats a kind of problem.
type Level int

// The levels; the zero Level is an error.
const (
	LevelError Level = iota
	LevelWarning
	LevelIgnore
)

// parseLevel parses "error", "warning" and, when ignore is allowed,
// "ignore".
func parseLevel(s string, ignore bool) (Level, bool) {
	switch strings.ToLower(s) {
	case "error":
		return LevelError, true
	case "warning":
		return LevelWarning, true
	case "ignore":
		return LevelIgnore, ignore
	}
	return LevelError, false
}

// Limits bound what one content file may cost.
type Limits struct {
	// MaxFileBytes is the largest content file accepted.
	MaxFileBytes int64 `toml:"maxFileBytes"`
	// MaxNesting bounds list and quote nesting in Markdown.
	MaxNesting int `toml:"maxNesting"`
	// MaxLinks bounds links and link definitions in one file: goldmark's
	// cost grows with their square in pathological input.
	MaxLinks int `toml:"maxLinks"`
	// MaxElements bounds the Markdown elements of one page (lines, blocks,
	// inline elements, table cells): what parsing a page holds in memory
	// grows with them, and a few kilobytes of table can stand for a
	// billion cells.
	MaxElements int `toml:"maxElements"`
}

// Default returns the configuration used for keys site.toml leaves out.
func Default() Config {
	return Config{
		Title:      "Playbook",
		BaseURL:    "/",
		Language:   "en",
		Theme:      "default",
		PublishDir: "public",
		ContentDir: "content",
		Audiences:  []string{"manager", "seller", "new-hire"},
		Markup: Markup{Typographer: true, Highlight: Highlight{
			Style:     "github",
			DarkStyle: "github-dark",
		}},
		Print:    Print{PageSize: "A4"},
		Limits:   Limits{MaxFileBytes: 16 << 20, MaxNesting: 32, MaxLinks: 5000, MaxElements: 1_000_000},
		Links:    Links{Internal: "error", Anchors: "error"},
		Progress: Progress{DailyHours: 4},
		GitInfo:  GitInfo{ShowAuthor: true},
		Changes:  Changes{Limit: 50},
		Extra:    map[string]any{},
	}
}

// Load reads site.toml from the root of fsys. A missing file gives the
// defaults (the commands refuse a site folder without one before this;
// see generator.CheckSource). Problems come back as diagnostics; the returned Config is usable
// whenever the list holds no errors.
func Load(fsys fs.FS) (*Config, diag.List) {
	cfg := Default()
	// site.toml is bounded by the default limits.maxFileBytes: its own is
	// not known before it is read.
	if info, err := fs.Stat(fsys, FileName); err == nil && info.Size() > cfg.Limits.MaxFileBytes {
		var l diag.List
		l.Errorf(diag.Pos{File: FileName}, "file is %d bytes, over the limit of %d", info.Size(), cfg.Limits.MaxFileBytes)
		return &cfg, l
	}
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return &cfg, cfg.Validate(diag.NewLines(FileName, nil), "")
	}
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: FileName}, "%v", err)
		return &cfg, l
	}
	cfg.source = src
	lines := diag.NewLines(FileName, src)
	// site.toml is bounded by the default nesting: its own limits are not
	// known before it is decoded.
	md, diags := tomlx.DecodeMeta(string(src), &cfg, lines, 0, tomlx.Limits{MaxDepth: cfg.Limits.MaxNesting}, "params")
	if diags.HasErrors(false) {
		return &cfg, diags
	}
	var extra struct {
		Params map[string]any `toml:"params"`
	}
	if _, err := toml.Decode(string(src), &extra); err == nil && extra.Params != nil {
		cfg.Extra = extra.Params
	}
	diags.Append(cfg.Validate(lines, string(src)))
	diags.Append(cfg.Progress.unused(md, lines, string(src)))
	if !cfg.EnableGitInfo && md.IsDefined("gitInfo", "showAuthor") {
		diags.Warnf(lines.Pos(tomlx.KeyOffset(string(src), "gitInfo.showAuthor")), "gitInfo.showAuthor is ignored: enableGitInfo is off")
	}
	return &cfg, diags
}

// unused warns about [progress] keys that a missing url turns off: the
// site then has no progress service, whatever they say.
func (p Progress) unused(md toml.MetaData, lines *diag.Lines, src string) diag.List {
	var diags diag.List
	if p.Enabled() {
		return diags
	}
	var keys []string
	for _, k := range []string{"auth", "dailyHours"} {
		if md.IsDefined("progress", k) {
			keys = append(keys, "progress."+k)
		}
	}
	if len(keys) > 0 {
		verb := " is"
		if len(keys) > 1 {
			verb = " are"
		}
		diags.Warnf(lines.Pos(tomlx.KeyOffset(src, "progress.url")), "progress.url is empty: the progress service is off and %s%s ignored", strings.Join(keys, " and "), verb)
	}
	return diags
}

// Source returns site.toml as Load read it (nil when there was none).
func (c *Config) Source() []byte { return c.source }

// KeyPos returns the position in site.toml of key, a dotted path such as
// "enableGitInfo" or "changes.limit": where it is written, else the
// start of the file.
func (c *Config) KeyPos(key string) diag.Pos {
	return diag.NewLines(FileName, c.source).Pos(tomlx.KeyOffset(string(c.source), key))
}

// CheckFolders reports, at their keys in site.toml, a content folder or a
// theme folder that the site folder fsys lacks. The built-in theme needs
// no folder. dir is the site folder's path on disk, which the messages
// name as where they looked ("" for a site that is not on disk).
func (c *Config) CheckFolders(fsys fs.FS, dir string) diag.List {
	var diags diag.List
	lines := diag.NewLines(FileName, c.source)
	at := func(key string) diag.Pos { return lines.Pos(tomlx.KeyOffset(string(c.source), key)) }
	lookedIn := func(folder string) string {
		if dir == "" {
			return ""
		}
		return "; looked for " + filepath.Join(dir, filepath.FromSlash(folder)) + string(filepath.Separator)
	}
	content := path.Clean(c.ContentDir)
	if info, err := fs.Stat(fsys, content); err != nil || !info.IsDir() {
		diags.Errorf(at("contentDir"), "content folder %s/ not found (contentDir = %q%s)", content, c.ContentDir, lookedIn(content))
	}
	if c.Theme != Default().Theme {
		if info, err := fs.Stat(fsys, "themes/"+c.Theme); err != nil || !info.IsDir() {
			diags.Errorf(at("theme"), "theme %q not found: no folder themes/%s/ (the built-in theme is %q%s)", c.Theme, c.Theme, Default().Theme, lookedIn("themes/"+c.Theme))
		}
	}
	return diags
}

// inside reports whether dir names a folder strictly inside the site: a
// relative slash path without ".." segments, not the site itself.
func inside(dir string) bool {
	if dir == "" || strings.HasPrefix(dir, "/") || strings.Contains(dir, "\\") {
		return false
	}
	for _, seg := range strings.Split(dir, "/") {
		if seg == ".." {
			return false
		}
	}
	return path.Clean(dir) != "."
}

// checkLinks checks the footer links, each at its url (else its table)
// in src where the tables can be told apart (else at params.links): a
// URL of another scheme than http(s) or mailto, or one without its host
// or address, is an error; a link without a name or a URL, or whose URL
// is relative (written as it is into every page's footer, it leads
// somewhere else from each folder), is a warning. White space around a
// URL is let be: browsers drop it.
func (p Params) checkLinks(lines *diag.Lines, src string) diag.List {
	var diags diag.List
	places := tomlx.ItemOffsets(src, "params.links", "url")
	at := func(i int) diag.Pos {
		if len(places) == len(p.Links) {
			return lines.Pos(places[i])
		}
		return lines.Pos(tomlx.KeyOffset(src, "params.links"))
	}
	for i, l := range p.Links {
		name, raw := strings.TrimSpace(l.Name), strings.TrimSpace(l.URL)
		if name == "" && raw == "" {
			diags.Warnf(at(i), "params.links: a link with neither a name nor a url shows nothing and leads nowhere")
			continue
		}
		if name == "" {
			diags.Warnf(at(i), "params.links: the link to %q has no name, so its footer link shows nothing", l.URL)
		}
		u, err := url.Parse(raw)
		switch {
		case raw == "":
			diags.Warnf(at(i), "params.links: %q has no url, so its footer link leads to the page it is on", l.Name)
		case err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto"):
			diags.Errorf(at(i), "params.links: %q is not an http(s) or mailto URL", l.URL)
		case (u.Scheme == "http" || u.Scheme == "https") && u.Host == "", u.Scheme == "mailto" && u.Opaque == "":
			diags.Errorf(at(i), "params.links: %q has no host or address", l.URL)
		case u.Scheme == "" && u.Host == "" && !strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "#"):
			fix := "a path from the host's root (such as \"/docs/\")"
			if !strings.HasPrefix(raw, ".") {
				fix = fmt.Sprintf("%q (from the host's root)", "/"+raw)
			}
			diags.Warnf(at(i), "params.links: %q is relative, so each page's footer link leads somewhere else; write %s or a full URL", l.URL, fix)
		}
	}
	return diags
}

// Validate checks values and fills the parsed fields.
func (c *Config) Validate(lines *diag.Lines, src string) diag.List {
	var diags diag.List
	at := func(key string) diag.Pos { return lines.Pos(tomlx.KeyOffset(src, key)) }

	base := c.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		diags.Errorf(at("baseURL"), "baseURL %q is not an http(s) URL or a path", c.BaseURL)
		u, _ = url.Parse("/")
	}
	if u.Path == "" {
		u.Path = "/"
	}
	c.Base = u

	if c.ReviewAfter != "" {
		d, err := ParseDuration(c.ReviewAfter)
		if err != nil {
			diags.Errorf(at("reviewAfter"), "reviewAfter: %v", err)
		}
		c.ReviewEvery = d
	}
	switch strings.ToLower(c.Print.PageSize) {
	case "a4":
		c.Print.PageSize = "A4"
	case "letter":
		c.Print.PageSize = "Letter"
	default:
		diags.Errorf(at("print.pageSize"), "print.pageSize %q: want \"A4\" or \"Letter\"", c.Print.PageSize)
	}
	var ok bool
	if c.Links.InternalLevel, ok = parseLevel(c.Links.Internal, false); !ok {
		diags.Errorf(at("links.internal"), "links.internal %q: want \"error\" or \"warning\"", c.Links.Internal)
	}
	if c.Links.AnchorsLevel, ok = parseLevel(c.Links.Anchors, true); !ok {
		diags.Errorf(at("links.anchors"), "links.anchors %q: want \"error\", \"warning\" or \"ignore\"", c.Links.Anchors)
	}
	contentOK := inside(c.ContentDir)
	if !contentOK {
		diags.Errorf(at("contentDir"), "contentDir %q must name a folder inside the site, such as \"docs\"", c.ContentDir)
	}
	switch pub := path.Clean(c.PublishDir); {
	case strings.HasPrefix(c.PublishDir, "/"):
		// An absolute folder is used as it is.
	case !inside(c.PublishDir):
		diags.Errorf(at("publishDir"), "publishDir %q must name a folder inside the site (or an absolute path)", c.PublishDir)
	case contentOK && (pub == path.Clean(c.ContentDir) || strings.HasPrefix(pub, path.Clean(c.ContentDir)+"/") || strings.HasPrefix(path.Clean(c.ContentDir), pub+"/")):
		diags.Errorf(at("publishDir"), "publishDir %q and contentDir %q overlap: a build would publish into its own content", c.PublishDir, c.ContentDir)
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, "/\\") || c.Theme == "." || c.Theme == ".." {
		diags.Errorf(at("theme"), "theme %q must be the name of a folder under themes/", c.Theme)
	}
	seen := map[string]string{} // an audience by the slug of its pages' URL
	for _, a := range c.Audiences {
		other, dup := seen[slug.Term(a)]
		if a == "" || strings.ContainsAny(a, "/\\ ?#%") || other == a {
			diags.Errorf(at("audiences"), "audience %q must be a unique, non-empty word without spaces or slashes", a)
			continue
		}
		if dup {
			diags.Errorf(at("audiences"), "audiences %q and %q are one: both have the URL /audience/%s/", other, a, slug.Term(a))
			continue
		}
		seen[slug.Term(a)] = a
	}
	for key, v := range map[string]string{"params.accent": c.Params.Accent, "params.accentDark": c.Params.AccentDark, "params.brandColor": c.Params.BrandColor} {
		if v != "" && !cssColor.MatchString(v) {
			diags.Errorf(at(key), "%s %q is not a CSS colour like \"#0b57d0\"", key, v)
		}
	}
	diags.Append(c.Params.checkLinks(lines, src))
	if c.EditURL != "" {
		// A page's path is appended: a query or fragment would end up
		// before it.
		why := ""
		u, err := url.Parse(c.EditURL)
		switch {
		case strings.TrimSpace(c.EditURL) != c.EditURL:
			why = "has white space around it"
		case err != nil || (u.Scheme != "http" && u.Scheme != "https"):
			why = "is not an http(s) URL"
		case u.Host == "":
			why = "has no host"
		case u.RawQuery != "" || u.ForceQuery:
			why = "has a query (?…), which the page's path would follow"
		case u.Fragment != "" || strings.Contains(c.EditURL, "#"):
			why = "has a fragment (#…), which the page's path would follow"
		}
		if why != "" {
			diags.Errorf(at("editURL"), "editURL %q %s; write an absolute http(s) URL such as \"https://github.com/org/repo/edit/main/\"", c.EditURL, why)
		}
	}
	if c.Progress.URL != "" {
		pu, err := url.Parse(c.Progress.URL)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" || pu.User != nil || pu.RawQuery != "" || pu.Fragment != "" {
			diags.Errorf(at("progress.url"), "progress.url %q is not an absolute http(s) URL such as \"https://progress.example.com/\"", c.Progress.URL)
		} else if !strings.HasSuffix(c.Progress.URL, "/") {
			c.Progress.URL += "/"
		}
	}
	switch c.Progress.Auth {
	case "":
		c.Progress.Auth = "invitation"
	case "invitation", "proxy":
	default:
		diags.Errorf(at("progress.auth"), "progress.auth %q: want \"invitation\" or \"proxy\"", c.Progress.Auth)
	}
	// Default sets 4, so a 0 here was written in site.toml.
	if d := c.Progress.DailyHours; d <= 0 || d > 24 {
		diags.Errorf(at("progress.dailyHours"), "progress.dailyHours %v: want hours above 0 and at most 24", d)
	}
	if c.Changes.Limit < 0 {
		diags.Errorf(at("changes.limit"), "changes.limit %d: want 0 (no page of changes) or more", c.Changes.Limit)
	}
	if c.Changes.BadgeDays < 0 {
		diags.Errorf(at("changes.badgeDays"), "changes.badgeDays %d: want 0 (no badges) or more", c.Changes.BadgeDays)
	}
	if c.Limits.MaxFileBytes <= 0 {
		c.Limits.MaxFileBytes = Default().Limits.MaxFileBytes
	}
	if c.Limits.MaxLinks <= 0 {
		c.Limits.MaxLinks = Default().Limits.MaxLinks
	}
	if c.Limits.MaxNesting <= 0 {
		c.Limits.MaxNesting = Default().Limits.MaxNesting
	}
	if c.Limits.MaxElements <= 0 {
		c.Limits.MaxElements = Default().Limits.MaxElements
	}
	return diags
}

var cssColor = regexp.MustCompile(`^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20})$`)

// HasAudience reports whether a is one of the declared audiences.
func (c *Config) HasAudience(a string) bool {
	for _, x := range c.Audiences {
		if x == a {
			return true
		}
	}
	return false
}

// ParseDuration parses Go durations ("90m", "1h30m") and whole days or weeks
// ("180d", "2w").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 || v > int(math.MaxInt64/unit) {
				return 0, fmt.Errorf("%q is not a duration like \"180d\" or \"2w\"", s)
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like \"45m\", \"1h30m\" or \"180d\"", s)
	}
	return d, nil
}
