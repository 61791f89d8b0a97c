package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// script returns `playbook completion shell`, written to a file.
func script(t *testing.T, shell string) (text, path string) {
	t.Helper()
	code, out, errs := runCLI(t, "completion", shell)
	if code != 0 || errs != "" || out == "" {
		t.Fatalf("completion %s: exit %d, stderr %q, %d bytes", shell, code, errs, len(out))
	}
	path = filepath.Join(t.TempDir(), "playbook."+shell)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, path
}

// completionDir is a folder to complete in: two folders and a file.
func completionDir(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{"mysite", "other"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shellBinary returns the path of a shell, or "" when it is not installed;
// with CI set a missing shell fails the test (.ci/run installs them).
func shellBinary(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Errorf("%s is not installed; CI installs it (.ci/run)", name)
		}
		t.Logf("%s is not installed: its script is checked by its text only", name)
		return ""
	}
	return p
}

func TestCompletionRefusesAnUnknownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, out, _ := runCLI(t, args...); code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit 2 and no script", args, code, out)
		}
	}
}

// Every script names every command and every flag of the commands table:
// it is made from it.
func TestCompletionScriptsNameEveryCommandAndFlag(t *testing.T) {
	model := completionModel()
	for _, sh := range []string{"bash", "zsh", "fish"} {
		text, _ := script(t, sh)
		for _, c := range model {
			for i, sub := range subNames(c.subs) {
				want := shQuote(sub)
				switch sh {
				case "fish":
					want = "-a " + fishQuote(sub) + " -d " + fishQuote(c.subs[i].summary)
				case "zsh":
					want = shQuote(sub + ":" + c.subs[i].summary)
				}
				if !strings.Contains(text, want) {
					t.Errorf("%s: no command %q (%s)", sh, sub, want)
				}
			}
			for _, f := range c.flags {
				var want string
				switch sh {
				case "fish":
					want = "-l " + f.long
				case "zsh":
					want = shQuote("--" + f.long + ":" + f.usage)
				default:
					want = shQuote("--" + f.long)
				}
				if !strings.Contains(text, want) {
					t.Errorf("%s: %q lacks flag %s (%q)", sh, c.name, f.long, want)
				}
			}
		}
		if err := balanced(sh, text); err != "" {
			t.Errorf("%s: %s", sh, err)
		}
	}
}

// balanced checks that a script's blocks close: case/esac, if/fi, do/done
// and functions in bash and zsh; function, if, for, switch and begin with
// end in fish. Quoted text, escaped characters and comments are left out.
func balanced(sh, text string) string {
	single := `'[^']*'` // bash and zsh: no escapes between single quotes
	if sh == "fish" {
		single = `'(\\.|[^'\\])*'`
	}
	quoted := regexp.MustCompile(`\\.|` + single + `|"(\\.|[^"\\])*"|(^|\s)#[^\n]*`)
	words := strings.Fields(quoted.ReplaceAllString(text, " "))
	count := map[string]int{}
	for _, w := range words {
		count[strings.TrimSuffix(w, ";")]++
	}
	pairs := [][2]string{{"case", "esac"}, {"if", "fi"}, {"do", "done"}}
	if sh == "fish" {
		open := count["function"] + count["if"] + count["for"] + count["switch"] + count["begin"] + count["while"]
		if open == 0 || open != count["end"] {
			return "blocks opened " + strconv.Itoa(open) + " times, closed " + strconv.Itoa(count["end"])
		}
		return ""
	}
	for _, p := range pairs {
		if count[p[0]] != count[p[1]] {
			return p[0] + " " + strconv.Itoa(count[p[0]]) + " times, " + p[1] + " " + strconv.Itoa(count[p[1]])
		}
	}
	if count["case"] == 0 {
		return "no case"
	}
	// Functions open with "name() {" and close with a "}" line.
	funcs := regexp.MustCompile(`(?m)^_\w+\(\) \{$`).FindAllString(text, -1)
	closes := regexp.MustCompile(`(?m)^\}$`).FindAllString(text, -1)
	if len(funcs) == 0 || len(funcs) != len(closes) {
		return strconv.Itoa(len(funcs)) + " functions, " + strconv.Itoa(len(closes)) + " closing braces"
	}
	return ""
}

