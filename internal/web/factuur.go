package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/money"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// "Uploaden factuur" (the budget side) and "Facturen invoeren" (the SVB).
// The routes are registered in declaratieRoutes.

// factuurUploadMax is what an upload request may carry: the file and a
// little for the other fields and the multipart framing.
const factuurUploadMax = declaratie.MaxFactuurGrootte + 64<<10

var factuurNieuwVelden = []string{declaratie.VeldZorgovereenkomst, declaratie.VeldPeriode, declaratie.VeldFactuur}

var factuurVerwerkVelden = []string{declaratie.VeldSoort, declaratie.VeldBedrag, declaratie.VeldOmschrijving, declaratie.VeldIBAN}

const factuurTeGroot = "Het bestand is groter dan 5 MB. Kies een kleiner bestand, bijvoorbeeld door de factuur met een lagere resolutie te scannen."

// factuurGedaan are the confirmations a redirect may ask for.
var factuurGedaan = map[string]string{
	"ontvangen": "Uw factuur is ontvangen. Een medewerker van de SVB voert haar voor u in; dat duurt langer dan zelf declareren. U krijgt bericht zodra zij is verwerkt.",
	"verwerkt":  "De factuur is verwerkt: de declaratie is ingepland voor betaling en de budgethouder krijgt bericht.",
	"afgewezen": "De factuur is afgewezen. De budgethouder krijgt de reden in een brief (bericht).",
}

func (d *declaratieWeb) factuurNieuwView(r *http.Request, values, errs map[string]string) (pages.FactuurNieuwView, error) {
	v := pages.FactuurNieuwView{Values: values, Errors: errs, Summary: summary(errs, factuurNieuwVelden)}
	afspraken, err := d.dcl.Afspraken(r.Context())
	if err != nil {
		return v, err
	}
	v.Afspraken = []components.Option{{Value: "", Label: "Geen zorgverlener"}}
	for _, af := range afspraken {
		v.Afspraken = append(v.Afspraken, components.Option{Value: strconv.FormatInt(af.ID, 10), Label: af.Inhoud.Zorgverlener.Naam})
	}
	v.Maanden = []components.Option{{Value: "", Label: "Maak een keuze"}}
	today := civil.Today(d.now())
	for _, m := range declaratie.Maanden(today) {
		label := declaratie.MaandNaam(m)
		if !declaratie.MaandVoorbij(m, today) {
			label += " (lopende maand)"
		}
		v.Maanden = append(v.Maanden, components.Option{Value: maandWaarde(m), Label: label})
	}
	return v, nil
}

func (d *declaratieWeb) toonFactuurNieuw(w http.ResponseWriter, r *http.Request, status int, values, errs map[string]string) {
	v, err := d.factuurNieuwView(r, values, errs)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	title := "Uploaden factuur"
	if len(errs) > 0 {
		title = "Fout: " + title
	}
	d.render(w, r, status, pages.FactuurNieuw(d.dclPage(r, title), v))
}

// factuurNieuw is the upload form.
func (d *declaratieWeb) factuurNieuw(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if !budgethouderActor(a) {
		d.renderError(w, r, apperr.WithCode(http.StatusForbidden, "U kunt uw pgb alleen bekijken. Uw gevolmachtigde uploadt facturen.", apperr.ErrForbidden))
		return
	}
	values := map[string]string{declaratie.VeldPeriode: maandWaarde(civil.Today(d.now()).FirstOfMonth().AddMonths(-1))}
	d.toonFactuurNieuw(w, r, http.StatusOK, values, map[string]string{})
}

