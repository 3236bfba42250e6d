package testutil

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// PDFText extracts the text of a PDF as a reader would see it: one line per
// printed line, top to bottom, the pieces of a line left to right and joined
// by a space, pages separated by a form feed. It fails the test when data is
// not a readable PDF.
func PDFText(t testing.TB, data []byte) string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", data)
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("reading PDF: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		pages = append(pages, pageText(t, r.Page(i)))
	}
	return strings.Join(pages, "\n\f\n")
}

// pageText rebuilds the printed lines of a page. The reader reports each
// glyph at the start of the text run it belongs to, so glyphs with the same
// position form one run; runs on one baseline form a line, left to right.
// The reader ends each run of two-byte glyph codes with one U+FFFD; that one
// is dropped, any other U+FFFD (a glyph without a Unicode mapping) fails.
func pageText(t testing.TB, p pdf.Page) string {
	type run struct {
		x, y float64
		s    []rune
	}
	var runs []*run
	for _, g := range p.Content().Text {
		if n := len(runs); n > 0 && runs[n-1].x == g.X && runs[n-1].y == g.Y {
			runs[n-1].s = append(runs[n-1].s, []rune(g.S)...)
			continue
		}
		runs = append(runs, &run{x: g.X, y: g.Y, s: []rune(g.S)})
	}
	type line struct {
		y    float64
		runs []*run
	}
	var lines []*line
	for _, r := range runs {
		if n := len(r.s); n > 0 && r.s[n-1] == utf8.RuneError {
			r.s = r.s[:n-1]
		}
		if slices.Contains(r.s, utf8.RuneError) {
			t.Fatalf("PDF text has a glyph without a Unicode mapping: %q", string(r.s))
		}
		var l *line
		for _, c := range lines {
			if math.Abs(c.y-r.y) < 1 {
				l = c
				break
			}
		}
		if l == nil {
			l = &line{y: r.y}
			lines = append(lines, l)
		}
		l.runs = append(l.runs, r)
	}
	sort.SliceStable(lines, func(a, b int) bool { return lines[a].y > lines[b].y })
	var out []string
	for _, l := range lines {
		sort.SliceStable(l.runs, func(a, b int) bool { return l.runs[a].x < l.runs[b].x })
		var parts []string
		for _, r := range l.runs {
			parts = append(parts, string(r.s))
		}
		if s := strings.Join(strings.Fields(strings.Join(parts, " ")), " "); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}
