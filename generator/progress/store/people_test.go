package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPutPeopleIsAllOrNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		emails := func() []string {
			people, err := s.People(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range people {
				out = append(out, p.Email+"<"+p.Manager)
			}
			return out
		}
		// c1 reports to c2 and c2 to c1: a cycle, found once both are in.
		err := s.PutPeople(ctx, "cli", []Person{
			{Email: "c1@example.com", Role: RoleManager, Manager: "c2@example.com"},
			{Email: "c2@example.com", Role: RoleManager, Manager: "c1@example.com"},
		})
		if err == nil || !strings.Contains(err.Error(), "cycle") {
			t.Errorf("a cycle within the batch: err = %v", err)
		}
		// A manager nobody has.
		err = s.PutPeople(ctx, "cli", []Person{
			{Email: "ana@example.com", Role: RoleMember},
			{Email: "bo@example.com", Role: RoleMember, Manager: "mario@example.com"},
		})
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "mario@example.com") {
			t.Errorf("a missing manager: err = %v, want ErrNotFound naming mario", err)
		}
		if got := emails(); len(got) != 0 {
			t.Errorf("failed batches left people: %v", got)
		}
		if entries, _ := s.Audit(ctx, 0, 10); len(entries) != 0 {
			t.Errorf("failed batches left audit entries: %+v", entries)
		}
		// A manager listed after the person reporting to them.
		if err := s.PutPeople(ctx, "cli", []Person{
			{Email: "ana@example.com", Role: RoleMember, Manager: "maria@example.com"},
			{Email: "maria@example.com", Role: RoleManager},
		}); err != nil {
			t.Fatal(err)
		}
		// A change that closes a loop through people already stored.
		err = s.PutPeople(ctx, "cli", []Person{
			{Email: "zed@example.com", Role: RoleMember},
			{Email: "maria@example.com", Role: RoleManager, Manager: "ana@example.com"},
		})
		if err == nil || !strings.Contains(err.Error(), "cycle") {
			t.Errorf("a cycle through stored people: err = %v", err)
		}
		for _, bad := range [][]Person{
			{{Email: "x@example.com", Role: RoleMember}, {Email: "X@example.com", Role: RoleMember}},
			{{Email: "x@example.com", Role: RoleMember, Name: "Ana\nRuiz"}},
			{{Email: "x@example.com", Role: RoleMember, Manager: "<svg/onload=alert(2)>@ex.com"}},
			{{Email: "x@localhost", Role: RoleMember}},
		} {
			if err := s.PutPeople(ctx, "cli", bad); err == nil {
				t.Errorf("PutPeople(%+v): no error", bad)
			}
		}
		if got, want := emails(), []string{"ana@example.com<maria@example.com", "maria@example.com<"}; !reflect.DeepEqual(got, want) {
			t.Errorf("people = %v, want %v", got, want)
		}
	})
}

