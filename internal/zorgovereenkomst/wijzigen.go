package zorgovereenkomst

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// ErrLopendeWijziging is returned when a change is started while another one
// of the same agreement is under way.
var ErrLopendeWijziging = apperr.WithCode(http.StatusConflict,
	"Er loopt al een wijziging van deze zorgovereenkomst. Rond die eerst af, of verwijder haar zolang zij nog een concept is.", apperr.ErrConflict)

func ongeldig(msg string) error {
	return apperr.WithCode(http.StatusUnprocessableEntity, msg, apperr.ErrInvalid)
}

// teValideren is the content a change is checked against the rules with:
// the proeftijd belongs to the start of an arbeidsovereenkomst, a change
// does not begin a new one.
func teValideren(in Inhoud, w *Wijzigingsgegevens) Inhoud {
	if w != nil && in.Soort == SoortDienst {
		in.Proeftijd = proeftijdGeen
	}
	return in
}

// eersteFout is the first message of errs in the wizard's order.
func eersteFout(errs FieldErrors) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range []string{"ingangsdatum", "einddatum", "soort", "zv_naam"} {
		if m, ok := errs[k]; ok {
			return m
		}
	}
	if len(keys) > 0 {
		return errs[keys[0]]
	}
	return ""
}

// lockAfspraak reads and locks an agreement without a version check.
func lockAfspraak(ctx context.Context, tx pgx.Tx, id int64) (row, error) {
	var v int
	err := tx.QueryRow(ctx, `SELECT versie FROM zorgovereenkomsten WHERE id = $1 FOR UPDATE`, id).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return row{}, apperr.ErrNotFound
	}
	if err != nil {
		return row{}, err
	}
	return lock(ctx, tx, id, v)
}

// controleerWijziging checks a change's content against the agreement it changes.
func (s *Service) controleerWijziging(ctx context.Context, tx pgx.Tx, r *row, in Inhoud) error {
	orig, err := lockAfspraak(ctx, tx, r.wijziging.Van)
	if err != nil {
		return err
	}
	if orig.status != Goedgekeurd {
		return transitionError(orig.status, ErrTransition)
	}
	if r.wijziging.Soort != SoortWijzigen {
		return nil // the portal chose the date of a verlenging or beëindiging
	}
	if errs := ControleerWijziging(orig.inhoud, in, s.today()); len(errs) > 0 {
		return ongeldig(eersteFout(errs))
	}
	return nil
}

// origineel locks an approved agreement a change may start from.
func (s *Service) origineel(ctx context.Context, tx pgx.Tx, id int64, versie int) (row, error) {
	r, err := lock(ctx, tx, id, versie)
	if err != nil {
		return r, err
	}
	if r.wijziging != nil || r.status != Goedgekeurd {
		return r, transitionError(r.status, ErrTransition)
	}
	var lopend int64
	err = tx.QueryRow(ctx, `SELECT id FROM zorgovereenkomsten WHERE wijziging_van = $1
		AND status IN ('concept', 'gedeeld', 'ondertekend_zorgverlener', 'ter_beoordeling', 'aanvulling_gevraagd') LIMIT 1`, id).Scan(&lopend)
	switch {
	case err == nil:
		return r, ErrLopendeWijziging
	case !errors.Is(err, pgx.ErrNoRows):
		return r, err
	}
	return r, nil
}

// budgethouderActor checks that the acting party writes for the budgethouder.
func budgethouderActor(ctx context.Context) (auth.Actor, error) {
	a, err := actor(ctx)
	if err != nil {
		return a, err
	}
	if p, err := partijOf(a); err != nil || p != PartijBudgethouder {
		return a, apperr.ErrForbidden
	}
	return a, nil
}

