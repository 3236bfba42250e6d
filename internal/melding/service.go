package melding

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Service reports, lists and handles meldingen. Every method reads the acting
// party from the context and runs in a scoped transaction, so row-level
// security decides what exists for that party; a melding another party may
// not see is apperr.ErrNotFound. Every read and change is audited.
type Service struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) today() civil.Date { return civil.Today(s.now()) }

// ongeldig refuses a melding with a Dutch message per form field
// (apperr.Fields).
func ongeldig(f FieldErrors) error {
	return apperr.Invalid("De melding is nog niet volledig of bevat fouten.", f)
}

// ErrAlBeterGemeld is the conflict of a second betermelding.
var ErrAlBeterGemeld = apperr.WithCode(http.StatusConflict,
	"Deze zorgverlener is al beter gemeld. Er is niets gewijzigd.", apperr.ErrConflict)

// ErrStale is the conflict of acting on a melding that changed meanwhile.
var ErrStale = apperr.WithCode(http.StatusConflict,
	"Deze melding is intussen gewijzigd. Bekijk de melding opnieuw; er is niets gewijzigd.", apperr.ErrConflict)

// Partij is the actor's side for meldingen.
type Partij string

// The sides.
const (
	PartijBudgethouder Partij = "budgethouder"
	PartijZorgverlener Partij = "zorgverlener"
	PartijSVB          Partij = "svb"
)

// PartijVan is the side a of the meldingen; for the zorgkantoor (and anyone
// else) meldingen do not exist.
func PartijVan(a auth.Actor) (Partij, error) {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		if a.BudgethouderID == 0 {
			return "", apperr.ErrForbidden
		}
		return PartijBudgethouder, nil
	case auth.RoleZorgverlener:
		return PartijZorgverlener, nil
	case auth.RoleSVB:
		return PartijSVB, nil
	}
	return "", apperr.ErrNotFound
}

func actor(ctx context.Context) (auth.Actor, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		return auth.Actor{}, apperr.ErrForbidden
	}
	return a, nil
}

// schrijver checks that a may report for a budgethouder: the budget side, not
// read-only.
func schrijver(a auth.Actor) error {
	p, err := PartijVan(a)
	if err != nil {
		return err
	}
	if p != PartijBudgethouder || a.ReadOnly {
		return apperr.WithCode(http.StatusForbidden, "Alleen wie het pgb beheert kan een melding doen.", apperr.ErrForbidden)
	}
	return nil
}

func (s *Service) audit(ctx context.Context, action string, id, budgethouderID int64, err error) {
	audit.Object(ctx, s.Pool, "melding", action, id, budgethouderID, err)
}

// Afspraken are the budgethouder's approved agreements, the zorgverleners one
// may report, by name.
func (s *Service) Afspraken(ctx context.Context) ([]Afspraak, error) {
	a, err := actor(ctx)
	if err == nil {
		err = schrijver(a)
	}
	if err != nil {
		return nil, err
	}
	var out []Afspraak
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		out, err = afspraken(ctx, tx, a.BudgethouderID, 0)
		return err
	})
	audit.Object(ctx, s.Pool, "zorgovereenkomst", "lezen", 0, a.BudgethouderID, err)
	if err != nil {
		return nil, fmt.Errorf("melding: afspraken: %w", err)
	}
	return out, nil
}

