package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/betaalrun"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// betaalrunStand shows what waits for payment and the earlier runs; the
// query (?uitgevoerd=<id>, ?leeg=1, ?bezig=1) reports on a run just started.
func (s *Server) betaalrunStand(w http.ResponseWriter, r *http.Request) {
	st, err := betaalrun.Overzicht(r.Context(), s.pool, 50)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.BetaalrunView{Stand: st, Volgende: betaalrun.VolgendeRun(s.now())}
	q := r.URL.Query()
	switch {
	case q.Get("uitgevoerd") != "":
		id, _ := strconv.ParseInt(q.Get("uitgevoerd"), 10, 64)
		for _, run := range st.Runs {
			if run.ID == id {
				v.Melding, v.MeldingSoort = "Betaalrun "+strconv.FormatInt(id, 10)+" is uitgevoerd: "+strconv.Itoa(run.Aantal)+
					" betalingen, samen "+components.FormatMoney(run.Totaal)+". Het SEPA-bestand staat hieronder.", "success"
			}
		}
	case q.Get("leeg") != "":
		v.Melding, v.MeldingSoort = "Er waren geen ingeplande betalingen; er is niets uitbetaald.", "info"
	case q.Get("bezig") != "":
		v.Melding, v.MeldingSoort = "Er liep al een betaalrun (bijvoorbeeld de automatische van 17:00). Uw betaalrun is niet uitgevoerd; bekijk hieronder het resultaat.", "warning"
	}
	s.render(w, r, http.StatusOK, pages.Betaalrun(s.page(r, "Betaalrun"), v))
}

// betaalrunUitvoeren runs the betaalrun now, then shows the result (POST–redirect–GET).
func (s *Server) betaalrunUitvoeren(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	res, err := betaalrun.Run(r.Context(), s.pool, s.now(), a.MedewerkerID)
	switch {
	case errors.Is(err, betaalrun.ErrBezig):
		http.Redirect(w, r, "/betaalrun?bezig=1", http.StatusSeeOther)
	case err != nil:
		s.renderError(w, r, err)
	case res.RunID == 0:
		http.Redirect(w, r, "/betaalrun?leeg=1", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/betaalrun?uitgevoerd="+strconv.FormatInt(res.RunID, 10), http.StatusSeeOther)
	}
}

// betaalrunBestand downloads a run's pain.001 file.
func (s *Server) betaalrunBestand(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	name, data, err := betaalrun.Bestand(r.Context(), s.pool, id)
	outcome := audit.OK
	if err != nil {
		outcome = audit.Refused
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "downloaden", ObjectType: "betaalrun", ObjectID: strconv.FormatInt(id, 10), Outcome: outcome})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