// factuurUpload reads the multipart form as a stream: the small fields, and
// the file up to 5 MB (the request as a whole is capped by MaxBytesReader).
// Only the content decides whether it is a PDF (in the service), never the
// name or the Content-Type the browser sent.
func (d *declaratieWeb) factuurUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, factuurUploadMax)
	mr, err := r.MultipartReader()
	if err != nil {
		d.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	values := map[string]string{}
	var naam string
	var inhoud []byte
	teGroot := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			teGroot = true
			break
		}
		if err != nil {
			d.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
			return
		}
		switch name := part.FormName(); name {
		case declaratie.VeldZorgovereenkomst, declaratie.VeldPeriode:
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				teGroot = errors.As(err, &mbe)
				break
			}
			values[name] = string(b)
		case declaratie.VeldFactuur:
			naam = part.FileName()
			inhoud, err = io.ReadAll(io.LimitReader(part, declaratie.MaxFactuurGrootte+1))
			if errors.As(err, &mbe) || len(inhoud) > declaratie.MaxFactuurGrootte {
				teGroot = true
			} else if err != nil {
				d.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
				return
			}
		}
		_ = part.Close()
		if teGroot {
			break
		}
	}
	if teGroot {
		inhoud = nil
	}
	_, hadAfspraak := values[declaratie.VeldZorgovereenkomst]
	in := declaratie.UploadInvoer{
		ZorgovereenkomstID: parseID(values[declaratie.VeldZorgovereenkomst]),
		Periode:            parseMaand(values[declaratie.VeldPeriode]),
		Bestandsnaam:       naam,
		Inhoud:             inhoud,
	}
	if !hadAfspraak {
		in.ZorgovereenkomstID = 0
	}
	if !teGroot {
		_, err = d.dcl.FactuurUploaden(r.Context(), in)
		if err == nil {
			http.Redirect(w, r, "/facturen?gedaan=ontvangen", http.StatusSeeOther)
			return
		}
	} else {
		// Tell what else is wrong too, without storing anything.
		err = nil
		if msg := declaratie.ControleerFactuurPeriode(in.Periode, civil.Today(d.now())); msg != "" {
			err = apperr.Invalid(msg, map[string]string{declaratie.VeldPeriode: msg})
		}
	}
	errs, ok := ongeldigeVelden(err)
	if err != nil && !ok {
		d.renderError(w, r, err)
		return
	}
	if errs == nil {
		errs = map[string]string{}
	}
	status := http.StatusUnprocessableEntity
	if teGroot {
		errs[declaratie.VeldFactuur], status = factuurTeGroot, http.StatusRequestEntityTooLarge
	}
	d.toonFactuurNieuw(w, r, status, values, errs)
}

// factuurLeeftijd says how long an invoice received at t waits on now, in
// days of the Dutch calendar.
func factuurLeeftijd(t, now time.Time) string {
	van, tot := civil.Today(t).In(time.UTC), civil.Today(now).In(time.UTC)
	n := int(tot.Sub(van).Hours()+12) / 24
	switch {
	case n <= 0:
		return "vandaag ontvangen"
	case n == 1:
		return "1 dag"
	}
	return strconv.Itoa(n) + " dagen"
}

func factuurZorgverlener(f declaratie.Factuur) string {
	if f.ZorgverlenerNaam == "" {
		return "Geen (op de rekening van de budgethouder)"
	}
	return f.ZorgverlenerNaam
}

// facturen is the SVB's queue or the budget side's own invoices.
func (d *declaratieWeb) facturen(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	lijst, err := d.dcl.Facturen(r.Context())
	audit.Record(r.Context(), d.pool, audit.Entry{Action: "lezen", ObjectType: "facturen", Outcome: audit.OutcomeOf(err)})
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	now := d.now()
	v := pages.FacturenView{Svb: a.Role == auth.RoleSVB, Uploaden: budgethouderActor(a), Melding: factuurGedaan[r.URL.Query().Get("gedaan")]}
	for _, f := range lijst {
		v.Rijen = append(v.Rijen, pages.FactuurRij{ID: f.ID, Kenmerk: f.Kenmerk(), Budgethouder: f.BudgethouderNaam + " (" + f.Relatienummer + ")",
			Zorgverlener: factuurZorgverlener(f), Periode: f.Maand(), Bestand: f.Bestandsnaam, Ontvangen: pages.DatumTijd(f.OntvangenOp),
			Wacht: factuurLeeftijd(f.OntvangenOp, now), Status: f.Status.Label()})
	}
	title := "Uw facturen"
	if v.Svb {
		title = "Facturen invoeren"
	}
	d.render(w, r, http.StatusOK, pages.Facturen(d.dclPage(r, title), v))
}

