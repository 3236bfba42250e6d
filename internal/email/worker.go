package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/textproto"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

// Sender delivers one message; SMTP is the real one.
type Sender interface {
	Send(ctx context.Context, rcpt string, msg []byte) error
}

// Worker delivers the outbox. Several workers (in several portal instances)
// may run at once: each row is claimed with FOR UPDATE SKIP LOCKED and kept
// locked until it is marked sent, so no two workers send the same row.
type Worker struct {
	Pool    *pgxpool.Pool
	Sender  Sender
	From    string // From header, e.g. "PGB Portaal <noreply@example.nl>"
	BaseURL string
	Log     *slog.Logger
	Now     func() time.Time

	Interval    time.Duration // pause when the outbox is empty; default 5s
	BackoffBase time.Duration // wait after the first failure; doubles per attempt; default 30s
	BackoffMax  time.Duration // longest wait between attempts; default 1h
}

func (w *Worker) defaults() {
	if w.Log == nil {
		w.Log = slog.Default()
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Interval <= 0 {
		w.Interval = 5 * time.Second
	}
	if w.BackoffBase <= 0 {
		w.BackoffBase = 30 * time.Second
	}
	if w.BackoffMax <= 0 {
		w.BackoffMax = time.Hour
	}
}

// Backoff is the wait after the given number of failed attempts (1 or more):
// base, 2×base, 4×base, … up to max.
func Backoff(attempts int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempts; i++ {
		d *= 2
		if d >= max {
			return max
		}
	}
	return min(d, max)
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	for {
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("email: outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.Interval):
		}
	}
}

// Drain handles every row that is due now and returns how many were sent.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	w.defaults()
	sent := 0
	for ctx.Err() == nil {
		ok, delivered, err := w.one(ctx)
		if err != nil {
			return sent, err
		}
		if !ok {
			break
		}
		if delivered {
			sent++
		}
	}
	return sent, ctx.Err()
}

// one claims and handles a single due row; ok is false when none is due.
func (w *Worker) one(ctx context.Context) (ok, delivered bool, err error) {
	err = db.TxAs(ctx, w.Pool, db.System, func(tx pgx.Tx) error {
		now := w.Now()
		var id int64
		var adres string
		var pogingen int
		err := tx.QueryRow(ctx, `SELECT id, adres, pogingen FROM email_outbox
			WHERE verzonden_op IS NULL AND opgegeven_op IS NULL AND volgende_poging_op <= $1
			ORDER BY volgende_poging_op, id LIMIT 1 FOR UPDATE SKIP LOCKED`, now).Scan(&id, &adres, &pogingen)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		msg, err := Message(id, w.From, adres, w.BaseURL, now)
		if err == nil {
			err = w.Sender.Send(ctx, adres, msg)
		}
		if err == nil {
			delivered = true
			_, err = tx.Exec(ctx, `UPDATE email_outbox SET verzonden_op = $2, pogingen = pogingen + 1, laatste_fout = '' WHERE id = $1`, id, now)
			return err
		}
		// The log names the outbox row only, never the address.
		pogingen++
		if errors.Is(err, ErrPermanent) {
			w.Log.Warn("email: refused for good", "outbox_id", id, "attempts", pogingen, "err", logSafe(err))
			_, err = tx.Exec(ctx, `UPDATE email_outbox SET opgegeven_op = $2, pogingen = $3, laatste_fout = $4 WHERE id = $1`,
				id, now, pogingen, truncate(err.Error()))
			return err
		}
		next := now.Add(Backoff(pogingen, w.BackoffBase, w.BackoffMax))
		w.Log.Warn("email: delivery failed, will retry", "outbox_id", id, "attempts", pogingen, "next", next, "err", logSafe(err))
		_, err = tx.Exec(ctx, `UPDATE email_outbox SET volgende_poging_op = $2, pogingen = $3, laatste_fout = $4 WHERE id = $1`,
			id, next, pogingen, truncate(err.Error()))
		return err
	})
	if err != nil {
		return false, false, fmt.Errorf("email: worker: %w", err)
	}
	return ok, delivered, nil
}

// logSafe describes err without the mail server's reply text, which may
// quote the recipient's address.
func logSafe(err error) string {
	var te *textproto.Error
	if errors.As(err, &te) {
		return fmt.Sprintf("smtp reply %d", te.Code)
	}
	return err.Error()
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
