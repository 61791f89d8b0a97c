package service

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

func TestCORSAllowsOnlyTheSiteOrigin(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/p.db")
	w := f.do(req{method: "GET", path: "/api/me", as: "ana", header: map[string]string{"Origin": "https://playbook.example.com"}})
	if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != "https://playbook.example.com" || w.Header().Get("Vary") != "Origin" {
		t.Errorf("site origin: %d, Allow-Origin %q, Vary %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get("Vary"))
	}
	for _, origin := range []string{"https://evil.example.com", "http://playbook.example.com", "https://playbook.example.com:8443", "null"} {
		w := f.do(req{method: "GET", path: "/api/me", as: "ana", header: map[string]string{"Origin": origin}})
		if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("origin %s: %d, Allow-Origin %q; want 403 and none", origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
	}
	// Without an Origin (curl, the CLI): no CORS headers.
	w = f.do(req{method: "GET", path: "/api/me", as: "ana"})
	if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no origin: %d, Allow-Origin %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	// Preflight, without credentials as browsers send it.
	w = f.do(req{method: "OPTIONS", path: "/api/ticks", header: map[string]string{
		"Origin": "https://playbook.example.com", "Access-Control-Request-Method": "POST",
		"Access-Control-Request-Headers": "authorization, content-type"}})
	want := map[string]string{
		"Access-Control-Allow-Origin":  "https://playbook.example.com",
		"Access-Control-Allow-Methods": "GET, POST, DELETE",
		"Access-Control-Allow-Headers": "Authorization, Content-Type",
		"Access-Control-Max-Age":       "600",
	}
	if w.Code != http.StatusNoContent {
		t.Errorf("preflight: %d, want 204", w.Code)
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("preflight %s = %q, want %q", k, got, v)
		}
	}
	w = f.do(req{method: "OPTIONS", path: "/api/ticks", header: map[string]string{"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"}})
	if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("preflight from another origin: %d, Allow-Methods %q", w.Code, w.Header().Get("Access-Control-Allow-Methods"))
	}
}

func TestRequestsAreCappedAndValidated(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/p.db")
	tick := `{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1764500000000}`
	big := `{"ticks":[` + strings.Repeat(tick+",", 4000) + tick + `]}`
	many := `{"ticks":[` + strings.Repeat(tick+",", 1000) + tick + `]}` // 1001 ticks, under the byte cap
	if len(many) > MaxBody {
		t.Fatalf("the 1001 ticks take %d bytes, over the cap", len(many))
	}
	for _, c := range []struct {
		name, method, path, body, contentType string
		code                                  int
		msg                                   string
	}{
		{"over 256 KiB", "POST", "/api/ticks", big, "", 413, "larger than 262144 bytes"},
		{"over 1000 ticks", "POST", "/api/ticks", many, "", 400, "at most 1000"},
		{"not JSON", "POST", "/api/ticks", `{"ticks":[`, "", 400, "bad JSON"},
		{"two values", "POST", "/api/ticks", `{"ticks":[]} {}`, "", 400, "more than one JSON value"},
		{"empty body", "POST", "/api/signoffs", "", "", 415, "application/json"},
		{"text/plain", "POST", "/api/ticks", `{"ticks":[]}`, "text/plain", 415, "application/json"},
		{"done as a string", "POST", "/api/ticks", `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":"yes","at":1}]}`, "", 400, "bad JSON: ticks[0].done must be true or false, not string"},
		{"at as a fraction", "POST", "/api/ticks", `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1.5}]}`, "", 400, "bad JSON: ticks[0].at must be an integer, not number 1.5"},
		{"ticks as an object", "POST", "/api/ticks", `{"ticks":{}}`, "", 400, "bad JSON: ticks must be an array, not object"},
		{"a tick as a number", "POST", "/api/ticks", `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1},5]}`, "", 400, "bad JSON: ticks[1] must be an object, not number"},
		{"the body as an array", "POST", "/api/ticks", `[]`, "", 400, `bad JSON: the body must be an object, not array"`},
		{"no ticks", "POST", "/api/ticks", `{}`, "", 400, "ticks is required"},
		{"at zero", "POST", "/api/ticks", `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":0}]}`, "", 400, "ticks[0].at"},
		{"no done", "POST", "/api/ticks", `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","at":5}]}`, "", 400, "ticks[0].done is required"},
		{"wrong method", "PUT", "/api/ticks", `{}`, "", 405, "it answers GET, POST"},
		{"no such endpoint", "GET", "/api/nothing", "", "", 404, "no such endpoint"},
	} {
		r := req{method: c.method, path: c.path, as: "ana", body: c.body, contentType: c.contentType}
		w := f.do(r)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.msg) {
			t.Errorf("%s: %d %s, want %d mentioning %q", c.name, w.Code, w.Body, c.code, c.msg)
		}
	}
	if ticks, _ := f.st.Ticks(context.Background(), "ana@example.com"); len(ticks) != 0 {
		t.Errorf("rejected requests stored ticks: %+v", ticks)
	}
	// Unknown fields are ignored.
	w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: `{"client":"v2","ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":5,"device":"phone"}]}`})
	if w.Code != 200 {
		t.Errorf("unknown fields: %d %s, want 200", w.Code, w.Body)
	}
}

