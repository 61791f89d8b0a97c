// Package service is the team progress service's HTTP JSON API: people
// sign in, sync their checklist ticks, and managers see and sign off their
// reports' progress, checked against the site's checklist manifest.
// It keeps its data in a store.Store and knows the site only through that
// manifest.
package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// Options configure a Server.
type Options struct {
	// Store holds people, tokens, ticks and sign-offs. Required.
	Store store.Store
	// Site is the site's base URL (absolute http or https). Its origin is
	// the only one CORS allows and sign-in may return to. Required.
	Site string
	// Manifest is where the site's checklists.json is read from: an
	// http(s) URL or a file path. Empty means Site + "checklists.json".
	Manifest string
	// ProxyHeader, when set, names the header (such as X-Forwarded-Email)
	// through which an authenticating reverse proxy says who the caller
	// is; it is believed only from a peer in TrustedProxies. Bearer
	// tokens keep working beside it.
	ProxyHeader string
	// TrustedProxies are the addresses the proxy connects from.
	TrustedProxies []netip.Prefix
	// Rate and Burst bound the requests of one token (one person, when
	// the proxy says who they are): Burst at once, Rate a second after.
	// Zero means 20 a second, bursts of 100.
	Rate  float64
	Burst int
	// Now is the clock for rate limits and tick times; nil is time.Now.
	Now func() time.Time
	// Client fetches the manifest over HTTP; nil is a client with a
	// 30-second timeout.
	Client *http.Client
	// Log receives errors the caller does not see (store failures) and a
	// line each time the manifest is read and has changed; nil discards
	// them.
	Log *log.Logger
}

// Limits on what one request may carry.
const (
	MaxBody  = 256 << 10
	MaxTicks = 1000
)

// Server is the progress service, an http.Handler.
type Server struct {
	store       store.Store
	site        *url.URL
	origin      string
	proxyHeader string
	trusted     []netip.Prefix
	now         func() time.Time
	log         *log.Logger
	manifests   *manifests
	perCaller   *limiter
	perIP       *limiter
	// failures counts, per client IP, requests refused 401 (unknown,
	// revoked or missing credentials), so that guessing tokens is slow.
	failures *limiter
}

