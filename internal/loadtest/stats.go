package loadtest

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"
)

// Stats collects the latency of every request per page name, and errors.
type Stats struct {
	mu      sync.Mutex
	samples map[string][]time.Duration
	errors  map[string]int
	first   map[string]string // first error message per page
}

// NewStats returns empty statistics.
func NewStats() *Stats {
	return &Stats{samples: map[string][]time.Duration{}, errors: map[string]int{}, first: map[string]string{}}
}

// Add records one request of page that took d; err non-nil counts as an error.
func (s *Stats) Add(page string, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.samples[page] = append(s.samples[page], d)
	if err != nil {
		s.errors[page]++
		if _, ok := s.first[page]; !ok {
			s.first[page] = err.Error()
		}
	}
}

// Row is the summary of one page.
type Row struct {
	Page          string
	N, Errors     int
	PerSecond     float64
	P50, P95, P99 time.Duration
	Max           time.Duration
	FirstError    string
}

// Summary returns one row per page, sorted by name, over a run of length d.
func (s *Stats) Summary(d time.Duration) []Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Row
	for page, xs := range s.samples {
		xs = slices.Clone(xs)
		slices.Sort(xs)
		q := func(p float64) time.Duration {
			i := int(float64(len(xs))*p+0.5) - 1
			return xs[max(0, min(len(xs)-1, i))]
		}
		out = append(out, Row{Page: page, N: len(xs), Errors: s.errors[page], PerSecond: float64(len(xs)) / d.Seconds(),
			P50: q(0.50), P95: q(0.95), P99: q(0.99), Max: xs[len(xs)-1], FirstError: s.first[page]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Page < out[j].Page })
	return out
}

// Errors is the total number of errors.
func (s *Stats) Errors() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.errors {
		n += e
	}
	return n
}

// Print writes the summary as a table.
func Print(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%-26s %7s %6s %8s %8s %8s %8s %8s\n", "page", "n", "errors", "req/s", "p50", "p95", "p99", "max")
	for _, r := range rows {
		fmt.Fprintf(w, "%-26s %7d %6d %8.1f %8s %8s %8s %8s\n", r.Page, r.N, r.Errors, r.PerSecond,
			ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
	}
	for _, r := range rows {
		if r.FirstError != "" {
			fmt.Fprintf(w, "first error on %s: %s\n", r.Page, r.FirstError)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