func TestTicksOfUnknownItemsAreRejectedAndTheOthersStored(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		good := `{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":1764500000000}`
		w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: `{"ticks":[` + strings.Join([]string{
			`{"page":"/onboarding/09-none/","item":"task-a1","done":true,"at":1}`,
			good,
			`{"page":"/onboarding/01-basics/","item":"task-zz","done":false,"at":2}`,
			`{"page":"/onboarding/02-calls/","item":"task-c1","done":true,"at":3}`,
		}, ",") + `]}`})
		var got struct {
			Changed  int            `json:"changed"`
			Rejected []rejectedJSON `json:"rejected"`
			Ticks    []tickJSON     `json:"ticks"`
		}
		decodeBody(t, w, &got)
		wantRejected := []rejectedJSON{
			{Page: "/onboarding/09-none/", Item: "task-a1", Error: `"/onboarding/09-none/" is not a page with checklist items in ` + f.manifest},
			{Page: "/onboarding/01-basics/", Item: "task-zz", Error: `page /onboarding/01-basics/ has no checklist item "task-zz" in ` + f.manifest},
			{Page: "/onboarding/02-calls/", Item: "task-c1", Error: `page /onboarding/02-calls/ has no checklist item "task-c1" in ` + f.manifest},
		}
		wantTicks := []tickJSON{{Page: "/onboarding/01-basics/", Item: "task-a1", Done: true, At: 1764500000000}}
		if w.Code != 200 || got.Changed != 1 || !reflect.DeepEqual(got.Rejected, wantRejected) || !reflect.DeepEqual(got.Ticks, wantTicks) {
			t.Errorf("a batch with unknown items: %d %s\nwant 200 changed 1, rejected %+v, ticks %+v", w.Code, w.Body, wantRejected, wantTicks)
		}
		if stored, _ := f.st.Ticks(context.Background(), "ana@example.com"); len(stored) != 1 {
			t.Errorf("stored %+v, want the one known tick", stored)
		}

		// A tick from the future is clamped to now; the answer is the
		// caller's whole merged list, and rejects nothing.
		future := f.clock.now().Add(time.Hour).UnixMilli()
		w = f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: fmt.Sprintf(`{"ticks":[%s,{"page":"/onboarding/02-calls/script/","item":"task-c1","done":true,"at":%d}]}`, good, future)})
		want := []tickJSON{
			{Page: "/onboarding/01-basics/", Item: "task-a1", Done: true, At: 1764500000000},
			{Page: "/onboarding/02-calls/script/", Item: "task-c1", Done: true, At: f.clock.now().UnixMilli()},
		}
		got.Rejected = nil
		decodeBody(t, w, &got)
		if w.Code != 200 || got.Changed != 1 || !reflect.DeepEqual(got.Ticks, want) || got.Rejected == nil || len(got.Rejected) != 0 {
			t.Errorf("ticks: %d %s, want 200 changed=1 rejected [] ticks %+v", w.Code, w.Body, want)
		}

		// A page published after the service loaded the manifest: rejected
		// until 5 seconds have passed since the last load, then accepted.
		m := testManifest()
		m.Pages["/onboarding/03-new/"] = &checklists.Page{Title: "New", Items: []checklists.Item{{ID: "task-n1", Text: "New"}}}
		writeManifest(t, f.manifest, m)
		newTick := `{"ticks":[{"page":"/onboarding/03-new/","item":"task-n1","done":true,"at":5}]}`
		f.clock.advance(4 * time.Second)
		if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newTick}); w.Code != 200 || !strings.Contains(w.Body.String(), `"changed":0,"rejected":[{"page":"/onboarding/03-new/"`) {
			t.Errorf("new page within 5 s of loading: %d %s, want it rejected", w.Code, w.Body)
		}
		f.clock.advance(time.Second)
		if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: newTick}); w.Code != 200 || !strings.Contains(w.Body.String(), `"changed":1,"rejected":[]`) {
			t.Errorf("new page 5 s after loading: %d %s, want it stored", w.Code, w.Body)
		}
	})
}