// afspraken reads the approved agreements of budgethouder bh (only id, when
// not 0), ordered by the zorgverlener's name.
func afspraken(ctx context.Context, tx pgx.Tx, bh, id int64) ([]Afspraak, error) {
	rows, _ := tx.Query(ctx, `SELECT id, zorgverlener_id, inhoud FROM zorgovereenkomsten
		WHERE budgethouder_id = $1 AND status = 'goedgekeurd' AND ($2 = 0 OR id = $2) ORDER BY id`, bh, id)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Afspraak, error) {
		var af Afspraak
		var doc []byte
		if err := r.Scan(&af.ID, &af.ZorgverlenerID, &doc); err != nil {
			return af, err
		}
		var in zov.Inhoud
		if err := json.Unmarshal(doc, &in); err != nil {
			return af, err
		}
		af.ZorgverlenerNaam, af.BudgethouderNaam = in.Zorgverlener.Naam, in.BudgethouderNaam
		af.Arbeidsovereenkomst = in.Soort == zov.SoortDienst
		af.Ingangsdatum = in.Ingangsdatum
		if !in.Onbepaald {
			af.Einddatum = in.Einddatum
		}
		return af, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y Afspraak) int { return strings.Compare(x.ZorgverlenerNaam, y.ZorgverlenerNaam) })
	return out, nil
}

const kolommen = `m.id, m.budgethouder_id, m.zorgovereenkomst_id, m.zorgverlener_id, m.soort, m.budgethouder_naam,
	coalesce((SELECT b.relatienummer FROM budgethouders b WHERE b.id = m.budgethouder_id), ''), m.zorgverlener_naam,
	m.arbeidsovereenkomst, m.begindatum, m.einddatum, m.svb_status, m.versie, m.gemeld_op, m.beter_gemeld_op, m.behandeld_op
	FROM meldingen m `

func scan(r pgx.CollectableRow) (Melding, error) {
	var m Melding
	err := r.Scan(&m.ID, &m.BudgethouderID, &m.ZorgovereenkomstID, &m.ZorgverlenerID, &m.Soort, &m.BudgethouderNaam,
		&m.Relatienummer, &m.ZorgverlenerNaam, &m.Arbeidsovereenkomst, &m.Begindatum, &m.Einddatum, &m.SVBStatus, &m.Versie,
		&m.GemeldOp, &m.BeterGemeldOp, &m.BehandeldOp)
	return m, err
}

// scope is the acting party's own condition on meldingen m, on top of
// row-level security.
func scope(a auth.Actor, p Partij) (string, []any) {
	switch p {
	case PartijBudgethouder:
		return "m.budgethouder_id = $1", []any{a.BudgethouderID}
	case PartijZorgverlener:
		return "m.zorgverlener_id = $1", []any{a.ZorgverlenerID}
	}
	return "true", nil
}

// Controleer checks a new melding without storing it, for the confirmation
// page: the rules' messages come back as apperr.Fields.
func (s *Service) Controleer(ctx context.Context, in Invoer) (Gecontroleerd, error) {
	a, err := actor(ctx)
	if err == nil {
		err = schrijver(a)
	}
	if err != nil {
		return Gecontroleerd{}, err
	}
	var g Gecontroleerd
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		g, err = s.controleer(ctx, tx, a, in)
		return err
	})
	return g, err
}

func (s *Service) controleer(ctx context.Context, tx pgx.Tx, a auth.Actor, in Invoer) (Gecontroleerd, error) {
	var af *Afspraak
	var bestaande []Melding
	if in.ZorgovereenkomstID > 0 {
		lijst, err := afspraken(ctx, tx, a.BudgethouderID, in.ZorgovereenkomstID)
		if err != nil {
			return Gecontroleerd{}, err
		}
		if len(lijst) == 1 {
			af = &lijst[0]
			rows, _ := tx.Query(ctx, `SELECT `+kolommen+`WHERE m.budgethouder_id = $1 AND m.zorgverlener_id = $2
				ORDER BY m.begindatum, m.id`, a.BudgethouderID, af.ZorgverlenerID)
			if bestaande, err = pgx.CollectRows(rows, scan); err != nil {
				return Gecontroleerd{}, err
			}
		}
	}
	g, f := ControleerMelding(in, af, bestaande, s.today())
	if len(f) > 0 {
		return g, ongeldig(f)
	}
	return g, nil
}