// New returns a Server with the options, or an error naming a missing or
// malformed one.
func New(o Options) (*Server, error) {
	if o.Store == nil {
		return nil, errors.New("progress service: no store")
	}
	site, err := SiteURL(o.Site)
	if err != nil {
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rate <= 0 {
		o.Rate = 20
	}
	if o.Burst <= 0 {
		o.Burst = max(100, int(o.Rate))
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	if o.Manifest == "" {
		o.Manifest = site.String() + checklists.FileName
	}
	if o.ProxyHeader != "" && len(o.TrustedProxies) == 0 {
		return nil, errors.New("progress service: a proxy header needs the trusted proxy addresses it comes from")
	}
	return &Server{
		store:       o.Store,
		site:        site,
		origin:      site.Scheme + "://" + site.Host,
		proxyHeader: http.CanonicalHeaderKey(o.ProxyHeader),
		trusted:     o.TrustedProxies,
		now:         o.Now,
		log:         o.Log,
		manifests:   &manifests{source: o.Manifest, fetch: manifestFetcher(o.Manifest, o.Client), now: o.Now, log: o.Log},
		perCaller:   newLimiter(o.Rate, o.Burst, o.Now),
		perIP:       newLimiter(1, 10, o.Now),
		failures:    newLimiter(10, 50, o.Now),
	}, nil
}

// LoadManifest reads the site's checklist manifest now, rather than at the
// first request that needs it, and returns why it cannot be read. A
// failure is not final: requests try again, at most every few seconds.
func (s *Server) LoadManifest(ctx context.Context) error {
	_, err := s.manifests.get(ctx)
	return err
}

// SiteURL parses a site's base URL: absolute http or https, without query
// or fragment; "/" is added to its path if missing.
func SiteURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("site URL %q: want an absolute http(s) URL such as https://playbook.example.com/", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u, nil
}

// route is one endpoint: its handler per method, and whether the caller
// must be signed in.
type route struct {
	methods map[string]handler
	public  bool
}

// handler answers one request of a signed-in caller (me is zero for a
// public route).
type handler func(w http.ResponseWriter, r *http.Request, me caller) error

// caller is who made a request and the token they presented, if any.
type caller struct {
	store.Person
	token string
}

func (s *Server) routes(path string) (route, bool) {
	if strings.HasPrefix(path, "/api/people/") {
		return route{methods: map[string]handler{http.MethodGet: s.getPerson}}, true
	}
	switch path {
	case "/api/health":
		return route{public: true, methods: map[string]handler{http.MethodGet: s.health}}, true
	case "/api/session":
		// POST is public; DELETE checks its own token.
		return route{public: true, methods: map[string]handler{http.MethodPost: s.createSession, http.MethodDelete: s.deleteSession}}, true
	case "/api/signin":
		return route{public: true, methods: map[string]handler{http.MethodGet: s.signin}}, true
	case "/api/me":
		return route{methods: map[string]handler{http.MethodGet: s.me}}, true
	case "/api/ticks":
		return route{methods: map[string]handler{http.MethodGet: s.getTicks, http.MethodPost: s.postTicks}}, true
	case "/api/team":
		return route{methods: map[string]handler{http.MethodGet: s.team}}, true
	case "/api/team.csv":
		return route{methods: map[string]handler{http.MethodGet: s.teamCSV}}, true
	case "/api/signoffs":
		return route{methods: map[string]handler{http.MethodPost: s.postSignOff, http.MethodDelete: s.deleteSignOff}}, true
	}
	return route{}, false
}

// ServeHTTP answers one API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if origin := r.Header.Get("Origin"); origin != "" {
		if origin != s.origin {
			s.fail(w, r, &apiError{http.StatusForbidden, fmt.Sprintf("origin %s may not use this service; only %s may", origin, s.origin)})
			return
		}
		h.Set("Access-Control-Allow-Origin", s.origin)
		h.Add("Vary", "Origin")
		if s.proxyHeader != "" {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
	}
	rt, ok := s.routes(r.URL.Path)
	if !ok {
		s.fail(w, r, &apiError{http.StatusNotFound, "no such endpoint: " + r.URL.Path})
		return
	}
	allow := make([]string, 0, len(rt.methods)+1)
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if rt.methods[m] != nil {
			allow = append(allow, m)
		}
	}
	if r.Method == http.MethodOptions {
		h.Set("Allow", strings.Join(append(allow, http.MethodOptions), ", "))
		if r.Header.Get("Origin") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	serve := rt.methods[r.Method]
	if serve == nil {
		h.Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, &apiError{http.StatusMethodNotAllowed, fmt.Sprintf("%s does not answer %s; it answers %s", r.URL.Path, r.Method, strings.Join(allow, ", "))})
		return
	}
	var me caller
	if !rt.public || r.Method == http.MethodDelete && r.URL.Path == "/api/session" {
		if s.throttled(w, r) {
			return
		}
	}
	if !rt.public {
		var err error
		if me, err = s.authenticate(r); err != nil {
			s.failAuth(w, r, err)
			return
		}
		key := "person " + me.Email
		if me.token != "" {
			id, _, _ := strings.Cut(me.token, ".")
			key = "token " + id
		}
		if ok, wait := s.perCaller.allow(key); !ok {
			s.tooMany(w, r, wait)
			return
		}
	}
	if err := serve(w, r, me); err != nil {
		s.failAuth(w, r, err) // DELETE /api/session checks its own token
	}
}

// apiError is an error the caller sees, with its status.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &apiError{status, fmt.Sprintf(format, args...)}
}

// fail answers with err's status and message, or 500 for an error that is
// not an apiError, logged and not shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Printf("progress: %s %s: %v", r.Method, r.URL.Path, err)
		ae = &apiError{http.StatusInternalServerError, "internal error; the service's log has the details"}
	}
	if ae.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	writeJSON(w, ae.status, map[string]string{"error": ae.msg})
}

// failAuth answers a request whose credentials failed. A 401 counts
// against the client IP's failures; an IP out of them gets 429 instead,
// until its bucket refills, whatever its credentials.
func (s *Server) failAuth(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusUnauthorized {
		if ok, wait := s.failures.allow(s.clientIP(r)); !ok {
			s.tooMany(w, r, wait)
			return
		}
	}
	s.fail(w, r, err)
}

// throttled answers 429 and returns true when the client IP has spent its
// failed authentications: checked before any credentials are, so that a
// guess gets no answer, right or wrong.
func (s *Server) throttled(w http.ResponseWriter, r *http.Request) bool {
	if ok, wait := s.failures.peek(s.clientIP(r)); !ok {
		s.tooMany(w, r, wait)
		return true
	}
	return false
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(max(1, (wait+time.Second-1)/time.Second))))
	s.fail(w, r, errorf(http.StatusTooManyRequests, "too many requests; try again in a moment"))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// authenticate finds the caller: by bearer token, or, with a proxy
