package service

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestApplyTeams(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := openStore(t, dsn)
		src := `[[person]]
email = "maria@example.com"
name = "Maria Lopez"
role = "manager"

[[person]]
email = "Ana@Example.com"
name = "Ana Ruiz"
manager = "maria@example.com"
start = 2026-12-01

[[person]]
email = "bo@example.com"
start = "2026-12-02"
`
		n, err := ApplyTeams(ctx, st, "cli", "teams.toml", []byte(src))
		if err != nil || n != 3 {
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
			{"bo@example.com", "", "member", "", "2026-12-02"},
			{"maria@example.com", "Maria Lopez", "manager", "", time.Now().UTC().Format(time.DateOnly)},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("people = %+v\nwant %+v", got, want)
		}
	})
}

func TestApplyTeamsReportsEveryErrorWithItsPosition(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := openStore(t, dsn)
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
			// An unknown key, a value of the wrong type and content errors
			// come out together.
			{"unknown key and types", `[[person]]
email = "a@example.com"
manger = "b@example.com"
start = "next monday"

[[person]]
email = 5
role = "boss"

[[person]]
email = "c@example.com"
name = "Cy\tDoe"
start = 2026-12-01T09:00:00Z

[[person]]
email = "d@example.com"
name = "Di\u0007Bell"
`, strings.Join([]string{
				`teams.toml:3:1: unknown key "person.manger"`,
				`teams.toml:4:9: start: want a date like 2026-12-01, not "next monday"`,
				`teams.toml:7:9: email: want a string in quotes, not the number 5`,
				`teams.toml:8:8: role "boss": want member, manager or admin`,
				`teams.toml:12:8: name "Cy\tDoe" holds a control character (U+0009)`,
				`teams.toml:13:9: start: want a date like 2026-12-01, not a date and time`,
				`teams.toml:17:8: name "Di\aBell" holds a control character (U+0007)`,
			}, "\n")},
			{"emails", `[[person]]
email = "<svg/onload=alert(2)>@ex.com"

[[person]]
email = "=HYPERLINK(\"http://x\",\"y\")@example.com"

[[person]]
email = "ok@example.com"
manager = "boss@localhost"
`, strings.Join([]string{
				`teams.toml:2:9: email "<svg/onload=alert(2)>@ex.com" is not a plain email address such as ana@example.com: it holds one of <>"'[]()\,;:`,
				`teams.toml:5:9: email "=HYPERLINK(\"http://x\",\"y\")@example.com" is not a plain email address such as ana@example.com: it holds one of <>"'[]()\,;:`,
				`teams.toml:9:11: manager: email "boss@localhost" is not a plain email address such as ana@example.com: its domain has no dot`,
			}, "\n")},
			// Each reports to the other: found before anything is written.
			{"cycle", `[[person]]
email = "c1@example.com"
manager = "c2@example.com"

[[person]]
email = "c2@example.com"
manager = "c1@example.com"
`, strings.Join([]string{
				`teams.toml:3:11: managers cannot form a cycle: c1@example.com reports to c2@example.com reports to c1@example.com`,
				`teams.toml:7:11: managers cannot form a cycle: c2@example.com reports to c1@example.com reports to c2@example.com`,
			}, "\n")},
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
	})
}
