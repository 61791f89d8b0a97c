package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/progress/service"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// siteSetting is the store setting where serve records the site URL,
// for invite's links.
const siteSetting = "site"

// progressCmd runs `playbook progress SUBCOMMAND ...`.
func progressCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			return progressServe(ctx, args[1:], stdout, stderr)
		case "invite":
			return progressInvite(ctx, args[1:], stdout, stderr)
		case "revoke":
			return progressRevoke(ctx, args[1:], stdout, stderr)
		case "remove":
			return progressRemove(ctx, args[1:], stdout, stderr)
		case "teams":
			return progressTeams(ctx, args[1:], stdout, stderr)
		case "backup":
			return progressBackup(ctx, args[1:], stdout, stderr)
		case "audit":
			return progressAudit(ctx, args[1:], stdout, stderr)
		}
	}
	c := newCLI("progress")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	return c.usageError(stderr, "unknown subcommand %q: want serve, invite, revoke, remove, teams, backup or audit", rest[0])
}

// openStore opens the database of --db, printing the error. Only serve
// creates an SQLite database (create); the other commands refuse a file
// that is not there, as a mistyped --db or another working folder would
// otherwise give them a new, empty one.
func openStore(ctx context.Context, cmd, db string, create bool, stderr io.Writer) (store.Store, bool) {
	var opts []store.Option
	if !create {
		opts = append(opts, store.MustExist())
	}
	st, err := store.Open(ctx, db, opts...)
	if errors.Is(err, store.ErrNoDatabase) {
		fmt.Fprintf(stderr, "playbook %s: no progress database at %s; start `playbook progress serve --db %s` first or pass --db\n", cmd, db, db)
		return nil, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return nil, false
	}
	return st, true
}

// actor is who the audit log says ran a command.
func actor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

const dbUsage = "database: an SQLite `FILE` or a postgres:// URL"

func progressServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var db, addr, site, manifest, teams, proxyHeader, trusted, cert, key, rate string
	var behindProxy bool
	c := newCLI("progress serve")
	c.String(&db, "db", "", "progress.db", dbUsage)
	c.String(&addr, "addr", "", "127.0.0.1:8090", "address `HOST:PORT` to listen on (port 0 picks a free one)")
	c.String(&site, "site", "", "", "the site's base `URL`; only its origin may call the service")
	c.String(&manifest, "manifest", "", "", "the site's checklist manifest, a `FILE` or URL (default: SITE/checklists.json)")
	c.String(&teams, "teams", "", "", "apply this teams.toml `FILE` before serving")
	c.String(&proxyHeader, "proxy-header", "", "", "header `NAME` through which an authenticating proxy names the caller (e.g. X-Forwarded-Email)")
	c.String(&trusted, "trusted-proxy", "", "", "`CIDR,...` the proxy connects from; the proxy header is ignored from anywhere else")
	c.String(&cert, "tls-cert", "", "", "TLS certificate `FILE` (with --tls-key)")
	c.String(&key, "tls-key", "", "", "TLS key `FILE`")
	c.Bool(&behindProxy, "behind-proxy", "", "a reverse proxy terminates TLS: listen beyond loopback without it")
	c.String(&rate, "rate", "", "20", "requests a second allowed per token; bursts may be 5 seconds' worth, and at least 100 requests")
	if _, code, ok := c.parse(args, stdout, stderr); !ok {
		return code
	}
	siteURL, err := service.SiteURL(site)
	if site == "" {
		return c.usageError(stderr, "--site is required: the site's base URL, such as https://playbook.example.com/")
	} else if err != nil {
		return c.usageError(stderr, "--site: %v", err)
	}
	perSecond, err := strconv.ParseFloat(rate, 64)
	if err != nil || perSecond <= 0 {
		return c.usageError(stderr, "--rate %q: want a positive number of requests a second", rate)
	}
	if (cert == "") != (key == "") {
		return c.usageError(stderr, "--tls-cert and --tls-key go together")
	}
	prefixes, err := parsePrefixes(trusted)
	if err != nil {
		return c.usageError(stderr, "--trusted-proxy: %v", err)
	}
	if proxyHeader != "" && len(prefixes) == 0 {
		return c.usageError(stderr, "--proxy-header needs --trusted-proxy, the addresses the proxy connects from")
	}
	if err := checkExposure(addr, cert != "", behindProxy); err != nil {
		return c.usageError(stderr, "%v", err)
	}

	st, ok := openStore(ctx, "progress serve", db, true, stderr)
	if !ok {
		return exitContent
	}
	defer st.Close()
	if err := st.PutSetting(ctx, siteSetting, siteURL.String()); err != nil {
		fmt.Fprintf(stderr, "playbook progress serve: record the site URL: %v\n", err)
		return exitContent
	}
	if teams != "" {
		if code := applyTeams(ctx, st, "progress serve", teams, stdout, stderr); code != exitOK {
			return code
		}
	}
	logger := log.New(stderr, "", log.LstdFlags)
	srv, err := service.New(service.Options{
		Store: st, Site: siteURL.String(), Manifest: manifest,
		ProxyHeader: proxyHeader, TrustedProxies: prefixes,
		Rate: perSecond, Burst: max(100, int(5*perSecond)), Log: logger,
	})
	if err != nil {
		fmt.Fprintf(stderr, "playbook progress serve: %v\n", err)
		return exitUsage
	}
	// Not fatal: the site may be published after the service starts.
	if err := srv.LoadManifest(ctx); err != nil {
		fmt.Fprintf(stderr, "playbook progress serve: warning: %v; ticks are refused (503) until it can be read, tried again every few seconds\n", err)
	}
	hs := &http.Server{
		Handler: srv, ErrorLog: logger,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "playbook progress serve: %v\n", err)
		return exitContent
	}
	scheme := "http"
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "playbook progress serve: %v\n", err)
			return exitContent
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	fmt.Fprintf(stdout, "listening on %s://%s/\n", scheme, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "playbook progress serve: %v\n", err)
		return exitContent
	case <-ctx.Done():
	}
	// Finish the requests under way; a tick acknowledged is already committed.
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		fmt.Fprintf(stderr, "playbook progress serve: shutdown: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}

// parsePrefixes reads "10.0.0.0/8,192.168.1.5": CIDRs, or addresses
// meaning just themselves.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR such as 10.0.0.0/8", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// checkExposure refuses to listen beyond loopback in plain HTTP unless a
// proxy in front terminates TLS: tokens would cross the network in clear.
func checkExposure(addr string, tls, behindProxy bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v", addr, err)
	}
	if tls || behindProxy || host == "localhost" {
		return nil
	}
	if a, err := netip.ParseAddr(host); err == nil && a.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %s listens beyond this machine without TLS; give --tls-cert and --tls-key, or --behind-proxy when a reverse proxy in front terminates TLS", addr)
}

