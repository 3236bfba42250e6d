package declaratie

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Service drafts, submits, approves and withdraws declaraties. Every method
// reads the acting party from the context and runs in a scoped transaction,
// so row-level security decides what exists for that party; a declaratie
// another party may not see is apperr.ErrNotFound.
type Service struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}

// Errors of the service, safe to show.
var (
	ErrStale = apperr.WithCode(http.StatusConflict,
		"Iemand anders heeft deze declaratie intussen gewijzigd. Open de declaratie opnieuw; uw wijziging is niet opgeslagen.", apperr.ErrConflict)
	// ErrDubbel is wrapped by the error for a second declaratie of geleverde
	// zorg for one agreement and month (AlIngediend).
	ErrDubbel = errors.New("declaratie: already one for this agreement and month")
)

// AlIngediend is the error for a second declaratie of geleverde zorg under
// one agreement over periode.
func AlIngediend(periode civil.Date) error {
	return apperr.WithCode(http.StatusConflict,
		fmt.Sprintf("Voor deze zorgovereenkomst is over %s al een declaratie ingediend.", MaandNaam(periode)),
		fmt.Errorf("%w: %w", ErrDubbel, apperr.ErrConflict))
}

// ongeldig refuses a declaratie with a Dutch message per form field
// (apperr.Fields).
func ongeldig(f FieldErrors) error {
	return apperr.Invalid("De declaratie is nog niet volledig of bevat fouten. Controleer de declaratie.", f)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) today() civil.Date { return civil.Today(s.now()) }

func actor(ctx context.Context) (auth.Actor, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		return auth.Actor{}, apperr.ErrForbidden
	}
	return a, nil
}

// partijOf is the actor's side in the state machine. A read-only
// budgethouder may only look; a zorgkantoor takes no part in declaraties,
// so for it every declaratie is not found.
func partijOf(a auth.Actor) (Partij, error) {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		if a.ReadOnly || a.BudgethouderID == 0 {
			return "", apperr.ErrForbidden
		}
		return PartijBudgethouder, nil
	case auth.RoleZorgverlener:
		if a.ZorgverlenerID == 0 {
			return "", apperr.ErrForbidden
		}
		return PartijZorgverlener, nil
	case auth.RoleSVB:
		return PartijSVB, nil
	}
	return "", apperr.ErrNotFound
}

// scope is the acting party's own condition on declaraties d, on top of
// row-level security: the budget side its budgethouder, a zorgverlener
// itself. It returns the SQL and its argument, numbered from n.
func scope(a auth.Actor, n int) (string, []any) {
	p := "$" + strconv.Itoa(n)
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		return " AND d.budgethouder_id = " + p, []any{a.BudgethouderID}
	case auth.RoleZorgverlener:
		return " AND d.zorgverlener_id = " + p, []any{a.ZorgverlenerID}
	}
	return "", nil
}

