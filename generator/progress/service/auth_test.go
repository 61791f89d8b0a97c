package service

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// The callers of the authorization table: by token, none, a revoked
// token, and a proxy header sent straight from an untrusted peer.
var callers = []string{"ana", "zoe", "maria", "otto", "cleo", "none", "revoked", "proxy-untrusted"}

// authRequest turns a caller of the table into a request.
func (f *fixture) authRequest(who string, r req) req {
	switch who {
	case "none":
	case "revoked":
		r.token = f.tokens["revoked"]
	case "proxy-untrusted":
		r.header = map[string]string{"X-Forwarded-Email": "cleo@example.com"}
	default:
		r.as = who
	}
	return r
}

func TestEveryEndpointChecksWhoMayDoIt(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		// Proxy mode, trusting only 10.0.0.0/8: the test's peer is 192.0.2.1.
		f := newFixture(t, dsn, func(o *Options) {
			o.ProxyHeader = "X-Forwarded-Email"
			o.TrustedProxies = []netip.Prefix{mustPrefix(t, "10.0.0.0/8")}
		})
		ctx := context.Background()
		// A token of ana's, revoked.
		revoked, err := f.st.CreateToken(ctx, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.RevokeToken(ctx, revoked); err != nil {
			t.Fatal(err)
		}
		f.tokens["revoked"] = revoked

		signoff := `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`
		// setSignedOff makes ana's module signed off or not.
		setSignedOff := func(signed bool) {
			err := f.st.RemoveSignOff(ctx, "setup", "ana@example.com", "/onboarding/02-calls/")
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err)
			}
			if signed {
				if err := f.st.SignOff(ctx, storeSignOff("ana@example.com", "/onboarding/02-calls/", "cleo@example.com")); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The status each caller gets, in the order of callers, for
		// requests about ana (who reports to maria).
		tests := []struct {
			name  string
			r     req
			codes [8]int
			// before runs ahead of each request (to make a sign-off to delete).
			before func()
		}{
			{"ana's ticks", req{method: "GET", path: "/api/ticks?email=ana%40example.com"},
				[8]int{200, 404, 200, 404, 200, 401, 401, 401}, nil},
			{"ana's entry", req{method: "GET", path: "/api/people/ana%40example.com"},
				[8]int{200, 404, 200, 404, 200, 401, 401, 401}, nil},
			{"sign ana off", req{method: "POST", path: "/api/signoffs", body: signoff},
				[8]int{400, 403, 200, 404, 200, 401, 401, 401}, func() { setSignedOff(false) }},
			{"withdraw ana's sign-off", req{method: "DELETE", path: "/api/signoffs", body: signoff},
				[8]int{400, 403, 204, 404, 204, 401, 401, 401}, func() { setSignedOff(true) }},
			{"own ticks", req{method: "GET", path: "/api/ticks"},
				[8]int{200, 200, 200, 200, 200, 401, 401, 401}, nil},
			{"tick", req{method: "POST", path: "/api/ticks", body: `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1764500000000}]}`},
				[8]int{200, 200, 200, 200, 200, 401, 401, 401}, nil},
			{"me", req{method: "GET", path: "/api/me"}, [8]int{200, 200, 200, 200, 200, 401, 401, 401}, nil},
			{"team", req{method: "GET", path: "/api/team"}, [8]int{200, 200, 200, 200, 200, 401, 401, 401}, nil},
			{"team.csv", req{method: "GET", path: "/api/team.csv"}, [8]int{200, 200, 200, 200, 200, 401, 401, 401}, nil},
			{"health", req{method: "GET", path: "/api/health"}, [8]int{200, 200, 200, 200, 200, 200, 200, 200}, nil},
			{"sign out", req{method: "DELETE", path: "/api/session"}, [8]int{204, 204, 204, 204, 204, 401, 401, 401}, nil},
		}
		for _, tc := range tests {
			for i, who := range callers {
				if tc.before != nil {
					tc.before()
				}
				w := f.do(f.authRequest(who, tc.r))
				if w.Code != tc.codes[i] {
					t.Errorf("%s as %s: %d %s, want %d", tc.name, who, w.Code, w.Body, tc.codes[i])
				}
			}
		}
		// Signing out ended each token that signed out.
		for _, who := range []string{"ana", "zoe", "maria", "otto", "cleo"} {
			if w := f.do(req{method: "GET", path: "/api/me", as: who}); w.Code != http.StatusUnauthorized {
				t.Errorf("after signing out %s's token still works: %d", who, w.Code)
			}
		}
	})
}

