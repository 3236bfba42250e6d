package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

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

// betaalrunBestand downloads a run's pain.001 file: ?bestand=N for file N
// of a run that was split (default 1), streamed as stored.
func (s *Server) betaalrunBestand(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	nr := 1
	if v := r.URL.Query().Get("bestand"); v != "" && err == nil {
		nr, err = strconv.Atoi(v)
	}
	if err != nil || id <= 0 || nr <= 0 {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	begonnen := false
	err = betaalrun.Bestand(r.Context(), s.pool, id, nr, func(naam string, grootte int64) io.Writer {
		begonnen = true
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+naam+`"`)
		w.Header().Set("Content-Length", strconv.FormatInt(grootte, 10))
		return w
	})
	outcome := audit.OK
	if err != nil {
		outcome = audit.Refused
	}
	object := strconv.FormatInt(id, 10)
	if nr != 1 {
		object += "/" + strconv.Itoa(nr)
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "downloaden", ObjectType: "betaalrun", ObjectID: object, Outcome: outcome})
	switch {
	case err != nil && !begonnen:
		s.renderError(w, r, err)
	case err != nil:
		// The file was (partly) sent already: all that is left is to log it.
		s.log.Error("betaalrun: download broken off", "request_id", middleware.GetReqID(r.Context()), "betaalrun", id, "bestand", nr, "err", err)
	}
}