func grootte(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	if n < 1<<20 {
		return strconv.FormatInt((n+1023)/1024, 10) + " kB"
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

func (d *declaratieWeb) toonFactuur(w http.ResponseWriter, r *http.Request, status int, id int64, values, errs map[string]string, fout string) {
	a, _ := auth.ActorFrom(r.Context())
	f, err := d.dcl.Factuur(r.Context(), id)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	v := pages.FactuurView{ID: f.ID, Kenmerk: f.Kenmerk(), Budgethouder: f.BudgethouderNaam + " (" + f.Relatienummer + ")",
		Zorgverlener: factuurZorgverlener(f), Periode: f.Maand(), Bestand: f.Bestandsnaam, Grootte: grootte(f.Grootte), SHA256: f.SHA256,
		Ontvangen: pages.DatumTijd(f.OntvangenOp), Status: f.Status.Label(), Reden: f.Reden,
		Behandelen: a.Role == auth.RoleSVB && f.Status == declaratie.FactuurOntvangen,
		Values:     values, Errors: errs, Summary: summary(errs, factuurVerwerkVelden, []string{declaratie.VeldReden}), Fout: fout}
	if f.Status == declaratie.FactuurOntvangen {
		v.Wacht = factuurLeeftijd(f.OntvangenOp, d.now())
	}
	if f.DeclaratieID != 0 {
		v.DeclaratieURL, v.DeclaratieKmk = dclURL(f.DeclaratieID, ""), declaratie.Kenmerk(f.DeclaratieID)
	}
	if v.Values == nil {
		v.Values = map[string]string{declaratie.VeldIBAN: f.IBAN}
		if f.ZorgovereenkomstID != 0 {
			v.Values[declaratie.VeldSoort] = string(declaratie.SoortZorg)
		}
	}
	for _, s := range declaratie.Soorten {
		v.Soorten = append(v.Soorten, components.Option{Value: string(s), Label: s.Label()})
	}
	title := "Factuur " + f.Kenmerk()
	if len(errs) > 0 || fout != "" {
		title = "Fout: " + title
	}
	d.render(w, r, status, pages.Factuur(d.dclPage(r, title), v))
}

// factuur shows one invoice to the budget side that uploaded it or the SVB.
func (d *declaratieWeb) factuur(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	d.toonFactuur(w, r, http.StatusOK, id, nil, nil, "")
}

// factuurPDF sends the invoice as a download, never to be shown inline or
// sniffed as anything else.
func (d *declaratieWeb) factuurPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	f, pdf, err := d.dcl.FactuurPDF(r.Context(), id)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.DownloadNaam()}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pdf)
}

// factuurBehandelen is the SVB entering (actie=verwerken) or rejecting
// (actie=afwijzen) an invoice.
func (d *declaratieWeb) factuurBehandelen(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	if !d.parseForm(w, r) {
		return
	}
	f := r.PostForm
	values := map[string]string{}
	for _, k := range append(factuurVerwerkVelden, declaratie.VeldReden) {
		values[k] = f.Get(k)
	}
	errs := map[string]string{}
	var err error
	gedaan := "afgewezen"
	switch f.Get("actie") {
	case "verwerken":
		gedaan = "verwerkt"
		inv := declaratie.VerwerkInvoer{Soort: declaratie.Soort(values[declaratie.VeldSoort]), Omschrijving: values[declaratie.VeldOmschrijving],
			IBAN: values[declaratie.VeldIBAN]}
		if strings.TrimSpace(values[declaratie.VeldBedrag]) == "" {
			errs[declaratie.VeldBedrag] = "Vul het bedrag van de factuur in, bijvoorbeeld 1.234,56."
		} else if c, perr := money.Parse(values[declaratie.VeldBedrag]); perr != nil {
			errs[declaratie.VeldBedrag] = perr.Error()
		} else {
			inv.Bedrag = int64(c)
		}
		if len(errs) == 0 {
			_, err = d.dcl.FactuurVerwerken(r.Context(), id, inv)
		}
	case "afwijzen":
		err = d.dcl.FactuurAfwijzen(r.Context(), id, values[declaratie.VeldReden])
	default:
		d.toonFactuur(w, r, http.StatusUnprocessableEntity, id, values, errs, "Kies Verwerken of Afwijzen.")
		return
	}
	if err == nil && len(errs) == 0 {
		http.Redirect(w, r, "/facturen?gedaan="+gedaan, http.StatusSeeOther)
		return
	}
	status := http.StatusUnprocessableEntity
	fout := ""
	if err != nil {
		code, msg := apperr.Classify(err)
		fe, isVeld := ongeldigeVelden(err)
		switch {
		case isVeld:
			for k, m := range fe {
				if k == declaratie.VeldPeriode || k == declaratie.VeldZorgovereenkomst {
					fout = m // not the SVB's to change: shown above the form
					continue
				}
				errs[k] = m
			}
		case errors.Is(err, budget.ErrBudgetOntoereikend), errors.Is(err, budget.ErrGeenBudget):
			errs[declaratie.VeldBedrag] = msg
		case errors.Is(err, declaratie.ErrDubbel):
			errs[declaratie.VeldSoort], status = msg, code
		case code == http.StatusConflict || code == http.StatusUnprocessableEntity:
			fout, status = msg, code
		default:
			d.renderError(w, r, err)
			return
		}
	}
	d.toonFactuur(w, r, status, id, values, errs, fout)
}