func TestManagersSeeTheirReportsTransitively(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		team := func(who string) []string {
			w := f.do(req{method: "GET", path: "/api/team", as: who})
			if w.Code != 200 {
				t.Fatalf("team of %s: %d %s", who, w.Code, w.Body)
			}
			var got struct {
				Me     personJSON `json:"me"`
				People []struct {
					Person personJSON `json:"person"`
				} `json:"people"`
			}
			decodeBody(t, w, &got)
			if got.Me.Email != who+"@example.com" {
				t.Errorf("team of %s: me = %+v", who, got.Me)
			}
			var emails []string
			for _, e := range got.People {
				emails = append(emails, strings.TrimSuffix(e.Person.Email, "@example.com"))
			}
			return emails
		}
		for who, want := range map[string][]string{
			"ana":   {"ana"},
			"zoe":   {"zoe"},
			"maria": {"ana", "ben", "cy", "maria"},
			"ben":   {"ben", "cy"},
			"otto":  {"otto"},
			"cleo":  {"ana", "ben", "cleo", "cy", "maria", "otto", "zoe"},
		} {
			if got := team(who); !reflect.DeepEqual(got, want) {
				t.Errorf("team of %s = %v, want %v", who, got, want)
			}
		}
		for _, c := range []struct {
			who, of string
			code    int
		}{
			{"maria", "cy", 200}, // through ben
			{"ben", "cy", 200},
			{"ben", "ana", 404}, // a peer, not a report
			{"ben", "maria", 404},
			{"cy", "ben", 404}, // a member never sees their manager
			{"maria", "nobody", 404},
			{"cleo", "nobody", 404},
		} {
			w := f.do(req{method: "GET", path: "/api/people/" + c.of + "%40example.com", as: c.who})
			if w.Code != c.code {
				t.Errorf("%s reading %s: %d, want %d", c.who, c.of, w.Code, c.code)
			}
		}
		// 404 says the same whether the person exists or not.
		a := f.do(req{method: "GET", path: "/api/ticks?email=zoe%40example.com", as: "ana"}).Body.String()
		b := f.do(req{method: "GET", path: "/api/ticks?email=zed%40example.com", as: "ana"}).Body.String()
		if strings.ReplaceAll(a, "zoe", "zed") != b {
			t.Errorf("404 for an existing person %q differs from one for nobody %q", a, b)
		}
	})
}

func TestTicksAreOnlyEverTheCallers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		// An "email" field is not part of a tick: ignored, the tick is zoe's.
		w := f.do(req{method: "POST", path: "/api/ticks", as: "zoe",
			body: `{"email":"ana@example.com","ticks":[{"email":"ana@example.com","page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1764500000000}]}`})
		if w.Code != 200 {
			t.Fatalf("tick: %d %s", w.Code, w.Body)
		}
		ana, _ := f.st.Ticks(context.Background(), "ana@example.com")
		zoe, _ := f.st.Ticks(context.Background(), "zoe@example.com")
		if len(ana) != 0 || len(zoe) != 1 {
			t.Errorf("after zoe's tick naming ana: ana has %d ticks, zoe %d; want 0 and 1", len(ana), len(zoe))
		}
	})
}

func TestProxyIdentity(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, func(o *Options) {
			o.ProxyHeader = "X-Forwarded-Email"
			o.TrustedProxies = []netip.Prefix{mustPrefix(t, "10.0.0.0/8"), mustPrefix(t, "::1/128")}
		})
		for _, c := range []struct {
			remote, email string
			code          int
			me            string
		}{
			{"10.1.2.3:5555", "Maria@Example.com", 200, "maria@example.com"},
			{"[::1]:5555", "ana@example.com", 200, "ana@example.com"},
			{"[::ffff:10.0.0.1]:5555", "ana@example.com", 200, "ana@example.com"},
			{"10.1.2.3:5555", "stranger@example.com", 403, ""},
			{"192.0.2.1:5555", "maria@example.com", 401, ""}, // untrusted peer: header ignored
			{"10.1.2.3:5555", "", 401, ""},
		} {
			w := f.do(req{method: "GET", path: "/api/me", remote: c.remote, header: map[string]string{"X-Forwarded-Email": c.email}})
			if w.Code != c.code {
				t.Errorf("proxy header %q from %s: %d %s, want %d", c.email, c.remote, w.Code, w.Body, c.code)
				continue
			}
			if c.code == 403 && !strings.Contains(w.Body.String(), "not on any team") {
				t.Errorf("unknown proxy identity: %s, want \"not on any team\"", w.Body)
			}
			if c.me != "" {
				var got struct{ Person personJSON }
				decodeBody(t, w, &got)
				if got.Person.Email != c.me {
					t.Errorf("proxy header %q: me = %s, want %s", c.email, got.Person.Email, c.me)
				}
			}
		}
		// The credentials CORS header in proxy mode.
		w := f.do(req{method: "GET", path: "/api/health", header: map[string]string{"Origin": "https://playbook.example.com"}})
		if w.Header().Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("proxy mode: Access-Control-Allow-Credentials = %q, want true", w.Header().Get("Access-Control-Allow-Credentials"))
		}
		// Sign-in returns to the site, and only to the site.
		for ret, code := range map[string]int{
			"https://playbook.example.com/team/":         303,
			"https://evil.example.com/":                  400,
			"https://playbook.example.com.evil.example/": 400,
			"//evil.example.com/":                        400,
			"https://user@playbook.example.com/team/":    400,
			"javascript:alert(1)":                        400,
		} {
			w := f.do(req{method: "GET", path: "/api/signin?return=" + urlQuery(ret)})
			if w.Code != code {
				t.Errorf("signin return=%s: %d, want %d", ret, w.Code, code)
			}
			if code == 303 && w.Header().Get("Location") != ret {
				t.Errorf("signin Location = %q, want %q", w.Header().Get("Location"), ret)
			}
		}
	})
}

