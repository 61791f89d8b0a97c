package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// service runs `playbook progress serve` as a child process.
type service struct {
	bin  string
	args []string
	log  string // the service's output, appended across restarts
	cmd  *exec.Cmd
}

// start starts the service and waits until /api/health answers.
func (s *service) start(ctx context.Context) error {
	out, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	s.cmd = exec.CommandContext(ctx, s.bin, s.args...)
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		out.Close()
		return err
	}
	out.Close()
	addr := ""
	for i, a := range s.args {
		if a == "--addr" && i+1 < len(s.args) {
			addr = s.args[i+1]
		}
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/api/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if s.cmd.ProcessState != nil {
			break
		}
	}
	b, _ := os.ReadFile(s.log)
	return &startError{log: string(b)}
}

type startError struct{ log string }

func (e *startError) Error() string { return errNotReady.Error() + "; its output:\n" + e.log }

// kill ends the service with SIGKILL, as a crash or an OOM killer would.
func (s *service) kill() error {
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	_ = s.cmd.Wait()
	return nil
}

// stop ends the service gracefully, if it runs.
func (s *service) stop() {
	if s.cmd == nil || s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// freshSchema creates an empty schema on the PostgreSQL server and returns
// the URL selecting it, and a function that drops it.
func freshSchema(ctx context.Context, dsn string) (string, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	schema := "load_" + strings.ToLower(rand.Text()[:12])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		return "", nil, err
	}
	drop := func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema, drop, nil
}
