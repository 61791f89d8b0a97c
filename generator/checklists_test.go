package generator_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

// A site with a progress service publishes the manifest the service
// validates ticks against: curricula, modules with their durations and
// sign-off, and every page's leaf items.
func TestProgressSitePublishesChecklistManifest(t *testing.T) {
	s := sitetest.Build(t, strings.Replace(curriculumSite, "-- content/path/_index.md --\n",
		"[progress]\nurl = \"https://progress.example.com\"\ndailyHours = 3\n-- content/path/_index.md --\n", 1)+`
-- content/path/04-fourth.md --
+++
title = "Fourth"
weight = 40
signoff = true
+++
- [ ] parent
  - [ ] child one
  - [x] child two
`)
	for _, d := range s.Diags() {
		if strings.HasPrefix(d, "site.toml") {
			t.Errorf("site.toml: %s", d)
		}
	}
	m, err := checklists.Parse(strings.NewReader(s.File("checklists.json")))
	if err != nil {
		t.Fatal(err)
	}
	if m.DailyHours != 3 || m.Site != "/" {
		t.Errorf("dailyHours %v site %q, want 3 and /", m.DailyHours, m.Site)
	}
	if len(m.Curricula) != 1 || m.Curricula[0].URL != "/path/" || m.Curricula[0].Title != "Path" {
		t.Fatalf("curricula = %+v", m.Curricula)
	}
	var got []string
	for _, mod := range m.Curricula[0].Modules {
		got = append(got, mod.Title+" "+strings.Join(mod.Pages, ","))
	}
	want := []string{"First /path/01-first/", "Second /path/02-second/", "Third ", "Fourth /path/04-fourth/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("modules = %q, want %q", got, want)
	}
	if mod := m.Curricula[0].Modules[1]; mod.Number != 2 || mod.DurationSeconds != 5400 || mod.Signoff {
		t.Errorf("second module = %+v", mod)
	}
	if !m.Curricula[0].Modules[3].Signoff {
		t.Error("fourth module asks for a sign-off")
	}
	first := m.Pages["/path/01-first/"]
	if first == nil || len(first.Items) != 2 || first.Items[0].Text != "a" || first.Items[0].Default || !first.Items[1].Default {
		t.Fatalf("first page = %+v", first)
	}
	// Only leaves are items: the parent follows its children.
	var texts []string
	for _, it := range m.Pages["/path/04-fourth/"].Items {
		texts = append(texts, it.Text)
		if !m.HasItem("/path/04-fourth/", it.ID) || !strings.Contains(s.File("path/04-fourth/index.html"), `data-task="`+it.ID+`"`) {
			t.Errorf("item %s is not the page's", it.ID)
		}
	}
	if !reflect.DeepEqual(texts, []string{"child one", "child two"}) {
		t.Errorf("fourth page items = %q", texts)
	}
	if _, ok := m.Pages["/other/"]; ok {
		t.Error("a page without items is in the manifest")
	}
}

// Without [progress] the output is as before: no manifest.
func TestSiteWithoutProgressPublishesNoManifest(t *testing.T) {
	s := sitetest.Build(t, curriculumSite)
	s.AssertNoFile("checklists.json")
}

func TestProgressConfigErrors(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{`url = "progress.example.com"`, `site.toml:2:1: progress.url "progress.example.com" is not an absolute http(s) URL such as "https://progress.example.com/"`},
		{"url = \"https://p.example.com/\"\nauth = \"oauth\"", `site.toml:3:1: progress.auth "oauth": want "invitation" or "proxy"`},
		{"url = \"https://p.example.com/\"\ndailyHours = 30", `site.toml:3:1: progress.dailyHours 30: want hours above 0 and at most 24`},
		{"url = \"https://p.example.com/\"\ndailyHours = 0", `site.toml:3:1: progress.dailyHours 0: want hours above 0 and at most 24`},
	} {
		s, err := sitetest.BuildErr(t, "-- site.toml --\n[progress]\n"+tc.toml+"\n-- content/a.md --\n# A\n")
		if err == nil {
			t.Errorf("%s: build succeeded", tc.toml)
			continue
		}
		s.AssertDiag(tc.want)
	}
}

// [progress] keys without a url build the site without the service, and
// say so where the url is missing.
func TestProgressKeysWithoutURLWarn(t *testing.T) {
	s := sitetest.Build(t, "-- site.toml --\ntitle = \"T\"\n[progress]\nauth = \"proxy\"\n-- content/a.md --\n# A\n")
	s.AssertDiag(`site.toml:2:2: warning: progress.url is empty: the progress service is off and progress.auth is ignored`)
	s.AssertNoFile("checklists.json")
}
