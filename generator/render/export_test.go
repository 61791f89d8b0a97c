package render

// ThemeIDPatterns lists themeIDs for the tests of package render_test:
// each pattern and the file that makes it.
func ThemeIDPatterns() (patterns, madeBy []string) {
	for _, t := range themeIDs {
		patterns = append(patterns, t.pattern)
		madeBy = append(madeBy, t.madeBy)
	}
	return patterns, madeBy
}

// TemplatesOnly makes builds run every page, sidebar and list entry
// through the theme's templates, not writePage, writeNav and writeEntry,
// until the returned function is called.
func TemplatesOnly() (restore func()) {
	templatesOnly.Store(true)
	return func() { templatesOnly.Store(false) }
}