func TestAManifestThatCannotBeReadIs503AndRetriedAfterFiveSeconds(t *testing.T) {
	missing := t.TempDir() + "/checklists.json"
	f := newFixture(t, t.TempDir()+"/p.db", func(o *Options) { o.Manifest = missing })
	if err := f.srv.LoadManifest(context.Background()); err == nil || !strings.Contains(err.Error(), "checklists.json") {
		t.Errorf("LoadManifest of a missing file: %v", err)
	}
	tick := `{"ticks":[{"page":"/onboarding/01-basics/","item":"task-a1","done":true,"at":5}]}`
	if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: tick}); w.Code != http.StatusServiceUnavailable {
		t.Errorf("no manifest: %d %s, want 503", w.Code, w.Body)
	}
	writeManifest(t, missing, testManifest())
	f.clock.advance(4 * time.Second)
	if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: tick}); w.Code != http.StatusServiceUnavailable {
		t.Errorf("4 s after a failed load: %d %s, want 503 (not tried again yet)", w.Code, w.Body)
	}
	f.clock.advance(time.Second)
	if w := f.do(req{method: "POST", path: "/api/ticks", as: "ana", body: tick}); w.Code != 200 {
		t.Errorf("5 s after a failed load, the file now there: %d %s, want 200", w.Code, w.Body)
	}
	if err := f.srv.LoadManifest(context.Background()); err != nil {
		t.Errorf("LoadManifest once loaded: %v", err)
	}
}