// nieuweWijziging stores a change row of soort for r with content in; a
// verlenging or beëindiging is shared with the zorgverlener at once.
func (s *Service) nieuweWijziging(ctx context.Context, tx pgx.Tx, a auth.Actor, r row, soort SoortWijziging, in Inhoud, notitie string) (int64, error) {
	doc, _ := json.Marshal(in)
	status, gedeeld := Concept, []byte(nil)
	if soort != SoortWijzigen {
		status, gedeeld = Gedeeld, doc
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, gedeeld_inhoud, notitie,
			wijziging_van, soort_wijziging, per, aangemaakt_op, gewijzigd_op)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		r.budgethouderID, nz(r.zorgverlenerID), status, doc, gedeeld, notitie, r.id, string(soort), in.Ingangsdatum, s.now()).Scan(&id)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "zorgovereenkomsten_een_lopende_wijziging" {
			return 0, ErrLopendeWijziging
		}
		return 0, err
	}
	wat := soort.Label() + " gestart (" + kenmerk(id) + ")"
	if err := s.event(ctx, tx, r.id, a, wat, notitie); err != nil {
		return 0, err
	}
	return id, s.event(ctx, tx, id, a, soort.Label()+" van "+kenmerk(r.id)+" opgesteld", "")
}

// Wijzigen starts a change of approved agreement id that takes effect on
// per (the first day of a month): a concept with the content in force,
// which the budgethouder completes in the same steps as a new agreement.
func (s *Service) Wijzigen(ctx context.Context, id int64, versie int, per civil.Date) (int64, error) {
	a, err := budgethouderActor(ctx)
	if err != nil {
		return 0, err
	}
	var nieuw, bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		r, err := s.origineel(ctx, tx, id, versie)
		bh = r.budgethouderID
		if err != nil {
			return err
		}
		if msg := ControleerPer(per, r.inhoud, s.today()); msg != "" {
			return ongeldig(msg)
		}
		in := r.inhoud
		in.Ingangsdatum = per
		nieuw, err = s.nieuweWijziging(ctx, tx, a, r, SoortWijzigen, in, "")
		return err
	})
	s.audit(ctx, "wijzigen", id, bh, err)
	if err != nil {
		return 0, fmt.Errorf("zorgovereenkomst: wijzigen: %w", err)
	}
	return nieuw, nil
}

// Verlengen proposes a later einddatum (or onbepaalde tijd) for approved
// agreement id. The zorgverlener signs it, then the budgethouder; it takes
// effect without the zorgkantoor.
func (s *Service) Verlengen(ctx context.Context, id int64, versie int, einddatum civil.Date, onbepaald bool) (int64, error) {
	a, err := budgethouderActor(ctx)
	if err != nil {
		return 0, err
	}
	var nieuw, bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		r, err := s.origineel(ctx, tx, id, versie)
		bh = r.budgethouderID
		if err != nil {
			return err
		}
		today := s.today()
		if msg := ControleerVerlenging(r.inhoud, einddatum, onbepaald, today); msg != "" {
			return ongeldig(msg)
		}
		in := r.inhoud
		in.Onbepaald, in.Einddatum = onbepaald, einddatum
		if onbepaald {
			in.Einddatum = civil.Date{}
		}
		in.Ingangsdatum = perVoorEinde(in.Einddatum, onbepaald, today)
		if err := s.geldig(ctx, tx, in); err != nil {
			return err
		}
		nieuw, err = s.nieuweWijziging(ctx, tx, a, r, SoortVerlengen, in, "")
		if err != nil {
			return err
		}
		tot := "voor onbepaalde tijd"
		if !onbepaald {
			tot = "tot en met " + einddatum.String()
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "zorgovereenkomst",
			"Verlenging zorgovereenkomst ter ondertekening",
			"De budgethouder wil de zorgovereenkomst verlengen "+tot+". Controleer de verlenging en onderteken haar in het PGB Portaal.",
			kenmerk(nieuw))
	})
	s.audit(ctx, "verlengen", id, bh, err)
	if err != nil {
		return 0, fmt.Errorf("zorgovereenkomst: verlengen: %w", err)
	}
	return nieuw, nil
}

