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
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
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

type teBetalen struct {
	id, budgethouder, zorgverlener, bedrag int64
	soort, omschrijving, iban, naam        string
}

// Run pays every betaling that is ingepland: they become uitbetaald, each
// budget moves their amount from gepland to betaald, a betaalruns row holds
// the pain.001 file, and every zorgverlener and budgethouder concerned gets a
// bericht. All of it is one transaction, under a transaction-level advisory
// lock: a second run at the same time (another portal instance, a second
// click) returns ErrBezig, one just after finds nothing left, so nothing is
// ever paid twice.
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
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, lockKey).Scan(&locked); err != nil {
			return err
		}
		if !locked {
			return apperr.WithCode(http.StatusConflict, "Er loopt al een betaalrun. Vernieuw de pagina over enkele minuten.", ErrBezig)
		}
		rows, _ := tx.Query(ctx, `SELECT id, budgethouder_id, coalesce(zorgverlener_id, 0), bedrag, soort, omschrijving, iban, naam
			FROM betalingen b WHERE status = 'ingepland' AND NOT EXISTS (SELECT 1 FROM declaraties d
				WHERE d.id = b.declaratie_id AND d.status = 'intrekking_aangevraagd')
			ORDER BY id FOR UPDATE`)
		items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (teBetalen, error) {
			var b teBetalen
			err := r.Scan(&b.id, &b.budgethouder, &b.zorgverlener, &b.bedrag, &b.soort, &b.omschrijving, &b.iban, &b.naam)
			return b, err
		})
		if err != nil || len(items) == 0 {
			return err
		}
		ids := make([]int64, len(items))
		for i, b := range items {
			ids[i] = b.id
			res.Totaal += b.bedrag
		}
		res.Aantal = len(items)
		if err := tx.QueryRow(ctx, `INSERT INTO betaalruns (gestart_op, door) VALUES ($1, $2) RETURNING id`,
			now, nz(door)).Scan(&res.RunID); err != nil {
			return err
		}
		res.MsgID = fmt.Sprintf("PGB-BETAALRUN-%06d", res.RunID)

		tag, err := tx.Exec(ctx, `UPDATE betalingen SET status = 'uitbetaald', uitbetaald_op = $2, betaalrun_id = $3
			WHERE id = ANY($1) AND status = 'ingepland'`, ids, now, res.RunID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != int64(len(ids)) {
			return fmt.Errorf("betaalrun: %d of %d betalingen changed under the run", tag.RowsAffected(), len(ids))
		}
		if _, err := tx.Exec(ctx, `UPDATE toekenningen t SET gepland = t.gepland - s.som, betaald = t.betaald + s.som
			FROM (SELECT budgethouder_id, jaar, sum(bedrag) AS som FROM betalingen WHERE betaalrun_id = $1 GROUP BY 1, 2) s
			WHERE t.budgethouder_id = s.budgethouder_id AND t.jaar = s.jaar`, res.RunID); err != nil {
			return err
		}
		faultPoint("betaalrun") // paid and booked, not yet reported nor committed

		if err := berichten(ctx, tx, items); err != nil {
			return err
		}
		overboekingen := make([]Overboeking, len(items))
		for i, b := range items {
			remittance := "PGB " + budget.Kenmerk(b.id)
			if b.omschrijving != "" {
				remittance += " " + b.omschrijving
			}
			overboekingen[i] = Overboeking{EndToEndID: "PGB-" + budget.Kenmerk(b.id), Bedrag: b.bedrag, Naam: b.naam, IBAN: b.iban,
				Omschrijving: remittance}
		}
		file, err := Pain001(res.MsgID, now, overboekingen)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE betaalruns SET afgerond_op = $2, aantal = $3, totaal = $4, msg_id = $5, pain001 = $6 WHERE id = $1`,
			res.RunID, now, res.Aantal, res.Totaal, res.MsgID, file)
		return err
	})
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

// berichten tells each zorgverlener and budgethouder concerned what was paid,
// stored together (a run pays up to a million betalingen at national scale).
func berichten(ctx context.Context, tx pgx.Tx, items []teBetalen) error {
	list := make([]bericht.Nieuw, 0, 2*len(items))
	for _, b := range items {
		bedrag := money.Cents(b.bedrag).String()
		onderwerp := "Betaling uitgevoerd"
		if b.soort == budget.SoortDeclaratie {
			onderwerp = "Declaratie uitbetaald"
		}
		wat := b.omschrijving
		if wat == "" {
			wat = budget.SoortLabel(b.soort)
		}
		if b.zorgverlener != 0 {
			list = append(list, bericht.Nieuw{To: bericht.Recipient{ZorgverlenerID: b.zorgverlener}, Soort: "betaling", Onderwerp: onderwerp,
				Inhoud:  fmt.Sprintf("De SVB heeft %s aan u overgemaakt (%s). Het bedrag staat binnen enkele werkdagen op uw rekening.", bedrag, wat),
				Kenmerk: budget.Kenmerk(b.id)})
		}
		inhoud := fmt.Sprintf("De SVB heeft %s uit uw budget betaald aan %s (%s).", bedrag, b.naam, wat)
		if b.zorgverlener == 0 {
			inhoud = fmt.Sprintf("De SVB heeft %s uit uw budget op uw eigen rekening overgemaakt (%s).", bedrag, wat)
		}
		list = append(list, bericht.Nieuw{To: bericht.Recipient{BudgethouderID: b.budgethouder}, Soort: "betaling", Onderwerp: onderwerp,
			Inhoud: inhoud, Kenmerk: budget.Kenmerk(b.id)})
	}
	return bericht.SendMany(ctx, tx, list)
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
