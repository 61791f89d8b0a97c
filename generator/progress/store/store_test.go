package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTicksKeepTheLatestByTickTime(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		s := open(t, b.newDSN(t), c.option())
		addPeople(t, s, "ana@example.com", "ben@example.com")
		base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		tick := func(done bool, at time.Duration) Tick {
			return Tick{Email: "ana@example.com", Page: "discovery", Item: "call-notes", Done: done, TickedAt: base.Add(at)}
		}
		steps := []struct {
			name    string
			ticks   []Tick
			changed int
			want    Tick // the stored tick afterwards, without ReceivedAt
		}{
			{"first tick", []Tick{tick(true, 2*time.Second)}, 1, tick(true, 2*time.Second)},
			{"older tick arriving late is ignored", []Tick{tick(false, time.Second)}, 0, tick(true, 2*time.Second)},
			{"newer tick wins", []Tick{tick(false, 3*time.Second)}, 1, tick(false, 3*time.Second)},
			{"same time: done wins", []Tick{tick(true, 3*time.Second)}, 1, tick(true, 3*time.Second)},
			{"same time: not done loses", []Tick{tick(false, 3*time.Second)}, 0, tick(true, 3*time.Second)},
			{"repeat is a no-op", []Tick{tick(true, 3*time.Second)}, 0, tick(true, 3*time.Second)},
			{"a batch keeps its newest, whatever the order", []Tick{tick(false, 5*time.Second), tick(true, 4*time.Second)}, 1, tick(false, 5*time.Second)},
		}
		for _, step := range steps {
			c.advance(time.Minute)
			n, err := s.PutTicks(ctx, step.ticks)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if n != step.changed {
				t.Errorf("%s: changed %d ticks, want %d", step.name, n, step.changed)
			}
			got, err := s.Ticks(ctx, "ana@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("%s: %d ticks stored, want 1: %+v", step.name, len(got), got)
			}
			got[0].ReceivedAt = time.Time{}
			if got[0] != step.want {
				t.Errorf("%s: stored %+v, want %+v", step.name, got[0], step.want)
			}
		}

		// Times are kept to the millisecond in UTC; the received time is the
		// store's clock unless given; other people's ticks stay apart.
		at := time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
		if _, err := s.PutTicks(ctx, []Tick{{Email: " Ben@Example.com", Page: "p", Item: "i", Done: true, TickedAt: at}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Ticks(ctx, "ben@example.com")
		if err != nil {
			t.Fatal(err)
		}
		want := []Tick{{Email: "ben@example.com", Page: "p", Item: "i", Done: true,
			TickedAt: time.Date(2026, 3, 1, 9, 0, 0, 123000000, time.UTC), ReceivedAt: c.now()}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ben's ticks = %+v, want %+v", got, want)
		}

		if _, err := s.PutTicks(ctx, []Tick{{Email: "nobody@example.com", Page: "p", Item: "i", TickedAt: at}}); !errors.Is(err, ErrNotFound) {
			t.Errorf("tick for an unknown person: err = %v, want ErrNotFound", err)
		}
		if _, err := s.PutTicks(ctx, []Tick{{Email: "ben@example.com", Page: "p", TickedAt: at}}); err == nil {
			t.Error("tick without an item id: no error")
		}
	})
}

func TestTokensAreStoredHashed(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		dsn := b.newDSN(t)
		s := open(t, dsn)
		addPeople(t, s, "ana@example.com")

		token, err := s.CreateToken(ctx, "Ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.LookupToken(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if p.Email != "ana@example.com" || p.Role != RoleMember {
			t.Errorf("LookupToken = %+v, want ana, a member", p)
		}

		id, secret, _ := splitCode(token)
		if b.holds(t, s, dsn, secret) || b.holds(t, s, dsn, token) {
			t.Errorf("the database holds the raw token %q", token)
		}
		if !b.holds(t, s, dsn, hashSecret(secret)) {
			t.Errorf("the database does not hold the token's hash (is holds broken?)")
		}

		wrong := []string{
			id + "." + strings.Repeat("A", len(secret)), // right id, wrong secret
			id, // no secret
			"." + secret,
			"",
			"nosuchid." + secret,
		}
		for _, w := range wrong {
			if _, err := s.LookupToken(ctx, w); !errors.Is(err, ErrNotFound) {
				t.Errorf("LookupToken(%q): err = %v, want ErrNotFound", w, err)
			}
		}
		if _, err := s.CreateToken(ctx, "nobody@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("CreateToken for an unknown person: err = %v, want ErrNotFound", err)
		}
	})
}

func TestInvitationWorksOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		dsn := b.newDSN(t)
		s := open(t, dsn, c.option())
		if err := s.PutPerson(ctx, "admin@example.com", Person{Email: "ana@example.com", Role: RoleManager}); err != nil {
			t.Fatal(err)
		}

		code, err := s.Invite(ctx, "admin@example.com", "ana@example.com", c.at(7*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if _, secret, _ := splitCode(code); b.holds(t, s, dsn, secret) {
			t.Errorf("the database holds the raw invitation code %q", code)
		}
		token, p, err := s.Redeem(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if p.Email != "ana@example.com" || p.Role != RoleManager {
			t.Errorf("Redeem person = %+v, want ana, a manager", p)
		}
		if got, err := s.LookupToken(ctx, token); err != nil || got.Email != "ana@example.com" {
			t.Errorf("LookupToken(redeemed token) = %+v, %v; want ana", got, err)
		}
		if _, _, err := s.Redeem(ctx, code); !errors.Is(err, ErrInvitationUsed) {
			t.Errorf("second Redeem: err = %v, want ErrInvitationUsed", err)
		}

		expiring, err := s.Invite(ctx, "admin@example.com", "ana@example.com", c.at(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		c.advance(time.Hour)
		if _, _, err := s.Redeem(ctx, expiring); !errors.Is(err, ErrInvitationExpired) {
			t.Errorf("Redeem after expiry: err = %v, want ErrInvitationExpired", err)
		}
		if _, err := s.Invite(ctx, "admin@example.com", "ana@example.com", c.now()); err == nil {
			t.Error("Invite expiring now: no error")
		}
		if _, err := s.Invite(ctx, "admin@example.com", "nobody@example.com", c.at(time.Hour)); !errors.Is(err, ErrNotFound) {
			t.Errorf("Invite of an unknown person: err = %v, want ErrNotFound", err)
		}
		if _, _, err := s.Redeem(ctx, "nosuch.code"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Redeem of an unknown code: err = %v, want ErrNotFound", err)
		}

		// Redeemed from many tabs at once, a code still gives one token.
		racy, err := s.Invite(ctx, "admin@example.com", "ana@example.com", c.at(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range errs {
			wg.Go(func() { _, _, errs[i] = s.Redeem(ctx, racy) })
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, ErrInvitationUsed):
				t.Errorf("concurrent Redeem: %v", err)
			}
		}
		if wins != 1 {
			t.Errorf("%d concurrent redemptions of one code succeeded, want 1", wins)
		}
	})
}

func TestRevokeEndsTokensAndInvitations(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		s := open(t, b.newDSN(t), c.option())
		addPeople(t, s, "ana@example.com", "ben@example.com")

		laptop, err := s.CreateToken(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		phone, err := s.CreateToken(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		bens, err := s.CreateToken(ctx, "ben@example.com")
		if err != nil {
			t.Fatal(err)
		}
		pending, err := s.Invite(ctx, "admin@example.com", "ana@example.com", c.at(time.Hour))
		if err != nil {
			t.Fatal(err)
		}

		// Signing out ends one token.
		if err := s.RevokeToken(ctx, laptop); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LookupToken(ctx, laptop); !errors.Is(err, ErrNotFound) {
			t.Errorf("signed-out token: err = %v, want ErrNotFound", err)
		}
		if _, err := s.LookupToken(ctx, phone); err != nil {
			t.Errorf("the other token stopped working: %v", err)
		}
		if err := s.RevokeToken(ctx, laptop); !errors.Is(err, ErrNotFound) {
			t.Errorf("signing out twice: err = %v, want ErrNotFound", err)
		}

		// Revoking a person ends the rest, and their pending invitation.
		n, err := s.Revoke(ctx, "admin@example.com", "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("Revoke ended %d, want 2 (the phone's token and the invitation)", n)
		}
		if _, err := s.LookupToken(ctx, phone); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoked token: err = %v, want ErrNotFound", err)
		}
		if _, _, err := s.Redeem(ctx, pending); !errors.Is(err, ErrNotFound) {
			t.Errorf("revoked invitation: err = %v, want ErrNotFound", err)
		}
		if _, err := s.LookupToken(ctx, bens); err != nil {
			t.Errorf("someone else's token stopped working: %v", err)
		}
		if _, err := s.Revoke(ctx, "admin@example.com", "nobody@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Revoke of an unknown person: err = %v, want ErrNotFound", err)
		}
	})
}

func TestPeopleAndRoles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		s := open(t, b.newDSN(t), c.option())
		created := c.now()
		start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		for _, p := range []Person{
			{Email: "Cleo@Example.com ", Role: RoleAdmin},
			{Email: "mo@example.com", Role: RoleManager, Name: " Mo Diaz "},
			{Email: "ana@example.com", Role: RoleMember, Manager: "MO@example.com", Start: start},
		} {
			if err := s.PutPerson(ctx, "root@example.com", p); err != nil {
				t.Fatal(err)
			}
		}
		people, err := s.People(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The start defaults to the day the person is added.
		want := []Person{
			{Email: "ana@example.com", Role: RoleMember, Manager: "mo@example.com", Start: start, Created: created},
			{Email: "cleo@example.com", Role: RoleAdmin, Start: created, Created: created},
			{Email: "mo@example.com", Name: "Mo Diaz", Role: RoleManager, Start: created, Created: created},
		}
		if !reflect.DeepEqual(people, want) {
			t.Errorf("People = %+v\nwant %+v", people, want)
		}

		c.advance(time.Hour)
		promoted := Person{Email: "ana@example.com", Role: RoleManager, Manager: "cleo@example.com"}
		if err := s.PutPerson(ctx, "cleo@example.com", promoted); err != nil {
			t.Fatal(err)
		}
		if err := s.PutPerson(ctx, "cleo@example.com", promoted); err != nil { // no change, no audit entry
			t.Fatal(err)
		}
		got, err := s.Person(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != RoleManager || got.Manager != "cleo@example.com" || !got.Created.Equal(created) || !got.Start.Equal(start) {
			t.Errorf("after promotion Person = %+v", got)
		}
		// A name or start alone changes without an audit entry; leaving
		// them out keeps them.
		renamed := Person{Email: "mo@example.com", Role: RoleManager, Name: "Mo Díaz", Start: start}
		if err := s.PutPerson(ctx, "cleo@example.com", renamed); err != nil {
			t.Fatal(err)
		}
		if err := s.PutPerson(ctx, "cleo@example.com", Person{Email: "mo@example.com", Role: RoleManager}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Person(ctx, "mo@example.com"); err != nil || got.Name != "Mo Díaz" || !got.Start.Equal(start) {
			t.Errorf("after renaming Person = %+v, %v; want name Mo Díaz, start %s", got, err, start)
		}
		entries, err := s.Audit(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 4 {
			t.Fatalf("%d audit entries, want 4: %+v", len(entries), entries)
		}
		last := entries[3]
		wantLast := AuditEntry{ID: last.ID, At: c.now(), Actor: "cleo@example.com", Action: ActionPerson,
			Subject: "ana@example.com", Detail: `role member -> manager, manager "mo@example.com" -> "cleo@example.com"`}
		if last != wantLast {
			t.Errorf("role change audit entry = %+v\nwant %+v", last, wantLast)
		}

		if _, err := s.Person(ctx, "nobody@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Person(unknown): err = %v, want ErrNotFound", err)
		}
		for _, bad := range []Person{
			{Email: "x@example.com", Role: "owner"},
			{Email: "", Role: RoleMember},
			{Email: "x@example.com", Role: RoleMember, Manager: "X@example.com"},
		} {
			if err := s.PutPerson(ctx, "cleo@example.com", bad); err == nil {
				t.Errorf("PutPerson(%+v): no error", bad)
			}
		}
	})
}

func TestSignOffsAndTheAuditLog(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		c := newClock()
		s := open(t, b.newDSN(t), c.option())
		if err := s.PutPerson(ctx, "cleo@example.com", Person{Email: "mo@example.com", Role: RoleManager}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutPerson(ctx, "cleo@example.com", Person{Email: "ana@example.com", Role: RoleMember, Manager: "mo@example.com"}); err != nil {
			t.Fatal(err)
		}
		code, err := s.Invite(ctx, "mo@example.com", "ana@example.com", c.at(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Redeem(ctx, code); err != nil {
			t.Fatal(err)
		}
		signed := time.Date(2026, 3, 5, 16, 30, 0, 0, time.UTC)
		for _, module := range []string{"onboarding/02-discovery", "onboarding/01-basics"} {
			if err := s.SignOff(ctx, SignOff{Email: "ana@example.com", Module: module, Signer: "mo@example.com", At: signed}); err != nil {
				t.Fatal(err)
			}
		}
		// Signing again is refused, naming the sign-off that stays.
		err = s.SignOff(ctx, SignOff{Email: "ana@example.com", Module: "onboarding/01-basics", Signer: "cleo@example.com"})
		var already *SignedOffError
		if !errors.As(err, &already) || already.Earlier != (SignOff{Email: "ana@example.com", Module: "onboarding/01-basics", Signer: "mo@example.com", At: signed}) {
			t.Errorf("second sign-off: err = %v, want a SignedOffError naming mo's", err)
		}
		if err := s.RemoveSignOff(ctx, "cleo@example.com", "ana@example.com", "onboarding/01-basics"); err != nil {
			t.Fatal(err)
		}
		if err := s.SignOff(ctx, SignOff{Email: "ana@example.com", Module: "onboarding/01-basics", Signer: "cleo@example.com"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Revoke(ctx, "cleo@example.com", "ana@example.com"); err != nil {
			t.Fatal(err)
		}

		offs, err := s.SignOffs(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		wantOffs := []SignOff{
			{Email: "ana@example.com", Module: "onboarding/01-basics", Signer: "cleo@example.com", At: c.now()},
			{Email: "ana@example.com", Module: "onboarding/02-discovery", Signer: "mo@example.com", At: signed},
		}
		if !reflect.DeepEqual(offs, wantOffs) {
			t.Errorf("SignOffs = %+v\nwant %+v", offs, wantOffs)
		}
		if err := s.SignOff(ctx, SignOff{Email: "nobody@example.com", Module: "m", Signer: "mo@example.com"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("SignOff of an unknown person: err = %v, want ErrNotFound", err)
		}

		entries, err := s.Audit(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			detail := e.Detail
			if e.Action == ActionInvite || e.Action == ActionRedeem {
				detail = "…" // holds the invitation's random id
			}
			got = append(got, fmt.Sprintf("%s %s %s: %s", e.Actor, e.Action, e.Subject, detail))
		}
		want := []string{
			`cleo@example.com person mo@example.com: added as manager, manager ""`,
			`cleo@example.com person ana@example.com: added as member, manager "mo@example.com"`,
			`mo@example.com invite ana@example.com: …`,
			`ana@example.com redeem ana@example.com: …`,
			`mo@example.com signoff ana@example.com: module onboarding/02-discovery`,
			`mo@example.com signoff ana@example.com: module onboarding/01-basics`,
			`cleo@example.com unsign ana@example.com: module onboarding/01-basics`,
			`cleo@example.com signoff ana@example.com: module onboarding/01-basics`,
			`cleo@example.com revoke ana@example.com: 1 tokens, 0 invitations`,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// Paging: after an ID, at most limit entries.
		page, err := s.Audit(ctx, entries[2].ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 2 || page[0] != entries[3] || page[1] != entries[4] {
			t.Errorf("Audit(after %d, 2) = %+v, want entries 4 and 5", entries[2].ID, page)
		}
	})
}

func TestOpeningTwiceMigratesOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		dsn := b.newDSN(t)
		first, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		addPeople(t, first, "ana@example.com")
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}

		// Replicas starting together take turns; none fails.
		var wg sync.WaitGroup
		stores := make([]Store, 3)
		errs := make([]error, len(stores))
		for i := range stores {
			wg.Go(func() { stores[i], errs[i] = Open(ctx, dsn) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("concurrent Open %d: %v", i, err)
			}
			t.Cleanup(func() { stores[i].Close() })
		}
		if _, err := stores[0].Person(ctx, "ana@example.com"); err != nil {
			t.Errorf("data lost on reopening: %v", err)
		}
		steps, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		db := stores[0].(*sqlStore).db
		var rows, version int
		if err := db.QueryRow(`SELECT count(*), max(version) FROM migrations`).Scan(&rows, &version); err != nil {
			t.Fatal(err)
		}
		if rows != len(steps) || version != len(steps) {
			t.Errorf("migrations table has %d rows up to version %d, want %d", rows, version, len(steps))
		}

		// A database migrated by a newer program is refused, not damaged.
		if _, err := db.Exec(`INSERT INTO migrations (version, name, applied_ms) VALUES ($1, 'future.sql', 0)`, len(steps)+1); err != nil {
			t.Fatal(err)
		}
		if s, err := Open(ctx, dsn); err == nil {
			s.Close()
			t.Error("Open of a newer schema: no error")
		} else if !strings.Contains(err.Error(), "newer than this program") {
			t.Errorf("Open of a newer schema: %v", err)
		}
	})
}

func TestConcurrentTicksLoseNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		addPeople(t, s, "ana@example.com", "ben@example.com")
		const workers, each = 50, 10
		base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					// Own items for ana, and one item for ben that everyone
					// ticks: the worker with the latest tick time must win.
					ticks := []Tick{
						{Email: "ana@example.com", Page: fmt.Sprintf("page-%d", w), Item: fmt.Sprintf("item-%d", i), Done: true, TickedAt: base},
						{Email: "ben@example.com", Page: "shared", Item: "item", Done: w%2 == 1, TickedAt: base.Add(time.Duration(w*each+i) * time.Millisecond)},
					}
					if _, err := s.PutTicks(ctx, ticks); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		ana, err := s.Ticks(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if len(ana) != workers*each {
			t.Errorf("%d of ana's ticks stored, want %d", len(ana), workers*each)
		}
		ben, err := s.Ticks(ctx, "ben@example.com")
		if err != nil {
			t.Fatal(err)
		}
		latest := base.Add(time.Duration(workers*each-1) * time.Millisecond)
		if len(ben) != 1 || !ben[0].TickedAt.Equal(latest) || !ben[0].Done {
			t.Errorf("ben's shared item = %+v, want the last worker's tick at %s, done", ben, latest)
		}
	})
}

func TestReportsAreTransitive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		// vp <- maria <- (ana, ben <- cy); zoe reports to nobody.
		for _, p := range []Person{
			{Email: "vp@example.com", Role: RoleManager},
			{Email: "maria@example.com", Role: RoleManager, Manager: "vp@example.com"},
			{Email: "ana@example.com", Role: RoleMember, Manager: "maria@example.com"},
			{Email: "ben@example.com", Role: RoleManager, Manager: "maria@example.com"},
			{Email: "cy@example.com", Role: RoleMember, Manager: "ben@example.com"},
			{Email: "zoe@example.com", Role: RoleMember},
		} {
			if err := s.PutPerson(ctx, "admin@example.com", p); err != nil {
				t.Fatal(err)
			}
		}
		emails := func(people []Person) []string {
			var out []string
			for _, p := range people {
				out = append(out, p.Email)
			}
			return out
		}
		for manager, want := range map[string][]string{
			"vp@example.com":    {"ana@example.com", "ben@example.com", "cy@example.com", "maria@example.com"},
			"maria@example.com": {"ana@example.com", "ben@example.com", "cy@example.com"},
			"ben@example.com":   {"cy@example.com"},
			"ana@example.com":   nil,
		} {
			got, err := s.Reports(ctx, manager)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(emails(got), want) {
				t.Errorf("Reports(%s) = %v, want %v", manager, emails(got), want)
			}
		}
		for _, c := range []struct {
			email, manager string
			want           bool
		}{
			{"cy@example.com", "vp@example.com", true},
			{"cy@example.com", "ben@example.com", true},
			{"ana@example.com", "ben@example.com", false},
			{"vp@example.com", "cy@example.com", false},
			{"zoe@example.com", "maria@example.com", false},
			{"ana@example.com", "ana@example.com", false},
		} {
			got, err := s.ReportsTo(ctx, c.email, c.manager)
			if err != nil || got != c.want {
				t.Errorf("ReportsTo(%s, %s) = %v, %v; want %v", c.email, c.manager, got, err, c.want)
			}
		}
		// A cycle of managers is refused.
		err := s.PutPerson(ctx, "admin@example.com", Person{Email: "vp@example.com", Role: RoleManager, Manager: "cy@example.com"})
		if err == nil || !strings.Contains(err.Error(), "cycle") {
			t.Errorf("PutPerson making a cycle: err = %v", err)
		}
	})
}