func TestProxyIdentityMustComeOnceAndBeAnEmail(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, func(o *Options) {
			o.ProxyHeader = "X-Forwarded-Email"
			o.TrustedProxies = []netip.Prefix{mustPrefix(t, "10.0.0.0/8")}
		})
		for _, c := range []struct {
			name   string
			values []string
			code   int
			msg    string
		}{
			{"twice", []string{"ana@example.com", "cleo@example.com"}, 401, "the X-Forwarded-Email header must come once, with one email"},
			{"twice the same", []string{"ana@example.com", "ana@example.com"}, 401, "must come once"},
			{"comma-joined", []string{"ana@example.com, cleo@example.com"}, 401, "must come once"},
			{"not an email", []string{"<svg/onload=alert(2)>@ex.com"}, 401, "the X-Forwarded-Email header does not hold a plain email address"},
			{"once", []string{"ana@example.com"}, 200, `"email":"ana@example.com"`},
		} {
			r := req{method: "GET", path: "/api/me", remote: "10.0.0.9:1"}
			for _, v := range c.values {
				r.added = append(r.added, [2]string{"X-Forwarded-Email", v})
			}
			if w := f.do(r); w.Code != c.code || !strings.Contains(w.Body.String(), c.msg) {
				t.Errorf("%s: %d %s, want %d %q", c.name, w.Code, w.Body, c.code, c.msg)
			}
		}
		// Removing someone ends their access through the proxy, where
		// revoking (which ends tokens) cannot.
		if _, err := f.st.Revoke(context.Background(), "cli", "ana@example.com"); err != nil {
			t.Fatal(err)
		}
		asAna := req{method: "GET", path: "/api/me", remote: "10.0.0.9:1", header: map[string]string{"X-Forwarded-Email": "ana@example.com"}}
		if w := f.do(asAna); w.Code != 200 {
			t.Errorf("after revoke, through the proxy: %d, want 200 (revoke ends tokens only)", w.Code)
		}
		if err := f.st.RemovePerson(context.Background(), "cli", "ana@example.com"); err != nil {
			t.Fatal(err)
		}
		if w := f.do(asAna); w.Code != 403 || !strings.Contains(w.Body.String(), "not on any team") {
			t.Errorf("after remove, through the proxy: %d %s, want 403 not on any team", w.Code, w.Body)
		}
	})
}

func TestSignInThroughAProxyIsOffInInvitationMode(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/p.db")
	w := f.do(req{method: "GET", path: "/api/signin?return=" + urlQuery(site), header: map[string]string{"X-Forwarded-Email": "cleo@example.com"}})
	if w.Code != 404 {
		t.Errorf("signin in invitation mode: %d, want 404", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/api/me", remote: "127.0.0.1:1", header: map[string]string{"X-Forwarded-Email": "cleo@example.com"}}); w.Code != 401 {
		t.Errorf("a proxy header in invitation mode: %d, want 401", w.Code)
	}
	w = f.do(req{method: "GET", path: "/api/health", header: map[string]string{"Origin": "https://playbook.example.com"}})
	if w.Header().Get("Access-Control-Allow-Credentials") != "" {
		t.Error("invitation mode allows credentials")
	}
}
