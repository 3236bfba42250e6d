package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/pdfbrief"
	"pgbportaal/internal/profiel"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// pdfRoutes mounts the documents as PDF letters. Every logged-in party may
// ask; the services and row-level security decide what exists for it, so a
// document of someone else is "not found".
func (s *Server) pdfRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireLogin)
		r.Get("/berichten/{id}/pdf", s.berichtPDF)
		r.Get("/zorgovereenkomsten/{id}/pdf", s.zovPDF)
		r.Get("/budget/{jaar}/pdf", s.budgetPDF)
		r.Get("/toekenningen/{id}/pdf", s.toekenningPDF)
	})
}

// pathID reads a positive numeric route parameter.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	return id, err == nil && id > 0
}

// sendPDF renders b and sends it as a download named filename, which holds
// only references, never a name or a BSN.
func (s *Server) sendPDF(w http.ResponseWriter, r *http.Request, filename string, b pdfbrief.Brief) {
	data, err := pdfbrief.Render(b)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
}

// afzender is the sender of every letter.
var afzender = []string{"PGB Portaal", "Sociale Verzekeringsbank en zorgkantoren"}

// geadresseerde is the addressee of a letter: the logged-in person or
// organisation, with the address of their profile when they keep one.
func (s *Server) geadresseerde(r *http.Request) (lines []string, aanhef string) {
	a, _ := auth.ActorFrom(r.Context())
	naam := a.Name
	if a.Aanhef != "" {
		naam = strings.ToUpper(a.Aanhef[:1]) + a.Aanhef[1:] + " " + a.Name
	}
	lines = []string{naam}
	if profiel.Needs(a) {
		if p, err := profiel.Get(r.Context(), s.pool, a); err == nil {
			if l := strings.TrimSpace(p.Straat + " " + p.Huisnummer); l != "" {
				lines = append(lines, l)
			}
			if l := strings.TrimSpace(p.Postcode + " " + p.Woonplaats); l != "" {
				lines = append(lines, l)
			}
		}
	}
	aanhef = "Geachte heer, mevrouw,"
	if a.Aanhef != "" {
		aanhef = "Geachte " + a.Aanhef + " " + a.Name + ","
	}
	return lines, aanhef
}

// inzake names the budgethouder a vertegenwoordiger acts for.
func inzake(r *http.Request) string {
	a, _ := auth.ActorFrom(r.Context())
	if a.Role == auth.RoleVertegenwoordiger {
		return a.ActingForName
	}
	return ""
}

// berichtPDF is a bericht as a letter, for the party that may read it.
func (s *Server) berichtPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	b, err := bericht.Open(r.Context(), s.pool, id)
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "downloaden", ObjectType: "bericht", ObjectID: strconv.FormatInt(id, 10),
		Outcome: audit.OutcomeOf(err)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sendPDF(w, r, "bericht-"+strconv.FormatInt(id, 10)+".pdf", s.berichtBrief(r, b))
}

// zovPDF is an agreement with its signatures and content hash, for the
// parties that may see it.
func (s *Server) zovPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	o, err := s.zov.Get(r.Context(), id)
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "downloaden", ObjectType: "zorgovereenkomst", ObjectID: strconv.FormatInt(id, 10),
		BudgethouderID: o.BudgethouderID, Outcome: audit.OutcomeOf(err)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m, have, err := s.maximaVoor(r, o.Inhoud)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sendPDF(w, r, "zorgovereenkomst-"+zov.Kenmerk(o.ID)+".pdf", s.zovBrief(r, o, m, have))
}

// budgetPDF is the budgetoverzicht of a year for the budgethouder (or whoever
// acts for them).
func (s *Server) budgetPDF(w http.ResponseWriter, r *http.Request) {
	jaar, err := strconv.Atoi(chi.URLParam(r, "jaar"))
	if err != nil || jaar < 2000 || jaar > 2100 {
		s.renderError(w, r, errNotFound)
		return
	}
	j, err := s.budget.JaaroverzichtVanJaar(r.Context(), jaar)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sendPDF(w, r, "budgetoverzicht-"+strconv.Itoa(j.Jaar)+".pdf", s.budgetBrief(r, j, inzake(r)))
}

// toekenningPDF is the budgetoverzicht of a toekenning for the zorgkantoor of
// its region.
func (s *Server) toekenningPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	j, err := s.budget.JaaroverzichtVanToekenning(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sendPDF(w, r, "budgetoverzicht-"+strconv.Itoa(j.Jaar)+"-"+j.Kenmerk()+".pdf",
		s.budgetBrief(r, j, j.BudgethouderNaam+" (relatienummer "+j.Relatienummer+")"))
}