func nz(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// NieuwInvoer is step 1 of "Indienen declaratie": soort, agreement (for the
// soorten paid to a zorgverlener) and month.
type NieuwInvoer struct {
	Soort              Soort
	ZorgovereenkomstID int64
	Periode            civil.Date
}

// Nieuw starts a concept declaratie for the acting budgethouder, or for the
// acting zorgverlener (geleverde zorg under an approved agreement of theirs,
// to be sent to the budgethouder). A second declaratie of geleverde zorg
// for an agreement and month is refused with AlIngediend, also when two
// arrive at once (the database's unique index decides).
func (s *Service) Nieuw(ctx context.Context, n NieuwInvoer) (int64, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	p, err := partijOf(a)
	if err == nil && p == PartijSVB {
		err = apperr.ErrForbidden
	}
	if err != nil {
		s.audit(ctx, "opstellen", 0, 0, err)
		return 0, err
	}
	var id, bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		f := FieldErrors{}
		switch {
		case !n.Soort.Geldig():
			f.add(VeldSoort, "Kies de soort declaratie.")
		case p == PartijZorgverlener && n.Soort != SoortZorg:
			f.add(VeldSoort, "Als zorgverlener declareert u geleverde zorg.")
		}
		if len(f) > 0 {
			return ongeldig(f)
		}
		if n.Periode.IsValid() {
			n.Periode = n.Periode.FirstOfMonth()
		}
		var in *zov.Inhoud
		var zv, zovID int64
		bh = a.BudgethouderID
		if n.Soort.MetZorgovereenkomst() {
			if n.ZorgovereenkomstID <= 0 {
				return ongeldig(FieldErrors{VeldZorgovereenkomst: "Kies de zorgverlener."})
			}
			af, err := afspraak(ctx, tx, a, n.ZorgovereenkomstID)
			if errors.Is(err, apperr.ErrNotFound) {
				return ongeldig(FieldErrors{VeldZorgovereenkomst: "Kies een zorgverlener uit de lijst."})
			}
			if err != nil {
				return err
			}
			maand := af.Inhoud
			if n.Periode.IsValid() {
				// A maandloon agreed from a later month leaves the months before declarable.
				versies, err := zov.VersiesIn(ctx, tx, af.ID)
				if err != nil {
					return err
				}
				maand = AfspraakInMaand(af.Inhoud, versies, n.Periode)
			}
			if msg := Declarabel(af.Status, maand); msg != "" {
				return ongeldig(FieldErrors{VeldZorgovereenkomst: msg})
			}
			in, zv, zovID, bh = &af.Inhoud, af.ZorgverlenerID, af.ID, af.BudgethouderID
		}
		if msg := ControleerPeriode(n.Soort, n.Periode, in, s.today()); msg != "" {
			return ongeldig(FieldErrors{VeldPeriode: msg})
		}
		if n.Soort == SoortZorg {
			var bestaat bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM declaraties WHERE zorgovereenkomst_id = $1 AND periode = $2
				AND soort = 'zorg' AND status <> 'ingetrokken')`, zovID, n.Periode).Scan(&bestaat); err != nil {
				return err
			}
			if bestaat {
				return AlIngediend(n.Periode)
			}
		}
		iban := ""
		if !n.Soort.MetZorgovereenkomst() {
			// The budgethouder's own account, when their profile has one.
			if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT pr.iban FROM profielen pr JOIN budgethouders b ON b.persoon_id = pr.persoon_id
				WHERE b.id = $1), '')`, bh).Scan(&iban); err != nil {
				return err
			}
		}
		door := DoorBudgethouder
		if p == PartijZorgverlener {
			door = DoorZorgverlener
		}
		now := s.now()
		err := tx.QueryRow(ctx, `INSERT INTO declaraties (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, periode,
				ingevoerd_door, iban, aangemaakt_op, gewijzigd_op)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			bh, nz(zovID), nz(zv), n.Soort, n.Periode, door, iban, now).Scan(&id)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "declaraties_een_per_maand" {
			return AlIngediend(n.Periode)
		}
		return err
	})
	s.audit(ctx, "opstellen", id, bh, err)
	if err != nil {
		return 0, fmt.Errorf("declaratie: nieuw: %w", err)
	}
	return id, nil
}

// Afspraak is an approved agreement one may declare under.
type Afspraak struct {
	ID, BudgethouderID, ZorgverlenerID int64
	Status                             zov.Status
	Inhoud                             zov.Inhoud
	Maanden                            []civil.Date // the months it may be declared over, newest first (Afspraken only)
}

// afspraak reads an agreement the acting party may see and that is theirs.
func afspraak(ctx context.Context, tx pgx.Tx, a auth.Actor, id int64) (Afspraak, error) {
	q := `SELECT z.id, z.budgethouder_id, coalesce(z.zorgverlener_id, 0), z.status, z.inhoud FROM zorgovereenkomsten z WHERE z.id = $1`
	args := []any{id}
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		q += ` AND z.budgethouder_id = $2`
		args = append(args, a.BudgethouderID)
	case auth.RoleZorgverlener:
		q += ` AND z.zorgverlener_id = $2`
		args = append(args, a.ZorgverlenerID)
	}
	rows, _ := tx.Query(ctx, q, args...)
	af, err := pgx.CollectExactlyOneRow(rows, scanAfspraak)
	if errors.Is(err, pgx.ErrNoRows) {
		return af, apperr.ErrNotFound
	}
	return af, err
}

func scanAfspraak(r pgx.CollectableRow) (Afspraak, error) {
	var af Afspraak
	var doc []byte
	if err := r.Scan(&af.ID, &af.BudgethouderID, &af.ZorgverlenerID, &af.Status, &doc); err != nil {
		return af, err
	}
	err := json.Unmarshal(doc, &af.Inhoud)
	return af, err
}

const declaratieKolommen = `d.id, d.budgethouder_id, coalesce(d.zorgovereenkomst_id, 0), coalesce(d.zorgverlener_id, 0), d.soort,
	d.periode, d.status, d.ingevoerd_door, d.regels, d.totaal, d.naar_waarheid, d.notitie, d.omschrijving, d.iban, d.versie,
	d.aangemaakt_op, d.gewijzigd_op, d.ingediend_op,
	coalesce(b.id, 0), coalesce(b.status, ''), b.uitbetaald_op`

// declaratieFrom joins the declaratie's planned or paid betaling: every
// party that may see a declaratie may see that betaling too.
const declaratieFrom = ` FROM declaraties d LEFT JOIN betalingen b ON b.declaratie_id = d.id AND b.status <> 'ingetrokken' `

func scanDeclaratie(r pgx.CollectableRow) (Declaratie, error) {
	var d Declaratie
	var regels []byte
	var betaling string
	err := r.Scan(&d.ID, &d.BudgethouderID, &d.ZorgovereenkomstID, &d.ZorgverlenerID, &d.Soort, &d.Periode, &d.Status,
		&d.IngevoerdDoor, &regels, &d.Totaal, &d.NaarWaarheid, &d.Notitie, &d.Omschrijving, &d.IBAN, &d.Versie,
		&d.Aangemaakt, &d.Gewijzigd, &d.IngediendOp, &d.BetalingID, &betaling, &d.UitbetaaldOp)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(regels, &d.Regels); err != nil {
		return d, err
	}
	if betaling == budget.Uitbetaald && (d.Status == Ingepland || d.Status == IntrekkingAangevraagd) {
		d.Status = Uitbetaald
	}
	return d, nil
}

// lees reads declaratie id as the acting party may see it (forUpdate: and
// locks it), with its agreement.
func lees(ctx context.Context, tx pgx.Tx, a auth.Actor, id int64, forUpdate bool) (Declaratie, error) {
	cond, args := scope(a, 2)
	q := `SELECT ` + declaratieKolommen + declaratieFrom + `WHERE d.id = $1` + cond
	if forUpdate {
		q += ` FOR UPDATE OF d`
	}
	rows, _ := tx.Query(ctx, q, append([]any{id}, args...)...)
	d, err := pgx.CollectExactlyOneRow(rows, scanDeclaratie)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, apperr.ErrNotFound
	}
	if err != nil {
		return d, err
	}
	if d.ZorgovereenkomstID != 0 {
		rows, _ := tx.Query(ctx, `SELECT z.id, z.budgethouder_id, coalesce(z.zorgverlener_id, 0), z.status, z.inhoud
			FROM zorgovereenkomsten z WHERE z.id = $1`, d.ZorgovereenkomstID)
		af, err := pgx.CollectExactlyOneRow(rows, scanAfspraak)
		switch {
		case err == nil:
			d.Afspraak, d.AfspraakStatus = &af.Inhoud, af.Status
			d.ZorgverlenerNaam, d.BudgethouderNaam = af.Inhoud.Zorgverlener.Naam, af.Inhoud.BudgethouderNaam
			if d.Versies, err = zov.VersiesIn(ctx, tx, af.ID); err != nil {
				return d, err
			}
		case !errors.Is(err, pgx.ErrNoRows):
			return d, err
		}
	}
	if d.BudgethouderNaam == "" {
		if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT trim(p.voorletters || ' ' || p.tussenvoegsel || ' ' || p.achternaam)
			FROM budgethouders b JOIN personen p ON p.id = b.persoon_id WHERE b.id = $1), '')`, d.BudgethouderID).Scan(&d.BudgethouderNaam); err != nil {
			return d, err
		}
		d.BudgethouderNaam = strings.Join(strings.Fields(d.BudgethouderNaam), " ")
	}
	return d, nil
}