func applyTeams(ctx context.Context, st store.Store, cmd, file string, stdout, stderr io.Writer) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "playbook %s: %v\n", cmd, err)
		return exitContent
	}
	n, err := service.ApplyTeams(ctx, st, actor(), file, src)
	if err != nil {
		fmt.Fprintf(stderr, "%v\nplaybook %s: %s not applied\n", err, cmd, file)
		return exitContent
	}
	fmt.Fprintf(stdout, "applied %s from %s\n", count(n, "person", "people"), file)
	return exitOK
}

func progressInvite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var db, manager, role, name, start, expires, site string
	c := newCLI("progress invite")
	c.String(&db, "db", "", "progress.db", dbUsage)
	c.String(&manager, "manager", "", "", "`EMAIL` of the person they report to")
	c.String(&role, "role", "", "", "`ROLE`: member, manager or admin (default: member, or the role they have)")
	c.String(&name, "name", "", "", "their display `NAME`")
	c.String(&start, "start", "", "", "their start `DATE`, YYYY-MM-DD (default: today, or the one they have)")
	c.String(&expires, "expires", "", "168h", "how long the link works, a `DURATION`")
	c.String(&site, "site", "", "", "the site's base `URL` (default: the one the last serve recorded)")
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	email := rest[0]
	valid, err := time.ParseDuration(expires)
	if err != nil || valid <= 0 {
		return c.usageError(stderr, "--expires %q: want a positive duration such as 168h", expires)
	}
	var startDay time.Time
	if start != "" {
		if startDay, err = time.Parse(time.DateOnly, start); err != nil {
			return c.usageError(stderr, "--start %q: want a date such as 2026-12-01", start)
		}
	}
	if role != "" && !store.Role(role).Valid() {
		return c.usageError(stderr, "--role %q: want member, manager or admin", role)
	}
	if err := store.CheckEmail(strings.TrimSpace(email)); err != nil {
		return c.usageError(stderr, "%v", err)
	}
	if manager != "" {
		if err := store.CheckEmail(strings.TrimSpace(manager)); err != nil {
			return c.usageError(stderr, "--manager: %v", err)
		}
	}
	if err := store.CheckName(name); err != nil {
		return c.usageError(stderr, "--name: %v", err)
	}
	st, ok := openStore(ctx, "progress invite", db, false, stderr)
	if !ok {
		return exitContent
	}
	defer st.Close()
	if site == "" {
		if site, err = st.Setting(ctx, siteSetting); errors.Is(err, store.ErrNotFound) {
			return c.usageError(stderr, "no --site, and no `playbook progress serve` has recorded one in %s", store.Redact(db))
		} else if err != nil {
			fmt.Fprintf(stderr, "playbook progress invite: %v\n", err)
			return exitContent
		}
	}
	siteURL, err := service.SiteURL(site)
	if err != nil {
		return c.usageError(stderr, "--site: %v", err)
	}
	p, err := st.Person(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		p = store.Person{Email: email, Role: store.RoleMember}
	case err != nil:
		fmt.Fprintf(stderr, "playbook progress invite: %v\n", err)
		return exitContent
	}
	if role != "" {
		p.Role = store.Role(role)
	}
	if manager != "" {
		if _, err := st.Person(ctx, manager); err != nil {
			fmt.Fprintf(stderr, "playbook progress invite: --manager %s: %v (invite the manager first)\n", manager, err)
			return exitContent
		}
		p.Manager = manager
	}
	p.Name, p.Start = name, startDay
	if err := st.PutPerson(ctx, actor(), p); err != nil {
		fmt.Fprintf(stderr, "playbook progress invite: %v\n", err)
		return exitContent
	}
	invitation, err := st.Invite(ctx, actor(), email, time.Now().Add(valid))
	if err != nil {
		fmt.Fprintf(stderr, "playbook progress invite: %v\n", err)
		return exitContent
	}
	// The code travels in the fragment, which never reaches a server log;
	// any page of the site exchanges it. Managers and admins land on the
	// team page they sign in for, members on the home page.
	page := ""
	if p.Role == store.RoleManager || p.Role == store.RoleAdmin {
		page = "team/"
	}
	fmt.Fprintf(stdout, "%s%s#invitation=%s\n", siteURL, page, invitation)
	return exitOK
}

