package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
)

// sqlStore is the Store for both databases; the dialect holds what differs.
type sqlStore struct {
	db      *sql.DB
	dialect dialect
	now     func() time.Time
	// writers admits one write transaction at a time in SQLite, which
	// has one writer anyway: waiting here is a queue, where waiting in
	// SQLite's busy handler is sleeping and polling, with latencies of
	// seconds under load. PostgreSQL gets a nil channel and no queue.
	writers chan struct{}
}

func openSQL(ctx context.Context, d dialect, dsn string, o options) (*sqlStore, error) {
	source, err := d.dataSource(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(d.driver, source)
	if err != nil {
		return nil, err
	}
	// A bounded pool: PostgreSQL refuses clients beyond max_connections
	// (100 by default, shared by every replica), and a request waiting
	// for a connection here is cheaper than one the server turns away.
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s := &sqlStore{db: db, dialect: d, now: o.now}
	if d.name == "sqlite" {
		s.writers = make(chan struct{}, 1)
	}
	if err := migrate(ctx, db, d, s.nowMS()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// maxConns bounds one store's open database connections.
const maxConns = 16

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) nowMS() int64 { return s.now().UnixMilli() }

func fromMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// inTx runs f in a transaction and commits if f returns nil.
func (s *sqlStore) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	if s.writers != nil {
		select {
		case s.writers <- struct{}{}:
			defer func() { <-s.writers }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqlStore) audit(ctx context.Context, tx *sql.Tx, actor string, action Action, subject, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at_ms, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		s.nowMS(), normEmail(actor), string(action), subject, detail)
	if err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	return nil
}

// personExists reports ErrNotFound for an email nobody has.
func personExists(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, email string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM people WHERE email = $1`, email).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("person %q: %w", email, ErrNotFound)
	}
	return err
}

func (s *sqlStore) PutPerson(ctx context.Context, actor string, p Person) error {
	return s.PutPeople(ctx, actor, []Person{p})
}

func (s *sqlStore) PutPeople(ctx context.Context, actor string, people []Person) error {
	batch := make([]Person, len(people))
	listed := map[string]bool{}
	for i, p := range people {
		p.Email, p.Manager, p.Name = normEmail(p.Email), normEmail(p.Manager), strings.TrimSpace(p.Name)
		if err := CheckEmail(p.Email); err != nil {
			return fmt.Errorf("put person: %w", err)
		}
		switch {
		case listed[p.Email]:
			return fmt.Errorf("put person %q: listed twice", p.Email)
		case !p.Role.Valid():
			return fmt.Errorf("put person %q: role %q is not member, manager or admin", p.Email, p.Role)
		case p.Manager == p.Email:
			return fmt.Errorf("put person %q: cannot be their own manager", p.Email)
		}
		if p.Manager != "" {
			if err := CheckEmail(p.Manager); err != nil {
				return fmt.Errorf("put person %q: manager: %w", p.Email, err)
			}
		}
		if err := CheckName(p.Name); err != nil {
			return fmt.Errorf("put person %q: %w", p.Email, err)
		}
		listed[p.Email] = true
		batch[i] = p
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range batch {
			if err := s.putPerson(ctx, tx, actor, p); err != nil {
				return err
			}
		}
		// Checked against the state the whole batch leaves, so that people
		// may name managers listed after them, and a batch that would
		// leave a cycle or a missing manager changes nothing.
		for _, p := range batch {
			if p.Manager == "" {
				continue
			}
			if err := personExists(ctx, tx, p.Manager); errors.Is(err, ErrNotFound) {
				return fmt.Errorf("put person %q: manager %q: %w", p.Email, p.Manager, ErrNotFound)
			} else if err != nil {
				return err
			}
			// A cycle of managers would make each of them see the others.
			var n int
			if err := tx.QueryRowContext(ctx, upQuery, p.Email, p.Email).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("put person %q: manager %q reports to them; managers cannot form a cycle", p.Email, p.Manager)
			}
		}
		return nil
	})
}

// putPerson adds or updates one checked person, without checking their
// manager, and audits a new person or a change of role or manager.
func (s *sqlStore) putPerson(ctx context.Context, tx *sql.Tx, actor string, p Person) error {
	old, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.email = $1`, p.Email))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		now := s.nowMS()
		start := now
		if !p.Start.IsZero() {
			start = p.Start.UnixMilli()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (email, name, role, manager, start_ms, created_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.Email, p.Name, string(p.Role), p.Manager, start, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ActionPerson, p.Email, fmt.Sprintf("added as %s, manager %q", p.Role, p.Manager))
	case err != nil:
		return err
	}
	if p.Name == "" {
		p.Name = old.Name
	}
	if p.Start.IsZero() {
		p.Start = old.Start
	}
	p.Start = fromMS(p.Start.UnixMilli())
	if old.Role == p.Role && old.Manager == p.Manager && old.Name == p.Name && old.Start.Equal(p.Start) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET role = $1, manager = $2, name = $3, start_ms = $4 WHERE email = $5`,
		string(p.Role), p.Manager, p.Name, p.Start.UnixMilli(), p.Email); err != nil {
		return err
	}
	// Role and manager decide what someone may see: audited. A name
	// or start date is not.
	var changes []string
	if old.Role != p.Role {
		changes = append(changes, fmt.Sprintf("role %s -> %s", old.Role, p.Role))
	}
	if old.Manager != p.Manager {
		changes = append(changes, fmt.Sprintf("manager %q -> %q", old.Manager, p.Manager))
	}
	if len(changes) == 0 {
		return nil
	}
	return s.audit(ctx, tx, actor, ActionPerson, p.Email, strings.Join(changes, ", "))
}

func (s *sqlStore) RemovePerson(ctx context.Context, actor, email string) error {
	email = normEmail(email)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.email = $1`, email))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("person %q: %w", email, ErrNotFound)
		} else if err != nil {
			return err
		}
		if p.Role == RoleAdmin {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE role = 'admin'`).Scan(&admins); err != nil {
				return err
			}
			if admins == 1 {
				return fmt.Errorf("%s is the last admin: %w", email, ErrLastAdmin)
			}
		}
		counts := make([]int, 5)
		for i, q := range []string{
			`DELETE FROM tokens WHERE email = $1`,
			`DELETE FROM invitations WHERE email = $1`,
			`DELETE FROM ticks WHERE email = $1`,
			`DELETE FROM signoffs WHERE email = $1`,
			`UPDATE people SET manager = '' WHERE manager = $1`,
		} {
			if counts[i], err = rowsAffected(tx.ExecContext(ctx, q, email)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE email = $1`, email); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ActionRemove, email, fmt.Sprintf(
			"was %s, manager %q; deleted %d tokens, %d invitations, %d ticks, %d sign-offs; %d reports left without a manager",
			p.Role, p.Manager, counts[0], counts[1], counts[2], counts[3], counts[4]))
	})
}