func transitionError(from Status, err error) error {
	return apperr.WithCode(http.StatusConflict,
		"Deze actie is niet (meer) mogelijk: de declaratie heeft de status \""+from.Label()+"\".", fmt.Errorf("%w: %w", err, apperr.ErrConflict))
}

// step runs one state change: lock, check the version the person saw and
// the transition, apply, audit.
func (s *Service) step(ctx context.Context, id int64, versie int, actie Actie, apply func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	p, err := partijOf(a)
	if err != nil {
		s.audit(ctx, string(actie), id, 0, err)
		return err
	}
	var bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		d, err := lees(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		bh = d.BudgethouderID
		if d.Versie != versie {
			return ErrStale
		}
		to, err := Next(d.Status, actie, p, d.IngevoerdDoor)
		if err != nil {
			return transitionError(d.Status, err)
		}
		return apply(tx, a, &d, to)
	})
	s.audit(ctx, string(actie), id, bh, err)
	if err != nil {
		return fmt.Errorf("declaratie: %s: %w", actie, err)
	}
	return nil
}

// Invoer is what the person enters: the regels of geleverde zorg, or for the
// other soorten the amount, a description and (paid to the budgethouder's
// own account) the IBAN.
type Invoer struct {
	Regels       []Regel
	Omschrijving string
	Bedrag       int64 // cents
	IBAN         string
}