func TestFailedAuthenticationsAreRateLimitedPerIP(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/p.db")
	bad := req{method: "GET", path: "/api/me", token: "AAAA.guess"}
	for i := range 50 {
		if w := f.do(bad); w.Code != 401 {
			t.Fatalf("guess %d: %d, want 401", i+1, w.Code)
		}
	}
	for _, r := range []req{bad, {method: "GET", path: "/api/me", as: "ana"}, {method: "DELETE", path: "/api/session", token: "AAAA.guess"}} {
		if w := f.do(r); w.Code != 429 || w.Header().Get("Retry-After") != "1" {
			t.Errorf("%s %s after 50 failures from the address: %d, Retry-After %q; want 429, 1", r.method, r.path, w.Code, w.Header().Get("Retry-After"))
		}
	}
	if w := f.do(req{method: "GET", path: "/api/me", as: "ana", remote: "198.51.100.7:1"}); w.Code != 200 {
		t.Errorf("another address: %d, want 200", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/api/health"}); w.Code != 200 {
		t.Errorf("health while limited: %d, want 200", w.Code)
	}
	// 10 a second refill: one more guess after a tenth of a second.
	f.clock.advance(100 * time.Millisecond)
	if w := f.do(bad); w.Code != 401 {
		t.Errorf("a guess after refilling: %d, want 401", w.Code)
	}
	if w := f.do(bad); w.Code != 429 {
		t.Errorf("a guess after spending the refill: %d, want 429", w.Code)
	}
	// Signing out with a bad token counts too.
	f.clock.advance(10 * time.Second)
	for i := range 50 {
		if w := f.do(req{method: "DELETE", path: "/api/session", token: "AAAA.guess"}); w.Code != 401 {
			t.Fatalf("sign-out guess %d: %d, want 401", i+1, w.Code)
		}
	}
	if w := f.do(bad); w.Code != 429 {
		t.Errorf("after 50 bad sign-outs: %d, want 429", w.Code)
	}
}

func TestRateLimits(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/p.db", func(o *Options) { o.Rate, o.Burst = 2, 5 })
	for i := range 5 {
		if w := f.do(req{method: "GET", path: "/api/me", as: "ana"}); w.Code != 200 {
			t.Fatalf("request %d of the burst: %d", i+1, w.Code)
		}
	}
	w := f.do(req{method: "GET", path: "/api/me", as: "ana"})
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Errorf("past the burst: %d, Retry-After %q; want 429, 1", w.Code, w.Header().Get("Retry-After"))
	}
	// Another person's token has its own bucket.
	if w := f.do(req{method: "GET", path: "/api/me", as: "zoe"}); w.Code != 200 {
		t.Errorf("zoe while ana is limited: %d", w.Code)
	}
	// Half a second refills one request at 2 a second.
	f.clock.advance(500 * time.Millisecond)
	if w := f.do(req{method: "GET", path: "/api/me", as: "ana"}); w.Code != 200 {
		t.Errorf("after refilling: %d", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/api/me", as: "ana"}); w.Code != 429 {
		t.Errorf("after spending the refill: %d", w.Code)
	}

	// Session creation: 10 at once per client IP, then one a second.
	for i := range 10 {
		if w := f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"x.y"}`}); w.Code != 404 {
			t.Fatalf("sign-in attempt %d: %d", i+1, w.Code)
		}
	}
	if w := f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"x.y"}`}); w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("11th sign-in attempt: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	if w := f.do(req{method: "POST", path: "/api/session", remote: "198.51.100.7:1", body: `{"invitation":"x.y"}`}); w.Code != 404 {
		t.Errorf("sign-in from another address: %d, want 404", w.Code)
	}
	f.clock.advance(time.Second)
	if w := f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"x.y"}`}); w.Code != 404 {
		t.Errorf("sign-in a second later: %d, want 404", w.Code)
	}
}

func TestInvitationIsExchangedOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		ctx := context.Background()
		code, err := f.st.Invite(ctx, "cli", "ana@example.com", f.clock.now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		w := f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"` + code + `"}`})
		var got struct {
			Token  string     `json:"token"`
			Person personJSON `json:"person"`
		}
		decodeBody(t, w, &got)
		wantPerson := personJSON{Email: "ana@example.com", Name: "Ana Ruiz", Role: "member", Manager: "maria@example.com", Start: "2026-12-01"}
		if w.Code != 200 || got.Token == "" || got.Person != wantPerson {
			t.Fatalf("exchange: %d %+v, want 200 with a token and %+v", w.Code, got, wantPerson)
		}
		if w := f.do(req{method: "GET", path: "/api/me", token: got.Token}); w.Code != 200 {
			t.Errorf("the new token: %d", w.Code)
		}
		w = f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"` + code + `"}`})
		if w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "already used") {
			t.Errorf("second exchange: %d %s, want 410 already used", w.Code, w.Body)
		}
		expiring, err := f.st.Invite(ctx, "cli", "zoe@example.com", f.clock.now().Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		f.clock.advance(2 * time.Minute)
		w = f.do(req{method: "POST", path: "/api/session", body: `{"invitation":"` + expiring + `"}`})
		if w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "expired") {
			t.Errorf("expired invitation: %d %s, want 410 expired", w.Code, w.Body)
		}
		for _, bad := range []string{`{"invitation":"nope.nope"}`, `{"invitation":"` + code[:len(code)-2] + `xx"}`} {
			if w := f.do(req{method: "POST", path: "/api/session", body: bad}); w.Code != 404 {
				t.Errorf("exchange %s: %d, want 404", bad, w.Code)
			}
		}
	})
}

func TestSignOffRules(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		ctx := context.Background()
		for _, c := range []struct {
			as, body string
			code     int
			msg      string
		}{
			{"maria", `{"email":"ana@example.com","module":"/onboarding/09-none/"}`, 400, "not a curriculum module"},
			{"maria", `{"email":"ana@example.com","module":"/onboarding/02-calls/script/"}`, 400, "not a curriculum module"},
			{"maria", `{"email":"maria@example.com","module":"/onboarding/02-calls/"}`, 400, "you cannot sign yourself off"},
			{"cleo", `{"email":"cleo@example.com","module":"/onboarding/02-calls/"}`, 400, "you cannot sign yourself off"},
			{"maria", `{"module":"/onboarding/02-calls/"}`, 400, "email is required"},
			{"cy", `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`, 403, "only a manager or an admin"},
			{"maria", `{"email":"ana@example.com","module":"/onboarding/01-basics/"}`, 400,
				"module /onboarding/01-basics/ does not ask for a sign-off (signoff = true in its front matter)"},
			{"cleo", `{"email":"ana@example.com","module":"/onboarding/01-basics/"}`, 400, "does not ask for a sign-off"},
			{"maria", `{"email":"cy@example.com","module":"/onboarding/02-calls/"}`, 200, ""}, // through ben
		} {
			w := f.do(req{method: "POST", path: "/api/signoffs", as: c.as, body: c.body})
			if w.Code != c.code || !strings.Contains(w.Body.String(), c.msg) {
				t.Errorf("%s signs %s: %d %s, want %d %q", c.as, c.body, w.Code, w.Body, c.code, c.msg)
			}
		}
		w := f.do(req{method: "POST", path: "/api/signoffs", as: "maria", body: `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`})
		var got signOffJSON
		decodeBody(t, w, &got)
		want := signOffJSON{Module: "/onboarding/02-calls/", Signer: "maria@example.com", SignerName: "Maria Lopez", At: f.clock.now().UnixMilli()}
		if w.Code != 200 || got != want {
			t.Errorf("sign-off: %d %+v, want %+v", w.Code, got, want)
		}
		w = f.do(req{method: "GET", path: "/api/people/ana%40example.com", as: "ana"})
		var entry entryJSON
		decodeBody(t, w, &entry)
		if !reflect.DeepEqual(entry.SignOffs, []signOffJSON{want}) {
			t.Errorf("ana's sign-offs = %+v, want %+v", entry.SignOffs, want)
		}
		// Signing off again is refused and keeps the first sign-off.
		f.clock.advance(time.Hour)
		w = f.do(req{method: "POST", path: "/api/signoffs", as: "cleo", body: `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`})
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "already signed off by Maria Lopez on 2026-12-07; undo it first") {
			t.Errorf("second sign-off: %d %s, want 409 naming Maria Lopez", w.Code, w.Body)
		}
		if offs, _ := f.st.SignOffs(ctx, "ana@example.com"); len(offs) != 1 || offs[0].Signer != "maria@example.com" {
			t.Errorf("after a refused second sign-off: %+v", offs)
		}
		if w := f.do(req{method: "DELETE", path: "/api/signoffs", as: "ana", body: `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`}); w.Code != 400 || !strings.Contains(w.Body.String(), `"you cannot undo your own sign-off"`) {
			t.Errorf("ana undoes her own sign-off: %d %s, want 400 you cannot undo your own sign-off", w.Code, w.Body)
		}
		if w := f.do(req{method: "DELETE", path: "/api/signoffs", as: "cleo", body: `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`}); w.Code != 204 {
			t.Errorf("withdraw: %d %s", w.Code, w.Body)
		}
		if w := f.do(req{method: "DELETE", path: "/api/signoffs", as: "cleo", body: `{"email":"ana@example.com","module":"/onboarding/02-calls/"}`}); w.Code != 404 {
			t.Errorf("withdraw again: %d %s, want 404", w.Code, w.Body)
		}
		// A sign-off recorded while 01-basics still asked for one can be
		// undone after it stopped asking.
		if err := f.st.SignOff(ctx, store.SignOff{Email: "ana@example.com", Module: "/onboarding/01-basics/", Signer: "maria@example.com", At: f.clock.now()}); err != nil {
			t.Fatal(err)
		}
		if w := f.do(req{method: "DELETE", path: "/api/signoffs", as: "maria", body: `{"email":"ana@example.com","module":"/onboarding/01-basics/"}`}); w.Code != 204 {
			t.Errorf("withdraw a sign-off of a module that no longer asks for one: %d %s, want 204", w.Code, w.Body)
		}
		entries, err := f.st.Audit(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var audit []string
		for _, e := range entries {
			if e.Action == store.ActionSignOff || e.Action == store.ActionUnsign {
				audit = append(audit, fmt.Sprintf("%s %s %s %s", e.Actor, e.Action, e.Subject, e.Detail))
			}
		}
		wantAudit := []string{
			"maria@example.com signoff cy@example.com module /onboarding/02-calls/",
			"maria@example.com signoff ana@example.com module /onboarding/02-calls/",
			"cleo@example.com unsign ana@example.com module /onboarding/02-calls/",
			"maria@example.com signoff ana@example.com module /onboarding/01-basics/",
			"maria@example.com unsign ana@example.com module /onboarding/01-basics/",
		}
		if !reflect.DeepEqual(audit, wantAudit) {
			t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(audit, "\n"), strings.Join(wantAudit, "\n"))
		}
	})
}

func TestTeamViewAndCSV(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		ctx := context.Background()
		at := time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC)
		if _, err := f.st.PutTicks(ctx, []store.Tick{
			{Email: "ana@example.com", Page: "/onboarding/01-basics/", Item: "task-a1", Done: true, TickedAt: at},
			{Email: "ana@example.com", Page: "/onboarding/01-basics/", Item: "task-a2", Done: false, TickedAt: at.Add(-time.Hour)},
			{Email: "ana@example.com", Page: "/onboarding/02-calls/script/", Item: "task-c2", Done: true, TickedAt: at.Add(-time.Minute)},
			{Email: "cy@example.com", Page: "/onboarding/01-basics/", Item: "task-a1", Done: true, TickedAt: at},
		}); err != nil {
			t.Fatal(err)
		}
		if err := f.st.SignOff(ctx, store.SignOff{Email: "ana@example.com", Module: "/onboarding/02-calls/", Signer: "maria@example.com", At: at}); err != nil {
			t.Fatal(err)
		}
		// A name that a spreadsheet would run as a formula.
		if err := f.st.PutPerson(ctx, "setup", store.Person{Email: "ben@example.com", Role: store.RoleManager, Manager: "maria@example.com", Name: `=HYPERLINK("http://x","y")`}); err != nil {
			t.Fatal(err)
		}

		w := f.do(req{method: "GET", path: "/api/team", as: "maria"})
		var team struct {
			People []entryJSON `json:"people"`
		}
		decodeBody(t, w, &team)
		if len(team.People) != 4 {
			t.Fatalf("maria's team has %d people, want 4", len(team.People))
		}
		ana := team.People[0]
		if ana.Person.Email != "ana@example.com" || ana.Last == nil || *ana.Last != at.UnixMilli() || len(ana.Ticks) != 3 || len(ana.SignOffs) != 1 {
			t.Errorf("ana's entry = %+v", ana)
		}
		if m := team.People[3]; m.Person.Email != "maria@example.com" || m.Last != nil || m.Ticks == nil {
			t.Errorf("maria's entry = %+v, want no last activity and an empty tick list", m)
		}
		if !strings.Contains(w.Body.String(), `"last":null`) || !strings.Contains(w.Body.String(), `"ticks":[]`) {
			t.Errorf("team JSON writes no activity as %s, want last null and ticks []", w.Body)
		}

		w = f.do(req{method: "GET", path: "/api/team.csv", as: "maria"})
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
			w.Header().Get("Content-Disposition") != `attachment; filename="team-progress.csv"` {
			t.Fatalf("team.csv: %d %v", w.Code, w.Header())
		}
		rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// Today is 2026-12-07. Module 1 (2 h at 4 h a day) is due one
		// working day after the start, module 2 (2 + 4 h) two: for ana,
		// who started 2026-12-01, both are overdue; managers have none.
		want := [][]string{
			{"email", "name", "manager", "role", "start", "last activity", "progress", "overdue modules",
				"Onboarding / 1. Basics", "Onboarding / 1. Basics signed off",
				"Onboarding / 2. =Calls", "Onboarding / 2. =Calls signed off"},
			// task-a2 is ticked in the Markdown but unticked by ana: 1/2.
			{"ana@example.com", "Ana Ruiz", "maria@example.com", "member", "2026-12-01", "2026-12-03T14:30:00Z", "40%", "2", "1/2", "", "1/3", "Maria Lopez 2026-12-03"},
			{"ben@example.com", `'=HYPERLINK("http://x","y")`, "maria@example.com", "manager", "2026-12-07", "", "20%", "", "1/2", "", "0/3", ""},
			// cy never touched task-a2, ticked in the Markdown: 2/2.
			{"cy@example.com", "'-Cy", "ben@example.com", "member", "2026-12-07", "2026-12-03T14:30:00Z", "40%", "0", "2/2", "", "0/3", ""},
			{"maria@example.com", "Maria Lopez", "", "manager", "2026-12-07", "", "20%", "", "1/2", "", "0/3", ""},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("team.csv:\n%q\nwant:\n%q", rows, want)
		}
		// A member's CSV has their row only.
		w = f.do(req{method: "GET", path: "/api/team.csv", as: "zoe"})
		if rows, _ := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll(); len(rows) != 2 || rows[1][0] != "zoe@example.com" {
			t.Errorf("zoe's team.csv = %q", rows)
		}
	})
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1",
		"ana": "ana", "": "", "1/2": "1/2", "a=b": "a=b",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDueDateCountsWorkingDays(t *testing.T) {
	friday := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		seconds int64
		hours   float64
		want    string
	}{
		{0, 4, "2026-12-04"},
		{3600, 4, "2026-12-07"},      // a quarter day rounds up to Monday
		{4 * 3600, 4, "2026-12-07"},  // one day
		{5 * 3600, 4, "2026-12-08"},  // a day and a bit
		{40 * 3600, 8, "2026-12-11"}, // five days: the next Friday
		{8 * 3600, 0, "2026-12-08"},  // dailyHours unset: 4
	} {
		if got := dueDate(friday, c.seconds, c.hours); got != c.want {
			t.Errorf("dueDate(Friday, %ds, %gh) = %s, want %s", c.seconds, c.hours, got, c.want)
		}
	}
}
