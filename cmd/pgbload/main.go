// Command pgbload puts a running portal under load the way its users do:
// many people log in through the test identity providers, each with their
// own cookies, and click through a realistic mix of pages (start page,
// overviews, an agreement, a declaratie with saving, the budget, the
// zorgkantoor's queue). It reports throughput and p50/p95/p99 per page,
// with /readyz (one SELECT) measured in the same run as the baseline, so
// figures compare across machines as ratios.
//
// The personas come from the dataset of pgbportaal generate-data with the
// same --budgethouders and --seed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pgbportaal/internal/gendata"
	"pgbportaal/internal/loadtest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pgbload:", err)
		}
		os.Exit(1)
	}
}

type options struct {
	url                string
	budgethouders      int
	seed               int64
	sessions           int
	duration, capacity time.Duration
	think              time.Duration
	pid                int
	failOnErrors       bool
	maxP99             time.Duration
	minRatio, maxRSSMB float64
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("pgbload", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the running portal")
	fs.IntVar(&o.budgethouders, "budgethouders", 5000, "--budgethouders the dataset was generated with")
	fs.Int64Var(&o.seed, "seed", 1, "--seed the dataset was generated with")
	fs.IntVar(&o.sessions, "sessions", 100, "concurrent sessions (distinct people)")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "length of the mixed run")
	fs.DurationVar(&o.capacity, "capacity", 10*time.Second, "length of each capacity phase (start page only, then /readyz only; 0: skip)")
	fs.DurationVar(&o.think, "think", time.Second, "mean pause of a person between two clicks in the mixed run")
	fs.IntVar(&o.pid, "pid", 0, "process id of the portal, to report its memory (RSS)")
	fs.BoolVar(&o.failOnErrors, "fail-on-errors", false, "exit 1 when any request failed")
	fs.DurationVar(&o.maxP99, "max-p99", 0, "exit 1 when a page's p99 exceeds this (0: no check)")
	fs.Float64Var(&o.minRatio, "min-ratio", 0, "exit 1 when start page throughput / baseline throughput is below this (0: no check)")
	fs.Float64Var(&o.maxRSSMB, "max-rss-mb", 0, "exit 1 when the portal's peak RSS exceeds this many MB (0: no check)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	ps := gendata.PersonasFor(gendata.Config{Budgethouders: o.budgethouders, Seed: o.seed}, o.sessions)
	people := cast(ps, o.sessions)
	fmt.Fprintf(out, "pgbload: %d sessions against %s (%d budgethouders, seed %d)\n", len(people), o.url, o.budgethouders, o.seed)

	// One transport for all: connections are reused as a browser would.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.sessions + 10
	tr.MaxConnsPerHost = 0
	rss := &rssWatch{pid: o.pid}
	rss.start(ctx)

	// Log everyone in (measured too: the login flow is a page mix of its own).
	logins := loadtest.NewStats()
	clients := make([]*loadtest.Client, len(people))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10)
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c := loadtest.NewClient(o.url, tr)
			t0 := time.Now()
			_, err := c.Login(ctx, p.id)
			logins.Add("inloggen "+p.id.Means, time.Since(t0), err)
			if err == nil {
				clients[i] = c
			}
		}()
	}
	wg.Wait()
	loadtest.Print(out, logins.Summary(time.Second))
	failed := logins.Errors()

	// The mixed run: every person clicks through their scenario, pausing.
	mix := loadtest.NewStats()
	deadline := time.Now().Add(o.duration)
	mctx, cancel := context.WithDeadline(ctx, deadline)
	for i, p := range people {
		if clients[i] == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &session{c: clients[i], p: p, stats: mix, think: o.think, r: rand.New(rand.NewPCG(uint64(i), 7))}
			s.pause(mctx) // spread the starts
			for mctx.Err() == nil {
				s.scenario(mctx)
			}
		}()
	}
	wg.Wait()
	cancel()
	fmt.Fprintf(out, "\nmixed run: %s, think time %s\n", o.duration, o.think)
	rows := mix.Summary(o.duration)
	loadtest.Print(out, rows)
	failed += mix.Errors()

	var ratio float64
	if o.capacity > 0 && ctx.Err() == nil {
		start := hammer(ctx, clients, "/", o.capacity)
		base := hammer(ctx, clients, "/readyz", o.capacity)
		fmt.Fprintf(out, "\ncapacity (every session without pause, %s each):\n", o.capacity)
		loadtest.Print(out, append(start.Summary(o.capacity), base.Summary(o.capacity)...))
		sr, br := start.Summary(o.capacity), base.Summary(o.capacity)
		if len(sr) > 0 && len(br) > 0 && br[0].PerSecond > 0 {
			ratio = sr[0].PerSecond / br[0].PerSecond
			fmt.Fprintf(out, "start page throughput / baseline throughput = %.0f / %.0f = %.2f\n", sr[0].PerSecond, br[0].PerSecond, ratio)
		}
		failed += start.Errors() + base.Errors()
	}
	if o.pid != 0 {
		fmt.Fprintf(out, "portal memory (pid %d): peak RSS %.1f MB, last %.1f MB\n", o.pid, rss.peakMB(), rss.lastMB())
	}

	var problems []string
	if o.failOnErrors && failed > 0 {
		problems = append(problems, fmt.Sprintf("%d requests failed", failed))
	}
	if o.maxP99 > 0 {
		for _, r := range rows {
			if r.P99 > o.maxP99 {
				problems = append(problems, fmt.Sprintf("%s: p99 %s above %s", r.Page, r.P99, o.maxP99))
			}
		}
	}
	if o.minRatio > 0 && ratio < o.minRatio {
		problems = append(problems, fmt.Sprintf("start page throughput ratio %.2f below %.2f", ratio, o.minRatio))
	}
	if o.maxRSSMB > 0 && rss.peakMB() > o.maxRSSMB {
		problems = append(problems, fmt.Sprintf("peak RSS %.1f MB above %.0f MB", rss.peakMB(), o.maxRSSMB))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	fmt.Fprintln(out, "pgbload: ok")
	return nil
}

