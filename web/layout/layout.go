// Package layout holds the page frame every portal page renders in.
package layout

import (
	"strconv"

	"github.com/a-h/templ"
)

// Page describes what the frame needs to know about the page inside it.
type Page struct {
	// Title is the page's own title; the frame appends " – PGB Portaal".
	Title string
	// CSPNonce is unused while the portal has no inline script; kept for forms
	// of enhancement that need one.
	CSPNonce string
	// Header carries the logged-in person's header links, nil when anonymous.
	Header *Header
	// Banner is shown above the content on every page (e.g. acting-as banner).
	Banner templ.Component
	// Onderhoud announces maintenance above everything else, nil when none.
	Onderhoud templ.Component
	// Styles and Scripts are extra static files (logical names such as
	// "css/zorgovereenkomst.css") a page needs beyond the portal's own.
	Styles, Scripts []string
}

// Header is the logged-in part of the page header.
type Header struct {
	Name        string
	Reference   string
	ShowProfile bool
	CSRFField   string
	// Ongelezen is the number of unread berichten, shown in the header as text.
	Ongelezen int
}

// FullTitle is the text of the <title> element.
func (p Page) FullTitle() string {
	if p.Title == "" {
		return "PGB Portaal"
	}
	return p.Title + " – PGB Portaal"
}

// BerichtenLabel is the header link to the berichten, with the unread count
// in words (not by colour alone).
func (h *Header) BerichtenLabel() string {
	switch {
	case h.Ongelezen == 1:
		return "Berichten (1 ongelezen)"
	case h.Ongelezen > 1:
		return "Berichten (" + strconv.Itoa(h.Ongelezen) + " ongelezen)"
	}
	return "Berichten"
}
