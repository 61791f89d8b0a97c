package service

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// personJSON is a person as the API shows them.
type personJSON struct {
	Email   string `json:"email"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Manager string `json:"manager"`
	Start   string `json:"start"`
}

func toPerson(p store.Person) personJSON {
	return personJSON{Email: p.Email, Name: p.Name, Role: string(p.Role), Manager: p.Manager, Start: p.Start.UTC().Format(time.DateOnly)}
}

// tickJSON is a tick as the API shows it; At is the tick time in
// milliseconds since the epoch.
type tickJSON struct {
	Page string `json:"page"`
	Item string `json:"item"`
	Done bool   `json:"done"`
	At   int64  `json:"at"`
}

func toTicks(ts []store.Tick) []tickJSON {
	out := make([]tickJSON, len(ts))
	for i, t := range ts {
		out[i] = tickJSON{Page: t.Page, Item: t.Item, Done: t.Done, At: t.TickedAt.UnixMilli()}
	}
	return out
}

type signOffJSON struct {
	Module     string `json:"module"`
	Signer     string `json:"signer"`
	SignerName string `json:"signerName"`
	At         int64  `json:"at"`
}

func toSignOffs(ss []store.SignOff) []signOffJSON {
	out := make([]signOffJSON, len(ss))
	for i, so := range ss {
		out[i] = signOffJSON{Module: so.Module, Signer: so.Signer, SignerName: so.SignerName, At: so.At.UnixMilli()}
	}
	return out
}

// entryJSON is one person of the team view.
type entryJSON struct {
	Person   personJSON    `json:"person"`
	Last     *int64        `json:"last"`
	Ticks    []tickJSON    `json:"ticks"`
	SignOffs []signOffJSON `json:"signoffs"`
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request, _ caller) error {
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request, _ caller) error {
	if ok, wait := s.perIP.allow(s.clientIP(r)); !ok {
		s.tooMany(w, r, wait)
		return nil
	}
	var body struct {
		Invitation string `json:"invitation"`
	}
	if err := decode(w, r, &body); err != nil {
		return err
	}
	if body.Invitation == "" {
		return errorf(http.StatusBadRequest, "invitation is required")
	}
	token, p, err := s.store.Redeem(r.Context(), body.Invitation)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "unknown or revoked invitation")
	case errors.Is(err, store.ErrInvitationUsed):
		return errorf(http.StatusGone, "this invitation was already used; ask for a new one")
	case errors.Is(err, store.ErrInvitationExpired):
		return errorf(http.StatusGone, "this invitation has expired; ask for a new one")
	case err != nil:
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": token, "person": toPerson(p)})
	return nil
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request, _ caller) error {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return errorf(http.StatusUnauthorized, "not signed in")
	}
	err := s.store.RevokeToken(r.Context(), strings.TrimSpace(token))
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusUnauthorized, "unknown or revoked token")
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request, _ caller) error {
	if s.proxyHeader == "" {
		return errorf(http.StatusNotFound, "this service signs in by invitation, not through a proxy")
	}
	back, err := url.Parse(r.URL.Query().Get("return"))
	if err != nil || back.Scheme+"://"+back.Host != s.origin || back.User != nil {
		return errorf(http.StatusBadRequest, "return must be a URL on %s", s.origin)
	}
	http.Redirect(w, r, back.String(), http.StatusSeeOther)
	return nil
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, me caller) error {
	writeJSON(w, http.StatusOK, map[string]any{"person": toPerson(me.Person)})
	return nil
}

// subject returns the email of ?email=, the caller by default.
func subject(r *http.Request, me caller) string {
	if e := strings.TrimSpace(r.URL.Query().Get("email")); e != "" {
		return e
	}
	return me.Email
}

func (s *Server) getTicks(w http.ResponseWriter, r *http.Request, me caller) error {
	p, err := s.person(r.Context(), me, subject(r, me))
	if err != nil {
		return err
	}
	ticks, err := s.store.Ticks(r.Context(), p.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"email": p.Email, "ticks": toTicks(ticks)})
	return nil
}

// tickIn is a tick as a request sends it; nil is a missing field.
type tickIn struct {
	Page *string `json:"page"`
	Item *string `json:"item"`
	Done *bool   `json:"done"`
	At   *int64  `json:"at"`
}

// rejectedJSON is a tick the service did not store, and why.
type rejectedJSON struct {
	Page  string `json:"page"`
	Item  string `json:"item"`
	Error string `json:"error"`
}

// postTicks stores the caller's ticks. A malformed request is refused
// whole (400); ticks naming a page or item the site does not have are
// left out and listed as rejected, and the others stored, so that one
// tick of a page since removed cannot hold back every later one.
func (s *Server) postTicks(w http.ResponseWriter, r *http.Request, me caller) error {
	var body struct {
		Ticks []json.RawMessage `json:"ticks"`
	}
	if err := decode(w, r, &body); err != nil {
		return err
	}
	switch {
	case body.Ticks == nil:
		return errorf(http.StatusBadRequest, "ticks is required")
	case len(body.Ticks) > MaxTicks:
		return errorf(http.StatusBadRequest, "%d ticks; send at most %d at a time", len(body.Ticks), MaxTicks)
	}
	now := s.now()
	ticks := make([]store.Tick, len(body.Ticks))
	for i, raw := range body.Ticks {
		var t tickIn
		if err := json.Unmarshal(raw, &t); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				return jsonTypeError(fmt.Sprintf("ticks[%d]", i), typeErr)
			}
			return errorf(http.StatusBadRequest, "bad JSON: ticks[%d]: %v", i, err)
		}
		switch {
		case t.Page == nil || *t.Page == "":
			return errorf(http.StatusBadRequest, "ticks[%d].page is required", i)
		case t.Item == nil || *t.Item == "":
			return errorf(http.StatusBadRequest, "ticks[%d].item is required", i)
		case t.Done == nil:
			return errorf(http.StatusBadRequest, "ticks[%d].done is required", i)
		case t.At == nil || *t.At <= 0:
			return errorf(http.StatusBadRequest, "ticks[%d].at must be the tick time in milliseconds since 1970", i)
		}
		at := time.UnixMilli(*t.At)
		if at.After(now) {
			at = now // a device clock ahead of ours must not win every later merge
		}
		ticks[i] = store.Tick{Email: me.Email, Page: *t.Page, Item: *t.Item, Done: *t.Done, TickedAt: at}
	}
	known, rejected, err := s.checkTicks(r.Context(), ticks)
	if err != nil {
		return err
	}
	changed, err := s.store.PutTicks(r.Context(), known)
	if err != nil {
		return err
	}
	all, err := s.store.Ticks(r.Context(), me.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"changed": changed, "rejected": rejected, "ticks": toTicks(all)})
	return nil
}

// checkTicks splits ticks into those whose page and item the manifest
// has and those it has not, reloading the manifest once if some miss.
func (s *Server) checkTicks(ctx context.Context, ticks []store.Tick) (known []store.Tick, rejected []rejectedJSON, err error) {
	m, err := s.manifest(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !allKnown(m, ticks) {
		if m, err = s.manifests.refresh(ctx); err != nil {
			return nil, nil, s.manifestUnavailable(err)
		}
	}
	rejected = []rejectedJSON{}
	for _, t := range ticks {
		switch {
		case m.HasItem(t.Page, t.Item):
			known = append(known, t)
		case m.Pages[t.Page] == nil:
			rejected = append(rejected, rejectedJSON{Page: t.Page, Item: t.Item,
				Error: fmt.Sprintf("%q is not a page with checklist items in %s", t.Page, s.manifests.source)})
		default:
			rejected = append(rejected, rejectedJSON{Page: t.Page, Item: t.Item,
				Error: fmt.Sprintf("page %s has no checklist item %q in %s", t.Page, t.Item, s.manifests.source)})
		}
	}
	return known, rejected, nil
}

func allKnown(m *checklists.Manifest, ticks []store.Tick) bool {
	for _, t := range ticks {
		if !m.HasItem(t.Page, t.Item) {
			return false
		}
	}
	return true
}

func (s *Server) manifest(ctx context.Context) (*checklists.Manifest, error) {
	m, err := s.manifests.get(ctx)
	if err != nil {
		return nil, s.manifestUnavailable(err)
	}
	return m, nil
}

func (s *Server) manifestUnavailable(err error) error {
	s.log.Printf("progress: %v", err)
	return errorf(http.StatusServiceUnavailable, "the site's checklist manifest cannot be read; the service's log has the details")
}

// teamOf returns the people me may see, ordered by email.
func (s *Server) teamOf(ctx context.Context, me caller) ([]store.Person, error) {
	switch me.Role {
	case store.RoleAdmin:
		return s.store.People(ctx)
	case store.RoleManager:
		reports, err := s.store.Reports(ctx, me.Email)
		if err != nil {
			return nil, err
		}
		people := append(reports, me.Person)
		slices.SortFunc(people, func(a, b store.Person) int { return cmp.Compare(a.Email, b.Email) })
		return slices.CompactFunc(people, func(a, b store.Person) bool { return a.Email == b.Email }), nil
	}
	return []store.Person{me.Person}, nil
}

// entries returns the team view of the people, with two queries per 500.
func (s *Server) entries(ctx context.Context, people []store.Person) ([]entryJSON, error) {
	emails := make([]string, len(people))
	for i, p := range people {
		emails[i] = p.Email
	}
	ticks, err := s.store.TicksOf(ctx, emails)
	if err != nil {
		return nil, err
	}
	offs, err := s.store.SignOffsOf(ctx, emails)
	if err != nil {
		return nil, err
	}
	out := make([]entryJSON, len(people))
	for i, p := range people {
		e := entryJSON{Person: toPerson(p), Ticks: toTicks(ticks[p.Email]), SignOffs: toSignOffs(offs[p.Email])}
		for _, t := range e.Ticks {
			if e.Last == nil || t.At > *e.Last {
				e.Last = &t.At
			}
		}
		out[i] = e
	}
	return out, nil
}

func (s *Server) team(w http.ResponseWriter, r *http.Request, me caller) error {
	people, err := s.teamOf(r.Context(), me)
	if err != nil {
		return err
	}
	entries, err := s.entries(r.Context(), people)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"me": toPerson(me.Person), "people": entries})
	return nil
}

func (s *Server) getPerson(w http.ResponseWriter, r *http.Request, me caller) error {
	email, err := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), "/api/people/"))
	if err != nil || email == "" {
		return errorf(http.StatusBadRequest, "the path must end in a URL-escaped email")
	}
	p, err := s.person(r.Context(), me, email)
	if err != nil {
		return err
	}
	entries, err := s.entries(r.Context(), []store.Person{p})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, entries[0])
	return nil
}

// signOffTarget reads a sign-off request and checks that me may sign the
// person's module off, or undo its sign-off (undo): a manager above them
// or an admin, not themselves, and a module of the manifest. A new
// sign-off also needs a module that asks for one; an undo does not, so
// that a sign-off recorded before the module stopped asking can go.
func (s *Server) signOffTarget(w http.ResponseWriter, r *http.Request, me caller, undo bool) (store.Person, string, error) {
	var body struct {
		Email  string `json:"email"`
		Module string `json:"module"`
	}
	if err := decode(w, r, &body); err != nil {
		return store.Person{}, "", err
	}
	switch {
	case body.Email == "":
		return store.Person{}, "", errorf(http.StatusBadRequest, "email is required")
	case body.Module == "":
		return store.Person{}, "", errorf(http.StatusBadRequest, "module is required")
	case strings.EqualFold(strings.TrimSpace(body.Email), me.Email) && undo:
		return store.Person{}, "", errorf(http.StatusBadRequest, "you cannot undo your own sign-off")
	case strings.EqualFold(strings.TrimSpace(body.Email), me.Email):
		return store.Person{}, "", errorf(http.StatusBadRequest, "you cannot sign yourself off")
	}
	if me.Role == store.RoleMember {
		return store.Person{}, "", errorf(http.StatusForbidden, "only a manager or an admin signs modules off")
	}
	p, err := s.person(r.Context(), me, body.Email)
	if err != nil {
		return store.Person{}, "", err
	}
	m, err := s.manifest(r.Context())
	if err != nil {
		return store.Person{}, "", err
	}
	mod, _, ok := m.Module(body.Module)
	if !ok {
		if m, err = s.manifests.refresh(r.Context()); err != nil {
			return store.Person{}, "", s.manifestUnavailable(err)
		}
		if mod, _, ok = m.Module(body.Module); !ok {
			return store.Person{}, "", errorf(http.StatusBadRequest, "module: %q is not a curriculum module in %s", body.Module, s.manifests.source)
		}
	}
	if !mod.Signoff && !undo {
		return store.Person{}, "", errorf(http.StatusBadRequest, "module %s does not ask for a sign-off (signoff = true in its front matter)", body.Module)
	}
	return p, body.Module, nil
}

func (s *Server) postSignOff(w http.ResponseWriter, r *http.Request, me caller) error {
	p, module, err := s.signOffTarget(w, r, me, false)
	if err != nil {
		return err
	}
	at := s.now()
	err = s.store.SignOff(r.Context(), store.SignOff{Email: p.Email, Module: module, Signer: me.Email, At: at})
	var already *store.SignedOffError
	if errors.As(err, &already) {
		e := already.Earlier
		return errorf(http.StatusConflict, "already signed off by %s on %s; undo it first",
			cmpStr(e.SignerName, e.Signer), e.At.UTC().Format(time.DateOnly))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, signOffJSON{Module: module, Signer: me.Email, SignerName: me.Name, At: at.UnixMilli()})
	return nil
}

func (s *Server) deleteSignOff(w http.ResponseWriter, r *http.Request, me caller) error {
	p, module, err := s.signOffTarget(w, r, me, true)
	if err != nil {
		return err
	}
	err = s.store.RemoveSignOff(r.Context(), me.Email, p.Email, module)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "%s's module %s is not signed off", p.Email, module)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
