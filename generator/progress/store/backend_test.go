package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/internal/pgtest"
)

// backend makes fresh, empty databases of one kind for the shared tests.
type backend struct {
	name string
	// newDSN returns the name of a new empty database, removed after the test.
	newDSN func(t *testing.T) string
	// holds reports whether the raw stored data anywhere contains needle.
	holds func(t *testing.T, s Store, dsn, needle string) bool
}

// forEachBackend runs test against SQLite and, when PLAYBOOK_TEST_POSTGRES
// is set (always in CI), against PostgreSQL.
func forEachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	t.Run("sqlite", func(t *testing.T) { test(t, sqliteBackend) })
	t.Run("postgres", func(t *testing.T) {
		test(t, postgresBackend)
	})
}

var sqliteBackend = backend{
	name: "sqlite",
	newDSN: func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "progress.db")
	},
	holds: func(t *testing.T, _ Store, dsn, needle string) bool {
		// The main file and the write-ahead log hold every byte stored.
		for _, name := range []string{dsn, dsn + "-wal"} {
			b, err := os.ReadFile(name)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(needle)) {
				return true
			}
		}
		return false
	},
}

var postgresBackend = backend{
	name: "postgres",
	// Each test gets its own schema in the one database, through search_path.
	newDSN: func(t *testing.T) string { return pgtest.DSN(t) },
	holds: func(t *testing.T, s Store, _, needle string) bool {
		db := s.(*sqlStore).db
		for _, table := range []string{"people", "tokens", "invitations", "ticks", "signoffs", "audit"} {
			var n int
			// A row cast to text shows every column.
			q := "SELECT count(*) FROM " + table + " r WHERE strpos(r::text, $1) > 0"
			if err := db.QueryRow(q, needle).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				return true
			}
		}
		return false
	},
}

// clock is a settable time for WithClock.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixMilli())
	return c
}

func (c *clock) now() time.Time               { return time.UnixMilli(c.ms.Load()).UTC() }
func (c *clock) advance(d time.Duration)      { c.ms.Add(d.Milliseconds()) }
func (c *clock) option() Option               { return WithClock(c.now) }
func (c *clock) at(d time.Duration) time.Time { return c.now().Add(d) }

// open opens a store on dsn and closes it after the test.
func open(t *testing.T, dsn string, opts ...Option) Store {
	t.Helper()
	s, err := Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// addPeople adds members with the given emails, reporting to no one.
func addPeople(t *testing.T, s Store, emails ...string) {
	t.Helper()
	for _, e := range emails {
		if err := s.PutPerson(context.Background(), "admin@example.com", Person{Email: e, Role: RoleMember}); err != nil {
			t.Fatal(err)
		}
	}
}
