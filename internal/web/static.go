package web

import (
	"net/http"

	"github.com/a-h/templ"

	"pgbportaal/web/layout"
)

// static serves a page that depends on nothing but the frame.
func (s *Server) static(title string, c func(layout.Page) templ.Component) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, c(s.page(r, title)))
	}
}