// Melden stores a new melding of the acting budget side (not read-only) after
// checking it against the rules under a lock on the budgethouder's
// meldingen, and sends the budgethouder and the zorgverlener a bericht. An
// employee's melding goes into the SVB's work queue. It returns the id.
func (s *Service) Melden(ctx context.Context, in Invoer) (int64, error) {
	a, err := actor(ctx)
	if err == nil {
		err = schrijver(a)
	}
	if err != nil {
		s.audit(ctx, "melden", 0, 0, err)
		return 0, err
	}
	var id int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		// One report at a time per budgethouder, so the overlap rules hold.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('meldingen'), $1::int)`, int32(a.BudgethouderID)); err != nil {
			return err
		}
		g, err := s.controleer(ctx, tx, a, in)
		if err != nil {
			return err
		}
		status := SVBNvt
		if g.Afspraak.Arbeidsovereenkomst {
			status = SVBTeBehandelen
		}
		err = tx.QueryRow(ctx, `INSERT INTO meldingen (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, budgethouder_naam,
				zorgverlener_naam, arbeidsovereenkomst, begindatum, einddatum, svb_status, gemeld_op)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			a.BudgethouderID, g.Afspraak.ID, g.Afspraak.ZorgverlenerID, g.Soort, g.Afspraak.BudgethouderNaam, g.Afspraak.ZorgverlenerNaam,
			g.Afspraak.Arbeidsovereenkomst, g.Begindatum, g.Einddatum, status, s.now()).Scan(&id)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return ongeldig(FieldErrors{VeldZorgovereenkomst: hoofdletter(g.Afspraak.ZorgverlenerNaam) + " is al ziek gemeld. Meld eerst beter voordat u een nieuwe ziekmelding doet."})
		}
		if err != nil {
			return err
		}
		m := Melding{ID: id, Soort: g.Soort, Begindatum: g.Begindatum, Einddatum: g.Einddatum, Arbeidsovereenkomst: g.Afspraak.Arbeidsovereenkomst,
			ZorgverlenerNaam: g.Afspraak.ZorgverlenerNaam, BudgethouderNaam: g.Afspraak.BudgethouderNaam}
		return meldBerichten(ctx, tx, a.BudgethouderID, g.Afspraak.ZorgverlenerID, m)
	})
	s.audit(ctx, "melden", id, a.BudgethouderID, err)
	if err != nil {
		return 0, fmt.Errorf("melding: melden: %w", err)
	}
	return id, nil
}

// svbZin tells what the SVB does with an employee's melding.
func svbZin(m Melding) string {
	if !m.Arbeidsovereenkomst {
		return ""
	}
	return " De zorgverlener is bij de budgethouder in dienst: de SVB regelt de loondoorbetaling en neemt zo nodig contact op."
}

func meldBerichten(ctx context.Context, tx pgx.Tx, bh, zv int64, m Melding) error {
	var onderwerp, aanBH, aanZV string
	switch m.Soort {
	case Ziek:
		onderwerp = "Ziekmelding"
		aanBH = fmt.Sprintf("U heeft %s ziek gemeld met als eerste ziektedag %s. Meld de zorgverlener beter zodra hij of zij weer werkt. Heeft u zorg nodig in de tussentijd? Kies dan Vervangende zorg regelen bij de melding.",
			m.ZorgverlenerNaam, m.Begindatum)
		aanZV = fmt.Sprintf("%s heeft u ziek gemeld met als eerste ziektedag %s.", m.BudgethouderNaam, m.Begindatum)
	case Zwanger:
		onderwerp = "Zwangerschapsmelding"
		aanBH = fmt.Sprintf("U heeft zwangerschapsverlof gemeld voor %s van %s tot en met (verwacht) %s. Heeft u zorg nodig in de tussentijd? Kies dan Vervangende zorg regelen bij de melding.",
			m.ZorgverlenerNaam, m.Begindatum, m.Einddatum.Date)
		aanZV = fmt.Sprintf("%s heeft uw zwangerschapsverlof gemeld van %s tot en met (verwacht) %s.", m.BudgethouderNaam, m.Begindatum, m.Einddatum.Date)
	}
	if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: bh}, "melding", onderwerp, aanBH+svbZin(m), m.Kenmerk()); err != nil {
		return err
	}
	return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: zv}, "melding", onderwerp, aanZV+svbZin(m), m.Kenmerk())
}

// Lijst lists the meldingen the acting party may see: the budget side its
// own and the zorgverlener those about themselves, newest first; the SVB
// all, the work queue (employees' meldingen waiting) first and oldest first.
func (s *Service) Lijst(ctx context.Context) ([]Melding, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := PartijVan(a)
	if err != nil {
		s.audit(ctx, "lezen", 0, 0, err)
		return nil, err
	}
	cond, args := scope(a, p)
	order := ` ORDER BY m.begindatum DESC, m.id DESC`
	if p == PartijSVB {
		order = ` ORDER BY m.svb_status = 'te_behandelen' DESC,
			CASE WHEN m.svb_status = 'te_behandelen' THEN coalesce(m.beter_gemeld_op, m.gemeld_op) END,
			coalesce(m.beter_gemeld_op, m.gemeld_op) DESC, m.id`
	}
	var out []Melding
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+kolommen+`WHERE `+cond+order+` LIMIT 500`, args...)
		var err error
		out, err = pgx.CollectRows(rows, scan)
		return err
	})
	s.audit(ctx, "lezen", 0, a.BudgethouderID, err)
	if err != nil {
		return nil, fmt.Errorf("melding: lijst: %w", err)
	}
	return out, nil
}

func lees(ctx context.Context, tx pgx.Tx, a auth.Actor, p Partij, id int64, forUpdate bool) (Melding, error) {
	cond, args := scope(a, p)
	cond = strings.Replace(cond, "$1", "$2", 1)
	q := `SELECT ` + kolommen + `WHERE m.id = $1 AND ` + cond
	if forUpdate {
		q += ` FOR UPDATE OF m`
	}
	rows, _ := tx.Query(ctx, q, append([]any{id}, args...)...)
	m, err := pgx.CollectExactlyOneRow(rows, scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	return m, err
}

// Get returns melding id if the acting party may see it; otherwise
// apperr.ErrNotFound. The reading is audited.
func (s *Service) Get(ctx context.Context, id int64) (Melding, error) {
	a, err := actor(ctx)
	if err != nil {
		return Melding{}, err
	}
	p, err := PartijVan(a)
	if err != nil {
		s.audit(ctx, "lezen", id, 0, err)
		return Melding{}, err
	}
	var m Melding
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		m, err = lees(ctx, tx, a, p, id, false)
		return err
	})
	s.audit(ctx, "lezen", id, m.BudgethouderID, err)
	if err != nil {
		return Melding{}, fmt.Errorf("melding: get: %w", err)
	}
	return m, nil
}

// ControleerBeter checks a betermelding of melding id without storing it.
func (s *Service) ControleerBeter(ctx context.Context, id int64, laatste string) (Melding, civil.Date, error) {
	var m Melding
	var d civil.Date
	err := s.beter(ctx, id, 0, laatste, false, func(mm Melding, dd civil.Date) { m, d = mm, dd })
	return m, d, err
}

// Betermelden records the laatste ziektedag of the open ziekmelding id
// (versie as read), sends the budgethouder and the zorgverlener a bericht
// and, for an employee, puts the melding back in the SVB's work queue to
// end the loondoorbetaling.
func (s *Service) Betermelden(ctx context.Context, id int64, versie int, laatste string) error {
	return s.beter(ctx, id, versie, laatste, true, nil)
}

func (s *Service) beter(ctx context.Context, id int64, versie int, laatste string, opslaan bool, klaar func(Melding, civil.Date)) error {
	actie := "betermelden"
	if !opslaan {
		actie = "lezen"
	}
	a, err := actor(ctx)
	if err == nil {
		err = schrijver(a)
	}
	if err != nil {
		if _, perr := PartijVan(a); perr != nil {
			err = perr
		}
		s.audit(ctx, actie, id, 0, err)
		return err
	}
	var bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		m, err := lees(ctx, tx, a, PartijBudgethouder, id, opslaan)
		if err != nil {
			return err
		}
		bh = m.BudgethouderID
		if !m.Open() {
			return ErrAlBeterGemeld
		}
		if opslaan && versie != m.Versie {
			return ErrStale
		}
		d, f := ControleerBetermelding(m, laatste, s.today())
		if len(f) > 0 {
			return ongeldig(f)
		}
		if klaar != nil {
			klaar(m, d)
		}
		if !opslaan {
			return nil
		}
		status := SVBNvt
		if m.Arbeidsovereenkomst {
			status = SVBTeBehandelen
		}
		if _, err := tx.Exec(ctx, `UPDATE meldingen SET einddatum = $2, beter_gemeld_op = $3, svb_status = $4, versie = versie + 1
			WHERE id = $1`, id, d, s.now(), status); err != nil {
			return err
		}
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: m.BudgethouderID}, "melding", "Betermelding",
			fmt.Sprintf("U heeft %s beter gemeld. Ziek van %s tot en met %s.", m.ZorgverlenerNaam, m.Begindatum, d)+svbZin(m), m.Kenmerk()); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: m.ZorgverlenerID}, "melding", "Betermelding",
			fmt.Sprintf("%s heeft u beter gemeld. Ziek van %s tot en met %s.", m.BudgethouderNaam, m.Begindatum, d)+svbZin(m), m.Kenmerk())
	})
	s.audit(ctx, actie, id, bh, err)
	if err != nil {
		return fmt.Errorf("melding: betermelden: %w", err)
	}
	return nil
}

// Afhandelen is the SVB marking melding id (versie as read) handled for the
// loondoorbetaling; the budgethouder and the zorgverlener get a bericht.
func (s *Service) Afhandelen(ctx context.Context, id int64, versie int) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	p, err := PartijVan(a)
	if err == nil && p != PartijSVB {
		err = apperr.ErrForbidden
	}
	if err != nil {
		s.audit(ctx, "afhandelen", id, 0, err)
		return err
	}
	var bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		m, err := lees(ctx, tx, a, p, id, true)
		if err != nil {
			return err
		}
		bh = m.BudgethouderID
		if m.SVBStatus != SVBTeBehandelen {
			return apperr.WithCode(http.StatusConflict, "Deze melding wacht niet (meer) op de SVB. Er is niets gewijzigd.", apperr.ErrConflict)
		}
		if versie != m.Versie {
			return ErrStale
		}
		var door any
		if a.MedewerkerID != 0 {
			door = a.MedewerkerID
		}
		if _, err := tx.Exec(ctx, `UPDATE meldingen SET svb_status = 'behandeld', behandeld_op = $2, behandeld_door = $3, versie = versie + 1
			WHERE id = $1`, id, s.now(), door); err != nil {
			return err
		}
		wat := "de loondoorbetaling tijdens de ziekte"
		switch {
		case m.Soort == Zwanger:
			wat = "de loondoorbetaling tijdens het zwangerschapsverlof"
		case !m.Open():
			wat = "het einde van de loondoorbetaling na de betermelding"
		}
		tekst := fmt.Sprintf("De SVB heeft de %s van %s (vanaf %s) verwerkt en regelt %s.", strings.ToLower(m.Soort.Label()), m.ZorgverlenerNaam, m.Begindatum, wat)
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: m.BudgethouderID}, "melding", "Melding verwerkt door de SVB", tekst, m.Kenmerk()); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: m.ZorgverlenerID}, "melding", "Melding verwerkt door de SVB", tekst, m.Kenmerk())
	})
	s.audit(ctx, "afhandelen", id, bh, err)
	if err != nil {
		return fmt.Errorf("melding: afhandelen: %w", err)
	}
	return nil
}