// Beeindigen proposes an earlier einddatum for approved agreement id, no
// sooner than the opzegtermijn allows. The zorgverlener agrees by signing
// (then the budgethouder signs and it takes effect) or disagrees
// (NietAkkoord), which sends it to the zorgkantoor and informs the SVB.
func (s *Service) Beeindigen(ctx context.Context, id int64, versie int, einddatum civil.Date, toelichting string) (int64, error) {
	a, err := budgethouderActor(ctx)
	if err != nil {
		return 0, err
	}
	toelichting = strings.TrimSpace(toelichting)
	if len([]rune(toelichting)) > 2000 {
		return 0, ongeldig("Gebruik hoogstens 2000 tekens.")
	}
	var nieuw, bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		r, err := s.origineel(ctx, tx, id, versie)
		bh = r.budgethouderID
		if err != nil {
			return err
		}
		today := s.today()
		if msg := ControleerBeeindiging(r.inhoud, einddatum, today); msg != "" {
			return ongeldig(msg)
		}
		in := r.inhoud
		in.Onbepaald, in.Einddatum = false, einddatum
		in.Ingangsdatum = perVoorEinde(einddatum, false, today)
		if err := s.geldig(ctx, tx, in); err != nil {
			return err
		}
		nieuw, err = s.nieuweWijziging(ctx, tx, a, r, SoortBeeindigen, in, toelichting)
		if err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "zorgovereenkomst",
			"Beëindiging zorgovereenkomst: uw akkoord gevraagd",
			"De budgethouder wil de zorgovereenkomst beëindigen per "+einddatum.String()+". Gaat u akkoord, onderteken dan de beëindiging in het PGB Portaal. Bent u het er niet mee eens, geef dat daar dan aan: het zorgkantoor en de SVB krijgen dan bericht.",
			kenmerk(nieuw))
	})
	s.audit(ctx, "beeindigen", id, bh, err)
	if err != nil {
		return 0, fmt.Errorf("zorgovereenkomst: beeindigen: %w", err)
	}
	return nieuw, nil
}

// geldig checks that a verlenging or beëindiging still satisfies every rule.
func (s *Service) geldig(ctx context.Context, tx pgx.Tx, in Inhoud) error {
	max, have, err := maxima(ctx, tx, in.Ingangsdatum.Year)
	if err != nil {
		return err
	}
	if errs := ValidateAll(teValideren(in, &Wijzigingsgegevens{}), s.today(), max, have); len(errs) > 0 {
		return ongeldig("De zorgovereenkomst voldoet niet meer aan de regels: " + eersteFout(errs) + " Kies Wijzigen om haar aan te passen.")
	}
	return nil
}

