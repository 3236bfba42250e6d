// Package pdfbrief renders the portal's documents as PDF letters: a bericht,
// a signed zorgovereenkomst, the year-end budgetoverzicht. Every document has
// the same frame (the portal's blue band, sender, recipient, date, reference,
// subject, page numbers); the body is a list of blocks. The package knows
// nothing of the domain: callers build a Brief from what the acting party
// may see.
package pdfbrief

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"pgbportaal/internal/civil"
)

// Brief is one letter.
type Brief struct {
	Afzender  []string   // the sending organisation: name first, then address lines
	Ontvanger []string   // the addressee: name first, then address lines
	Datum     civil.Date // printed dd-mm-jjjj
	Kenmerk   string     // the reference of the document
	Inzake    string     // on whose behalf, when the addressee acts for someone
	Onderwerp string     // subject, also the document title
	Blokken   []Blok     // the body, top to bottom
}

// Blok is one part of a letter's body: a Kop, Alinea, Gegevens or Tabel.
type Blok interface{ blok() }

// Kop is a heading inside the body.
type Kop string

// Alinea is a paragraph; a blank line starts a new paragraph, a single
// newline a new line.
type Alinea string

// Gegevens is a list of labelled values, label on the left.
type Gegevens []Gegeven

// Gegeven is one labelled value; Toelichting is a smaller line under it.
type Gegeven struct {
	Label, Waarde, Toelichting string
}

// Tabel is a table; Totaal, when set, is printed bold under a rule.
type Tabel struct {
	Kolommen []Kolom
	Rijen    [][]string
	Totaal   []string
}

// Kolom is a table column; Breedte is its share of the text width (the
// shares of a table add up to 1); Rechts aligns it right (amounts).
type Kolom struct {
	Titel   string
	Breedte float64
	Rechts  bool
}

func (Kop) blok()      {}
func (Alinea) blok()   {}
func (Gegevens) blok() {}
func (Tabel) blok()    {}

// Page geometry in points (A4) and the portal's colours.
const (
	pageW, pageH  = 595.28, 841.89
	marginX       = 56.0
	textW         = pageW - 2*marginX
	bandH         = 48.0
	topY          = 84.0 // where text starts on pages after the first
	bottomY       = pageH - 64
	bodySize      = 10.0
	smallSize     = 8.5
	lineGap       = 1.45
	fontRegular   = "go"
	fontBold      = "go-bold"
	labelW        = 170.0
	cellPaddingX  = 4.0
	cellPaddingY  = 3.0
	paragraphSkip = 6.0
)

type rgb struct{ r, g, b uint8 }

var (
	lintblauw      = rgb{0x15, 0x42, 0x73}
	lintblauwLicht = rgb{0xe5, 0xf0, 0xf9}
	tekstKleur     = rgb{0x1a, 0x1a, 0x1a}
	gedempt        = rgb{0x4b, 0x4b, 0x4b}
	lijnKleur      = rgb{0xd6, 0xd6, 0xd6}
)

// Render lays out b and returns the PDF.
func Render(b Brief) ([]byte, error) {
	r := &renderer{pdf: &gopdf.GoPdf{}}
	r.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	// The Go fonts (BSD licence, shipped as a Go module) cover the euro sign
	// and every Dutch diacritic; gopdf embeds only the glyphs used.
	if err := r.pdf.AddTTFFontData(fontRegular, goregular.TTF); err != nil {
		return nil, fmt.Errorf("pdfbrief: font: %w", err)
	}
	if err := r.pdf.AddTTFFontData(fontBold, gobold.TTF); err != nil {
		return nil, fmt.Errorf("pdfbrief: font: %w", err)
	}
	r.pdf.SetInfo(gopdf.PdfInfo{Title: b.Onderwerp, Author: "PGB Portaal", Creator: "PGB Portaal", Producer: "PGB Portaal",
		CreationDate: b.Datum.In(time.UTC)})
	r.newPage()
	r.kop(b)
	for _, bl := range b.Blokken {
		switch v := bl.(type) {
		case Kop:
			r.heading(string(v))
		case Alinea:
			r.paragraph(string(v))
		case Gegevens:
			r.gegevens(v)
		case Tabel:
			r.tabel(v)
		}
		if r.err != nil {
			return nil, fmt.Errorf("pdfbrief: %w", r.err)
		}
	}
	r.voetteksten(b.Kenmerk)
	if r.err != nil {
		return nil, fmt.Errorf("pdfbrief: %w", r.err)
	}
	var buf bytes.Buffer
	if _, err := r.pdf.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("pdfbrief: write: %w", err)
	}
	return buf.Bytes(), nil
}

