// Package betaalrun is the SVB's payment run: every betaling that is
// ingepland is paid in one transaction, booked on the budgets, reported in
// berichten and written to a SEPA credit transfer file (pain.001) for the
// bank. A scheduler runs it daily at 17:00 Europe/Amsterdam.
package betaalrun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

var amsterdam = civil.Amsterdam()

// lockKey is the advisory lock that lets only one betaalrun work at a time,
// across every portal instance on the database.
const lockKey = 0x5047_4252 // "PGBR"

// ErrBezig: another betaalrun is working right now (this one did nothing).
var ErrBezig = errors.New("betaalrun: another run is in progress")

// Result is what a betaalrun did. A run that found nothing to pay has RunID 0.
type Result struct {
	RunID  int64
	Aantal int
	Totaal int64 // cents
	MsgID  string
}

// Run pays every betaling that is ingepland: they become uitbetaald, each
// budget moves their amount from gepland to betaald, the pain.001 files for
// the bank are stored with the run, and every zorgverlener and budgethouder
// concerned gets a bericht per betaling. All of it is one transaction, under
// a transaction-level advisory lock: a second run at the same time (another
// portal instance, a second click) returns ErrBezig, one just after finds
// nothing left, so nothing is ever paid twice, and a run that stops halfway
// (a crash, a kill) leaves nothing behind.
//
// The work is set-wise, so that a million betalingen take a few statements
// rather than a few per betaling: one statement pays and books them all, one
// stores all berichten, and the pain.001 files are written while a cursor
// reads the paid betalingen, a block of about a megabyte per statement.
//
// door is the SVB medewerker who started it (0: the scheduler). The run acts
// as the acting party in ctx when there is one (it must be the SVB), else as
// the portal itself.
func Run(ctx context.Context, pool *pgxpool.Pool, now time.Time, door int64) (Result, error) {
	scope := db.System
	if s, ok := db.ScopeFrom(ctx); ok {
		scope = s
	}
	var res Result
	err := db.TxAs(ctx, pool, scope, func(tx pgx.Tx) error {
		if scope.Role != "svb" && scope.Role != db.System.Role {
			return apperr.ErrForbidden
		}
		// The run's aggregates and its sort of a million rows fit in memory.
		var locked, iets bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1), set_config('work_mem', '256MB', true) <> ''`,
			lockKey).Scan(&locked, &iets); err != nil {
			return err
		}
		if !locked {
			return apperr.WithCode(http.StatusConflict, "Er loopt al een betaalrun. Vernieuw de pagina over enkele minuten.", ErrBezig)
		}
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM betalingen b WHERE `+teBetalen+`)`).Scan(&iets); err != nil || !iets {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO betaalruns (gestart_op, door) VALUES ($1, $2) RETURNING id`,
			now, nz(door)).Scan(&res.RunID); err != nil {
			return err
		}
		res.MsgID = fmt.Sprintf("PGB-BETAALRUN-%06d", res.RunID)

		// Pay and book, in one statement: the rows it pays are the rows it
		// books, and the run's own list of them (betalingen has no index on
		// betaalrun_id, so that paying is a HOT update) for the berichten and
		// the pain.001 files.
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE betaalrun_betaald (id bigint, budgethouder_id bigint, zorgverlener_id bigint,
			soort text, omschrijving text, bedrag bigint, iban text, naam text) ON COMMIT DROP`); err != nil {
			return err
		}
		var budgetten, geboekt int
		if err := tx.QueryRow(ctx, `WITH betaald AS (
				UPDATE betalingen b SET status = 'uitbetaald', uitbetaald_op = $2, betaalrun_id = $1
				WHERE `+teBetalen+`
				RETURNING b.id, b.budgethouder_id, b.jaar, b.zorgverlener_id, b.soort, b.omschrijving, b.bedrag, b.iban, b.naam),
			lijst AS (INSERT INTO pg_temp.betaalrun_betaald
				SELECT id, budgethouder_id, zorgverlener_id, soort, omschrijving, bedrag, iban, naam FROM betaald),
			per_budget AS (SELECT budgethouder_id, jaar, count(*) AS aantal, sum(bedrag) AS som FROM betaald GROUP BY 1, 2),
			geboekt AS (UPDATE toekenningen t SET gepland = t.gepland - p.som, betaald = t.betaald + p.som
				FROM per_budget p WHERE t.budgethouder_id = p.budgethouder_id AND t.jaar = p.jaar
				RETURNING 1)
			SELECT coalesce(sum(aantal), 0), coalesce(sum(som), 0), count(*), (SELECT count(*) FROM geboekt) FROM per_budget`,
			res.RunID, now).Scan(&res.Aantal, &res.Totaal, &budgetten, &geboekt); err != nil {
			return err
		}
		if res.Aantal == 0 {
			return errNiets // they were withdrawn meanwhile: no run
		}
		if geboekt != budgetten {
			return fmt.Errorf("betaalrun: booked on %d of %d budgets", geboekt, budgetten)
		}
		faultPoint("betaalrun") // paid and booked, not yet reported nor committed

		if err := berichten(ctx, tx); err != nil {
			return err
		}
		bestanden, err := schrijfBestanden(ctx, tx, res, now)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE betaalruns SET afgerond_op = $2, aantal = $3, totaal = $4, msg_id = $5, bestanden = $6 WHERE id = $1`,
			res.RunID, now, res.Aantal, res.Totaal, res.MsgID, bestanden)
		return err
	})
	if errors.Is(err, errNiets) {
		res, err = Result{}, nil
	}
	if door != 0 || err != nil {
		outcome := audit.OK
		if err != nil {
			outcome = audit.Failed
			if errors.Is(err, ErrBezig) || errors.Is(err, apperr.ErrForbidden) {
				outcome = audit.Refused
			}
		}
		audit.Record(ctx, pool, audit.Entry{Action: "uitvoeren", ObjectType: "betaalrun", ObjectID: idString(res.RunID), Outcome: outcome})
	}
	if err != nil {
		return Result{}, fmt.Errorf("betaalrun: %w", err)
	}
	return res, nil
}

// teBetalen selects (as b) the betalingen a run pays: ingepland, and not for
// a declaratie whose withdrawal is asked.
const teBetalen = `b.status = 'ingepland' AND NOT EXISTS (SELECT 1 FROM declaraties d
	WHERE d.id = b.declaratie_id AND d.status = 'intrekking_aangevraagd')`

// errNiets rolls back a run that found nothing left to pay after all.
var errNiets = errors.New("betaalrun: nothing to pay")

// berichten tells each zorgverlener and budgethouder what the run paid: one
// bericht to each per betaling, all stored by one statement. The texts are
// those of money.Cents (pgb_bedrag_tekst), budget.Kenmerk
// (pgb_betaling_kenmerk) and budget.SoortLabel (the labels are passed in).
func berichten(ctx context.Context, tx pgx.Tx) error {
	soorten := []string{budget.SoortDeclaratie, budget.SoortMaandloon, budget.SoortVVB, budget.SoortFactuur}
	labels := make([]string, len(soorten))
	for i, s := range soorten {
		labels[i] = budget.SoortLabel(s)
	}
	_, err := tx.Exec(ctx, `WITH b AS (
			SELECT b.id, b.budgethouder_id, b.zorgverlener_id, b.naam,
				CASE WHEN b.soort = $1 THEN 'Declaratie uitbetaald' ELSE 'Betaling uitgevoerd' END AS onderwerp,
				pgb_bedrag_tekst(b.bedrag) AS bedrag,
				coalesce(nullif(b.omschrijving, ''), l.label, b.soort) AS wat
			FROM pg_temp.betaalrun_betaald b LEFT JOIN unnest($2::text[], $3::text[]) AS l(soort, label) ON l.soort = b.soort)
		INSERT INTO berichten (budgethouder_id, zorgverlener_id, soort, onderwerp, inhoud, kenmerk)
		SELECT NULL, b.zorgverlener_id, 'betaling', b.onderwerp,
			format('De SVB heeft %s aan u overgemaakt (%s). Het bedrag staat binnen enkele werkdagen op uw rekening.', b.bedrag, b.wat),
			pgb_betaling_kenmerk(b.id)
		FROM b WHERE b.zorgverlener_id IS NOT NULL
		UNION ALL
		SELECT b.budgethouder_id, NULL, 'betaling', b.onderwerp,
			CASE WHEN b.zorgverlener_id IS NULL
				THEN format('De SVB heeft %s uit uw budget op uw eigen rekening overgemaakt (%s).', b.bedrag, b.wat)
				ELSE format('De SVB heeft %s uit uw budget betaald aan %s (%s).', b.bedrag, b.naam, b.wat) END,
			pgb_betaling_kenmerk(b.id)
		FROM b`, budget.SoortDeclaratie, soorten, labels)
	if err != nil {
		return fmt.Errorf("berichten: %w", err)
	}
	return nil
}

// blokGrootte is about how many bytes of a pain.001 file one row of
// betaalrun_blokken holds; leesRijen how many betalingen one FETCH reads.
// Variables so the tests can make a small run use many.
var (
	blokGrootte   = 1 << 20
	leesRijen     = 10_000
	maxPerBestand = MaxPerBestand
)

// schrijfBestanden writes the run's pain.001 files into betaalrun_blokken,
// reading the paid betalingen in order with a cursor, and returns how many
// files there are. A run of up to MaxPerBestand betalingen has one file whose
// message id is the run's; a larger one has files of MaxPerBestand (the last
// one the rest) whose message ids end in -001, -002, ….
func schrijfBestanden(ctx context.Context, tx pgx.Tx, res Result, now time.Time) (int, error) {
	aantal := (res.Aantal + maxPerBestand - 1) / maxPerBestand
	if _, err := tx.Exec(ctx, `DECLARE sepa NO SCROLL CURSOR FOR
		SELECT id, bedrag, naam, iban, omschrijving FROM pg_temp.betaalrun_betaald ORDER BY id`); err != nil {
		return 0, err
	}
	var (
		bestand    int
		file       *painBestand
		batch      []Overboeking
		geschreven int
	)
	open := func() {
		bestand++
		msgID := res.MsgID
		if aantal > 1 {
			msgID = fmt.Sprintf("%s-%03d", res.MsgID, bestand)
		}
		nr := bestand
		file = newPainBestand(msgID, now, blokGrootte, func(blok int, data []byte) error {
			_, err := tx.Exec(ctx, `INSERT INTO betaalrun_blokken (betaalrun_id, bestand, blok, data) VALUES ($1, $2, $3, $4)`,
				res.RunID, nr, blok, data)
			return err
		})
	}
	for {
		rows, _ := tx.Query(ctx, `FETCH `+strconv.Itoa(leesRijen)+` FROM sepa`)
		batch = batch[:0]
		var (
			id, bedrag               int64
			naam, iban, omschrijving string
		)
		_, err := pgx.ForEachRow(rows, []any{&id, &bedrag, &naam, &iban, &omschrijving}, func() error {
			remittance := "PGB " + budget.Kenmerk(id)
			if omschrijving != "" {
				remittance += " " + omschrijving
			}
			batch = append(batch, Overboeking{EndToEndID: "PGB-" + budget.Kenmerk(id), Bedrag: bedrag, Naam: naam, IBAN: iban,
				Omschrijving: remittance})
			return nil
		})
		if err != nil {
			return 0, err
		}
		if len(batch) == 0 {
			break
		}
		for _, o := range batch {
			if file == nil {
				open()
			}
			if err := file.transactie(o); err != nil {
				return 0, err
			}
			geschreven++
			if file.aantal == maxPerBestand {
				if err := file.sluit(); err != nil {
					return 0, err
				}
				file = nil
			}
		}
	}
	if file != nil {
		if err := file.sluit(); err != nil {
			return 0, err
		}
	}
	if _, err := tx.Exec(ctx, `CLOSE sepa`); err != nil {
		return 0, err
	}
	if geschreven != res.Aantal || bestand != aantal {
		return 0, fmt.Errorf("betaalrun: %d of %d betalingen in %d of %d files", geschreven, res.Aantal, bestand, aantal)
	}
	return bestand, nil
}

func nz(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
