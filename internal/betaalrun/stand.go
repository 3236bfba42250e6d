package betaalrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/db"
)

// Betaalrun is one earlier run as the SVB's overview lists it.
type Betaalrun struct {
	ID                    int64
	GestartOp, AfgerondOp time.Time
	Aantal                int
	Totaal                int64
	DoorMedewerker        bool // false: the scheduler
	MsgID                 string
	Bestanden             int // pain.001 files (0: none, such as runs loaded by generate-data)
}

// Bestandsnaam is the name pain.001 file nr (1, 2, …) of the run is
// downloaded as.
func (b Betaalrun) Bestandsnaam(nr int) string {
	if b.Bestanden <= 1 {
		return fmt.Sprintf("betaalrun-%06d-pain001.xml", b.ID)
	}
	return fmt.Sprintf("betaalrun-%06d-%03d-pain001.xml", b.ID, nr)
}

// BestandNummers lists the run's file numbers, 1 to Bestanden.
func (b Betaalrun) BestandNummers() []int {
	nrs := make([]int, b.Bestanden)
	for i := range nrs {
		nrs[i] = i + 1
	}
	return nrs
}

// Stand is what waits for the next run and what the last runs paid.
type Stand struct {
	AantalIngepland int
	TotaalIngepland int64
	Runs            []Betaalrun // newest first
}

// Overzicht returns the Stand as the acting party in ctx sees it: row-level
// security lets only the SVB (and the portal) see betaalruns.
func Overzicht(ctx context.Context, pool *pgxpool.Pool, limit int) (Stand, error) {
	var st Stand
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*), coalesce(sum(bedrag), 0) FROM betalingen WHERE status = 'ingepland'`).
			Scan(&st.AantalIngepland, &st.TotaalIngepland); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id, gestart_op, coalesce(afgerond_op, gestart_op), aantal, totaal, door IS NOT NULL, msg_id, bestanden
			FROM betaalruns ORDER BY gestart_op DESC, id DESC LIMIT $1`, limit)
		var err error
		st.Runs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Betaalrun, error) {
			var b Betaalrun
			err := r.Scan(&b.ID, &b.GestartOp, &b.AfgerondOp, &b.Aantal, &b.Totaal, &b.DoorMedewerker, &b.MsgID, &b.Bestanden)
			return b, err
		})
		return err
	})
	if err != nil {
		return Stand{}, fmt.Errorf("betaalrun: overzicht: %w", err)
	}
	return st, nil
}

// Bestand writes pain.001 file nr (1, 2, …) of run id to the writer that open
// returns for the file's download name and size, block by block as stored,
// so a file of 100,000 transactions is never whole in memory. A run or file
// the acting party may not see, or that does not exist, is
// apperr.ErrNotFound, and open is not called.
func Bestand(ctx context.Context, pool *pgxpool.Pool, id int64, nr int, open func(naam string, grootte int64) io.Writer) error {
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		run := Betaalrun{ID: id}
		var grootte int64
		err := tx.QueryRow(ctx, `SELECT r.bestanden, sum(length(k.data))
			FROM betaalruns r JOIN betaalrun_blokken k ON k.betaalrun_id = r.id
			WHERE r.id = $1 AND k.bestand = $2 GROUP BY r.bestanden`, id, nr).Scan(&run.Bestanden, &grootte)
		if err != nil {
			return err
		}
		w := open(run.Bestandsnaam(nr), grootte)
		rows, _ := tx.Query(ctx, `SELECT data FROM betaalrun_blokken WHERE betaalrun_id = $1 AND bestand = $2 ORDER BY blok`, id, nr)
		var data []byte
		_, err = pgx.ForEachRow(rows, []any{&data}, func() error {
			_, err := w.Write(data)
			return err
		})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("betaalrun: bestand: %w", err)
	}
	return nil
}