const personColumns = `p.email, p.name, p.role, p.manager, p.start_ms, p.created_ms`

func scanPerson(row interface{ Scan(...any) error }, extra ...any) (Person, error) {
	var p Person
	var start, created int64
	if err := row.Scan(append([]any{&p.Email, &p.Name, &p.Role, &p.Manager, &start, &created}, extra...)...); err != nil {
		return Person{}, err
	}
	p.Start, p.Created = fromMS(start), fromMS(created)
	return p, nil
}

func (s *sqlStore) Person(ctx context.Context, email string) (Person, error) {
	email = normEmail(email)
	p, err := scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.email = $1`, email))
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, fmt.Errorf("person %q: %w", email, ErrNotFound)
	}
	return p, err
}

func (s *sqlStore) People(ctx context.Context) ([]Person, error) {
	return s.queryPeople(ctx, `SELECT `+personColumns+` FROM people p ORDER BY p.email`)
}

// reportsCTE names, as "reports", everyone below the manager $1. UNION
// (not UNION ALL) ends the walk at a cycle of managers.
const reportsCTE = `WITH RECURSIVE reports (email) AS (
		SELECT email FROM people WHERE manager = $1
		UNION
		SELECT p.email FROM people p JOIN reports r ON p.manager = r.email
	) `

func (s *sqlStore) Reports(ctx context.Context, manager string) ([]Person, error) {
	return s.queryPeople(ctx, reportsCTE+`SELECT `+personColumns+`
		FROM people p JOIN reports r ON r.email = p.email ORDER BY p.email`, normEmail(manager))
}

func (s *sqlStore) ReportsTo(ctx context.Context, email, manager string) (bool, error) {
	email, manager = normEmail(email), normEmail(manager)
	if email == "" || manager == "" || email == manager {
		return false, nil
	}
	// Walk up from email: as many steps as the chain of managers is long.
	var n int
	err := s.db.QueryRowContext(ctx, upQuery, email, manager).Scan(&n)
	return n > 0, err
}

// upQuery counts the managers named $2 in the chain above $1 (walking up
// as many steps as the chain is long; UNION stops at a cycle).
const upQuery = `WITH RECURSIVE up (email, manager) AS (
		SELECT email, manager FROM people WHERE email = $1
		UNION
		SELECT p.email, p.manager FROM people p JOIN up ON p.email = up.manager
	) SELECT count(*) FROM up WHERE manager = $2`

func (s *sqlStore) queryPeople(ctx context.Context, query string, args ...any) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var people []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		people = append(people, p)
	}
	return people, rows.Err()
}

func (s *sqlStore) CreateToken(ctx context.Context, email string) (string, error) {
	var token string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		token, err = s.createToken(ctx, tx, normEmail(email))
		return err
	})
	return token, err
}

func (s *sqlStore) createToken(ctx context.Context, tx *sql.Tx, email string) (string, error) {
	id, token, hash := newSecret()
	res, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, hash, email, created_ms)
		SELECT $1, $2, email, $3 FROM people WHERE email = $4`, id, hash, s.nowMS(), email)
	if err != nil {
		return "", err
	}
	if n, err := res.RowsAffected(); err != nil {
		return "", err
	} else if n == 0 {
		return "", fmt.Errorf("person %q: %w", email, ErrNotFound)
	}
	return token, nil
}

