package config

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// load runs Load on a site whose site.toml holds src.
func load(t *testing.T, src string) (*Config, string) {
	t.Helper()
	cfg, diags := Load(fstest.MapFS{FileName: {Data: []byte(src)}})
	return cfg, diags.Error()
}

func TestLoadWithoutSiteTOMLGivesDefaults(t *testing.T) {
	cfg, diags := Load(fstest.MapFS{"content/a.md": {Data: []byte("# A\n")}})
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if cfg.Title != "Playbook" || cfg.Theme != "default" || cfg.PublishDir != "public" || cfg.ContentDir != "content" {
		t.Errorf("defaults: %+v", cfg)
	}
	if want := []string{"manager", "seller", "new-hire"}; !reflect.DeepEqual(cfg.Audiences, want) {
		t.Errorf("Audiences = %q, want %q", cfg.Audiences, want)
	}
	if cfg.Base == nil || cfg.Base.String() != "/" {
		t.Errorf("Base = %v, want /", cfg.Base)
	}
	if cfg.Print.PageSize != "A4" || cfg.Limits.MaxNesting != 32 || cfg.Limits.MaxFileBytes != 16<<20 || cfg.Limits.MaxElements != 1_000_000 {
		t.Errorf("print/limits: %+v %+v", cfg.Print, cfg.Limits)
	}
	if cfg.ReviewEvery != 0 {
		t.Errorf("ReviewEvery = %v, want 0", cfg.ReviewEvery)
	}
	if cfg.Print.Sections || cfg.Print.Audiences {
		t.Errorf("print pages per section and per role are on by default: %+v", cfg.Print)
	}
}

func TestLoadDecodesSiteTOML(t *testing.T) {
	cfg, diags := load(t, `
title = "Sales Playbook"
baseURL = "https://example.com/playbook"
audiences = ["seller", "manager"]
reviewAfter = "26w"

[print]
pageSize = "letter"
sections = true
audiences = true

[markup]
unsafe = true
typographer = false

[params]
accent = "#0b57d0"
accentDark = "rebeccapurple"
mascot = "otter"
[[params.links]]
name = "Intranet"
url = "https://intra.example.com/"
`)
	if diags != "" {
		t.Fatalf("diagnostics: %s", diags)
	}
	if cfg.Title != "Sales Playbook" || !cfg.Markup.Unsafe || cfg.Markup.Typographer {
		t.Errorf("decoded %+v", cfg)
	}
	if cfg.Base.Scheme != "https" || cfg.Base.Host != "example.com" || cfg.Base.Path != "/playbook/" {
		t.Errorf("Base = %v, want https://example.com/playbook/ with Path /playbook/", cfg.Base)
	}
	if cfg.ReviewEvery != 26*7*24*time.Hour {
		t.Errorf("ReviewEvery = %v", cfg.ReviewEvery)
	}
	if cfg.Print.PageSize != "Letter" {
		t.Errorf("PageSize = %q, want the canonical \"Letter\"", cfg.Print.PageSize)
	}
	if !cfg.Print.Sections || !cfg.Print.Audiences {
		t.Errorf("Print = %+v, want sections and audiences on", cfg.Print)
	}
	if cfg.Params.Accent != "#0b57d0" || cfg.Params.AccentDark != "rebeccapurple" {
		t.Errorf("Params = %+v", cfg.Params)
	}
	if want := []Link{{Name: "Intranet", URL: "https://intra.example.com/"}}; !reflect.DeepEqual(cfg.Params.Links, want) {
		t.Errorf("Links = %+v", cfg.Params.Links)
	}
	if cfg.Extra["mascot"] != "otter" {
		t.Errorf("Extra = %v, want mascot = otter", cfg.Extra)
	}
	// Keys left out keep their defaults.
	if cfg.Theme != "default" || cfg.Markup.Highlight.Style != "github" {
		t.Errorf("defaults lost: theme %q, style %q", cfg.Theme, cfg.Markup.Highlight.Style)
	}
	if !Default().Markup.Typographer {
		t.Error("the typographer is off by default, want on")
	}
}