// withStore runs a command that takes one argument and --db: it parses
// args, opens the database and hands both to run.
func withStore(ctx context.Context, name string, args []string, stdout, stderr io.Writer,
	run func(st store.Store, db, arg string) int) int {
	var db string
	c := newCLI(name)
	c.String(&db, "db", "", "progress.db", dbUsage)
	rest, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	st, ok := openStore(ctx, name, db, false, stderr)
	if !ok {
		return exitContent
	}
	defer st.Close()
	return run(st, db, rest[0])
}

func progressRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return withStore(ctx, "progress revoke", args, stdout, stderr, func(st store.Store, _, email string) int {
		n, err := st.Revoke(ctx, actor(), email)
		if err != nil {
			fmt.Fprintf(stderr, "playbook progress revoke: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "revoked %s of %s\n", count(n, "token or invitation", "tokens or invitations"), email)
		return exitOK
	})
}

// progressRemove deletes a person and their data: behind a proxy, where
// the proxy says who someone is and there is no token to revoke, this is
// how someone stops having access.
func progressRemove(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return withStore(ctx, "progress remove", args, stdout, stderr, func(st store.Store, _, email string) int {
		if err := st.RemovePerson(ctx, actor(), email); err != nil {
			fmt.Fprintf(stderr, "playbook progress remove: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "removed %s with their tokens, invitations, ticks and sign-offs\n", strings.ToLower(strings.TrimSpace(email)))
		return exitOK
	})
}

func progressTeams(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return withStore(ctx, "progress teams", args, stdout, stderr, func(st store.Store, _, file string) int {
		return applyTeams(ctx, st, "progress teams", file, stdout, stderr)
	})
}

func progressBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return withStore(ctx, "progress backup", args, stdout, stderr, func(st store.Store, db, file string) int {
		if err := st.Backup(ctx, file); err != nil {
			fmt.Fprintf(stderr, "playbook progress backup: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "backed up %s to %s\n", store.Redact(db), file)
		return exitOK
	})
}

// progressAudit prints the audit log, one entry a line: id, time (RFC 3339,
// UTC), actor, action, subject and detail, separated by tabs.
func progressAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var db string
	c := newCLI("progress audit")
	c.String(&db, "db", "", "progress.db", dbUsage)
	if _, code, ok := c.parse(args, stdout, stderr); !ok {
		return code
	}
	st, ok := openStore(ctx, "progress audit", db, false, stderr)
	if !ok {
		return exitContent
	}
	defer st.Close()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for after := int64(0); ; {
		entries, err := st.Audit(ctx, after, 1000)
		if err != nil {
			fmt.Fprintf(stderr, "playbook progress audit: %v\n", err)
			return exitContent
		}
		if len(entries) == 0 {
			return exitOK
		}
		for _, e := range entries {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.Format(time.RFC3339), e.Actor, e.Action, e.Subject, e.Detail)
		}
		after = entries[len(entries)-1].ID
	}
}
