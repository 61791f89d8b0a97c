// Package chromium finds and configures the headless Chromium that the
// browser tests and `playbook pdf` run.
package chromium

import (
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Path finds the browser: $CHROMIUM, else chromium, chromium-browser,
// google-chrome or headless-shell on PATH. It returns "" when there is
// none.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options start the browser at path headless and quiet, with its profile
// in the folder dir: no sandbox (containers and CI run as root), no GPU,
// and none of the background traffic a desktop browser makes.
func Options(path, dir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
}
