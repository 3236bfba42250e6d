package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

var stapNamen = map[int]string{1: "Partijen", 2: "Werkafspraken", 3: "Algemene afspraken", 4: "Controle", 5: "Gedeeld"}

// mayWrite refuses a read-only budgethouder the wizard's pages: they can
// only look at their agreements.
func (s *Server) mayWrite(w http.ResponseWriter, r *http.Request) (auth.Actor, bool) {
	a, _ := auth.ActorFrom(r.Context())
	if !budgethouderActor(a) {
		s.renderError(w, r, apperr.WithCode(http.StatusForbidden,
			"U kunt uw pgb alleen bekijken. Uw gevolmachtigde stelt zorgovereenkomsten op.", apperr.ErrForbidden))
		return a, false
	}
	return a, true
}

// metPartijNamen copies the budgethouder's and vertegenwoordiger's names
// from the logged-in party (their profile) into the agreement.
func metPartijNamen(in zov.Inhoud, a auth.Actor) zov.Inhoud {
	in.BudgethouderNaam = a.Name
	if a.ActingForName != "" {
		in.BudgethouderNaam = a.ActingForName
	}
	in.VertegenwoordigerNaam = ""
	if a.Role == auth.RoleVertegenwoordiger {
		in.VertegenwoordigerNaam = a.Name
	}
	return in
}

// stapDecoders are the form decoders of steps 1 to 3.
var stapDecoders = map[int]func(url.Values, zov.Inhoud) (zov.Inhoud, stapInput){
	1: decodePartijen, 2: decodeWerkafspraken, 3: decodeAlgemeen,
}

func stapValues(n int, in zov.Inhoud) map[string]string {
	switch n {
	case 1:
		return partijenValues(in)
	case 2:
		return werkafsprakenValues(in)
	}
	return algemeenValues(in)
}

func stapOrder(n int) []string {
	switch n {
	case 1:
		return partijenVelden
	case 2:
		return werkafsprakenVelden
	}
	return algemeenVelden
}

// stapRegels are the rules of one step, checked on "Volgende stap".
func (s *Server) stapRegels(r *http.Request, n int, in zov.Inhoud) (map[string]string, error) {
	switch n {
	case 1:
		return zov.ValidatePartijen(in), nil
	case 2:
		m, have, err := s.maximaVoor(r, in)
		if err != nil {
			return nil, err
		}
		return zov.ValidateWerkafspraken(in, civil.Today(s.now()), m, have), nil
	}
	return zov.ValidateAlgemeen(in), nil
}

// zovFormView builds a step's view; values and errs are what the page shows.
func (s *Server) zovFormView(r *http.Request, id int64, n int, versie int, in zov.Inhoud, values, errs map[string]string) (pages.ZovFormView, error) {
	v := pages.ZovFormView{
		ID: id, Stap: n, Versie: strconv.Itoa(versie), Values: values, Errors: errs,
		Summary: summary(errs, stapOrder(n)), Soort: in.Soort, Professioneel: in.Professioneel(),
		BudgethouderNaam: in.BudgethouderNaam, VertegenwoordigerNaam: in.VertegenwoordigerNaam,
		SalarisVerplicht: zov.SalarisadministratieVerplicht(in),
	}
	if id == 0 {
		v.Action = "/zorgovereenkomsten/nieuw"
	} else {
		v.Action = zovURL(id, "/stap/"+strconv.Itoa(n))
	}
	switch n {
	case 1:
		b, err := s.zov.BestaandeZorgverleners(r.Context())
		if err != nil {
			return v, err
		}
		v.Bestaande = b
	case 2:
		m, have, err := s.maximaVoor(r, in)
		if err != nil {
			return v, err
		}
		v.Maximum = maximumZin(in, m, have)
		v.LoonHulp = loonHulp(in)
		if v.Tariefwijzer, err = s.tariefwijzer(r, in, m, have); err != nil {
			return v, err
		}
	}
	return v, nil
}

func stapComponent(p layout.Page, n int, v pages.ZovFormView) templ.Component {
	switch n {
	case 1:
		return pages.ZovStap1(p, v)
	case 2:
		return pages.ZovStap2(p, v)
	}
	return pages.ZovStap3(p, v)
}

func (s *Server) renderStap(w http.ResponseWriter, r *http.Request, status int, n int, v pages.ZovFormView) {
	title := foutTitel(pages.ZovStapTitel(n, stapNamen[n]), v.Errors)
	s.render(w, r, status, stapComponent(s.zovPage(r, title), n, v))
}