func TestTicksAndSignOffsOfManyPeople(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		// More people than one query's chunk.
		var emails []string
		var ticks []Tick
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		for i := range 1203 {
			e := fmt.Sprintf("p%04d@example.com", i)
			emails = append(emails, e)
			ticks = append(ticks, Tick{Email: e, Page: "/a/", Item: "task-x", Done: true, TickedAt: at.Add(time.Duration(i) * time.Millisecond)})
		}
		addPeople(t, s, emails...)
		if _, err := s.PutTicks(ctx, ticks); err != nil {
			t.Fatal(err)
		}
		if err := s.PutPerson(ctx, "admin@example.com", Person{Email: "boss@example.com", Name: "The Boss", Role: RoleManager}); err != nil {
			t.Fatal(err)
		}
		if err := s.SignOff(ctx, SignOff{Email: "p1202@example.com", Module: "/m/", Signer: "boss@example.com", At: at}); err != nil {
			t.Fatal(err)
		}
		got, err := s.TicksOf(ctx, append(emails, "nobody@example.com"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1203 {
			t.Fatalf("TicksOf returned %d people, want 1203", len(got))
		}
		if g := got["p1202@example.com"]; len(g) != 1 || !g[0].TickedAt.Equal(at.Add(1202*time.Millisecond)) {
			t.Errorf("ticks of the last person = %+v", g)
		}
		offs, err := s.SignOffsOf(ctx, emails)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]SignOff{"p1202@example.com": {{Email: "p1202@example.com", Module: "/m/", Signer: "boss@example.com", SignerName: "The Boss", At: at}}}
		if !reflect.DeepEqual(offs, want) {
			t.Errorf("SignOffsOf = %+v, want %+v", offs, want)
		}

		// Withdrawing a sign-off is audited; one that is not there is ErrNotFound.
		if err := s.RemoveSignOff(ctx, "boss@example.com", "p1202@example.com", "/m/"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveSignOff(ctx, "boss@example.com", "p1202@example.com", "/m/"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second RemoveSignOff: err = %v, want ErrNotFound", err)
		}
		if left, _ := s.SignOffs(ctx, "p1202@example.com"); len(left) != 0 {
			t.Errorf("sign-offs after removal = %+v", left)
		}
		entries, err := s.Audit(ctx, 0, 5000)
		if err != nil {
			t.Fatal(err)
		}
		if last := entries[len(entries)-1]; last.Action != ActionUnsign || last.Actor != "boss@example.com" || last.Subject != "p1202@example.com" || last.Detail != "module /m/" {
			t.Errorf("last audit entry = %+v, want boss unsign p1202 module /m/", last)
		}
	})
}