// Opslaan is "Tussentijds opslaan": it keeps the concept (or the rejected
// declaratie the zorgverlener adjusts) as entered, with amounts computed
// from the agreement, and returns the new version. The rules are checked on
// Controleer and on submission, so hours can be kept up during the month.
func (s *Service) Opslaan(ctx context.Context, id int64, versie int, inv Invoer) (int, error) {
	var nieuw int
	err := s.step(ctx, id, versie, Opslaan, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		regels := []Regel{}
		var totaal int64
		oms, iban := strings.TrimSpace(inv.Omschrijving), strings.TrimSpace(inv.IBAN)
		f := FieldErrors{}
		if d.Soort == SoortZorg {
			if d.Afspraak == nil {
				return apperr.ErrNotFound
			}
			var be FieldErrors
			regels, totaal, be = Bereken(sorteer(inv.Regels), *d.Afspraak, d.Versies...)
			for k, v := range be {
				f.add(k, v)
			}
			oms, iban = "", ""
		} else {
			totaal = inv.Bedrag
			switch {
			case totaal < 0:
				f.add(VeldBedrag, "Vul een bedrag in zonder minteken.")
			case totaal > MaxBedrag:
				f.add(VeldBedrag, "Dit bedrag is te hoog voor één declaratie. Neem contact op met de SVB.")
			}
			if len([]rune(oms)) > MaxOmschrijving {
				f.add(VeldOmschrijving, fmt.Sprintf("Gebruik hoogstens %d tekens.", MaxOmschrijving))
			}
			if d.Soort.MetZorgovereenkomst() {
				iban = ""
			} else if n, ok := nlid.NormalizeIBAN(iban); ok {
				iban = n
			} else if len(iban) > 50 {
				f.add(VeldIBAN, "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.")
			}
		}
		if len(f) > 0 {
			return ongeldig(f)
		}
		doc, err := json.Marshal(regels)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `UPDATE declaraties SET regels = $2, totaal = $3, omschrijving = $4, iban = $5,
			versie = versie + 1, gewijzigd_op = $6 WHERE id = $1 RETURNING versie`,
			id, doc, totaal, oms, iban, s.now()).Scan(&nieuw)
	})
	return nieuw, err
}

