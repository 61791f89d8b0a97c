package render

// The theme's sync script and its stylesheet (assets/progress.js and
// progress.css) are published and loaded only by sites with a [progress]
// url: a site without one makes no request beyond its own files.

// isProgressAsset reports whether the asset named name (under assets/)
// belongs to checklist sync with a progress service.
func isProgressAsset(name string) bool { return name == "progress.js" || name == "progress.css" }
