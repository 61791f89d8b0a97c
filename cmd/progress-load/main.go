// Command progress-load is the progress service's load and crash test: it
// starts `playbook progress serve` on a database, has hundreds of simulated
// people tick checklist items concurrently for a while, kills the service
// with SIGKILL in the middle and starts it again, and then checks the
// database against every tick the service acknowledged. It prints
// throughput, latency percentiles and the count of lost and duplicated
// ticks, and exits 1 when any tick was lost or duplicated.
//
// Usage:
//
//	go build -o bin/playbook ./cmd/playbook
//	go run ./cmd/progress-load -playbook bin/playbook [-db FILE|postgres://…] [-people 500] [-duration 60s] [-crash 30s]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/playbook-ssg/playbook/generator/checklists"
	"github.com/playbook-ssg/playbook/generator/progress/store"
)

// config is the command line.
type config struct {
	playbook string        // the playbook binary
	db       string        // SQLite file or postgres:// URL; empty: a file in a temporary folder
	people   int           // simulated people
	duration time.Duration // how long they tick
	crash    time.Duration // when the service is killed; 0: never
	think    time.Duration // mean pause between one person's ticks
	pages    int           // pages of the synthetic manifest
	items    int           // items per page
}

func main() {
	var c config
	flag.StringVar(&c.playbook, "playbook", "bin/playbook", "the playbook binary to run the service with")
	flag.StringVar(&c.db, "db", "", "database: a SQLite file or a postgres:// URL (default: a new SQLite file in a temporary folder)")
	flag.IntVar(&c.people, "people", 500, "simulated people ticking concurrently")
	flag.DurationVar(&c.duration, "duration", 60*time.Second, "how long they tick")
	flag.DurationVar(&c.crash, "crash", 30*time.Second, "when to kill the service with SIGKILL and restart it (0: never)")
	flag.DurationVar(&c.think, "think", time.Second, "mean pause between one person's ticks")
	flag.IntVar(&c.pages, "pages", 20, "pages of the synthetic checklist manifest")
	flag.IntVar(&c.items, "items", 10, "items per page")
	flag.Parse()
	r, err := run(context.Background(), c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "progress-load:", err)
		os.Exit(2)
	}
	r.print(os.Stdout)
	if r.lost > 0 || r.duplicated > 0 {
		os.Exit(1)
	}
}

// key names one item of one person.
type key struct{ email, page, item string }

// state is an item's state as a tick set it.
type state struct {
	done bool
	at   int64 // tick time, ms since the epoch
}

// result is what a run measured.
type result struct {
	backend    string
	people     int
	elapsed    time.Duration
	acked      int64           // ticks the service acknowledged
	retries    int64           // requests repeated after a failure
	latencies  []time.Duration // of acknowledged requests
	steady     []time.Duration // of those sent outside the crash window
	downtime   time.Duration   // from the kill until the service answered again
	crashed    bool
	lost       int // acknowledged ticks the database does not hold
	duplicated int // items held more than once
	unexpected int // items held that nobody ticked
}

func (r *result) print(w io.Writer) {
	slices.Sort(r.latencies)
	slices.Sort(r.steady)
	pctOf := func(l []time.Duration, p float64) time.Duration {
		if len(l) == 0 {
			return 0
		}
		return l[min(len(l)-1, int(p*float64(len(l))))]
	}
	pct := func(p float64) time.Duration { return pctOf(r.latencies, p) }
	fmt.Fprintf(w, "backend      %s\n", r.backend)
	fmt.Fprintf(w, "people       %d for %s\n", r.people, r.elapsed.Round(time.Second))
	fmt.Fprintf(w, "acknowledged %d ticks, %.0f ticks/s\n", r.acked, float64(r.acked)/r.elapsed.Seconds())
	fmt.Fprintf(w, "latency      p50 %s  p99 %s  max %s\n", pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(time.Millisecond))
	if r.crashed {
		fmt.Fprintf(w, "crash        SIGKILL, service back after %s, %d requests retried\n", r.downtime.Round(time.Millisecond), r.retries)
		fmt.Fprintf(w, "  outside    p50 %s  p99 %s (requests sent more than %s from the kill)\n",
			pctOf(r.steady, 0.5).Round(10*time.Microsecond), pctOf(r.steady, 0.99).Round(10*time.Microsecond), crashWindow)
	}
	fmt.Fprintf(w, "lost         %d\nduplicated   %d\nunexpected   %d\n", r.lost, r.duplicated, r.unexpected)
}

