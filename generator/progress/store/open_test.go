package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestSQLiteSyncsEveryCommitInWALMode(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "progress.db"))
	db := s.(*sqlStore).db
	// Every pooled connection is set up by the DSN; hold several at once.
	db.SetMaxIdleConns(4)
	for range 4 {
		var mode string
		var synchronous, busy, fk int
		conn, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for q, dst := range map[string]any{
			"PRAGMA journal_mode": &mode, "PRAGMA synchronous": &synchronous,
			"PRAGMA busy_timeout": &busy, "PRAGMA foreign_keys": &fk,
		} {
			if err := conn.QueryRowContext(context.Background(), q).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		if mode != "wal" || synchronous != 2 || busy != 10000 || fk != 1 {
			t.Errorf("journal_mode=%s synchronous=%d busy_timeout=%d foreign_keys=%d, want wal 2 (FULL) 10000 1",
				mode, synchronous, busy, fk)
		}
	}
}

func TestOpenChoosesTheDatabaseByDSN(t *testing.T) {
	ctx := context.Background()
	for dsn, want := range map[string]string{
		"mysql://u:pw@db/progress": "only postgres:// URLs and file paths",
		"":                         "empty database name",
		"progress.db?mode=ro":      "must not contain ? or #",
		"postgres://u:topsecret@127.0.0.1:1/progress": "postgres://u:xxxxx@127.0.0.1:1/progress",
	} {
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q): no error", dsn)
			continue
		}
		if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), ":pw@") {
			t.Errorf("Open(%q) = %v, want an error mentioning %q and no password", dsn, err, want)
		}
	}
}
