// Package pgtest gives tests of the progress service a fresh PostgreSQL
// schema on the server named by PLAYBOOK_TEST_POSTGRES. Locally, without
// the variable, PostgreSQL tests skip; in CI (CI set) they fail instead, so
// CI never passes without running them.
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names the variable holding a PostgreSQL URL; .ci/postgres.sh starts
// a throwaway server and prints one.
const Env = "PLAYBOOK_TEST_POSTGRES"

// DSN returns the URL of a new empty schema, dropped when the test ends
// (search_path selects it). Without Env it skips the test, or fails it
// when CI is set.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(Env + " is not set in CI: .ci/run starts PostgreSQL with .ci/postgres.sh")
		}
		t.Skip(Env + " is not set; export " + Env + "=\"$(bash .ci/postgres.sh)\" to run the PostgreSQL tests")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := "test_" + strings.ToLower(rand.Text()[:12])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