// renderer keeps the cursor and the first error; after an error every
// drawing call is a no-op.
type renderer struct {
	pdf   *gopdf.GoPdf
	y     float64
	pages int
	err   error
}

func (r *renderer) font(bold bool, size float64, c rgb) {
	if r.err != nil {
		return
	}
	name := fontRegular
	if bold {
		name = fontBold
	}
	r.err = r.pdf.SetFont(name, "", size)
	r.pdf.SetTextColor(c.r, c.g, c.b)
}

func (r *renderer) text(x, y float64, s string) {
	if r.err != nil || s == "" {
		return
	}
	r.pdf.SetXY(x, y)
	r.err = r.pdf.Text(s)
}

func (r *renderer) width(s string) float64 {
	if r.err != nil {
		return 0
	}
	w, err := r.pdf.MeasureTextWidth(s)
	if err != nil {
		r.err = err
	}
	return w
}

// newPage starts a page with the blue band; the cursor goes below it.
func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.pages++
	r.pdf.SetFillColor(lintblauw.r, lintblauw.g, lintblauw.b)
	r.pdf.RectFromUpperLeftWithStyle(0, 0, pageW, bandH, "F")
	r.font(true, 15, rgb{0xff, 0xff, 0xff})
	r.text(marginX, bandH/2+5, "PGB Portaal")
	r.y = topY
}

// need starts a new page unless h more points fit on this one.
func (r *renderer) need(h float64) {
	if r.y+h > bottomY {
		r.newPage()
	}
}

// kop prints sender, recipient and the reference lines.
func (r *renderer) kop(b Brief) {
	lh := bodySize * lineGap
	// Sender on the right, recipient where a window envelope shows it.
	x := marginX + textW*0.62
	y := topY
	for i, l := range b.Afzender {
		r.font(i == 0, bodySize, tekstKleur)
		r.text(x, y, l)
		y += lh
	}
	y = 150.0
	r.font(false, smallSize, gedempt)
	r.text(marginX, y-lh, "Aan")
	for i, l := range b.Ontvanger {
		r.font(i == 0, bodySize, tekstKleur)
		r.text(marginX, y, l)
		y += lh
	}
	y = max(y, 150+4*lh) + 2*lh
	for _, kv := range [][2]string{{"Datum", b.Datum.String()}, {"Kenmerk", b.Kenmerk}, {"Inzake", b.Inzake}, {"Onderwerp", b.Onderwerp}} {
		if kv[1] == "" {
			continue
		}
		r.font(false, smallSize, gedempt)
		r.text(marginX, y, kv[0])
		r.font(false, bodySize, tekstKleur)
		r.text(marginX+90, y, kv[1])
		y += lh
	}
	r.y = y + lh
	r.font(true, 14, lintblauw)
	for _, l := range r.wrap(b.Onderwerp, textW) {
		r.need(14 * lineGap)
		r.text(marginX, r.y, l)
		r.y += 14 * lineGap
	}
	r.y += paragraphSkip
}

func (r *renderer) heading(s string) {
	r.y += paragraphSkip
	r.font(true, 12, lintblauw)
	lines := r.wrap(s, textW)
	// Keep a heading with at least two lines of what follows.
	r.need(float64(len(lines))*12*lineGap + 2*bodySize*lineGap)
	for _, l := range lines {
		r.text(marginX, r.y, l)
		r.y += 12 * lineGap
	}
	r.y += 2
}

func (r *renderer) paragraph(s string) {
	lh := bodySize * lineGap
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		r.font(false, bodySize, tekstKleur)
		for _, line := range strings.Split(para, "\n") {
			for _, l := range r.wrap(line, textW) {
				r.need(lh)
				r.text(marginX, r.y, l)
				r.y += lh
			}
		}
		r.y += paragraphSkip
	}
}

func (r *renderer) gegevens(g Gegevens) {
	lh := bodySize * lineGap
	sh := smallSize * lineGap
	valW := textW - labelW
	for _, kv := range g {
		r.font(true, bodySize, tekstKleur)
		labels := r.wrap(kv.Label, labelW-8)
		r.font(false, bodySize, tekstKleur)
		waarde := kv.Waarde
		if waarde == "" {
			waarde = "–"
		}
		values := r.wrapLines(waarde, valW)
		r.font(false, smallSize, gedempt)
		extra := r.wrapLines(kv.Toelichting, valW)
		h := max(float64(len(labels))*lh, float64(len(values))*lh+float64(len(extra))*sh)
		if h <= bottomY-topY {
			r.need(h)
		}
		top := r.y
		r.font(true, bodySize, tekstKleur)
		for i, l := range labels {
			r.text(marginX, top+float64(i)*lh, l)
		}
		r.font(false, bodySize, tekstKleur)
		for _, l := range values {
			r.need(lh)
			r.text(marginX+labelW, r.y, l)
			r.y += lh
		}
		r.font(false, smallSize, gedempt)
		for _, l := range extra {
			r.need(sh)
			r.text(marginX+labelW, r.y, l)
			r.y += sh
		}
		r.y = max(r.y, top+float64(len(labels))*lh) + 3
	}
	r.y += paragraphSkip
}