func run(ctx context.Context, c config) (*result, error) {
	tmp, err := os.MkdirTemp("", "progress-load")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if c.db == "" {
		c.db = filepath.Join(tmp, "progress.db")
	}
	backend := "sqlite"
	if isPostgres(c.db) {
		backend = "postgres"
		dsn, drop, err := freshSchema(ctx, c.db)
		if err != nil {
			return nil, err
		}
		defer drop()
		c.db = dsn
	}

	m := manifest(c.pages, c.items)
	manifestFile := filepath.Join(tmp, checklists.FileName)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return nil, err
	}
	if err := os.WriteFile(manifestFile, buf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	tokens, err := addPeople(ctx, c.db, c.people)
	if err != nil {
		return nil, err
	}

	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	srv := &service{bin: c.playbook, args: []string{"progress", "serve", "--db", c.db, "--addr", addr,
		"--site", "http://127.0.0.1:1/", "--manifest", manifestFile, "--rate", "1000"}, log: filepath.Join(tmp, "serve.log")}
	if err := srv.start(ctx); err != nil {
		return nil, err
	}
	defer srv.stop()
	base := "http://" + addr + "/api/ticks"

	r := &result{backend: backend, people: c.people}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.people}, Timeout: 30 * time.Second}
	var (
		mu       sync.Mutex
		expected = map[key]state{}
		lats     []time.Duration
		sent     []time.Time  // when each of lats was sent
		killedAt atomic.Int64 // unix ms of the kill, 0 before it
		acked    atomic.Int64
		retries  atomic.Int64
		wg       sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(c.duration)
	for i, token := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			email := personEmail(i)
			last := int64(0)
			var mine []time.Duration
			var mineSent []time.Time
			// People start at random moments, as they do, not all in the
			// same millisecond.
			time.Sleep(time.Duration(rng.Int64N(int64(2*c.think) + 1)))
			for time.Now().Before(deadline) {
				page := fmt.Sprintf("/p%d/", rng.IntN(c.pages))
				item := m.Pages[page].Items[rng.IntN(c.items)].ID
				// One person's ticks have increasing times, so the last
				// acknowledged one is the state the database must hold.
				at := max(time.Now().UnixMilli(), last+1)
				last = at
				done := rng.IntN(3) > 0
				body, _ := json.Marshal(map[string]any{"ticks": []map[string]any{{"page": page, "item": item, "done": done, "at": at}}})
				sentAt := time.Now()
				lat, tries := post(client, base, token, body)
				retries.Add(int64(tries))
				if lat < 0 {
					return // the run is over and the service gone
				}
				mine = append(mine, lat)
				mineSent = append(mineSent, sentAt)
				acked.Add(1)
				mu.Lock()
				expected[key{email, page, item}] = state{done, at}
				mu.Unlock()
				time.Sleep(min(time.Duration(rng.Int64N(int64(2*c.think)+1)), time.Until(deadline)))
			}
			mu.Lock()
			lats = append(lats, mine...)
			sent = append(sent, mineSent...)
			mu.Unlock()
		}()
	}
	if c.crash > 0 && c.crash < c.duration {
		time.Sleep(time.Until(start.Add(c.crash)))
		killed := time.Now()
		killedAt.Store(killed.UnixMilli())
		if err := srv.kill(); err != nil {
			return nil, err
		}
		if err := srv.start(ctx); err != nil {
			return nil, err
		}
		r.crashed = true
		r.downtime = time.Since(killed)
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.acked, r.retries, r.latencies = acked.Load(), retries.Load(), lats
	for i, l := range lats {
		if k := killedAt.Load(); k == 0 || sent[i].Sub(time.UnixMilli(k)).Abs() > crashWindow {
			r.steady = append(r.steady, l)
		}
	}
	srv.stop()

	held, err := readTicks(ctx, c.db, c.people)
	if err != nil {
		return nil, err
	}
	seen := map[key]int{}
	for _, t := range held {
		k := key{t.Email, t.Page, t.Item}
		seen[k]++
		if seen[k] == 2 {
			r.duplicated++
		}
		if _, ok := expected[k]; !ok {
			r.unexpected++
		}
	}
	for k := range expected {
		if seen[k] == 0 {
			r.lost++
		}
	}
	for _, t := range held {
		want, ok := expected[key{t.Email, t.Page, t.Item}]
		if ok && (t.Done != want.done || t.TickedAt.UnixMilli() != want.at) {
			r.lost++ // the database holds an older state than one acknowledged
		}
	}
	return r, nil
}

