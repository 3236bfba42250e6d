package betaalrun

import (
	"context"
	"errors"
	"fmt"
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
}

// Bestandsnaam is the name the pain.001 file is downloaded as.
func (b Betaalrun) Bestandsnaam() string { return fmt.Sprintf("betaalrun-%06d-pain001.xml", b.ID) }

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
		rows, _ := tx.Query(ctx, `SELECT id, gestart_op, coalesce(afgerond_op, gestart_op), aantal, totaal, door IS NOT NULL, msg_id
			FROM betaalruns ORDER BY gestart_op DESC, id DESC LIMIT $1`, limit)
		var err error
		st.Runs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Betaalrun, error) {
			var b Betaalrun
			err := r.Scan(&b.ID, &b.GestartOp, &b.AfgerondOp, &b.Aantal, &b.Totaal, &b.DoorMedewerker, &b.MsgID)
			return b, err
		})
		return err
	})
	if err != nil {
		return Stand{}, fmt.Errorf("betaalrun: overzicht: %w", err)
	}
	return st, nil
}

// Bestand returns a run's pain.001 file and its download name; a run the
// acting party may not see is apperr.ErrNotFound.
func Bestand(ctx context.Context, pool *pgxpool.Pool, id int64) (string, []byte, error) {
	var data []byte
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT pain001 FROM betaalruns WHERE id = $1 AND pain001 IS NOT NULL`, id).Scan(&data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, apperr.ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("betaalrun: bestand: %w", err)
	}
	return Betaalrun{ID: id}.Bestandsnaam(), data, nil
}
