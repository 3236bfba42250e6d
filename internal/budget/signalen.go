package budget

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
)

// Soorten of budget alert: a share of the budget reached, or a forecast
// that it runs out before the end of the year.
const (
	Signaal80     = "80"
	Signaal90     = "90"
	Signaal100    = "100"
	SignaalTekort = "tekort"
)

// drempels are the shares of the budget (in percent) that each give one alert.
var drempels = []struct {
	soort   string
	procent int64
}{{Signaal80, 80}, {Signaal90, 90}, {Signaal100, 100}}

// BereikteDrempels returns the alerts of the shares of toegekend that
// gebruikt (paid + planned) has reached, lowest first.
func BereikteDrempels(toegekend, gebruikt money.Cents) []string {
	var out []string
	if toegekend <= 0 {
		return nil
	}
	for _, d := range drempels {
		if int64(gebruikt)*100 >= int64(toegekend)*d.procent {
			out = append(out, d.soort)
		}
	}
	return out
}

// drempelsSignaleren records, inside tx, the alerts for every share of the
// budget that paid + planned has reached and sends a bericht for the
// highest one that was new (reported as true): a single booking that jumps past 80% and 90%
// sends one bericht, and neither comes again that year.
func drempelsSignaleren(ctx context.Context, tx pgx.Tx, bh int64, jaar int) (bool, error) {
	var toegekend, gebruikt int64
	if err := tx.QueryRow(ctx, `SELECT bedrag, gepland + betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
		bh, jaar).Scan(&toegekend, &gebruikt); err != nil {
		return false, fmt.Errorf("budget: signalen: %w", err)
	}
	bereikt := BereikteDrempels(money.Cents(toegekend), money.Cents(gebruikt))
	nieuw := ""
	for _, soort := range bereikt {
		ok, err := signaalVastleggen(ctx, tx, bh, jaar, soort)
		if err != nil {
			return false, err
		}
		if ok {
			nieuw = soort
		}
	}
	if nieuw == "" {
		return false, nil
	}
	onderwerp, inhoud := drempelBericht(nieuw, jaar, money.Cents(toegekend-gebruikt))
	return true, bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: bh}, "budget", onderwerp, inhoud, "")
}

// signaalVastleggen records an alert; false when it was recorded before
// (by this or another portal instance: a concurrent insert of the same
// alert waits for the other transaction and then does nothing).
func signaalVastleggen(ctx context.Context, tx pgx.Tx, bh int64, jaar int, soort string) (bool, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO budget_signalen (budgethouder_id, jaar, soort) VALUES ($1, $2, $3)
		ON CONFLICT (budgethouder_id, jaar, soort) DO NOTHING RETURNING id`, bh, jaar, soort).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("budget: signaal %s: %w", soort, err)
	}
	return true, nil
}

func drempelBericht(soort string, jaar int, resterend money.Cents) (onderwerp, inhoud string) {
	if soort == Signaal100 {
		return fmt.Sprintf("Uw budget voor %d is op", jaar),
			fmt.Sprintf("Uw hele budget voor %d is uitbetaald of ingepland. Er kan dit jaar niets meer uit uw budget worden betaald. "+
				"Heeft u meer zorg nodig? Neem dan contact op met uw zorgkantoor.", jaar)
	}
	return fmt.Sprintf("U heeft %s%% van uw budget gebruikt", soort),
		fmt.Sprintf("Van uw budget voor %d is nu %s%% uitbetaald of ingepland. Er is nog %s over. "+
			"In Overzicht budget ziet u hoeveel u naar verwachting nog nodig heeft tot het einde van het jaar.", jaar, soort, resterend)
}

func tekortBericht(p Prognose) (onderwerp, inhoud string) {
	return fmt.Sprintf("Uw budget voor %d is naar verwachting te vroeg op", p.Jaar),
		p.Zin() + " Dat is voor het einde van het jaar. " +
			"In Overzicht budget leest u hoe we dit berekenen. Bespreek met uw zorgverleners of met uw zorgkantoor wat u kunt doen."
}

// SignaalResultaat counts what Signaleren sent.
type SignaalResultaat struct {
	Budgetten int // budgets checked
	Berichten int // alerts sent
}

// Signaleren is the periodic check, as the portal itself (db.System): for
// every budget of the current year it records and sends the alerts of the
// shares reached and, when the forecast says the budget runs out before 31
// December, the alert "te vroeg op". Every portal instance may run it at the
// same time: the unique row per alert makes each go out once. Each budget
// is checked in its own transaction.
func Signaleren(ctx context.Context, pool *pgxpool.Pool, now time.Time) (SignaalResultaat, error) {
	var res SignaalResultaat
	vandaag := civil.Today(now)
	var bhs []int64
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT budgethouder_id FROM toekenningen WHERE jaar = $1 ORDER BY budgethouder_id`, vandaag.Year)
		var err error
		bhs, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err != nil {
		return res, fmt.Errorf("budget: signaleren: %w", err)
	}
	for _, bh := range bhs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		n, err := signalerenVoor(ctx, pool, bh, vandaag)
		if err != nil {
			slog.ErrorContext(ctx, "budgetsignaal mislukt", "budgethouder", bh, "err", err)
			continue
		}
		res.Budgetten++
		res.Berichten += n
	}
	return res, nil
}

// signalerenVoor checks one budget; it returns how many berichten it sent.
func signalerenVoor(ctx context.Context, pool *pgxpool.Pool, bh int64, vandaag civil.Date) (int, error) {
	n := 0
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		n = 0
		verstuurd, err := drempelsSignaleren(ctx, tx, bh, vandaag.Year)
		if err != nil {
			return err
		}
		if verstuurd {
			n++
		}
		var toegekend int64
		if err := tx.QueryRow(ctx, `SELECT bedrag FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
			bh, vandaag.Year).Scan(&toegekend); err != nil {
			return err
		}
		in, err := prognoseInvoer(ctx, tx, bh, vandaag.Year, vandaag, money.Cents(toegekend))
		if err != nil {
			return err
		}
		// A budget that is used up already had its alert at 100%.
		p := BerekenPrognose(in)
		if !p.RaaktOp() || p.Betaald+p.Gepland >= p.Toegekend {
			return nil
		}
		nieuw, err := signaalVastleggen(ctx, tx, bh, vandaag.Year, SignaalTekort)
		if err != nil || !nieuw {
			return err
		}
		n++
		onderwerp, inhoud := tekortBericht(p)
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: bh}, "budget", onderwerp, inhoud, "")
	})
	return n, err
}
