// Package store keeps the team progress service's data — people, tokens,
// invitations, checklist ticks, sign-offs and an audit log — in SQLite or
// PostgreSQL behind one interface, with the same schema and migrations.
// The progress HTTP service and the `playbook progress` commands use it; it
// knows nothing of the site model or the generator.
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Store holds the progress service's data. Methods that change who may do
// what (people, invitations, revocations, sign-offs) write their audit entry
// in the same transaction, under the actor's email.
type Store interface {
	// PutPerson adds a person or changes their role, manager, name and
	// start, as PutPeople does for one person.
	PutPerson(ctx context.Context, actor string, p Person) error
	// PutPeople adds or changes people in one transaction: all of them or,
	// on any error, none. An empty Name or a zero Start keeps the stored
	// one; a new person's start defaults to the time they are added.
	// Every manager must be a person and no chain of managers may loop,
	// judged on the state the whole batch leaves, so people may name a
	// manager listed after them.
	PutPeople(ctx context.Context, actor string, people []Person) error
	// RemovePerson deletes a person with their tokens, invitations, ticks
	// and sign-offs; the people reporting to them are left without a
	// manager. The audit log keeps what it recorded. Removing the last
	// admin is ErrLastAdmin, an unknown person ErrNotFound.
	RemovePerson(ctx context.Context, actor, email string) error
	// Person returns the person with the email, or ErrNotFound.
	Person(ctx context.Context, email string) (Person, error)
	// People returns everyone, ordered by email.
	People(ctx context.Context) ([]Person, error)
	// Reports returns everyone who reports to manager, directly or
	// through others, ordered by email.
	Reports(ctx context.Context, manager string) ([]Person, error)
	// ReportsTo reports whether email reports to manager, directly or
	// through others.
	ReportsTo(ctx context.Context, email, manager string) (bool, error)

	// CreateToken returns a new bearer token for the person; only its hash is kept.
	CreateToken(ctx context.Context, email string) (string, error)
	// LookupToken returns the person a live token belongs to, or ErrNotFound.
	LookupToken(ctx context.Context, token string) (Person, error)
	// RevokeToken ends one token, as signing out does; an unknown token is ErrNotFound.
	RevokeToken(ctx context.Context, token string) error
	// Revoke ends all of a person's tokens and unused invitations and
	// returns how many it ended.
	Revoke(ctx context.Context, actor, email string) (int, error)

	// Invite returns a one-time invitation code for an existing person,
	// valid until expires.
	Invite(ctx context.Context, actor, email string, expires time.Time) (string, error)
	// Redeem exchanges an invitation code, once, for a new token and
	// returns it with its person. A used code is ErrInvitationUsed, an
	// expired one ErrInvitationExpired, an unknown or revoked one ErrNotFound.
	Redeem(ctx context.Context, code string) (string, Person, error)

	// PutTicks merges ticks, in one transaction: per (person, page, item)
	// the tick with the latest TickedAt wins, and at equal times done wins,
	// so the result does not depend on arrival order. It returns how many
	// ticks changed the stored state.
	PutTicks(ctx context.Context, ticks []Tick) (int, error)
	// Ticks returns a person's ticks, ordered by page and item.
	Ticks(ctx context.Context, email string) ([]Tick, error)
	// TicksOf returns the ticks of each of the people, by email, each
	// person's ordered by page and item.
	TicksOf(ctx context.Context, emails []string) (map[string][]Tick, error)

	// SignOff records that Signer signed a person's module off. A module
	// already signed off is a *SignedOffError naming the earlier sign-off,
	// which stays. The signer's name is read from their person and kept
	// with the sign-off.
	SignOff(ctx context.Context, s SignOff) error
	// RemoveSignOff withdraws a person's sign-off of a module, audited
	// under actor; a module not signed off is ErrNotFound.
	RemoveSignOff(ctx context.Context, actor, email, module string) error
	// SignOffs returns a person's sign-offs, ordered by module.
	SignOffs(ctx context.Context, email string) ([]SignOff, error)
	// SignOffsOf returns the sign-offs of each of the people, by email.
	SignOffsOf(ctx context.Context, emails []string) (map[string][]SignOff, error)

	// Setting returns a setting's value, or ErrNotFound.
	Setting(ctx context.Context, name string) (string, error)
	// PutSetting sets a setting.
	PutSetting(ctx context.Context, name, value string) error

	// Backup writes a consistent copy of the database to the new file
	// path, while others keep using it. It refuses an existing file.
	// Only SQLite stores can; PostgreSQL is backed up with pg_dump.
	Backup(ctx context.Context, path string) error

	// Audit returns up to limit audit entries with an ID above after,
	// oldest first.
	Audit(ctx context.Context, after int64, limit int) ([]AuditEntry, error)

	// Close closes the database.
	Close() error
}

// Role is what a person may see: their own progress, their reports', or everyone's.
type Role string