func (s *sqlStore) LookupToken(ctx context.Context, token string) (Person, error) {
	id, secret, ok := splitCode(token)
	if !ok {
		return Person{}, fmt.Errorf("token: %w", ErrNotFound)
	}
	var hash string
	p, err := scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+`, t.hash
		FROM tokens t JOIN people p ON p.email = t.email
		WHERE t.id = $1 AND t.revoked_ms IS NULL`, id), &hash)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !secretMatches(hash, secret) {
		return Person{}, fmt.Errorf("token: %w", ErrNotFound)
	}
	return p, err
}

func (s *sqlStore) RevokeToken(ctx context.Context, token string) error {
	id, secret, ok := splitCode(token)
	if !ok {
		return fmt.Errorf("token: %w", ErrNotFound)
	}
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT hash FROM tokens WHERE id = $1 AND revoked_ms IS NULL`, id).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !secretMatches(hash, secret) {
		return fmt.Errorf("token: %w", ErrNotFound)
	}
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE tokens SET revoked_ms = $1 WHERE id = $2 AND revoked_ms IS NULL`, s.nowMS(), id)
	return err
}

func (s *sqlStore) Revoke(ctx context.Context, actor, email string) (int, error) {
	email = normEmail(email)
	var total int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := personExists(ctx, tx, email); err != nil {
			return err
		}
		now := s.nowMS()
		tokens, err := rowsAffected(tx.ExecContext(ctx,
			`UPDATE tokens SET revoked_ms = $1 WHERE email = $2 AND revoked_ms IS NULL`, now, email))
		if err != nil {
			return err
		}
		invitations, err := rowsAffected(tx.ExecContext(ctx,
			`UPDATE invitations SET revoked_ms = $1 WHERE email = $2 AND revoked_ms IS NULL AND used_ms IS NULL`, now, email))
		if err != nil {
			return err
		}
		total = tokens + invitations
		return s.audit(ctx, tx, actor, ActionRevoke, email, fmt.Sprintf("%d tokens, %d invitations", tokens, invitations))
	})
	return total, err
}