// sorteer orders regels: days first, by date, then the rates over several
// days by begin date; the order of zorgfuncties on a day is kept.
func sorteer(regels []Regel) []Regel {
	out := slices.Clone(regels)
	slices.SortStableFunc(out, func(x, y Regel) int {
		if x.Meerdaags() != y.Meerdaags() {
			if x.Meerdaags() {
				return 1
			}
			return -1
		}
		return x.Datum.Compare(y.Datum)
	})
	return out
}

// valideer checks d against every rule as the acting party sees the data.
func (s *Service) valideer(ctx context.Context, tx pgx.Tx, d Declaratie) (FieldErrors, error) {
	today := s.today()
	if d.Soort == SoortZorg {
		if d.Afspraak == nil {
			return FieldErrors{VeldZorgovereenkomst: "De zorgovereenkomst van deze declaratie is niet (meer) beschikbaar."}, nil
		}
		c := Controle{Periode: d.Periode, Regels: d.Regels, Afspraak: *d.Afspraak, AfspraakStatus: d.AfspraakStatus, Vandaag: today, Versies: d.Versies}
		if Etmalen(d.Regels) > 0 {
			// Only declaraties that count: sent, planned, paid.
			if err := tx.QueryRow(ctx, `SELECT coalesce(sum((r->>'aantal')::bigint), 0),
					coalesce(sum((r->>'aantal')::bigint) FILTER (WHERE d.zorgovereenkomst_id = $3), 0)
				FROM declaraties d, jsonb_array_elements(d.regels) r
				WHERE d.budgethouder_id = $1 AND d.periode >= make_date($2, 1, 1) AND d.periode < make_date($2 + 1, 1, 1)
				AND d.soort = 'zorg' AND d.id <> $4 AND d.status IN ('ter_beoordeling', 'ingepland', 'intrekking_aangevraagd')
				AND r->>'zorgfunctie' = 'logeeropvang' AND r->>'eenheid' = 'etmaal'`,
				d.BudgethouderID, d.Periode.Year, d.ZorgovereenkomstID, d.ID).Scan(&c.EtmalenJaar, &c.EtmalenOvereenkomst); err != nil {
				return nil, err
			}
		}
		return Valideer(c), nil
	}
	c := Bedragcontrole{Soort: d.Soort, Periode: d.Periode, Omschrijving: d.Omschrijving, Bedrag: d.Totaal, IBAN: d.IBAN,
		Vandaag: today, Afspraak: d.Afspraak, AfspraakStatus: d.AfspraakStatus}
	if d.Soort == SoortVVB {
		r, err := vvbRuimte(ctx, tx, d.BudgethouderID, d.Periode.Year, d.ID)
		if err != nil {
			return nil, err
		}
		c.VVB = &r
	}
	return ValideerBedrag(c), nil
}

// Controleer returns declaratie id with what breaks the rules, for the
// Controle page and "Volgende stap".
func (s *Service) Controleer(ctx context.Context, id int64) (Declaratie, FieldErrors, error) {
	a, err := actor(ctx)
	if err != nil {
		return Declaratie{}, nil, err
	}
	var d Declaratie
	var f FieldErrors
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		if d, err = lees(ctx, tx, a, id, false); err != nil {
			return err
		}
		f, err = s.valideer(ctx, tx, d)
		return err
	})
	if err != nil {
		return Declaratie{}, nil, fmt.Errorf("declaratie: controleer: %w", err)
	}
	return d, f, nil
}