// crashWindow is how long before and after the kill a request counts as
// one the crash delayed.
const crashWindow = 5 * time.Second

// post sends one request until the service acknowledges it and returns its
// latency and how many times it was repeated first. A failed request (the
// service is down, or restarting) is repeated after a pause; the tick's
// time makes a repeat harmless. It gives up, returning -1, a minute after
// the first failure.
func post(client *http.Client, url, token string, body []byte) (time.Duration, int) {
	var firstFail time.Time
	for tries := 0; ; tries++ {
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(t0), tries
			}
			if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
				fmt.Fprintf(os.Stderr, "progress-load: the service answered %s\n", resp.Status)
				return -1, tries
			}
		}
		if firstFail.IsZero() {
			firstFail = time.Now()
		} else if time.Since(firstFail) > time.Minute {
			return -1, tries
		}
		time.Sleep(20*time.Millisecond + time.Duration(rand.Int64N(int64(30*time.Millisecond))))
	}
}

// manifest returns a site of pages /p0/ … with items task-0 … each.
func manifest(pages, items int) *checklists.Manifest {
	m := &checklists.Manifest{Format: checklists.Format, Version: checklists.Version, Site: "http://127.0.0.1:1/",
		DailyHours: 4, Curricula: []checklists.Curriculum{}, Pages: map[string]*checklists.Page{}}
	for p := range pages {
		pg := &checklists.Page{Title: fmt.Sprintf("Page %d", p)}
		for i := range items {
			pg.Items = append(pg.Items, checklists.Item{ID: fmt.Sprintf("task-%d", i), Text: fmt.Sprintf("Item %d", i)})
		}
		m.Pages[fmt.Sprintf("/p%d/", p)] = pg
	}
	return m
}

func personEmail(i int) string { return fmt.Sprintf("person%04d@load.example.com", i) }

// addPeople adds n members to the database and returns a token for each.
func addPeople(ctx context.Context, dsn string, n int) ([]string, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	tokens := make([]string, n)
	for i := range n {
		if err := s.PutPerson(ctx, "progress-load", store.Person{Email: personEmail(i), Role: store.RoleMember}); err != nil {
			return nil, err
		}
		if tokens[i], err = s.CreateToken(ctx, personEmail(i)); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// readTicks returns every tick of the simulated people.
func readTicks(ctx context.Context, dsn string, n int) ([]store.Tick, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var all []store.Tick
	for i := range n {
		ts, err := s.Ticks(ctx, personEmail(i))
		if err != nil {
			return nil, err
		}
		all = append(all, ts...)
	}
	return all, nil
}

// freeAddr returns a loopback address no one listens on, so that the
// restarted service listens where the first one did.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// errNotReady is returned when the service did not answer in time.
var errNotReady = errors.New("the service did not answer /api/health within 30 s")