// header configured, by the header when the peer is a trusted proxy.
func (s *Server) authenticate(r *http.Request) (caller, error) {
	ctx := r.Context()
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return caller{}, errorf(http.StatusUnauthorized, "the Authorization header must be \"Bearer TOKEN\"")
		}
		p, err := s.store.LookupToken(ctx, strings.TrimSpace(token))
		if errors.Is(err, store.ErrNotFound) {
			return caller{}, errorf(http.StatusUnauthorized, "unknown or revoked token; sign in again")
		}
		if err != nil {
			return caller{}, err
		}
		return caller{Person: p, token: strings.TrimSpace(token)}, nil
	}
	if s.proxyHeader != "" && s.fromTrustedProxy(r) {
		values := r.Header.Values(s.proxyHeader)
		if len(values) > 1 || len(values) == 1 && strings.Contains(values[0], ",") {
			// Which copy is the proxy's? A client may have sent one that
			// the proxy passed on: believe none.
			return caller{}, errorf(http.StatusUnauthorized, "the %s header must come once, with one email; check that the proxy replaces the client's", s.proxyHeader)
		}
		if email := strings.TrimSpace(r.Header.Get(s.proxyHeader)); email != "" {
			if err := store.CheckEmail(email); err != nil {
				return caller{}, errorf(http.StatusUnauthorized, "the %s header does not hold a plain email address", s.proxyHeader)
			}
			p, err := s.store.Person(ctx, email)
			if errors.Is(err, store.ErrNotFound) {
				return caller{}, errorf(http.StatusForbidden, "%s is not on any team; ask an admin to add you", email)
			}
			if err != nil {
				return caller{}, err
			}
			return caller{Person: p}, nil
		}
	}
	return caller{}, errorf(http.StatusUnauthorized, "not signed in")
}

// peer returns the address of the TCP peer.
func peer(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}

func (s *Server) fromTrustedProxy(r *http.Request) bool {
	a, ok := peer(r)
	if !ok {
		return false
	}
	for _, p := range s.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the address to rate-limit sign-ins by: the peer, or behind
// a trusted proxy the last address it added to X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) string {
	a, ok := peer(r)
	if !ok {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		return host
	}
	if s.fromTrustedProxy(r) {
		if fwd := r.Header.Values("X-Forwarded-For"); len(fwd) > 0 {
			parts := strings.Split(fwd[len(fwd)-1], ",")
			if c, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return c.Unmap().String()
			}
		}
	}
	return a.String()
}

// decode reads a JSON request body of at most MaxBody bytes into v.
// Unknown fields are ignored; a value of the wrong type is an error naming
// its field.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errorf(http.StatusUnsupportedMediaType, "the request body must be application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	err = dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			err = errors.New("more than one JSON value")
		}
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return errorf(http.StatusRequestEntityTooLarge, "the request body is larger than %d bytes", MaxBody)
	case errors.As(err, &typeErr):
		return jsonTypeError("", typeErr)
	case errors.Is(err, io.EOF):
		return errorf(http.StatusBadRequest, "bad JSON: the request body is empty")
	}
	return errorf(http.StatusBadRequest, "bad JSON: %v", err)
}

// jsonTypeError is a 400 for a JSON value of the wrong type: its field,
// under prefix (such as "ticks[3]"), or the body itself.
func jsonTypeError(prefix string, e *json.UnmarshalTypeError) error {
	field := e.Field
	switch {
	case prefix != "" && field != "":
		field = prefix + "." + field
	case prefix != "":
		field = prefix
	case field == "":
		field = "the body"
	}
	return errorf(http.StatusBadRequest, "bad JSON: %s must be %s, not %s", field, typeName(e.Type.Kind().String()), e.Value)
}

func typeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"):
		return "an integer"
	case kind == "bool":
		return "true or false"
	case kind == "string":
		return "a string"
	case kind == "slice":
		return "an array"
	case kind == "struct", kind == "map":
		return "an object"
	}
	return kind
}

// visible reports whether me may see email's progress: their own, their
// reports' (directly or not) for a manager, anyone's for an admin.
func (s *Server) visible(ctx context.Context, me caller, email string) (bool, error) {
	switch {
	case strings.EqualFold(strings.TrimSpace(email), me.Email):
		return true, nil
	case me.Role == store.RoleAdmin:
		return true, nil
	case me.Role == store.RoleManager:
		return s.store.ReportsTo(ctx, email, me.Email)
	}
	return false, nil
}

// person returns someone me may see, or 404 whether they do not exist or
// may not be seen, so as not to tell which.
func (s *Server) person(ctx context.Context, me caller, email string) (store.Person, error) {
	notFound := errorf(http.StatusNotFound, "no person %s that you may see", email)
	if ok, err := s.visible(ctx, me, email); err != nil || !ok {
		return store.Person{}, cmpErr(err, notFound)
	}
	p, err := s.store.Person(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return store.Person{}, notFound
	}
	return p, err
}

// cmpErr returns err, or fallback when err is nil.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
