package service

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"playbook/generator/progress/store"
)

func TestApplyTeams(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src := `[[person]]
email = "maria@example.com"
name = "Maria Lopez"
role = "manager"

[[person]]
email = "Ana@Example.com"
name = "Ana Ruiz"
manager = "maria@example.com"
start = 2026-12-01
`
	n, err := ApplyTeams(ctx, st, "cli", "teams.toml", []byte(src))
	if err != nil || n != 2 {
		t.Fatalf("ApplyTeams = %d, %v", n, err)
	}
	people, err := st.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type short struct{ Email, Name, Role, Manager, Start string }
	var got []short
	for _, p := range people {
		got = append(got, short{p.Email, p.Name, string(p.Role), p.Manager, p.Start.Format(time.DateOnly)})
	}
	want := []short{
		{"ana@example.com", "Ana Ruiz", "member", "maria@example.com", "2026-12-01"},
		{"maria@example.com", "Maria Lopez", "manager", "", time.Now().UTC().Format(time.DateOnly)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("people = %+v\nwant %+v", got, want)
	}
}

func TestApplyTeamsReportsEveryErrorWithItsPosition(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range []struct{ name, src, want string }{
		{"syntax", "[[person]]\nemail = \"a@example.com\nrole = \"member\"\n", "teams.toml:2:"},
		{"semantics", `[[person]]
email = "maria@example.com"
role = "boss"

[[person]]
email = "ana@example.com"
manager = "mario@example.com"

[[person]]
  email = "maria@example.com"

[[person]]
name = "Nobody"

[[person]]
email = "self@example.com"
manager = "Self@example.com"
`, strings.Join([]string{
			`teams.toml:3:8: role "boss": want member, manager or admin`,
			`teams.toml:7:11: manager mario@example.com is neither listed in this file nor known to the service`,
			`teams.toml:10:11: maria@example.com is listed twice (first at teams.toml:2:9)`,
			`teams.toml:12:1: person without an email`,
			`teams.toml:17:11: self@example.com cannot be their own manager`,
		}, "\n")},
		{"unknown key", "[[person]]\nemail = \"a@example.com\"\nmanger = \"b@example.com\"\n", "teams.toml:3:1:"},
		{"wrong type", "[[person]]\nemail = \"a@example.com\"\nstart = \"2026-12-01\"\n", "teams.toml:3:"},
	} {
		n, err := ApplyTeams(ctx, st, "cli", "teams.toml", []byte(c.src))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if n != 0 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %d, error:\n%v\nwant it to contain:\n%s", c.name, n, err, c.want)
		}
	}
	if people, _ := st.People(ctx); len(people) != 0 {
		t.Errorf("a file with errors added %d people", len(people))
	}
}
