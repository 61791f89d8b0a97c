package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

func TestProgressServeRefusesPlainHTTPBeyondLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8090", ":8090", "192.0.2.10:8090", "[::]:8090", "progress.example.com:8090"} {
		code, _, errs := runCLI(t, "progress", "serve", "--db", filepath.Join(t.TempDir(), "p.db"), "--addr", addr, "--site", "https://playbook.example.com/")
		if code != exitUsage || !strings.Contains(errs, "without TLS; give --tls-cert and --tls-key, or --behind-proxy") {
			t.Errorf("serve --addr %s: exit %d, %s", addr, code, errs)
		}
	}
	for addr, ok := range map[string]bool{"127.0.0.1:0": true, "[::1]:0": true, "localhost:0": true, "127.8.9.10:1": true} {
		if err := checkExposure(addr, false, false); (err == nil) != ok {
			t.Errorf("checkExposure(%s) = %v", addr, err)
		}
	}
	if err := checkExposure("0.0.0.0:8090", false, true); err != nil {
		t.Errorf("--behind-proxy: %v", err)
	}
	if err := checkExposure("0.0.0.0:8090", true, false); err != nil {
		t.Errorf("with TLS: %v", err)
	}
	// Other refusals before anything listens.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "127.0.0.1:0"}, "--site is required"},
		{[]string{"--site", "ftp://x/"}, "want an absolute http(s) URL"},
		{[]string{"--site", "https://x/", "--proxy-header", "X-Forwarded-Email"}, "--proxy-header needs --trusted-proxy"},
		{[]string{"--site", "https://x/", "--trusted-proxy", "10.0.0.0/33"}, "not an address or CIDR"},
		{[]string{"--site", "https://x/", "--tls-cert", "c.pem"}, "--tls-cert and --tls-key go together"},
	} {
		code, _, errs := runCLI(t, append([]string{"progress", "serve"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("serve %v: exit %d, %s; want %q", c.args, code, errs, c.want)
		}
	}
}

func TestProgressTeamsInviteRevokeAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "progress.db")
	teams := filepath.Join(dir, "teams.toml")
	createDB(t, db)
	if err := os.WriteFile(teams, []byte("[[person]]\nemail = \"maria@example.com\"\nrole = \"manager\"\n\n[[person]]\nemail = \"ana@example.com\"\nrole = \"chief\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "progress", "teams", teams, "--db", db)
	if code != exitContent || !strings.Contains(errs, teams+`:7:8: role "chief": want member, manager or admin`) {
		t.Errorf("teams with an error: exit %d, %s", code, errs)
	}
	if err := os.WriteFile(teams, []byte("[[person]]\nemail = \"maria@example.com\"\nname = \"Maria\"\nrole = \"manager\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "progress", "teams", teams, "--db", db); code != 0 || out != "applied 1 person from "+teams+"\n" {
		t.Errorf("teams: exit %d, %q %s", code, out, errs)
	}
	// No site recorded yet: invite needs --site.
	if code, _, errs := runCLI(t, "progress", "invite", "ana@example.com", "--db", db); code != exitUsage || !strings.Contains(errs, "no --site") {
		t.Errorf("invite without a site: exit %d, %s", code, errs)
	}
	code, out, errs := runCLI(t, "progress", "invite", "ana@example.com", "--db", db, "--site", "https://playbook.example.com/hb",
		"--manager", "maria@example.com", "--name", "Ana Ruiz", "--start", "2026-12-01")
	// A member's link opens the home page, a manager's or admin's the team page.
	if code != 0 || !regexp.MustCompile(`^https://playbook\.example\.com/hb/#invitation=[A-Z0-9]+\.[A-Z0-9]+\n$`).MatchString(out) {
		t.Errorf("invite a member: exit %d, %q %s, want https://playbook.example.com/hb/#invitation=CODE", code, out, errs)
	}
	for _, who := range [][]string{{"maria@example.com"}, {"cleo@example.com", "--role", "admin"}} {
		code, out, errs := runCLI(t, append(append([]string{"progress", "invite"}, who...), "--db", db, "--site", "https://playbook.example.com/hb")...)
		if code != 0 || !regexp.MustCompile(`^https://playbook\.example\.com/hb/team/#invitation=[A-Z0-9]+\.[A-Z0-9]+\n$`).MatchString(out) {
			t.Errorf("invite %s: exit %d, %q %s, want https://playbook.example.com/hb/team/#invitation=CODE", who[0], code, out, errs)
		}
	}
	if code, out, _ := runCLI(t, "progress", "revoke", "ana@example.com", "--db", db); code != 0 || out != "revoked 1 token or invitation of ana@example.com\n" {
		t.Errorf("revoke: exit %d, %q", code, out)
	}
	// The audit log names who did what to whom, in order.
	code, out, errs = runCLI(t, "progress", "audit", "--db", db)
	var actions []string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if f := strings.Split(line, "\t"); len(f) == 6 {
			actions = append(actions, f[3]+" "+f[4])
		}
	}
	if want := "person maria@example.com,person ana@example.com,invite ana@example.com,invite maria@example.com,person cleo@example.com,invite cleo@example.com,revoke ana@example.com"; code != 0 || strings.Join(actions, ",") != want {
		t.Errorf("audit: exit %d, %q (want actions %s) %s", code, out, want, errs)
	}
	backup := filepath.Join(dir, "copy.db")
	if code, _, errs := runCLI(t, "progress", "backup", backup, "--db", db); code != 0 {
		t.Fatalf("backup: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, "progress", "backup", backup, "--db", db); code != exitContent || !strings.Contains(errs, "already exists") {
		t.Errorf("backup over a file: exit %d, %s", code, errs)
	}
	st, err := store.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ana, err := st.Person(context.Background(), "ana@example.com")
	if err != nil || ana.Name != "Ana Ruiz" || ana.Manager != "maria@example.com" || ana.Start.Format("2006-01-02") != "2026-12-01" {
		t.Errorf("ana in the backup = %+v, %v", ana, err)
	}
}

// TestProgressTickSurvivesKill9 runs the real binary: a tick the service
// acknowledged is still there after the process is killed without a
// chance to flush anything.
func TestProgressTickSurvivesKill9(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "playbook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	manifest := filepath.Join(dir, "checklists.json")
	m := &checklists.Manifest{Format: checklists.Format, Version: checklists.Version, Site: "http://127.0.0.1:1/",
		Pages: map[string]*checklists.Page{"/onboarding/01-x/": {Title: "X", Items: []checklists.Item{{ID: "task-abc12", Text: "Do it"}}}}}
	f, err := os.Create(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db := filepath.Join(dir, "progress.db")
	serve := func() (*exec.Cmd, string) {
		t.Helper()
		cmd := exec.Command(bin, "progress", "serve", "--db", db, "--addr", "127.0.0.1:0", "--site", "http://127.0.0.1:1/", "--manifest", manifest)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			t.Fatalf("serve printed %q: %v", line, err)
		}
		url := regexp.MustCompile(`^listening on (http://127\.0\.0\.1:\d+/)\n$`).FindStringSubmatch(line)
		if url == nil {
			t.Fatalf("serve printed %q, want \"listening on http://127.0.0.1:PORT/\"", line)
		}
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		return cmd, url[1]
	}
	call := func(method, url, token, body string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}

	cmd, base := serve()
	// invite reads the site URL serve recorded.
	out, err := exec.Command(bin, "progress", "invite", "ana@example.com", "--db", db).Output()
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	link := strings.TrimSpace(string(out))
	_, invitation, ok := strings.Cut(link, "/#invitation=") // ana is a member: the home page
	if !ok || !strings.HasPrefix(link, "http://127.0.0.1:1/") {
		t.Fatalf("invite printed %q", link)
	}
	code, session := call("POST", base+"api/session", "", `{"invitation":"`+invitation+`"}`)
	token, _ := session["token"].(string)
	if code != 200 || token == "" {
		t.Fatalf("session: %d %v", code, session)
	}
	code, ticked := call("POST", base+"api/ticks", token, `{"ticks":[{"page":"/onboarding/01-x/","item":"task-abc12","done":true,"at":1764500000000}]}`)
	if code != 200 || ticked["changed"] != float64(1) {
		t.Fatalf("tick: %d %v", code, ticked)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: nothing runs after it
		t.Fatal(err)
	}
	_ = cmd.Wait()

	_, base = serve()
	code, got := call("GET", base+"api/ticks", token, "")
	ticks, _ := got["ticks"].([]any)
	if code != 200 || len(ticks) != 1 {
		t.Fatalf("after kill -9 and a restart: %d %v, want the one tick", code, got)
	}
	want := map[string]any{"page": "/onboarding/01-x/", "item": "task-abc12", "done": true, "at": float64(1764500000000)}
	if tick, _ := ticks[0].(map[string]any); !maps.Equal(tick, want) {
		t.Errorf("tick after restart = %v, want %v", ticks[0], want)
	}
}

// createDB makes an empty progress database, as serve does.
func createDB(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestProgressAdminCommandsRefuseAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	teams := filepath.Join(dir, "teams.toml")
	if err := os.WriteFile(teams, []byte("[[person]]\nemail = \"ana@example.com\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"invite", "ana@example.com", "--site", "https://playbook.example.com/"},
		{"revoke", "ana@example.com"},
		{"remove", "ana@example.com"},
		{"teams", teams},
		{"backup", filepath.Join(dir, "copy.db")},
		{"audit"},
	} {
		// The default --db, progress.db in the working folder, and a mistyped one.
		for _, db := range []string{"", filepath.Join(dir, "progres.db")} {
			name, full := "progress.db", append([]string{"progress"}, args...)
			if db != "" {
				name, full = db, append(full, "--db", db)
			}
			code, _, errs := runCLI(t, full...)
			want := "no progress database at " + name + "; start `playbook progress serve --db " + name + "` first or pass --db"
			if code != exitContent || !strings.Contains(errs, want) {
				t.Errorf("%v: exit %d, %s; want %q", full, code, errs, want)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the commands left files: %v", entries)
	}
	// A libpq key=value string is neither a file nor repeated.
	for _, args := range [][]string{{"audit"}, {"serve", "--site", "https://playbook.example.com/", "--addr", "127.0.0.1:0"}} {
		full := append(append([]string{"progress"}, args...), "--db", "host=db.example.com user=progress password=hunter2")
		code, _, errs := runCLI(t, full...)
		if code != exitContent || !strings.Contains(errs, "give a URL such as postgres://") || strings.Contains(errs, "hunter2") {
			t.Errorf("%v: exit %d, %s; want a refusal asking for a URL, without the password", args, code, errs)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a key=value --db left files: %v", entries)
	}
}

func TestProgressRemoveAndNotes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "progress.db")
	createDB(t, db)
	teams := filepath.Join(dir, "teams.toml")
	if err := os.WriteFile(teams, []byte(`[[person]]
email = "cleo@example.com"
role = "admin"

[[person]]
email = "maria@example.com"
role = "manager"

[[person]]
email = "ana@example.com"
manager = "maria@example.com"
start = "2026-12-01"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "progress", "teams", teams, "--db", db); code != 0 || out != "applied 3 people from "+teams+"\n" {
		t.Errorf("teams: exit %d, %q %s", code, out, errs)
	}
	// A cycle: nothing of the file is applied.
	cycle := filepath.Join(dir, "cycle.toml")
	if err := os.WriteFile(cycle, []byte("[[person]]\nemail = \"c1@example.com\"\nmanager = \"c2@example.com\"\n\n[[person]]\nemail = \"c2@example.com\"\nmanager = \"c1@example.com\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "progress", "teams", cycle, "--db", db); code != exitContent || !strings.Contains(errs, cycle+":3:11: managers cannot form a cycle") || !strings.Contains(errs, "not applied") {
		t.Errorf("teams with a cycle: exit %d, %s", code, errs)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"<svg/onload=alert(2)>@ex.com"}, "is not a plain email address"},
		{[]string{"=HYPERLINK(x)@example.com"}, "is not a plain email address"},
		{[]string{"bo@example.com", "--manager", "maria@localhost"}, "--manager: email \"maria@localhost\" is not a plain email address"},
		{[]string{"bo@example.com", "--name", "Bo\nChen"}, "--name: name \"Bo\\nChen\" holds a control character"},
	} {
		args := append([]string{"progress", "invite", "--db", db, "--site", "https://playbook.example.com/"}, c.args...)
		if code, _, errs := runCLI(t, args...); code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("invite %v: exit %d, %s; want %q", c.args, code, errs, c.want)
		}
	}
	for i := range 2 {
		if code, _, errs := runCLI(t, "progress", "invite", "ana@example.com", "--db", db, "--site", "https://playbook.example.com/"); code != 0 {
			t.Fatalf("invite %d: exit %d, %s", i, code, errs)
		}
	}
	if code, out, _ := runCLI(t, "progress", "revoke", "ana@example.com", "--db", db); code != 0 || out != "revoked 2 tokens or invitations of ana@example.com\n" {
		t.Errorf("revoke: exit %d, %q", code, out)
	}
	if code, out, errs := runCLI(t, "progress", "remove", "Maria@Example.com", "--db", db); code != 0 || out != "removed maria@example.com with their tokens, invitations, ticks and sign-offs\n" {
		t.Errorf("remove: exit %d, %q %s", code, out, errs)
	}
	if code, _, errs := runCLI(t, "progress", "remove", "cleo@example.com", "--db", db); code != exitContent || !strings.Contains(errs, "the last admin cannot be removed") {
		t.Errorf("remove the last admin: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, "progress", "remove", "nobody@example.com", "--db", db); code != exitContent || !strings.Contains(errs, "not found") {
		t.Errorf("remove nobody: exit %d, %s", code, errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	people, _ := st.People(context.Background())
	if len(people) != 2 || people[0].Email != "ana@example.com" || people[0].Manager != "" {
		t.Errorf("after removing maria: %+v", people)
	}
	entries, _ := st.Audit(context.Background(), 0, 100)
	if last := entries[len(entries)-1]; last.Action != store.ActionRemove || last.Subject != "maria@example.com" {
		t.Errorf("last audit entry = %+v, want remove maria", last)
	}
}

// cancelOn is a writer that cancels a context once it is written to.
type cancelOn struct {
	strings.Builder
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	defer c.cancel()
	return c.Builder.Write(p)
}

func TestProgressServeWarnsWhenTheManifestCannotBeRead(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{cancel: cancel} // stops serve once it says it listens
	var errs strings.Builder
	missing := filepath.Join(dir, "checklists.json")
	code := run(ctx, []string{"progress", "serve", "--db", filepath.Join(dir, "p.db"), "--addr", "127.0.0.1:0",
		"--site", "https://playbook.example.com/", "--manifest", missing}, out, &errs)
	if code != exitOK || !strings.HasPrefix(out.String(), "listening on http://127.0.0.1:") {
		t.Fatalf("serve: exit %d, %q %s", code, out.String(), errs.String())
	}
	if want := "playbook progress serve: warning: read checklist manifest: stat " + missing + ": no such file or directory"; !strings.Contains(errs.String(), want) {
		t.Errorf("serve with no manifest printed %q, want a warning %q", errs.String(), want)
	}
}

func TestProgressServeSaysWhenItReadsTheManifest(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "checklists.json")
	m := &checklists.Manifest{Format: checklists.Format, Version: checklists.Version, Site: "https://playbook.example.com/",
		Curricula: []checklists.Curriculum{{URL: "/onboarding/", Title: "Onboarding", Modules: []checklists.Module{
			{URL: "/onboarding/01-x/", Title: "X", Number: 1, Pages: []string{"/onboarding/01-x/"}}}}},
		Pages: map[string]*checklists.Page{
			"/onboarding/01-x/": {Title: "X", Items: []checklists.Item{{ID: "task-abc12", Text: "Do it"}}},
			"/tools/crm/":       {Title: "CRM", Items: []checklists.Item{{ID: "task-def34", Text: "Log in"}}}}}
	f, err := os.Create(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{cancel: cancel} // stops serve once it says it listens
	var errs strings.Builder
	code := run(ctx, []string{"progress", "serve", "--db", filepath.Join(dir, "p.db"), "--addr", "127.0.0.1:0",
		"--site", "https://playbook.example.com/", "--manifest", manifest}, out, &errs)
	if code != exitOK {
		t.Fatalf("serve: exit %d, %q %s", code, out.String(), errs.String())
	}
	if want := "read checklist manifest from " + manifest + ": 2 pages, 1 module\n"; strings.Count(errs.String(), "checklist manifest") != 1 || !strings.HasSuffix(errs.String(), want) {
		t.Errorf("serve printed %q, want one line ending %q", errs.String(), want)
	}
}