// NietAkkoord records that the zorgverlener disagrees with a beëindiging:
// it goes to the zorgkantoor, and the SVB is informed, instead of ending.
func (s *Service) NietAkkoord(ctx context.Context, id int64, versie int, toelichting string) error {
	toelichting = strings.TrimSpace(toelichting)
	switch n := len([]rune(toelichting)); {
	case n == 0:
		return ongeldig("Schrijf waarom u het niet eens bent met de beëindiging.")
	case n > 2000:
		return ongeldig("Gebruik hoogstens 2000 tekens.")
	}
	return s.step(ctx, id, versie, NietAkkoord, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		if r.wijziging == nil || r.wijziging.Soort != SoortBeeindigen {
			return transitionError(r.status, ErrTransition)
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, onenigheid = $3, ingediend_op = $4,
			versie = versie + 1, gewijzigd_op = $4 WHERE id = $1`, id, to, toelichting, now); err != nil {
			return err
		}
		zk, svb, err := instanties(ctx, tx, r.id)
		if err != nil {
			return err
		}
		eind := r.inhoud.Einddatum.String()
		msgs := []struct {
			to             bericht.Recipient
			onderwerp, txt string
		}{
			{bericht.Recipient{BudgethouderID: r.budgethouderID}, "Zorgverlener niet akkoord met beëindiging",
				"De zorgverlener is het niet eens met de beëindiging per " + eind + ". De zorgovereenkomst loopt door tot het zorgkantoor heeft beslist. U krijgt bericht."},
			{bericht.Recipient{OrganisatieID: zk}, "Beëindiging zorgovereenkomst: zorgverlener niet akkoord",
				"Een budgethouder wil een zorgovereenkomst beëindigen per " + eind + "; de zorgverlener is het daar niet mee eens. Beoordeel de beëindiging."},
		}
		for _, o := range svb {
			msgs = append(msgs, struct {
				to             bericht.Recipient
				onderwerp, txt string
			}{bericht.Recipient{OrganisatieID: o}, "Beëindiging zorgovereenkomst: zorgverlener niet akkoord",
				"De zorgverlener is het niet eens met de beëindiging van een zorgovereenkomst per " + eind + ". Het zorgkantoor beslist; tot dan loopt de zorgovereenkomst door."})
		}
		for _, m := range msgs {
			if err := bericht.Send(ctx, tx, m.to, "zorgovereenkomst", m.onderwerp, m.txt, kenmerk(id)); err != nil {
				return err
			}
		}
		if err := s.event(ctx, tx, r.wijziging.Van, a, "Zorgverlener niet akkoord met beëindiging", toelichting); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Niet akkoord: naar het zorgkantoor en de SVB", toelichting)
	})
}

// instanties returns the zorgkantoor of agreement id's budgethouder and the SVB.
func instanties(ctx context.Context, tx pgx.Tx, id int64) (int64, []int64, error) {
	var zk *int64
	if err := tx.QueryRow(ctx, `SELECT pgb_zorgkantoor_van($1)`, id).Scan(&zk); err != nil {
		return 0, nil, err
	}
	if zk == nil {
		return 0, nil, apperr.ErrNotFound
	}
	rows, _ := tx.Query(ctx, `SELECT id FROM organisaties WHERE soort = 'svb' ORDER BY id`)
	svb, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return *zk, svb, err
}

// naOndertekeningZV tells the budgethouder what follows the zorgverlener's
// signature on change r (content in): only a change that needs the
// zorgkantoor goes there after the budgethouder signs.
func (s *Service) naOndertekeningZV(ctx context.Context, tx pgx.Tx, r *row, in Inhoud) (string, error) {
	var doc []byte
	if err := tx.QueryRow(ctx, `SELECT inhoud FROM zorgovereenkomsten WHERE id = $1`, r.wijziging.Van).Scan(&doc); err != nil {
		return "", err
	}
	var oud Inhoud
	if err := json.Unmarshal(doc, &oud); err != nil {
		return "", err
	}
	soort := strings.ToLower(r.wijziging.Soort.Label())
	switch {
	case r.wijziging.Soort == SoortBeeindigen:
		return "De zorgverlener gaat akkoord met de beëindiging en heeft haar ondertekend. Onderteken de beëindiging; daarna eindigt de zorgovereenkomst op " + in.Einddatum.String() + ".", nil
	case ZorgkantoorNodig(oud, in):
		return "De zorgverlener heeft de wijziging ondertekend. Controleer eventuele aanpassingen en onderteken de wijziging; daarna beoordeelt het zorgkantoor haar.", nil
	}
	return "De zorgverlener heeft de " + soort + " ondertekend. Controleer eventuele aanpassingen en onderteken de " + soort + "; daarna gaat zij in op " + r.wijziging.Per.String() + ", zonder beoordeling door het zorgkantoor.", nil
}

// wijzigingOndertekend follows the budgethouder's signature on a change:
// a change of only the looptijd or the overige afspraken takes effect, any
// other goes to the zorgkantoor while the current version stays in force.
func (s *Service) wijzigingOndertekend(ctx context.Context, tx pgx.Tx, a auth.Actor, r *row) error {
	orig, err := lockAfspraak(ctx, tx, r.wijziging.Van)
	if err != nil {
		return err
	}
	if orig.status != Goedgekeurd {
		return transitionError(orig.status, ErrTransition)
	}
	if !ZorgkantoorNodig(orig.inhoud, r.inhoud) {
		return s.doorvoeren(ctx, tx, a, r, orig)
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = 'ter_beoordeling', ingediend_op = $2, versie = versie + 1, gewijzigd_op = $2
		WHERE id = $1`, r.id, now); err != nil {
		return err
	}
	zk, _, err := instanties(ctx, tx, r.id)
	if err != nil {
		return err
	}
	per := r.wijziging.Per.String()
	for _, m := range []struct {
		to             bericht.Recipient
		onderwerp, txt string
	}{
		{bericht.Recipient{BudgethouderID: r.budgethouderID}, "Wijziging zorgovereenkomst ingediend bij het zorgkantoor",
			"U heeft de wijziging ondertekend. Het zorgkantoor beoordeelt haar; tot dan blijven de huidige afspraken gelden. Na goedkeuring gaat de wijziging in op " + per + "."},
		{bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "Wijziging zorgovereenkomst ingediend bij het zorgkantoor",
			"De budgethouder heeft de wijziging ondertekend en ingediend bij het zorgkantoor. Tot de goedkeuring blijven de huidige afspraken gelden."},
		{bericht.Recipient{OrganisatieID: zk}, "Wijziging zorgovereenkomst ter beoordeling",
			"Er staat een wijziging van een zorgovereenkomst klaar om te beoordelen. Zij gaat in op " + per + "."},
	} {
		if err := bericht.Send(ctx, tx, m.to, "zorgovereenkomst", m.onderwerp, m.txt, kenmerk(r.id)); err != nil {
			return err
		}
	}
	if err := s.event(ctx, tx, orig.id, a, "Wijziging ("+kenmerk(r.id)+") ingediend bij het zorgkantoor", ""); err != nil {
		return err
	}
	return s.event(ctx, tx, r.id, a, "Ondertekend door budgethouder en ingediend bij het zorgkantoor", "")
}

// wijzigingBeoordeeld is the zorgkantoor's decision on a change.
func (s *Service) wijzigingBeoordeeld(ctx context.Context, tx pgx.Tx, a auth.Actor, r *row, actie Actie, to Status, toelichting string) error {
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET beoordeling = $2, beoordeeld_op = $3 WHERE id = $1`, r.id, toelichting, now); err != nil {
		return err
	}
	if actie == Goedkeuren {
		orig, err := lockAfspraak(ctx, tx, r.wijziging.Van)
		if err != nil {
			return err
		}
		if orig.status != Goedgekeurd {
			return transitionError(orig.status, ErrTransition)
		}
		if err := s.event(ctx, tx, r.id, a, "Goedgekeurd door het zorgkantoor", toelichting); err != nil {
			return err
		}
		return s.doorvoeren(ctx, tx, a, r, orig)
	}
	if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, versie = versie + 1, gewijzigd_op = $3 WHERE id = $1`, r.id, to, now); err != nil {
		return err
	}
	label := r.wijziging.Soort.Label()
	var onderwerp, txt, wat string
	recipients := []bericht.Recipient{{BudgethouderID: r.budgethouderID}}
	if actie == Afkeuren {
		onderwerp, wat = "Afkeuring "+strings.ToLower(label)+" zorgovereenkomst", "Afgekeurd door het zorgkantoor"
		txt = "Het zorgkantoor heeft de " + strings.ToLower(label) + " afgekeurd. De huidige afspraken blijven gelden. De reden leest u in het PGB Portaal."
		recipients = append(recipients, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID})
		if r.wijziging.Onenigheid != "" {
			_, svb, err := instanties(ctx, tx, r.id)
			if err != nil {
				return err
			}
			for _, o := range svb {
				recipients = append(recipients, bericht.Recipient{OrganisatieID: o})
			}
		}
	} else {
		onderwerp, wat = "Aanvulling gevraagd op "+strings.ToLower(label)+" zorgovereenkomst", "Aanvulling gevraagd door het zorgkantoor"
		txt = "Het zorgkantoor vraagt u de " + strings.ToLower(label) + " aan te vullen. De vraag leest u in het PGB Portaal. Tot dan blijven de huidige afspraken gelden."
	}
	for _, rc := range recipients {
		if err := bericht.Send(ctx, tx, rc, "zorgovereenkomst", onderwerp, txt, kenmerk(r.id)); err != nil {
			return err
		}
	}
	if err := s.event(ctx, tx, r.wijziging.Van, a, label+" ("+kenmerk(r.id)+"): "+strings.ToLower(wat), toelichting); err != nil {
		return err
	}
	return s.event(ctx, tx, r.id, a, wat, toelichting)
}

