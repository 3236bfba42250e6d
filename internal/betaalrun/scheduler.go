package betaalrun

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
)

// Uur is the hour (Europe/Amsterdam) of the daily betaalrun.
const Uur = 17

// Scheduler runs the betaalrun every day at 17:00 Europe/Amsterdam and plans
// the maandlonen of the month just ended at the start of each month (and,
// as a catch-up, before every run), and after every run sends the budget
// alerts that are due. Every portal instance may run one: the
// betaalrun's advisory lock and the maandloon's unique index make the work
// happen once.
type Scheduler struct {
	Pool *pgxpool.Pool
	Now  func() time.Time // nil: time.Now
	Log  *slog.Logger     // nil: slog.Default()
}

func (s Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// VolgendeRun returns the first 17:00 Europe/Amsterdam strictly after now.
// It is computed on the Dutch calendar, so it stays 17:00 local time across
// the switches to and from summer time.
func VolgendeRun(now time.Time) time.Time {
	local := now.In(amsterdam)
	d := civil.DateOf(local)
	t := time.Date(d.Year, d.Month, d.Day, Uur, 0, 0, 0, amsterdam)
	if !t.After(now) {
		d = d.AddDays(1)
		t = time.Date(d.Year, d.Month, d.Day, Uur, 0, 0, 0, amsterdam)
	}
	return t
}

// VolgendeMaand returns the start (00:00 Europe/Amsterdam) of the first
// month that begins strictly after now.
func VolgendeMaand(now time.Time) time.Time {
	d := civil.Today(now).FirstOfMonth().AddMonths(1)
	return d.In(amsterdam)
}

// VorigeMaand is the month just ended on the Dutch date of now: the month
// whose maandlonen are due.
func VorigeMaand(now time.Time) civil.Date {
	return civil.Today(now).FirstOfMonth().AddMonths(-1)
}

// Start plans the maandlonen due, then waits for each next event until ctx
// ends. Run it in its own goroutine.
func (s Scheduler) Start(ctx context.Context) {
	s.log().Info("scheduler started", "volgende_betaalrun", VolgendeRun(s.now()))
	s.maandlonen(ctx, s.now())
	s.signaleren(ctx, s.now())
	for {
		now := s.now()
		run, maand := VolgendeRun(now), VolgendeMaand(now)
		next := run
		if maand.Before(next) {
			next = maand
		}
		// Sleep in steps of at most an hour, so a changed clock (a suspended
		// host, a corrected time) is noticed.
		wait := min(next.Sub(now), time.Hour)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			s.log().Info("scheduler stopped")
			return
		case <-timer.C:
		}
		now = s.now()
		if now.Before(next) {
			continue
		}
		if next.Equal(run) {
			s.betaaldag(ctx, now)
		} else {
			s.maandlonen(ctx, now)
		}
	}
}

// maandlonen plans the maandlonen of the month just ended.
func (s Scheduler) maandlonen(ctx context.Context, now time.Time) {
	maand := VorigeMaand(now)
	res, err := budget.MaandloonenInplannen(ctx, s.Pool, maand)
	if ctx.Err() != nil {
		return // shutting down
	}
	if err != nil {
		s.log().Error("maandlonen inplannen mislukt", "maand", maand.ISO(), "err", err)
		return
	}
	if res.Ingepland > 0 || res.Overgeslagen > 0 {
		s.log().Info("maandlonen ingepland", "maand", maand.ISO(), "ingepland", res.Ingepland, "overgeslagen", res.Overgeslagen)
	}
}

// betaaldag is the work at 17:00: maandlonen still due, then the betaalrun.
func (s Scheduler) betaaldag(ctx context.Context, now time.Time) {
	s.maandlonen(ctx, now)
	res, err := Run(ctx, s.Pool, now, 0)
	switch {
	case ctx.Err() != nil:
	case errors.Is(err, ErrBezig):
		s.log().Info("betaalrun overgeslagen: een andere instantie voert haar uit")
	case err != nil:
		s.log().Error("betaalrun mislukt", "err", err)
	default:
		s.log().Info("betaalrun uitgevoerd", "run", res.RunID, "aantal", res.Aantal, "totaal", res.Totaal)
	}
	s.signaleren(ctx, now)
}

// signaleren sends the budget alerts that are due (see budget.Signaleren).
func (s Scheduler) signaleren(ctx context.Context, now time.Time) {
	res, err := budget.Signaleren(ctx, s.Pool, now)
	switch {
	case ctx.Err() != nil:
	case err != nil:
		s.log().Error("budgetsignalen mislukt", "err", err)
	case res.Berichten > 0:
		s.log().Info("budgetsignalen verstuurd", "budgetten", res.Budgetten, "berichten", res.Berichten)
	}
}
