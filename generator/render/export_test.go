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
