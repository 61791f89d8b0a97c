package content_test

import (
	"testing"

	"github.com/playbook-ssg/playbook/generator/internal/sitetest"
)

func TestNavigationFilesAreNotPublished(t *testing.T) {
	s := sitetest.Build(t, `
-- site.toml --
title = "Nav"
-- content/SUMMARY.md --
# Summary
-- content/docs/_category_.json --
{}
-- content/docs/_category_.yml --
-- content/docs/intro.md --
# Intro
-- content/docs/guide/SUMMARY.md --
# A page named SUMMARY below the content root
`)
	s.AssertFileContains("docs/intro/index.html", "<h1>Intro</h1>")
	s.AssertFileContains("docs/guide/SUMMARY/index.html", "<h1>A page named SUMMARY below the content root</h1>")
	for _, name := range []string{"SUMMARY/index.html", "docs/_category_.json", "docs/_category_.yml"} {
		s.AssertNoFile(name)
	}
	if _, ok := s.Result.Site.ByPath["SUMMARY.md"]; ok {
		t.Error("SUMMARY.md at the content root is a page")
	}
}