// person is one login identity and the scenario it follows.
type person struct {
	id   loadtest.Identity
	role string // budgethouder, zorgverlener, zorgkantoor
}

// cast divides n sessions over the parties: 60% budgethouders, 25%
// zorgverleners (formal by Vecozo, informal by DigiD), 15% zorgkantoor staff.
func cast(ps gendata.Personas, n int) []person {
	var out []person
	nz, nk := n*25/100, n*15/100
	nb := n - nz - nk
	for i := 0; i < nb && i < len(ps.Budgethouders); i++ {
		out = append(out, person{loadtest.DigiD(ps.Budgethouders[i]), "budgethouder"})
	}
	for i := 0; i < nz; i++ {
		if i%2 == 0 && i/2 < len(ps.Zorgverleners) {
			out = append(out, person{loadtest.Vecozo(ps.Zorgverleners[i/2], "Zorgverlener"), "zorgverlener"})
		} else if i/2 < len(ps.InformeleZorgverleners) {
			out = append(out, person{loadtest.DigiD(ps.InformeleZorgverleners[i/2]), "zorgverlener"})
		}
	}
	for i := 0; i < nk; i++ {
		kvk := ps.Zorgkantoren[i%len(ps.Zorgkantoren)]
		out = append(out, person{loadtest.EHerkenning(kvk, "Zorgkantoor", "beoordelaar-"+strconv.Itoa(i)), "zorgkantoor"})
	}
	return out
}

type session struct {
	c     *loadtest.Client
	p     person
	stats *loadtest.Stats
	think time.Duration
	r     *rand.Rand
}

var (
	reZOV       = regexp.MustCompile(`^/zorgovereenkomsten/\d+$`)
	reDecl      = regexp.MustCompile(`^/declaraties/\d+$`)
	reBeoordeel = regexp.MustCompile(`^/beoordelen/\d+$`)
)