// vvbRuimte is what is left of the verantwoordingsvrij bedrag of a
// budgethouder's year, leaving declaratie except out.
func vvbRuimte(ctx context.Context, tx pgx.Tx, bh int64, jaar int, except int64) (VVBRuimte, error) {
	r := VVBRuimte{Jaar: jaar}
	err := tx.QueryRow(ctx, `SELECT bedrag, bedrag - gepland - betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
		bh, jaar).Scan(&r.Budget, &r.Resterend)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, err
	}
	r.Maximum = VVBJaarmaximum(r.Budget)
	if r.Budget == 0 {
		r.Maximum = 0
	}
	err = tx.QueryRow(ctx, `SELECT coalesce(sum(d.totaal), 0) FROM declaraties d
		WHERE d.budgethouder_id = $1 AND d.soort = 'vvb' AND d.periode >= make_date($2, 1, 1) AND d.periode < make_date($2 + 1, 1, 1)
		AND d.status IN ('ingepland', 'intrekking_aangevraagd') AND d.id <> $3`, bh, jaar, except).Scan(&r.Gedeclareerd)
	if err != nil {
		return r, err
	}
	// Care paid from the pgb: a declaratie or maandloon paid to a zorgverlener.
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM betalingen WHERE budgethouder_id = $1 AND jaar = $2
		AND status = 'uitbetaald' AND soort IN ('declaratie', 'maandloon') AND zorgverlener_id IS NOT NULL)`, bh, jaar).Scan(&r.ZorgBetaald)
	return r, err
}

// lockBudget locks the budgethouder's budget of a year for the rest of the
// transaction, so that submissions of one budget are checked one after the
// other: the yearly limits (VVB, 156 etmalen) see every earlier submission.
// Planning the payment would take the same lock a moment later.
func lockBudget(ctx context.Context, tx pgx.Tx, bh int64, jaar int) error {
	_, err := tx.Exec(ctx, `SELECT 1 FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2 FOR UPDATE`, bh, jaar)
	return err
}

// inplannen checks d again and plans its payment on the budget, in tx: for
// Indienen (the budgethouder's own) and Goedkeuren (the zorgverlener's).
func (s *Service) inplannen(ctx context.Context, tx pgx.Tx, d *Declaratie, to Status) error {
	if err := lockBudget(ctx, tx, d.BudgethouderID, d.Periode.Year); err != nil {
		return err
	}
	f, err := s.valideer(ctx, tx, *d)
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return ongeldig(f)
	}
	totaal := d.Totaal
	if d.Soort == SoortZorg {
		_, totaal, _ = Bereken(d.Regels, *d.Afspraak, d.Versies...)
		if totaal != d.Totaal {
			return apperr.WithCode(http.StatusConflict,
				"De tarieven in de zorgovereenkomst zijn gewijzigd. Sla de declaratie opnieuw op en controleer de bedragen.", apperr.ErrConflict)
		}
	}
	b := budget.Boeking{BudgethouderID: d.BudgethouderID, Jaar: d.Periode.Year, DeclaratieID: d.ID,
		ZorgovereenkomstID: d.ZorgovereenkomstID, Soort: budget.SoortDeclaratie, Periode: d.Periode, Bedrag: totaal,
		Omschrijving: "Declaratie " + MaandNaam(d.Periode)}
	switch {
	case d.Soort.MetZorgovereenkomst():
		b.ZorgverlenerID, b.IBAN, b.Naam = d.ZorgverlenerID, d.Afspraak.Zorgverlener.IBAN, d.Afspraak.Zorgverlener.Naam
		if d.Soort != SoortZorg {
			b.Omschrijving = d.Soort.Label() + " " + MaandNaam(d.Periode)
		}
	default:
		b.IBAN, b.Naam = d.IBAN, d.BudgethouderNaam
		b.Omschrijving = d.Soort.Label() + " " + MaandNaam(d.Periode)
		if d.Soort == SoortVVB {
			b.Soort, b.Omschrijving = budget.SoortVVB, fmt.Sprintf("Verantwoordingsvrij bedrag %d", d.Periode.Year)
		}
	}
	betaling, err := budget.Inplannen(ctx, tx, b)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE declaraties SET status = $2, ingediend_op = $3, versie = versie + 1, gewijzigd_op = $3
		WHERE id = $1`, d.ID, to, now); err != nil {
		return err
	}
	d.BetalingID, d.Totaal = betaling, totaal
	return nil
}

// Indienen is "Indienen declaratie" by the budgethouder: with the statement
// that everything was filled in truthfully, every rule is checked again and
// the payment is planned on the budget in the same transaction (refused with
// a Dutch message when the budget is short); the declaratie is ingepland.
func (s *Service) Indienen(ctx context.Context, id int64, versie int, naarWaarheid bool) error {
	return s.step(ctx, id, versie, Indienen, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if !naarWaarheid {
			return ongeldig(FieldErrors{VeldNaarWaarheid: "Vink aan dat u alles naar waarheid heeft ingevuld."})
		}
		if _, err := tx.Exec(ctx, `UPDATE declaraties SET naar_waarheid = true WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.inplannen(ctx, tx, d, to); err != nil {
			return err
		}
		txt := fmt.Sprintf("U heeft de declaratie over %s van %s ingediend. Zij is ingepland voor betaling; de SVB betaalt haar uit uw budget.",
			d.Maand(), money.Cents(d.Totaal))
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: d.BudgethouderID}, "declaratie", "Declaratie ingediend", txt, d.Kenmerk()); err != nil {
			return err
		}
		if d.ZorgverlenerID != 0 {
			return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: d.ZorgverlenerID}, "declaratie", "Declaratie ingediend",
				fmt.Sprintf("De budgethouder heeft een declaratie over %s van %s voor u ingediend. De SVB betaalt haar uit.", d.Maand(), money.Cents(d.Totaal)),
				d.Kenmerk())
		}
		return nil
	})
}