func TestLoadBaseURLPath(t *testing.T) {
	tests := []struct {
		baseURL, wantPath, wantString string
	}{
		{"/", "/", "/"},
		{"", "/", "/"},
		{"/playbook", "/playbook/", "/playbook/"},
		{"https://example.com", "/", "https://example.com/"},
		{"https://example.com/", "/", "https://example.com/"},
		{"https://example.com/playbook", "/playbook/", "https://example.com/playbook/"},
		{"https://example.com/docs/playbook/", "/docs/playbook/", "https://example.com/docs/playbook/"},
	}
	for _, tt := range tests {
		cfg, diags := load(t, `baseURL = "`+tt.baseURL+`"`)
		if diags != "" {
			t.Errorf("baseURL %q: %s", tt.baseURL, diags)
			continue
		}
		if cfg.Base.Path != tt.wantPath || cfg.Base.String() != tt.wantString {
			t.Errorf("baseURL %q: Base = %q (path %q), want %q (path %q)",
				tt.baseURL, cfg.Base, cfg.Base.Path, tt.wantString, tt.wantPath)
		}
	}
}

func TestLoadReportsProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key is a warning",
			"title = \"T\"\n\n  titel = \"T\"\n",
			`site.toml:3:3: warning: unknown key "titel"`},
		{"unknown key in a table",
			"[markup.highlight]\nstyle = \"github\"\nlineNumber = true\n",
			`site.toml:3:1: warning: unknown key "markup.highlight.lineNumber"`},
		{"keys under params are free",
			"[params]\nanything = 1\n",
			""},
		{"wrong type",
			"title = \"T\"\naudiences = \"seller\"\n",
			`site.toml:2:1: audiences: wrong type: got string, want list`},
		{"wrong type in a table",
			"[limits]\nmaxNesting = \"deep\"\n",
			`site.toml:2:1: limits.maxNesting: wrong type: got string, want integer`},
		{"syntax error",
			"title = \"T\nbaseURL = \"/\"\n",
			`site.toml:1:11: strings cannot contain newlines`},
		{"baseURL with a foreign scheme",
			"title = \"T\"\nbaseURL = \"ftp://example.com/\"\n",
			`site.toml:2:1: baseURL "ftp://example.com/" is not an http(s) URL or a path`},
		{"bad reviewAfter",
			"reviewAfter = \"six months\"\n",
			`site.toml:1:1: reviewAfter: "six months" is not a duration like "45m", "1h30m" or "180d"`},
		{"print sections not a boolean",
			"[print]\nversion = \"1\"\nsections = \"yes\"\n",
			`site.toml:3:1: print.sections: wrong type: got string, want boolean`},
		{"print audiences not a boolean",
			"[print]\n  audiences = 1\n",
			`site.toml:2:3: print.audiences: wrong type: got integer, want boolean`},
		{"misspelt print key",
			"[print]\nsection = true\n",
			`site.toml:2:1: warning: unknown key "print.section"`},
		{"bad page size",
			"[print]\npageSize = \"A3\"\n",
			`site.toml:2:1: print.pageSize "A3": want "A4" or "Letter"`},
		{"publishDir outside the site",
			"publishDir = \"../out\"\n",
			`site.toml:1:1: publishDir "../out" must name a folder inside the site (or an absolute path)`},
		{"publishDir inside contentDir",
			"contentDir = \"docs\"\npublishDir = \"docs/out\"\n",
			`site.toml:2:1: publishDir "docs/out" and contentDir "docs" overlap: a build would publish into its own content`},
		{"publishDir the content folder",
			"publishDir = \"content\"\n",
			`site.toml:1:1: publishDir "content" and contentDir "content" overlap: a build would publish into its own content`},
		{"publishDir the site itself",
			"publishDir = \".\"\n",
			`site.toml:1:1: publishDir "." must name a folder inside the site (or an absolute path)`},
		{"contentDir outside the site",
			"contentDir = \"../docs\"\n",
			`site.toml:1:1: contentDir "../docs" must name a folder inside the site, such as "docs"`},
		{"contentDir the site itself",
			"contentDir = \".\"\n",
			`site.toml:1:1: contentDir "." must name a folder inside the site, such as "docs"`},
		{"folder names with two dots are fine",
			"contentDir = \"docs..old\"\npublishDir = \"/tmp/out\"\n",
			``},
		{"theme with a path",
			"theme = \"../x\"\n",
			`site.toml:1:1: theme "../x" must be the name of a folder under themes/`},
		{"duplicate audience",
			"audiences = [\"seller\", \"seller\"]\n",
			`site.toml:1:1: audience "seller" must be a unique, non-empty word without spaces or slashes`},
		{"audiences with one URL",
			"title = \"T\"\naudiences = [\"seller\", \"Manager\", \"manager\", \"new-hire\", \"New_Hire\"]\n",
			`site.toml:2:1: audiences "Manager" and "manager" are one: both have the URL /audience/manager/`},
		{"audience with a space",
			"audiences = [\"new hire\"]\n",
			`site.toml:1:1: audience "new hire" must be a unique, non-empty word without spaces or slashes`},
		{"footer link with a javascript: URL",
			"[params]\n[[params.links]]\nname = \"x\"\nurl = \"javascript:alert(1)\"\n",
			`site.toml:4:1: params.links: "javascript:alert(1)" is not an http(s) or mailto URL`},
		{"footer link relative to each page",
			"[params]\n[[params.links]]\nname = \"x\"\nurl = \"docs/x?a=1\"\n",
			`site.toml:4:1: warning: params.links: "docs/x?a=1" is relative, so each page's footer link leads somewhere else; write "/docs/x?a=1" (from the host's root) or a full URL`},
		{"footer links each at its own place",
			"[params]\nlinks = [\n  { name = \"a\", url = \"https://a.example/\" },\n  { name = \"b\", url = \"../up\" },\n  { name = \"c\", url = \"?q=1\" },\n  { url = \"https://d.example/\" },\n  { name = \"e\", url = \"\" },\n]\n",
			"site.toml:4:17: warning: params.links: \"../up\" is relative, so each page's footer link leads somewhere else; write a path from the host's root (such as \"/docs/\") or a full URL\n" +
				"site.toml:5:17: warning: params.links: \"?q=1\" is relative, so each page's footer link leads somewhere else; write \"/?q=1\" (from the host's root) or a full URL\n" +
				"site.toml:6:5: warning: params.links: the link to \"https://d.example/\" has no name, so its footer link shows nothing\n" +
				"site.toml:7:17: warning: params.links: \"e\" has no url, so its footer link leads to the page it is on"},
		{"footer links from the host's root, a fragment or a full URL",
			"[params]\n[[params.links]]\nname = \"x\"\nurl = \"/docs/x\"\n[[params.links]]\nname = \"y\"\nurl = \"#top\"\n[[params.links]]\nname = \"z\"\nurl = \"//cdn.example.com/a\"\n",
			``},
		{"edit URL with a javascript: scheme",
			"editURL = \"javascript:alert(1)//\"\n",
			`site.toml:1:1: editURL "javascript:alert(1)//" is not an http(s) URL; write an absolute http(s) URL such as "https://github.com/org/repo/edit/main/"`},
		{"edit URL without a host",
			"title = \"T\"\neditURL = \"edit/main/\"\n",
			`site.toml:2:1: editURL "edit/main/" is not an http(s) URL; write an absolute http(s) URL such as "https://github.com/org/repo/edit/main/"`},
		{"footer links at their tables when one has no url",
			"[params]\n[[params.links]]\nname = \"a\"\n[[params.links]]\nname = \"b\"\nurl = \"x/y\"\n",
			"site.toml:2:3: warning: params.links: \"a\" has no url, so its footer link leads to the page it is on\n" +
				"site.toml:6:1: warning: params.links: \"x/y\" is relative, so each page's footer link leads somewhere else; write \"/x/y\" (from the host's root) or a full URL"},
		{"footer link written as a string",
			"[params]\nlinks = [\"just-a-string\"]\n",
			`site.toml:2:1: params.links: wrong type: got string, want table`},
		{"footer links inline, one without a url, blank ones and ones without a host",
			"[params]\nlinks = [\n  { name = \"a\", url = \"docs/x\" },\n  { name = \"b\" },\n  {},\n  { name = \"c\", url = \"   \" },\n  { name = \"d\", url = \" https://d.example/ \" },\n  { name = \"e\", url = \"http:\" },\n  { name = \"f\", url = \"mailto:\" },\n]\n",
			"site.toml:3:17: warning: params.links: \"docs/x\" is relative, so each page's footer link leads somewhere else; write \"/docs/x\" (from the host's root) or a full URL\n" +
				"site.toml:4:3: warning: params.links: \"b\" has no url, so its footer link leads to the page it is on\n" +
				"site.toml:5:3: warning: params.links: a link with neither a name nor a url shows nothing and leads nowhere\n" +
				"site.toml:6:17: warning: params.links: \"c\" has no url, so its footer link leads to the page it is on\n" +
				"site.toml:8:17: params.links: \"http:\" has no host or address\n" +
				"site.toml:9:17: params.links: \"mailto:\" has no host or address"},
		{"edit URL with a trailing space",
			"editURL = \"https://git.example/edit/main/ \"\n",
			`site.toml:1:1: editURL "https://git.example/edit/main/ " has white space around it` + "; write an absolute http(s) URL such as \"https://github.com/org/repo/edit/main/\""},
		{"edit URL with an empty host",
			"editURL = \"https:///edit/\"\n",
			`site.toml:1:1: editURL "https:///edit/" has no host` + "; write an absolute http(s) URL such as \"https://github.com/org/repo/edit/main/\""},
		{"edit URL with a query",
			"editURL = \"https://git.example/edit/main/?plain=1\"\n",
			`site.toml:1:1: editURL "https://git.example/edit/main/?plain=1" has a query (?…), which the page's path would follow; write an absolute http(s) URL such as "https://github.com/org/repo/edit/main/"`},
		{"edit URL with a fragment",
			"editURL = \"https://git.example/edit/main/#x\"\n",
			`site.toml:1:1: editURL "https://git.example/edit/main/#x" has a fragment (#…), which the page's path would follow; write an absolute http(s) URL such as "https://github.com/org/repo/edit/main/"`},
		{"unknown link level",
			"[links]\ninternal = \"ignore\"\n",
			`site.toml:2:1: links.internal "ignore": want "error" or "warning"`},
		{"unknown anchor level",
			"[links]\ninternal = \"warning\"\n  anchors = \"loud\"\n",
			`site.toml:3:3: links.anchors "loud": want "error", "warning" or "ignore"`},
		{"all problems of the file, warnings included",
			"titel = \"T\"\nreviewAfter = \"soon\"\n",
			"site.toml:1:1: warning: unknown key \"titel\"\n" +
				`site.toml:2:1: reviewAfter: "soon" is not a duration like "45m", "1h30m" or "180d"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := load(t, tt.src); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLoadValidatesAccentColours(t *testing.T) {
	tests := []struct {
		accent string
		ok     bool
	}{
		{"#0b57d0", true},
		{"#abc", true},
		{"#ABCD", true},
		{"#0b57d0cc", true},
		{"rebeccapurple", true},
		{"red", true},
		{"#12345", false}, // five digits is no CSS colour
		{"#1234567", false},
		{"#0b57dz", false},
		{"0b57d0", false},
		{"#", false},
		{"red; background: url(x)", false},
		{"rgb(1,2,3)", false},
	}
	for _, tt := range tests {
		_, got := load(t, "[params]\naccent = \""+tt.accent+"\"\n")
		want := ""
		if !tt.ok {
			want = `site.toml:2:1: params.accent "` + tt.accent + `" is not a CSS colour like "#0b57d0"`
		}
		if got != want {
			t.Errorf("accent %q:\ngot  %s\nwant %s", tt.accent, got, want)
		}
	}
	_, got := load(t, "[params]\naccent = \"#fff\"\naccentDark = \"#ggg\"\n")
	if want := `site.toml:3:1: params.accentDark "#ggg" is not a CSS colour like "#0b57d0"`; got != want {
		t.Errorf("accentDark:\ngot  %s\nwant %s", got, want)
	}
	for v, want := range map[string]string{"#123456": "", "navy": "", "navy;color:red": `site.toml:2:1: params.brandColor "navy;color:red" is not a CSS colour like "#0b57d0"`} {
		if _, got := load(t, "[params]\nbrandColor = \""+v+"\"\n"); got != want {
			t.Errorf("brandColor %q:\ngot  %s\nwant %s", v, got, want)
		}
	}
}

func TestLoadLinkLevels(t *testing.T) {
	tests := []struct {
		src               string
		internal, anchors Level
	}{
		{"", LevelError, LevelError},
		{"[links]\ninternal = \"warning\"\n", LevelWarning, LevelError},
		{"[links]\nanchors = \"ignore\"\n", LevelError, LevelIgnore},
		{"[links]\ninternal = \"Warning\"\nanchors = \"warning\"\n", LevelWarning, LevelWarning},
	}
	for _, tt := range tests {
		cfg, diags := load(t, tt.src)
		if diags != "" {
			t.Errorf("%q: diagnostics %s", tt.src, diags)
		}
		if cfg.Links.InternalLevel != tt.internal || cfg.Links.AnchorsLevel != tt.anchors {
			t.Errorf("%q: levels %d, %d, want %d, %d", tt.src, cfg.Links.InternalLevel, cfg.Links.AnchorsLevel, tt.internal, tt.anchors)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"180d", 180 * 24 * time.Hour},
		{"2w", 14 * 24 * time.Hour},
		{"0d", 0},
		{" 3d ", 3 * 24 * time.Hour},
		{"1h30m", 90 * time.Minute},
		{"45m", 45 * time.Minute},
		{"90s", 90 * time.Second},
		{"106751d", 106751 * 24 * time.Hour}, // the largest number of days that fits
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationRejectsBadValues(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", `"" is not a duration like "45m", "1h30m" or "180d"`},
		{"soon", `"soon" is not a duration like "45m", "1h30m" or "180d"`},
		{"-5m", `"-5m" is not a duration like "45m", "1h30m" or "180d"`},
		{"1d2h", `"1d2h" is not a duration like "45m", "1h30m" or "180d"`},
		{"180", `"180" is not a duration like "45m", "1h30m" or "180d"`},
		{"d", `"d" is not a duration like "180d" or "2w"`},
		{"-1d", `"-1d" is not a duration like "180d" or "2w"`},
		{"1.5w", `"1.5w" is not a duration like "180d" or "2w"`},
		{"106752d", `"106752d" is not a duration like "180d" or "2w"`}, // would overflow
		{"99999999999999w", `"99999999999999w" is not a duration like "180d" or "2w"`},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want error %s", tt.in, got, err, tt.want)
		}
	}
}

func TestHasAudience(t *testing.T) {
	cfg := Default()
	if !cfg.HasAudience("seller") || cfg.HasAudience("Seller") || cfg.HasAudience("") {
		t.Errorf("HasAudience wrong for %q", cfg.Audiences)
	}
}

// site.toml is bounded before it is decoded: its size by the default
// limits.maxFileBytes, its nesting by the default limits.maxNesting.
func TestLoadBoundsSiteTOML(t *testing.T) {
	big := "title = \"T\"\n# " + strings.Repeat("x", 16<<20) + "\n"
	if _, got := load(t, big); got != "site.toml: file is 16777231 bytes, over the limit of 16777216" {
		t.Errorf("big: %s", got)
	}
	deep := "title = \"T\"\n[params]\nx = " + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + "\n"
	if _, got := load(t, deep); got != "site.toml:3:35: nested deeper than 32 levels" {
		t.Errorf("deep: %s", got)
	}
}

// [progress] without a url turns the service off: keys that would tune it
// are named in a warning at the table. dailyHours must be above 0 and at
// most 24 when written, 0 included; left out it is 4.
func TestLoadProgress(t *testing.T) {
	tests := []struct {
		name, src, want string
		hours           float64
	}{
		{"auth without url",
			"title = \"T\"\n[progress]\nauth = \"proxy\"\n",
			`site.toml:2:2: warning: progress.url is empty: the progress service is off and progress.auth is ignored`, 4},
		{"empty url, auth and hours",
			"[progress]\nauth = \"proxy\"\n  url = \"\"\ndailyHours = 3\n",
			`site.toml:3:3: warning: progress.url is empty: the progress service is off and progress.auth and progress.dailyHours are ignored`, 3},
		{"dailyHours 0 written",
			"[progress]\nurl = \"https://progress.example.com/\"\ndailyHours = 0\n",
			`site.toml:3:1: progress.dailyHours 0: want hours above 0 and at most 24`, 0},
		{"dailyHours 25",
			"[progress]\nurl = \"https://progress.example.com/\"\ndailyHours = 25\n",
			`site.toml:3:1: progress.dailyHours 25: want hours above 0 and at most 24`, 25},
		{"dailyHours left out",
			"[progress]\nurl = \"https://progress.example.com/\"\n",
			``, 4},
		{"dailyHours 24",
			"[progress]\nurl = \"https://progress.example.com/\"\ndailyHours = 24\n",
			``, 24},
		{"no progress table",
			"title = \"T\"\n",
			``, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, got := load(t, tt.src)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if cfg.Progress.DailyHours != tt.hours {
				t.Errorf("dailyHours %v, want %v", cfg.Progress.DailyHours, tt.hours)
			}
		})
	}
}

func TestLoadReadsGitInfoAndChanges(t *testing.T) {
	cfg, _ := load(t, "title = \"T\"\n")
	if cfg.EnableGitInfo || !cfg.GitInfo.ShowAuthor || cfg.Changes.Limit != 50 || cfg.Changes.BadgeDays != 0 {
		t.Errorf("defaults: enableGitInfo %v, %+v, %+v", cfg.EnableGitInfo, cfg.GitInfo, cfg.Changes)
	}
	cfg, errs := load(t, "enableGitInfo = true\n[gitInfo]\nshowAuthor = false\n[changes]\nlimit = 0\nbadgeDays = 14\n")
	if errs != "" || !cfg.EnableGitInfo || cfg.GitInfo.ShowAuthor || cfg.Changes.Limit != 0 || cfg.Changes.BadgeDays != 14 {
		t.Errorf("decoded: %v %+v %+v; %s", cfg.EnableGitInfo, cfg.GitInfo, cfg.Changes, errs)
	}
	if got := cfg.KeyPos("changes.badgeDays").String(); got != "site.toml:6:1" {
		t.Errorf("KeyPos(changes.badgeDays) = %s", got)
	}
	if got := cfg.KeyPos("nowhere").String(); got != "site.toml:1:1" {
		t.Errorf("KeyPos of a key not written = %s, want the file's start", got)
	}
}