// scenario is one round of a person's work.
func (s *session) scenario(ctx context.Context) {
	s.get(ctx, "startpagina", "/")
	s.get(ctx, "readyz (baseline)", "/readyz")
	switch s.p.role {
	case "budgethouder", "zorgverlener":
		if p := s.get(ctx, "zorgovereenkomsten", "/zorgovereenkomsten"); p != nil {
			if l := p.Links(reZOV); len(l) > 0 {
				s.get(ctx, "zorgovereenkomst", l[s.r.IntN(len(l))])
			}
		}
		all := s.get(ctx, "declaraties", "/declaraties")
		// The concepts still to finish: filtered by status, then one of
		// them opened and saved; without concepts, any declaratie opened.
		if p := s.get(ctx, "declaraties concept", "/declaraties?status=concept"); p != nil {
			if l := p.Links(reDecl); len(l) > 0 {
				s.declaratie(ctx, l[s.r.IntN(len(l))])
			} else if all != nil {
				if l := all.Links(reDecl); len(l) > 0 {
					s.get(ctx, "declaratie", l[s.r.IntN(len(l))])
				}
			}
		}
		s.get(ctx, "declaratie nieuw", "/declaraties/nieuw")
		if s.p.role == "budgethouder" {
			s.get(ctx, "budget", "/budget")
		}
		s.get(ctx, "berichten", "/berichten")
	case "zorgkantoor":
		if p := s.get(ctx, "beoordelen", "/beoordelen"); p != nil {
			if l := p.Links(reBeoordeel); len(l) > 0 {
				s.get(ctx, "beoordelen zorgovereenkomst", l[s.r.IntN(len(l))])
			}
		}
		s.get(ctx, "berichten", "/berichten")
	}
}

// declaratie opens one; when it is still the person's to fill in, they
// save it in between ("Tussentijds opslaan") and look at the check step.
func (s *session) declaratie(ctx context.Context, path string) {
	p := s.get(ctx, "declaratie", path)
	if p == nil {
		return
	}
	action, form, ok := p.Form(regexp.MustCompile("^" + regexp.QuoteMeta(path) + "$"))
	if !ok {
		return
	}
	s.step(ctx, "declaratie opslaan", func() (*loadtest.Page, error) { return s.c.Post(ctx, action, form) }, path)
	s.get(ctx, "declaratie controle", path+"/controle")
}

func (s *session) get(ctx context.Context, name, path string) *loadtest.Page {
	return s.step(ctx, name, func() (*loadtest.Page, error) { return s.c.Get(ctx, path) }, strings.SplitN(path, "?", 2)[0])
}

// step runs one click, records it, and pauses as a person does. The page
// must answer 200 at wantPath (after redirects).
func (s *session) step(ctx context.Context, name string, f func() (*loadtest.Page, error), wantPath string) *loadtest.Page {
	if ctx.Err() != nil {
		return nil
	}
	t0 := time.Now()
	p, err := f()
	d := time.Since(t0)
	if ctx.Err() != nil {
		return nil // the run ended during the request: not counted
	}
	if err == nil && (p.Status != http.StatusOK || p.URL.Path != wantPath) {
		err = fmt.Errorf("status %d at %s (wanted 200 at %s)", p.Status, p.URL.Path, wantPath)
	}
	s.stats.Add(name, d, err)
	s.pause(ctx)
	if err != nil {
		return nil
	}
	return p
}

func (s *session) pause(ctx context.Context) {
	if s.think <= 0 {
		return
	}
	d := time.Duration(float64(s.think) * (0.5 + s.r.Float64()))
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// hammer has every client fetch path without pause for d.
func hammer(ctx context.Context, clients []*loadtest.Client, path string, d time.Duration) *loadtest.Stats {
	st := loadtest.NewStats()
	hctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range clients {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &session{c: c, stats: st}
			for hctx.Err() == nil {
				s.get(hctx, path, path)
			}
		}()
	}
	wg.Wait()
	return st
}

// rssWatch samples the portal's resident memory from /proc.
type rssWatch struct {
	pid        int
	peak, last atomic.Int64 // kB
}

func (w *rssWatch) start(ctx context.Context) {
	if w.pid == 0 {
		return
	}
	go func() {
		for ctx.Err() == nil {
			if kb, ok := readRSS(w.pid); ok {
				w.last.Store(kb)
				if kb > w.peak.Load() {
					w.peak.Store(kb)
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
	}()
}

func (w *rssWatch) peakMB() float64 {
	if kb, ok := readHWM(w.pid); ok && kb > w.peak.Load() {
		w.peak.Store(kb)
	}
	return float64(w.peak.Load()) / 1024
}
func (w *rssWatch) lastMB() float64 { return float64(w.last.Load()) / 1024 }

func readRSS(pid int) (int64, bool) { return procStatus(pid, "VmRSS:") }
func readHWM(pid int) (int64, bool) { return procStatus(pid, "VmHWM:") }

func procStatus(pid int, key string) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, err := strconv.ParseInt(f[1], 10, 64)
				return n, err == nil
			}
		}
	}
	return 0, false
}