// Versturen is "Versturen naar budgethouder" by the zorgverlener: the rules
// are checked and the budgethouder gets a bericht to assess it. Nothing is
// planned: only the budgethouder can do that (Goedkeuren).
func (s *Service) Versturen(ctx context.Context, id int64, versie int, naarWaarheid bool) error {
	return s.step(ctx, id, versie, Versturen, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if !naarWaarheid {
			return ongeldig(FieldErrors{VeldNaarWaarheid: "Vink aan dat u alles naar waarheid heeft ingevuld."})
		}
		f, err := s.valideer(ctx, tx, *d)
		if err != nil {
			return err
		}
		if len(f) > 0 {
			return ongeldig(f)
		}
		if _, err := tx.Exec(ctx, `UPDATE declaraties SET status = $2, naar_waarheid = true, versie = versie + 1, gewijzigd_op = $3
			WHERE id = $1`, id, to, s.now()); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: d.BudgethouderID}, "declaratie", "Declaratie ter beoordeling",
			fmt.Sprintf("%s heeft een declaratie over %s van %s ingevoerd. Beoordeel haar via Overzicht declaraties en maandlonen: plan haar in voor betaling of keur haar af.",
				d.ZorgverlenerNaam, d.Maand(), money.Cents(d.Totaal)), d.Kenmerk())
	})
}

// Goedkeuren is the budgethouder's approval of the zorgverlener's
// declaratie: checked again and planned for payment, as Indienen.
func (s *Service) Goedkeuren(ctx context.Context, id int64, versie int) error {
	return s.step(ctx, id, versie, Goedkeuren, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if err := s.inplannen(ctx, tx, d, to); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: d.ZorgverlenerID}, "declaratie", "Declaratie goedgekeurd",
			fmt.Sprintf("De budgethouder heeft uw declaratie over %s van %s goedgekeurd en ingepland voor betaling.", d.Maand(), money.Cents(d.Totaal)),
			d.Kenmerk())
	})
}

// Afkeuren sends the zorgverlener's declaratie back with a note (required):
// the zorgverlener adjusts it and sends it again.
func (s *Service) Afkeuren(ctx context.Context, id int64, versie int, notitie string) error {
	notitie = strings.TrimSpace(notitie)
	switch {
	case notitie == "":
		return ongeldig(FieldErrors{VeldNotitie: "Schrijf de zorgverlener wat er aangepast moet worden."})
	case len([]rune(notitie)) > MaxNotitie:
		return ongeldig(FieldErrors{VeldNotitie: fmt.Sprintf("Gebruik hoogstens %d tekens.", MaxNotitie)})
	}
	return s.step(ctx, id, versie, Afkeuren, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if _, err := tx.Exec(ctx, `UPDATE declaraties SET status = $2, notitie = $3, versie = versie + 1, gewijzigd_op = $4
			WHERE id = $1`, id, to, notitie, s.now()); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: d.ZorgverlenerID}, "declaratie", "Declaratie afgekeurd",
			fmt.Sprintf("De budgethouder heeft uw declaratie over %s afgekeurd. Lees in het PGB Portaal wat er aangepast moet worden, pas de declaratie aan en verstuur haar opnieuw.", d.Maand()),
			d.Kenmerk())
	})
}