func rowsAffected(res sql.Result, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (s *sqlStore) Invite(ctx context.Context, actor, email string, expires time.Time) (string, error) {
	email = normEmail(email)
	if !expires.After(s.now()) {
		return "", fmt.Errorf("invite %q: expiry %s is not in the future", email, expires.UTC().Format(time.RFC3339))
	}
	var code string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := personExists(ctx, tx, email); err != nil {
			return err
		}
		var id, hash string
		id, code, hash = newSecret()
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, hash, email, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)`,
			id, hash, email, s.nowMS(), expires.UnixMilli()); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, ActionInvite, email, fmt.Sprintf("invitation %s, expires %s", id, fromMS(expires.UnixMilli()).Format(time.RFC3339)))
	})
	return code, err
}

func (s *sqlStore) Redeem(ctx context.Context, code string) (string, Person, error) {
	id, secret, ok := splitCode(code)
	if !ok {
		return "", Person{}, fmt.Errorf("invitation: %w", ErrNotFound)
	}
	var token string
	var p Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var hash, email string
		var expires int64
		var used, revoked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT hash, email, expires_ms, used_ms, revoked_ms FROM invitations WHERE id = $1`, id).
			Scan(&hash, &email, &expires, &used, &revoked)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && (!secretMatches(hash, secret) || revoked.Valid):
			return fmt.Errorf("invitation: %w", ErrNotFound)
		case err != nil:
			return err
		case used.Valid:
			return fmt.Errorf("invitation for %q: %w", email, ErrInvitationUsed)
		case s.nowMS() >= expires:
			return fmt.Errorf("invitation for %q: %w", email, ErrInvitationExpired)
		}
		// The condition on used_ms makes a concurrent second redemption
		// find nothing to update once the first has committed.
		n, err := rowsAffected(tx.ExecContext(ctx, `UPDATE invitations SET used_ms = $1 WHERE id = $2 AND used_ms IS NULL`, s.nowMS(), id))
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("invitation for %q: %w", email, ErrInvitationUsed)
		}
		if token, err = s.createToken(ctx, tx, email); err != nil {
			return err
		}
		if p, err = scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.email = $1`, email)); err != nil {
			return err
		}
		return s.audit(ctx, tx, email, ActionRedeem, email, "invitation "+id)
	})
	if err != nil {
		return "", Person{}, err
	}
	return token, p, nil
}

// upsertTick keeps, per item, the tick with the latest tick time; at equal
// times done beats not done, so merging is the same in any order.
const upsertTick = `INSERT INTO ticks (email, page, item, done, ticked_ms, received_ms)
	VALUES ($1, $2, $3, $4, $5, $6)
	ON CONFLICT (email, page, item) DO UPDATE
	SET done = excluded.done, ticked_ms = excluded.ticked_ms, received_ms = excluded.received_ms
	WHERE excluded.ticked_ms > ticks.ticked_ms
	   OR (excluded.ticked_ms = ticks.ticked_ms AND excluded.done > ticks.done)`

func (s *sqlStore) PutTicks(ctx context.Context, ticks []Tick) (int, error) {
	if len(ticks) == 0 {
		return 0, nil
	}
	now := s.nowMS()
	batch := make([]Tick, len(ticks))
	emails := map[string]bool{}
	for i, t := range ticks {
		t.Email = normEmail(t.Email)
		if t.Email == "" || t.Page == "" || t.Item == "" || t.TickedAt.IsZero() {
			return 0, fmt.Errorf("tick %d: email, page, item and tick time are required", i)
		}
		batch[i] = t
		emails[t.Email] = true
	}
	// The same order in every transaction, so two batches touching the
	// same items cannot deadlock in PostgreSQL.
	slices.SortFunc(batch, func(a, b Tick) int {
		return cmp.Or(cmp.Compare(a.Email, b.Email), cmp.Compare(a.Page, b.Page), cmp.Compare(a.Item, b.Item))
	})
	var changed int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for email := range emails {
			if err := personExists(ctx, tx, email); err != nil {
				return err
			}
		}
		stmt, err := tx.PrepareContext(ctx, upsertTick)
		if err != nil {
			return err
		}
		defer stmt.Close()
		changed = 0
		for _, t := range batch {
			received := now
			if !t.ReceivedAt.IsZero() {
				received = t.ReceivedAt.UnixMilli()
			}
			done := 0
			if t.Done {
				done = 1
			}
			n, err := rowsAffected(stmt.ExecContext(ctx, t.Email, t.Page, t.Item, done, t.TickedAt.UnixMilli(), received))
			if err != nil {
				return fmt.Errorf("tick %s %s#%s: %w", t.Email, t.Page, t.Item, err)
			}
			changed += n
		}
		return nil
	})
	return changed, err
}

func (s *sqlStore) Ticks(ctx context.Context, email string) ([]Tick, error) {
	m, err := s.TicksOf(ctx, []string{email})
	return m[normEmail(email)], err
}

func (s *sqlStore) TicksOf(ctx context.Context, emails []string) (map[string][]Tick, error) {
	out := map[string][]Tick{}
	err := inChunks(emails, func(in string, args []any) error {
		rows, err := s.db.QueryContext(ctx, `SELECT email, page, item, done, ticked_ms, received_ms
			FROM ticks WHERE email IN (`+in+`) ORDER BY email, page, item`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t Tick
			var done, ticked, received int64
			if err := rows.Scan(&t.Email, &t.Page, &t.Item, &done, &ticked, &received); err != nil {
				return err
			}
			t.Done, t.TickedAt, t.ReceivedAt = done == 1, fromMS(ticked), fromMS(received)
			out[t.Email] = append(out[t.Email], t)
		}
		return rows.Err()
	})
	return out, err
}

// inChunks calls f with "$1, $2, …" and the normalized emails, at most 500
// at a time, so that a team of any size stays within both databases'
// limits on parameters while costing one query per 500 people.
func inChunks(emails []string, f func(in string, args []any) error) error {
	const chunk = 500
	for len(emails) > 0 {
		n := min(chunk, len(emails))
		var in strings.Builder
		args := make([]any, n)
		for i, e := range emails[:n] {
			if i > 0 {
				in.WriteString(", ")
			}
			fmt.Fprintf(&in, "$%d", i+1)
			args[i] = normEmail(e)
		}
		if err := f(in.String(), args); err != nil {
			return err
		}
		emails = emails[n:]
	}
	return nil
}

func (s *sqlStore) SignOff(ctx context.Context, so SignOff) error {
	so.Email, so.Signer = normEmail(so.Email), normEmail(so.Signer)
	if so.Email == "" || so.Module == "" || so.Signer == "" {
		return errors.New("sign off: email, module and signer are required")
	}
	at := s.nowMS()
	if !so.At.IsZero() {
		at = so.At.UnixMilli()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := personExists(ctx, tx, so.Email); err != nil {
			return err
		}
		n, err := rowsAffected(tx.ExecContext(ctx, `INSERT INTO signoffs (email, module, signer, signer_name, signed_ms)
			VALUES ($1, $2, $3, COALESCE((SELECT name FROM people WHERE email = $3), ''), $4)
			ON CONFLICT (email, module) DO NOTHING`,
			so.Email, so.Module, so.Signer, at))
		if err != nil {
			return err
		}
		if n == 0 {
			earlier := SignOff{Email: so.Email, Module: so.Module}
			var ms int64
			if err := tx.QueryRowContext(ctx, `SELECT signer, signer_name, signed_ms FROM signoffs WHERE email = $1 AND module = $2`,
				so.Email, so.Module).Scan(&earlier.Signer, &earlier.SignerName, &ms); err != nil {
				return err
			}
			earlier.At = fromMS(ms)
			return &SignedOffError{Earlier: earlier}
		}
		return s.audit(ctx, tx, so.Signer, ActionSignOff, so.Email, "module "+so.Module)
	})
}

func (s *sqlStore) RemoveSignOff(ctx context.Context, actor, email, module string) error {
	email = normEmail(email)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		n, err := rowsAffected(tx.ExecContext(ctx, `DELETE FROM signoffs WHERE email = $1 AND module = $2`, email, module))
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("sign-off of %s by %q: %w", module, email, ErrNotFound)
		}
		return s.audit(ctx, tx, actor, ActionUnsign, email, "module "+module)
	})
}

func (s *sqlStore) SignOffs(ctx context.Context, email string) ([]SignOff, error) {
	m, err := s.SignOffsOf(ctx, []string{email})
	return m[normEmail(email)], err
}

func (s *sqlStore) SignOffsOf(ctx context.Context, emails []string) (map[string][]SignOff, error) {
	out := map[string][]SignOff{}
	err := inChunks(emails, func(in string, args []any) error {
		rows, err := s.db.QueryContext(ctx, `SELECT email, module, signer, signer_name, signed_ms
			FROM signoffs WHERE email IN (`+in+`) ORDER BY email, module`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var so SignOff
			var at int64
			if err := rows.Scan(&so.Email, &so.Module, &so.Signer, &so.SignerName, &at); err != nil {
				return err
			}
			so.At = fromMS(at)
			out[so.Email] = append(out[so.Email], so)
		}
		return rows.Err()
	})
	return out, err
}

func (s *sqlStore) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("setting %q: %w", name, ErrNotFound)
	}
	return v, err
}

func (s *sqlStore) PutSetting(ctx context.Context, name, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}

func (s *sqlStore) Backup(ctx context.Context, path string) error {
	if s.dialect.name != "sqlite" {
		return errors.New("backup: a PostgreSQL database is backed up with pg_dump (pg_dump -Fc -f progress.dump URL), not by playbook")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; give a new file name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO reads one snapshot of the database, so writers carry on
	// and the copy is consistent; it is a complete database, not a WAL.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

func (s *sqlStore) Audit(ctx context.Context, after int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("audit: limit %d is not positive", limit)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at_ms, actor, action, subject, detail FROM audit
		WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