// zovNieuwForm is step 1 of a new agreement.
func (s *Server) zovNieuwForm(w http.ResponseWriter, r *http.Request) {
	a, ok := s.mayWrite(w, r)
	if !ok {
		return
	}
	in := metPartijNamen(zov.Inhoud{}, a)
	v, err := s.zovFormView(r, 0, 1, 0, in, partijenValues(in), map[string]string{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if len(v.Bestaande) == 0 {
		v.Values["zv_keuze"] = "nieuw"
	}
	s.renderStap(w, r, http.StatusOK, 1, v)
}

// zovNieuwOpslaan saves step 1 of a new agreement: the draft exists from here.
func (s *Server) zovNieuwOpslaan(w http.ResponseWriter, r *http.Request) {
	s.stapOpslaan(w, r, 0, 1)
}

// zovStapNummer reads {n} of /stap/{n}: 1, 2 or 3.
func zovStapNummer(r *http.Request) (int, bool) {
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	return n, err == nil && n >= 1 && n <= 3
}

// zovStapForm shows step 1, 2 or 3 of a draft, with the answers saved so far.
// With ?controleer=1 (sent there by "Delen met zorgverlener") it shows the
// step's errors at once.
func (s *Server) zovStapForm(w http.ResponseWriter, r *http.Request) {
	id, ok1 := zovID(r)
	n, ok2 := zovStapNummer(r)
	if !ok1 || !ok2 {
		s.renderError(w, r, errNotFound)
		return
	}
	if _, ok := s.mayWrite(w, r); !ok {
		return
	}
	o, err := s.zov.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !o.Status.Editable() {
		http.Redirect(w, r, zovURL(id, ""), http.StatusSeeOther)
		return
	}
	errs := map[string]string{}
	status := http.StatusOK
	if r.URL.Query().Get("controleer") != "" {
		if errs, err = s.stapRegels(r, n, o.Inhoud); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	v, err := s.zovFormView(r, id, n, o.Versie, o.Inhoud, stapValues(n, o.Inhoud), errs)
	if err == nil && n == 2 {
		err = s.perKeuze(r, o, &v)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Opgeslagen = r.URL.Query().Get("opgeslagen") != ""
	if n == 1 && r.URL.Query().Get("ingevuld") != "" && o.Inhoud.Zorgverlener.Naam != "" {
		v.Melding = "De gegevens van " + o.Inhoud.Zorgverlener.Naam + " zijn ingevuld. Controleer ze en vul aan wat ontbreekt."
	}
	v.AlGedeeld = o.Status != zov.Concept
	s.renderStap(w, r, status, n, v)
}

// zovStapOpslaan saves a step of a draft.
func (s *Server) zovStapOpslaan(w http.ResponseWriter, r *http.Request) {
	id, ok1 := zovID(r)
	n, ok2 := zovStapNummer(r)
	if !ok1 || !ok2 {
		s.renderError(w, r, errNotFound)
		return
	}
	s.stapOpslaan(w, r, id, n)
}

// stapOpslaan handles the three buttons of a step: "Opslaan" saves whatever
// is well-formed and stays, "Volgende stap" saves and moves on only when the
// step's rules hold, "Vorige stap" saves and goes back. Malformed input
// (a date that is no date) is never saved: the step comes back with the
// input as typed and the errors tied to the fields. id 0 is a new draft.
func (s *Server) stapOpslaan(w http.ResponseWriter, r *http.Request, id int64, n int) {
	a, ok := s.mayWrite(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	versie := zovVersie(r)
	var o zov.Overeenkomst
	if id != 0 {
		var err error
		if o, err = s.zov.Get(r.Context(), id); err != nil {
			s.renderError(w, r, err)
			return
		}
		if !o.Status.Editable() {
			s.renderError(w, r, apperr.WithCode(http.StatusConflict,
				"Deze zorgovereenkomst kan niet meer worden gewijzigd: zij heeft de status \""+o.Status.Label()+"\".", zov.ErrTransition))
			return
		}
	}
	in, si := stapDecoders[n](r.PostForm, o.Inhoud)
	melding := ""
	if n == 1 {
		in = metPartijNamen(in, a)
		var err error
		if in, melding, err = s.vulBestaandeIn(r, in, o.Inhoud, si); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	actie := r.PostForm.Get("actie")

	show := func(status int, versie int, errs map[string]string, melding string) {
		v, err := s.zovFormView(r, id, n, versie, in, si.Values, errs)
		if err == nil && n == 2 {
			err = s.perKeuze(r, o, &v)
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Melding = melding
		v.AlGedeeld = id != 0 && o.Status != zov.Concept
		s.renderStap(w, r, status, n, v)
	}
	if len(si.Errors) > 0 {
		show(http.StatusUnprocessableEntity, versie, si.Errors, "")
		return
	}
	if errs, err := s.wijzigingFouten(r, o, in); err != nil {
		s.renderError(w, r, err)
		return
	} else if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, versie, errs, "")
		return
	}

	// Save, unless nothing changed: saving an unchanged shared agreement
	// would needlessly void the sharing and the signatures.
	switch {
	case id == 0:
		nid, err := s.zov.Nieuw(r.Context(), in)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		id = nid
		if cur, err := s.zov.Get(r.Context(), id); err == nil {
			versie, o = cur.Versie, cur
		}
	case in.Hash() != o.Inhoud.Hash():
		nv, err := s.zov.Opslaan(r.Context(), id, versie, in)
		if errors.Is(err, zov.ErrStale) {
			_, msg := apperr.Classify(err)
			show(http.StatusConflict, o.Versie, map[string]string{}, msg)
			return
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		versie = nv
	default:
		versie = o.Versie
	}

	if melding != "" {
		// An existing zorgverlener was just chosen: show the filled-in details first.
		http.Redirect(w, r, zovURL(id, "/stap/1?ingevuld=1"), http.StatusSeeOther)
		return
	}
	switch actie {
	case "vorige":
		if n == 1 {
			http.Redirect(w, r, "/zorgovereenkomsten", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, zovURL(id, "/stap/"+strconv.Itoa(n-1)), http.StatusSeeOther)
	case "volgende":
		errs, err := s.stapRegels(r, n, in)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(errs) > 0 {
			// Saved, but not complete: stay, with the step's errors.
			show(http.StatusUnprocessableEntity, versie, errs, "")
			return
		}
		if n == 3 {
			http.Redirect(w, r, zovURL(id, "/controle"), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, zovURL(id, "/stap/"+strconv.Itoa(n+1)), http.StatusSeeOther)
	default:
		http.Redirect(w, r, zovURL(id, "/stap/"+strconv.Itoa(n)+"?opgeslagen=1"), http.StatusSeeOther)
	}
}

// vulBestaandeIn copies the details of an existing zorgverlener the person
// just chose (zv_keuze) into the agreement, so they need not be typed again.
// It returns a notice when it did; once chosen, the fields as shown are
// what is saved, so the person can still correct them.
func (s *Server) vulBestaandeIn(r *http.Request, in, vorig zov.Inhoud, si stapInput) (zov.Inhoud, string, error) {
	keuze := si.Values["zv_keuze"]
	kid, err := strconv.ParseInt(keuze, 10, 64)
	if err != nil || kid <= 0 || kid == vorig.Zorgverlener.ID {
		return in, "", nil
	}
	bestaande, err := s.zov.BestaandeZorgverleners(r.Context())
	if err != nil {
		return in, "", err
	}
	for _, z := range bestaande {
		if z.ID == kid {
			in.Zorgverlener = z
			for k, v := range partijenValues(in) {
				if k != "soort" {
					si.Values[k] = v
				}
			}
			for k := range si.Errors {
				if k != "soort" {
					delete(si.Errors, k)
				}
			}
			return in, "De gegevens van " + z.Naam + " zijn ingevuld. Controleer ze.", nil
		}
	}
	si.Errors["zv_keuze"] = msgKiesZV
	return in, "", nil
}

// zovVerder continues a draft at the first step that is not complete yet,
// or at the check when all are.
func (s *Server) zovVerder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	id := o.ID
	a, _ := auth.ActorFrom(r.Context())
	if !o.Status.Editable() || !budgethouderActor(a) {
		http.Redirect(w, r, zovURL(id, ""), http.StatusSeeOther)
		return
	}
	for n := 1; n <= 3; n++ {
		errs, err := s.stapRegels(r, n, o.Inhoud)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(errs) > 0 {
			http.Redirect(w, r, zovURL(id, "/stap/"+strconv.Itoa(n)), http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, zovURL(id, "/controle"), http.StatusSeeOther)
}