// IntrekkingAanvragen asks the SVB to withdraw a declaratie that is planned
// and not paid yet; the SVB decides (IntrekkingBesluiten).
func (s *Service) IntrekkingAanvragen(ctx context.Context, id int64, versie int) error {
	return s.step(ctx, id, versie, IntrekkingAanvragen, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if _, err := tx.Exec(ctx, `UPDATE declaraties SET status = $2, versie = versie + 1, gewijzigd_op = $3 WHERE id = $1`,
			id, to, s.now()); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id FROM organisaties WHERE soort = 'svb' ORDER BY id`)
		svb, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, o := range svb {
			if err := bericht.Send(ctx, tx, bericht.Recipient{OrganisatieID: o}, "declaratie", "Intrekking declaratie aangevraagd",
				fmt.Sprintf("Een budgethouder vraagt een declaratie over %s van %s in te trekken. Besluit erover via Intrekkingen.", d.Maand(), money.Cents(d.Totaal)),
				d.Kenmerk()); err != nil {
				return err
			}
		}
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: d.BudgethouderID}, "declaratie", "Intrekking aangevraagd",
			fmt.Sprintf("U heeft gevraagd de declaratie over %s in te trekken. De SVB besluit hierover; u krijgt bericht.", d.Maand()), d.Kenmerk())
	})
}

// IntrekkingBesluiten is the SVB's decision on a requested withdrawal:
// toekennen withdraws the planned betaling (its amount returns to the
// budget) and the declaratie is ingetrokken, so a new one can be drafted;
// weigeren puts it back to ingepland.
func (s *Service) IntrekkingBesluiten(ctx context.Context, id int64, versie int, toekennen bool) error {
	actie := IntrekkingWeigeren
	if toekennen {
		actie = IntrekkingToekennen
	}
	return s.step(ctx, id, versie, actie, func(tx pgx.Tx, a auth.Actor, d *Declaratie, to Status) error {
		if toekennen {
			if d.BetalingID == 0 {
				return apperr.WithCode(http.StatusConflict, "Bij deze declaratie is geen ingeplande betaling gevonden.", apperr.ErrConflict)
			}
			if err := budget.Intrekken(ctx, tx, d.BetalingID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE declaraties SET status = $2, versie = versie + 1, gewijzigd_op = $3 WHERE id = $1`,
			id, to, s.now()); err != nil {
			return err
		}
		txt := fmt.Sprintf("De SVB heeft uw verzoek om de declaratie over %s in te trekken afgewezen. De declaratie blijft ingepland voor betaling.", d.Maand())
		if toekennen {
			txt = fmt.Sprintf("De SVB heeft de declaratie over %s ingetrokken. Het bedrag van %s gaat terug naar uw budget. U kunt een nieuwe declaratie opstellen.",
				d.Maand(), money.Cents(d.Totaal))
		}
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: d.BudgethouderID}, "declaratie", "Intrekking besloten", txt, d.Kenmerk()); err != nil {
			return err
		}
		if toekennen && d.ZorgverlenerID != 0 {
			return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: d.ZorgverlenerID}, "declaratie", "Intrekking besloten",
				fmt.Sprintf("De declaratie over %s is op verzoek van de budgethouder ingetrokken en wordt niet uitbetaald.", d.Maand()), d.Kenmerk())
		}
		return nil
	})
}

// audit records who read or changed which declaratie, and the outcome.
func (s *Service) audit(ctx context.Context, action string, id, budgethouderID int64, err error) {
	audit.Object(ctx, s.Pool, "declaratie", action, id, budgethouderID, err)
}