// The bash script is valid bash, and completing `playbook bu`,
// `playbook build --st` and the rest gives what they should: commands,
// flags, folders after -s, files after pdf's -o, a flag's value skipped
// when finding the command.
func TestBashCompletionCompletes(t *testing.T) {
	_, path := script(t, "bash")
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is not installed")
	}
	if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	dir := completionDir(t)
	for line, want := range map[string][]string{
		"playbook bu":                   {"build"},
		"playbook build --st":           {"--strict"},
		"playbook build -s ":            {"mysite", "other"},
		"playbook build -s my":          {"mysite"},
		"playbook build -s mysite --st": {"--strict"},
		"playbook build -s mysite -":    {"-h", "--help", "-s", "--source", "-o", "--output", "--base-url", "--no-cache", "--cpuprofile", "--memprofile", "--drafts", "--strict", "-q", "--quiet", "-v", "--verbose"},
		"playbook build --source = my":  {"mysite"}, // --source=my, split at = as bash does
		"playbook build --source = ":    {"mysite", "other"},
		"playbook progress s":           {"serve"},
		"playbook progress serve --t":   {"--teams", "--trusted-proxy", "--tls-cert", "--tls-key"},
		"playbook new ":                 {"site", "page", "play", "module"},
		"playbook new site ":            {"mysite", "other"},
		"playbook import ":              {"mysite", "other", "hugo", "mkdocs", "docusaurus", "mdbook", "zola", "markdown"},
		"playbook import hugo ":         {"mysite", "other"},
		"playbook pdf -o ":              {"mysite", "notes.txt", "other"},
		"playbook serve --addr ":        nil,
		"playbook completion ":          {"bash", "zsh", "fish"},
		"playbook help se":              {"serve"},
		"playbook -":                    {"-h", "--help", "--version"},
		"playbook version ":             nil,
	} {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var quotedWords []string
		for _, w := range words {
			quotedWords = append(quotedWords, shQuote(w))
		}
		prog := `source "$1"; COMP_WORDS=(` + strings.Join(quotedWords, " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _playbook; printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "-c", prog, "bash", path)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%q: %v\n%s", line, err, out)
			continue
		}
		got := strings.Fields(string(out))
		slices.Sort(got)
		want = slices.Clone(want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: COMPREPLY %q, want %q", line, got, want)
		}
	}
}

// The zsh script parses (zsh -n) and, with zsh's completion functions
// replaced by ones that print what they are asked, completes commands
// with their descriptions, flags, folders and words.
func TestZshCompletionCompletes(t *testing.T) {
	_, path := script(t, "zsh")
	zsh := shellBinary(t, "zsh")
	if zsh == "" {
		return // TestCompletionScriptsNameEveryCommandAndFlag checked its text
	}
	if out, err := exec.Command(zsh, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
	const harness = `
compdef() { print -r -- "compdef $*"; }
_describe() { print -rl -- "${(@P)4}"; }
_files() { print -r -- "files $*"; }
compadd() { shift; print -rl -- "$@"; }
_message() { print -r -- "message $*"; }
compset() { :; }
source "$1"
words=("${(@)argv[2,-1]}")
CURRENT=${#words}
_playbook
`
	dir := completionDir(t)
	for line, want := range map[string]string{
		"playbook ":                     "build:" + lookup("build").summary + "\n",
		"playbook progress ":            "invite:" + lookup("progress invite").summary + "\n",
		"playbook build -s mysite --st": "--strict:treat warnings as errors\n",
		"playbook build -s ":            "files -/\n",
		"playbook build --source=my":    "files -/\n",
		"playbook pdf -o ":              "files \n",
		"playbook serve --addr ":        "message value\n",
		"playbook completion ":          "bash\nzsh\nfish\n",
		"playbook import ":              "hugo\n",
	} {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		cmd := exec.Command(zsh, append([]string{"-f", "-c", harness, "zsh", path}, words...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("%q: %v, output\n%s\nwant it to hold %q", line, err, out, want)
		}
		if !strings.HasPrefix(string(out), "compdef _playbook playbook\n") {
			t.Errorf("%q: the sourced script did not register _playbook: %s", line, out)
		}
	}
}

// The fish script parses (fish -n) and fish's own `complete -C` completes
// commands, flags, folders after -s and a flag's "--source=" value.
func TestFishCompletionCompletes(t *testing.T) {
	_, path := script(t, "fish")
	fish := shellBinary(t, "fish")
	if fish == "" {
		return // TestCompletionScriptsNameEveryCommandAndFlag checked its text
	}
	if out, err := exec.Command(fish, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("fish -n: %v\n%s", err, out)
	}
	dir := completionDir(t)
	for line, want := range map[string][]string{
		"playbook bu":                   {"build"},
		"playbook build --st":           {"--strict"},
		"playbook build -s ":            {"mysite/", "other/"},
		"playbook build -s mysite --st": {"--strict"},
		"playbook build --source=my":    {"--source=mysite/"},
		"playbook progress s":           {"serve"},
		"playbook import hugo ":         {"mysite/", "other/"},
		"playbook completion ":          {"bash", "fish", "zsh"},
		"playbook serve --addr ":        nil,
	} {
		cmd := exec.Command(fish, "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, path, line)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%q: %v\n%s", line, err, out)
			continue
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l != "" {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
}