// The roles.
const (
	RoleMember  Role = "member"
	RoleManager Role = "manager"
	RoleAdmin   Role = "admin"
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool {
	return r == RoleMember || r == RoleManager || r == RoleAdmin
}

// Person is someone known to the service. Manager is the email of the
// person they report to, or empty. Start is the day their curricula
// start, from which the team page counts modules overdue.
type Person struct {
	Email   string
	Name    string
	Role    Role
	Manager string
	Start   time.Time
	Created time.Time
}

// Tick is the state of one checklist item for one person. TickedAt is when
// the person ticked it, by their device's clock; ReceivedAt is when the
// service received it. Both are kept to the millisecond, in UTC.
type Tick struct {
	Email      string
	Page       string
	Item       string
	Done       bool
	TickedAt   time.Time
	ReceivedAt time.Time
}

// SignOff records that Signer, named SignerName then, signed a person's
// Module off at At.
type SignOff struct {
	Email      string
	Module     string
	Signer     string
	SignerName string
	At         time.Time
}

// Action names what an audit entry records.
type Action string

// The audited actions.
const (
	ActionPerson  Action = "person"  // a person added, or their role or manager changed
	ActionInvite  Action = "invite"  // an invitation created
	ActionRedeem  Action = "redeem"  // an invitation exchanged for a token
	ActionRevoke  Action = "revoke"  // a person's tokens and invitations ended
	ActionSignOff Action = "signoff" // a module signed off
	ActionUnsign  Action = "unsign"  // a sign-off withdrawn
	ActionRemove  Action = "remove"  // a person and their data deleted
)

// AuditEntry is one line of the audit log: Actor did Action to Subject (an email).
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string
	Action  Action
	Subject string
	Detail  string
}

// Errors a caller tells apart with errors.Is.
var (
	ErrNotFound          = errors.New("not found")
	ErrInvitationUsed    = errors.New("invitation already used")
	ErrInvitationExpired = errors.New("invitation expired")
	ErrLastAdmin         = errors.New("the last admin cannot be removed; make someone else admin first")
	ErrNoDatabase        = errors.New("no such database")
)

// SignedOffError is SignOff's answer for a module already signed off:
// Earlier is that sign-off.
type SignedOffError struct {
	Earlier SignOff
}

func (e *SignedOffError) Error() string {
	return fmt.Sprintf("%s's module %s is already signed off by %s on %s",
		e.Earlier.Email, e.Earlier.Module, e.Earlier.Signer, e.Earlier.At.UTC().Format(time.DateOnly))
}

// Option changes how Open sets up a store.
type Option func(*options)

type options struct {
	now       func() time.Time
	mustExist bool
}

// WithClock makes the store read the time from now instead of time.Now,
// for created, received, expiry and audit times.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// MustExist makes Open refuse, with ErrNoDatabase, an SQLite file that
// does not exist instead of creating it: for commands that manage a
// database the service created, where a mistyped path would otherwise
// quietly start an empty one.
func MustExist() Option {
	return func(o *options) { o.mustExist = true }
}

// Open opens the database named by dsn and applies any pending migrations.
// A postgres:// or postgresql:// URL opens PostgreSQL; anything else is the
// path of an SQLite file, created if missing (unless MustExist). A libpq
// "host=… dbname=…" string is refused, without repeating it, as it may
// hold a password. Messages never show a password.
func Open(ctx context.Context, dsn string, opts ...Option) (Store, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	var d dialect
	switch {
	case IsPostgres(dsn):
		d = postgres
	case dsn == "":
		return nil, errors.New("open progress store: empty database name")
	case libpqKeyword.MatchString(dsn):
		return nil, errors.New("open progress store: a key=value connection string (host=… dbname=…) is not supported; " +
			"give a URL such as postgres://user:password@host:5432/dbname")
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("open progress store: %q: only postgres:// URLs and file paths are supported", Redact(dsn))
	default:
		d = sqlite
		if o.mustExist {
			if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("open progress store: %s: %w", dsn, ErrNoDatabase)
			}
		}
	}
	s, err := openSQL(ctx, d, dsn, o)
	if err != nil {
		return nil, &openError{dsn: dsn, err: err}
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than an SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// libpqKeyword finds the start of a libpq key=value connection string.
var libpqKeyword = regexp.MustCompile(`(^|\s)(host|hostaddr|port|dbname|user|password|passfile|sslmode|sslpassword|service|connect_timeout|application_name|options)\s*=`)

// openError is a failure to open a database, shown with its password
// hidden and each line of the driver's message once: pgx tries with TLS
// and then without, and reports the same dial error for both.
type openError struct {
	dsn string
	err error
}

func (e *openError) Error() string {
	msg := e.err.Error()
	for _, secret := range secrets(e.dsn) {
		msg = strings.ReplaceAll(msg, secret, "xxxxx")
	}
	lines := strings.Split(msg, "\n")
	seen := map[string]bool{}
	kept := lines[:0]
	for _, l := range lines {
		if !seen[l] {
			seen[l] = true
			kept = append(kept, l)
		}
	}
	if len(kept) == 2 { // "failed to connect to …:" and the one reason
		kept = []string{strings.TrimSuffix(kept[0], ":") + ": " + strings.TrimSpace(kept[1])}
	}
	return "open progress store " + Redact(e.dsn) + ": " + strings.Join(kept, "\n")
}

func (e *openError) Unwrap() error { return e.err }

// secretParams are the URL query parameters that hold secrets.
var secretParams = []string{"password", "sslpassword"}

// secrets returns the passwords in a database URL, longest first.
func secrets(dsn string) []string {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil
	}
	var out []string
	if pw, ok := u.User.Password(); ok && pw != "" {
		out = append(out, pw, url.PathEscape(pw), url.QueryEscape(pw))
	}
	q := u.Query()
	for _, name := range secretParams {
		for _, v := range q[name] {
			if v != "" {
				out = append(out, v, url.QueryEscape(v))
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}

// Redact returns a database URL for messages, with a password in it,
// whether after the user name or in a query parameter, replaced by xxxxx.
// Anything but a URL is returned as is.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		if strings.Contains(dsn, "://") {
			return "(a database URL that cannot be parsed)"
		}
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if u.RawQuery != "" {
		q := u.Query()
		for _, name := range secretParams {
			if q.Has(name) {
				q.Set(name, "xxxxx")
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// normEmail is the form emails are stored and looked up in.
func normEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