func (r *renderer) tabel(t Tabel) {
	lh := bodySize * lineGap
	header := func() {
		r.font(true, bodySize, tekstKleur)
		cells := make([]string, len(t.Kolommen))
		for i, k := range t.Kolommen {
			cells[i] = k.Titel
		}
		lines := r.cellLines(t, cells)
		h := rowHeight(lines, lh)
		r.need(h + lh)
		r.pdf.SetFillColor(lintblauwLicht.r, lintblauwLicht.g, lintblauwLicht.b)
		r.pdf.RectFromUpperLeftWithStyle(marginX, r.y-bodySize-cellPaddingY, textW, h, "F")
		r.row(t, lines, lh)
		r.y += h
	}
	header()
	body := func(cells []string, bold bool) {
		r.font(bold, bodySize, tekstKleur)
		lines := r.cellLines(t, cells)
		h := rowHeight(lines, lh)
		if r.y+h > bottomY {
			r.newPage()
			header()
			r.font(bold, bodySize, tekstKleur)
		}
		r.row(t, lines, lh)
		r.y += h
		r.pdf.SetStrokeColor(lijnKleur.r, lijnKleur.g, lijnKleur.b)
		r.pdf.SetLineWidth(0.5)
		r.pdf.Line(marginX, r.y-bodySize-cellPaddingY, marginX+textW, r.y-bodySize-cellPaddingY)
	}
	for _, row := range t.Rijen {
		body(row, false)
	}
	if t.Totaal != nil {
		body(t.Totaal, true)
	}
	r.y += paragraphSkip
}

func rowHeight(lines [][]string, lh float64) float64 {
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	return float64(n)*lh + 2*cellPaddingY
}

// cellLines wraps each cell of a row to its column, in the current font.
func (r *renderer) cellLines(t Tabel, cells []string) [][]string {
	out := make([][]string, len(t.Kolommen))
	for i, k := range t.Kolommen {
		if i < len(cells) {
			out[i] = r.wrapLines(cells[i], k.Breedte*textW-2*cellPaddingX)
		}
	}
	return out
}

// row prints wrapped cells with their top line at the cursor.
func (r *renderer) row(t Tabel, lines [][]string, lh float64) {
	x := marginX
	for i, k := range t.Kolommen {
		w := k.Breedte * textW
		for j, l := range lines[i] {
			lx := x + cellPaddingX
			if k.Rechts {
				lx = x + w - cellPaddingX - r.width(l)
			}
			r.text(lx, r.y+float64(j)*lh, l)
		}
		x += w
	}
}

// voetteksten puts "Pagina i van n" and the reference at the foot of every page.
func (r *renderer) voetteksten(kenmerk string) {
	for p := 1; p <= r.pages && r.err == nil; p++ {
		if r.err = r.pdf.SetPage(p); r.err != nil {
			return
		}
		r.pdf.SetStrokeColor(lijnKleur.r, lijnKleur.g, lijnKleur.b)
		r.pdf.SetLineWidth(0.5)
		r.pdf.Line(marginX, pageH-44, pageW-marginX, pageH-44)
		r.font(false, smallSize, gedempt)
		left := "PGB Portaal"
		if kenmerk != "" {
			left += " · kenmerk " + kenmerk
		}
		r.text(marginX, pageH-30, left)
		right := fmt.Sprintf("Pagina %d van %d", p, r.pages)
		r.text(pageW-marginX-r.width(right), pageH-30, right)
	}
}

// wrapLines wraps text that may hold newlines.
func (r *renderer) wrapLines(s string, w float64) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		out = append(out, r.wrap(line, w)...)
	}
	return out
}

// wrap breaks one line of text into lines at most w wide in the current
// font, at spaces where it can and inside a word (a hash, an IBAN) where
// it must.
func (r *renderer) wrap(s string, w float64) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var out []string
	cur := ""
	for _, word := range words {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if r.width(try) <= w {
			cur = try
			continue
		}
		if cur != "" {
			out = append(out, cur)
			cur = ""
		}
		for r.width(word) > w && r.err == nil {
			runes := []rune(word)
			n := len(runes) - 1
			for n > 1 && r.width(string(runes[:n])) > w {
				n--
			}
			out = append(out, string(runes[:n]))
			word = string(runes[n:])
		}
		cur = word
	}
	return append(out, cur)
}