func TestRemovePersonDeletesTheirData(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		s := open(t, b.newDSN(t), c.option())
		if err := s.PutPeople(ctx, "cli", []Person{
			{Email: "cleo@example.com", Role: RoleAdmin},
			{Email: "maria@example.com", Role: RoleManager},
			{Email: "ana@example.com", Role: RoleMember, Manager: "maria@example.com"},
			{Email: "bo@example.com", Role: RoleMember, Manager: "maria@example.com"},
		}); err != nil {
			t.Fatal(err)
		}
		token, err := s.CreateToken(ctx, "maria@example.com")
		if err != nil {
			t.Fatal(err)
		}
		code, err := s.Invite(ctx, "cli", "maria@example.com", c.at(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutTicks(ctx, []Tick{{Email: "maria@example.com", Page: "/p/", Item: "task-a", Done: true, TickedAt: c.now()}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SignOff(ctx, SignOff{Email: "maria@example.com", Module: "/m/", Signer: "cleo@example.com"}); err != nil {
			t.Fatal(err)
		}
		// maria's sign-off of ana stays: it is ana's.
		if err := s.SignOff(ctx, SignOff{Email: "ana@example.com", Module: "/m/", Signer: "maria@example.com"}); err != nil {
			t.Fatal(err)
		}

		if err := s.RemovePerson(ctx, "cli:root", "Maria@Example.com"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Person(ctx, "maria@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Person after removal: %v, want ErrNotFound", err)
		}
		if _, err := s.LookupToken(ctx, token); !errors.Is(err, ErrNotFound) {
			t.Errorf("token after removal: %v, want ErrNotFound", err)
		}
		if _, _, err := s.Redeem(ctx, code); !errors.Is(err, ErrNotFound) {
			t.Errorf("invitation after removal: %v, want ErrNotFound", err)
		}
		ticks, _ := s.TicksOf(ctx, []string{"maria@example.com"})
		offs, _ := s.SignOffsOf(ctx, []string{"maria@example.com", "ana@example.com"})
		if len(ticks) != 0 || len(offs["maria@example.com"]) != 0 || len(offs["ana@example.com"]) != 1 {
			t.Errorf("after removal: ticks %v, sign-offs %v", ticks, offs)
		}
		for _, email := range []string{"ana@example.com", "bo@example.com"} {
			if p, err := s.Person(ctx, email); err != nil || p.Manager != "" {
				t.Errorf("%s after their manager's removal: %+v, %v; want no manager", email, p, err)
			}
		}
		entries, err := s.Audit(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		last := entries[len(entries)-1]
		want := `was manager, manager ""; deleted 1 tokens, 1 invitations, 1 ticks, 1 sign-offs; 2 reports left without a manager`
		if last.Actor != "cli:root" || last.Action != ActionRemove || last.Subject != "maria@example.com" || last.Detail != want {
			t.Errorf("audit entry = %+v, want cli:root remove maria@example.com %q", last, want)
		}
		// Someone may be added again under the same email, afresh.
		if err := s.PutPerson(ctx, "cli", Person{Email: "maria@example.com", Role: RoleMember}); err != nil {
			t.Errorf("adding maria again: %v", err)
		}

		if err := s.RemovePerson(ctx, "cli", "nobody@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing nobody: %v, want ErrNotFound", err)
		}
		if err := s.RemovePerson(ctx, "cli", "cleo@example.com"); !errors.Is(err, ErrLastAdmin) {
			t.Errorf("removing the last admin: %v, want ErrLastAdmin", err)
		}
		if err := s.PutPerson(ctx, "cli", Person{Email: "dee@example.com", Role: RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		if err := s.RemovePerson(ctx, "cli", "cleo@example.com"); err != nil {
			t.Errorf("removing one of two admins: %v", err)
		}
	})
}

func TestCheckEmailAcceptsOnlyPlainAddresses(t *testing.T) {
	for email, ok := range map[string]bool{
		"ana@example.com":                        true,
		"ana.ruiz+onboarding@mail.example.co":    true,
		"o'brien@example.com":                    false,
		"<svg/onload=alert(2)>@ex.com":           false,
		`=HYPERLINK("http://x","y")@example.com`: false,
		"=HYPERLINK(x)@example.com":              false,
		"Ana <ana@example.com>":                  false,
		"ana@example":                            false,
		"ana@localhost":                          false,
		"ana example.com":                        false,
		"ana@exa mple.com":                       false,
		"ana\t@example.com":                      false,
		"ana\n@example.com":                      false,
		"ana@[192.0.2.1]":                        false,
		`"ana"@example.com`:                      false,
		"ana@example.com (Ana)":                  false,
		"ana@@example.com":                       false,
		"@example.com":                           false,
		"":                                       false,
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com": true,  // 254 bytes
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com": false, // 255
	} {
		if err := CheckEmail(email); (err == nil) != ok {
			t.Errorf("CheckEmail(%q) = %v, want ok %v", email, err, ok)
		}
	}
	for name, ok := range map[string]bool{
		"Ana Ruiz": true, "Zoë Ñúñez-O'Brien": true, "": true,
		"Ana\nRuiz": false, "Ana\tRuiz": false, "Ana\rRuiz": false, "Ana\x00": false,
		strings.Repeat("é", 200): true, strings.Repeat("é", 201): false,
	} {
		if err := CheckName(name); (err == nil) != ok {
			t.Errorf("CheckName(%q) = %v, want ok %v", name, err, ok)
		}
	} // The messages name the character, whatever it is.
	for _, c := range []struct {
		check    func(string) error
		in, want string
	}{
		{CheckName, "Zoë\aBell", `name "Zoë\aBell" holds a control character (U+0007)`},
		{CheckName, "Ana\nRuiz", `name "Ana\nRuiz" holds a control character (U+000A)`},
		{CheckName, "Ana\u0085", `name "Ana\u0085" holds a control character (U+0085)`},
		{CheckEmail, "zoë\a@example.com", `email "zoë\a@example.com" is not a plain email address such as ana@example.com: it holds a control character (U+0007)`},
		{CheckEmail, "ana\u00a0@example.com", `email "ana\u00a0@example.com" is not a plain email address such as ana@example.com: it holds a space (U+00A0)`},
	} {
		if err := c.check(c.in); err == nil || err.Error() != c.want {
			t.Errorf("check %q = %v, want %s", c.in, err, c.want)
		}
	}
}

func TestOpenRefusesAMissingFileWhenAskedTo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "progres.db")
	if _, err := Open(ctx, missing, MustExist()); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("Open(missing, MustExist) = %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open with MustExist created %s", missing)
	}
	open(t, missing) // creates it
	open(t, missing, MustExist())
}

func TestOpenNeverShowsAPassword(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{
		"host=db.example.com user=progress password=topsecret dbname=progress",
		"password=topsecret host=db",
		"dbname=progress",
	} {
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q): no error", dsn)
			continue
		}
		if !strings.Contains(err.Error(), "give a URL such as postgres://") || strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), "host=db") {
			t.Errorf("Open(%q) = %v, want a refusal asking for a URL that does not repeat the string", dsn, err)
		}
		if entries, _ := os.ReadDir("."); len(entries) > 0 {
			for _, e := range entries {
				if strings.Contains(e.Name(), "=") {
					t.Errorf("Open(%q) created the file %q", dsn, e.Name())
				}
			}
		}
	}
	// Port 1 on loopback refuses: the dial error, shown once, without
	// the password wherever it was given.
	for _, dsn := range []string{
		"postgres://u:topsecret@127.0.0.1:1/progress",
		"postgres://u@127.0.0.1:1/progress?password=topsecret",
		"postgres://u@127.0.0.1:1/progress?sslpassword=topsecret&password=top%23secret",
	} {
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q): no error", dsn)
		}
		msg := err.Error()
		if strings.Contains(msg, "topsecret") || strings.Contains(msg, "top#secret") || strings.Contains(msg, "top%23secret") || !strings.Contains(msg, "xxxxx") {
			t.Errorf("Open(%q) = %s, want the password as xxxxx", dsn, msg)
		}
		if strings.Count(msg, "dial error") != 1 || strings.Contains(msg, "\n") {
			t.Errorf("Open(%q) = %q, want the dial error once, on one line", dsn, msg)
		}
	}
	for dsn, want := range map[string]string{
		"postgres://u:pw@db/progress?sslmode=disable&password=x": "postgres://u:xxxxx@db/progress?password=xxxxx&sslmode=disable",
		"progress.db":              "progress.db",
		"postgres://u@db/progress": "postgres://u@db/progress",
	} {
		if got := Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
	}
}