func TestSettings(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		if _, err := s.Setting(ctx, "site"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unset setting: err = %v, want ErrNotFound", err)
		}
		for _, v := range []string{"https://a.example/", "https://b.example/"} {
			if err := s.PutSetting(ctx, "site", v); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Setting(ctx, "site"); err != nil || got != v {
				t.Errorf("Setting = %q, %v; want %q", got, err, v)
			}
		}
	})
}

func TestBackupIsAnOpenableCopy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := open(t, b.newDSN(t))
		addPeople(t, s, "ana@example.com")
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		if _, err := s.PutTicks(ctx, []Tick{{Email: "ana@example.com", Page: "/a/", Item: "task-x", Done: true, TickedAt: at}}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "copy.db")
		err := s.Backup(ctx, file)
		if b.name == "postgres" {
			if err == nil || !strings.Contains(err.Error(), "pg_dump") {
				t.Errorf("Backup of PostgreSQL: err = %v, want one saying to use pg_dump", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Backup(ctx, file); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("Backup over an existing file: err = %v", err)
		}
		c := open(t, file)
		ticks, err := c.Ticks(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if len(ticks) != 1 || ticks[0].Item != "task-x" || !ticks[0].TickedAt.Equal(at) {
			t.Errorf("ticks in the backup = %+v", ticks)
		}
	})
}