// doorvoeren makes change r a version of agreement orig: recorded with its
// date, and the agreement's content becomes it (its looptijd still starting
// on the original ingangsdatum). The first change also records version 1.
func (s *Service) doorvoeren(ctx context.Context, tx pgx.Tx, a auth.Actor, r *row, orig row) error {
	now := s.now()
	var n int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(nummer), 0) FROM zorgovereenkomst_versies WHERE zorgovereenkomst_id = $1`, orig.id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		doc, _ := json.Marshal(orig.inhoud)
		if _, err := tx.Exec(ctx, `INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud, vastgesteld_op)
			VALUES ($1, 1, $2, $3, $4)`, orig.id, orig.inhoud.Ingangsdatum, doc, now); err != nil {
			return err
		}
		n = 1
	}
	doc, _ := json.Marshal(r.inhoud)
	if _, err := tx.Exec(ctx, `INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud, wijziging_id, vastgesteld_op)
		VALUES ($1, $2, $3, $4, $5, $6)`, orig.id, n+1, r.wijziging.Per, doc, r.id, now); err != nil {
		return err
	}
	nieuw := r.inhoud
	nieuw.Ingangsdatum = orig.inhoud.Ingangsdatum
	doc, _ = json.Marshal(nieuw)
	if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET inhoud = $2, versie = versie + 1, gewijzigd_op = $3 WHERE id = $1`,
		orig.id, doc, now); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = 'doorgevoerd', versie = versie + 1, gewijzigd_op = $2 WHERE id = $1`,
		r.id, now); err != nil {
		return err
	}
	label := r.wijziging.Soort.Label()
	var txt string
	switch r.wijziging.Soort {
	case SoortVerlengen:
		txt = "De zorgovereenkomst is verlengd. Zij loopt nu " + looptijdTekst(nieuw) + "."
	case SoortBeeindigen:
		txt = "De zorgovereenkomst is beëindigd. Zij loopt tot en met " + nieuw.Einddatum.String() + ". Daarna is declareren of een maandloon op deze zorgovereenkomst niet meer mogelijk."
	default:
		txt = fmt.Sprintf("De wijziging van de zorgovereenkomst gaat in op %s. Tot die dag gelden de vorige afspraken.", r.wijziging.Per)
	}
	recipients := []bericht.Recipient{{BudgethouderID: r.budgethouderID}, {ZorgverlenerID: r.zorgverlenerID}}
	if r.wijziging.Soort == SoortBeeindigen {
		_, svb, err := instanties(ctx, tx, r.id)
		if err != nil {
			return err
		}
		for _, o := range svb {
			recipients = append(recipients, bericht.Recipient{OrganisatieID: o})
		}
	}
	for _, rc := range recipients {
		if err := bericht.Send(ctx, tx, rc, "zorgovereenkomst", label+" zorgovereenkomst doorgevoerd", txt, kenmerk(orig.id)); err != nil {
			return err
		}
	}
	if err := s.event(ctx, tx, orig.id, a, fmt.Sprintf("%s doorgevoerd: versie %d geldt vanaf %s", label, n+1, r.wijziging.Per), ""); err != nil {
		return err
	}
	return s.event(ctx, tx, r.id, a, fmt.Sprintf("Doorgevoerd als versie %d van %s", n+1, kenmerk(orig.id)), "")
}

func looptijdTekst(in Inhoud) string {
	if in.Onbepaald {
		return "voor onbepaalde tijd"
	}
	return "tot en met " + in.Einddatum.String()
}

// VersiesIn returns the versions of agreement id that took effect, oldest
// first, as visible in tx. An approved agreement never changed has one:
// its content, from its ingangsdatum. Others have none.
func VersiesIn(ctx context.Context, tx pgx.Tx, id int64) ([]Versie, error) {
	rows, _ := tx.Query(ctx, `SELECT nummer, vanaf, inhoud, coalesce(wijziging_id, 0), vastgesteld_op
		FROM zorgovereenkomst_versies WHERE zorgovereenkomst_id = $1 ORDER BY nummer`, id)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Versie, error) {
		var v Versie
		var doc []byte
		if err := r.Scan(&v.Nummer, &v.Vanaf, &doc, &v.WijzigingID, &v.Vastgesteld); err != nil {
			return v, err
		}
		return v, json.Unmarshal(doc, &v.Inhoud)
	})
	if err != nil || len(out) > 0 {
		return out, err
	}
	var doc []byte
	var st Status
	err = tx.QueryRow(ctx, `SELECT status, inhoud FROM zorgovereenkomsten WHERE id = $1`, id).Scan(&st, &doc)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && st != Goedgekeurd) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var v Versie
	v.Nummer = 1
	if err := json.Unmarshal(doc, &v.Inhoud); err != nil {
		return nil, err
	}
	v.Vanaf = v.Inhoud.Ingangsdatum
	return []Versie{v}, nil
}

// Wijzigingsregel is one change of an agreement, for its page.
type Wijzigingsregel struct {
	ID         int64
	Soort      SoortWijziging
	Per        civil.Date
	Status     Status
	Onenigheid bool // the zorgverlener disagrees with this beëindiging
}

// Lopend reports whether the change is still under way.
func (w Wijzigingsregel) Lopend() bool {
	switch w.Status {
	case Concept, Gedeeld, OndertekendZorgverlener, TerBeoordeling, AanvullingGevraagd:
		return true
	}
	return false
}

// Geschiedenis is an agreement's versions and changes.
type Geschiedenis struct {
	Versies     []Versie
	Wijzigingen []Wijzigingsregel // newest first
}

// Historie returns the versions that took effect and the changes of
// agreement id, as the acting party may see them, in one statement. An
// approved agreement never changed has no recorded versions: its content is
// its only version (VersiesIn gives it).
func (s *Service) Historie(ctx context.Context, id int64) (Geschiedenis, error) {
	var g Geschiedenis
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var versies, wijzigingen []byte
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT coalesce(jsonb_agg(jsonb_build_object('nummer', nummer, 'vanaf', vanaf, 'inhoud', inhoud,
				'wijziging', coalesce(wijziging_id, 0), 'vastgesteld', vastgesteld_op) ORDER BY nummer), '[]')
				FROM zorgovereenkomst_versies WHERE zorgovereenkomst_id = $1),
			(SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'soort', soort_wijziging, 'per', per, 'status', status, 'onenigheid', onenigheid <> '') ORDER BY id DESC), '[]')
				FROM zorgovereenkomsten WHERE wijziging_van = $1)`, id).Scan(&versies, &wijzigingen); err != nil {
			return err
		}
		var vs []struct {
			Nummer      int        `json:"nummer"`
			Vanaf       civil.Date `json:"vanaf"`
			Inhoud      Inhoud     `json:"inhoud"`
			Wijziging   int64      `json:"wijziging"`
			Vastgesteld time.Time  `json:"vastgesteld"`
		}
		if err := json.Unmarshal(versies, &vs); err != nil {
			return err
		}
		for _, v := range vs {
			g.Versies = append(g.Versies, Versie{Nummer: v.Nummer, Vanaf: v.Vanaf, Inhoud: v.Inhoud, WijzigingID: v.Wijziging, Vastgesteld: v.Vastgesteld})
		}
		var ws []struct {
			ID         int64          `json:"id"`
			Soort      SoortWijziging `json:"soort"`
			Per        civil.Date     `json:"per"`
			Status     Status         `json:"status"`
			Onenigheid bool           `json:"onenigheid"`
		}
		if err := json.Unmarshal(wijzigingen, &ws); err != nil {
			return err
		}
		for _, w := range ws {
			g.Wijzigingen = append(g.Wijzigingen, Wijzigingsregel{ID: w.ID, Soort: w.Soort, Per: w.Per, Status: w.Status, Onenigheid: w.Onenigheid})
		}
		return nil
	})
	if err != nil {
		return g, fmt.Errorf("zorgovereenkomst: historie: %w", err)
	}
	return g, nil
}
