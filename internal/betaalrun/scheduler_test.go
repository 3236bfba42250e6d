package betaalrun_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/civil"
)

func TestVolgendeRun(t *testing.T) {
	ams := civil.Amsterdam()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ams) }
	cases := []struct {
		name      string
		now, want time.Time
	}{
		{"morning", at(2026, 3, 10, 9, 0), at(2026, 3, 10, 17, 0)},
		{"just before", at(2026, 3, 10, 16, 59), at(2026, 3, 10, 17, 0)},
		{"exactly at 17:00: the next day", at(2026, 3, 10, 17, 0), at(2026, 3, 11, 17, 0)},
		{"evening", at(2026, 3, 10, 20, 0), at(2026, 3, 11, 17, 0)},
		{"UTC evening is already tomorrow in Amsterdam", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), at(2026, 7, 1, 17, 0)},
		{"day summer time starts", at(2026, 3, 29, 1, 0), at(2026, 3, 29, 17, 0)},
		{"day before summer time", at(2026, 3, 28, 18, 0), at(2026, 3, 29, 17, 0)},
		{"day summer time ends", at(2026, 10, 25, 1, 30), at(2026, 10, 25, 17, 0)},
		{"new year's eve", at(2026, 12, 31, 17, 30), at(2027, 1, 1, 17, 0)},
	}
	for _, c := range cases {
		got := betaalrun.VolgendeRun(c.now)
		if !got.Equal(c.want) || got.In(ams).Hour() != 17 {
			t.Errorf("%s: %s, want %s", c.name, got.In(ams), c.want)
		}
	}
	if got := betaalrun.VolgendeRun(time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC)); got.UTC().Hour() != 15 {
		t.Errorf("summer time: 17:00 is 15:00 UTC, got %s", got.UTC())
	}
	if got := betaalrun.VolgendeRun(time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC)); got.UTC().Hour() != 16 {
		t.Errorf("winter time: 17:00 is 16:00 UTC, got %s", got.UTC())
	}
}

func TestVolgendeMaandEnVorigeMaand(t *testing.T) {
	ams := civil.Amsterdam()
	now := time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC) // 1 February 00:30 in Amsterdam
	if got, want := betaalrun.VolgendeMaand(now), time.Date(2026, 3, 1, 0, 0, 0, 0, ams); !got.Equal(want) {
		t.Errorf("VolgendeMaand %s, want %s", got, want)
	}
	if got := betaalrun.VorigeMaand(now); got != (civil.Date{Year: 2026, Month: 1, Day: 1}) {
		t.Errorf("VorigeMaand %s", got)
	}
	if got := betaalrun.VorigeMaand(time.Date(2026, 1, 15, 12, 0, 0, 0, ams)); got != (civil.Date{Year: 2025, Month: 12, Day: 1}) {
		t.Errorf("VorigeMaand in January %s", got)
	}
}

func TestSchedulerStopsWithItsContext(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		betaalrun.Scheduler{Pool: w.pool, Now: func() time.Time { return w.now }, Log: quiet}.Start(ctx)
		close(done)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("scheduler did not stop")
	}
}

// At its start the scheduler plans the maandlonen of the month just ended.
func TestSchedulerPlansMaandlonenAtStart(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	doc, _ := json.Marshal(map[string]any{"soort": "dienst", "ingangsdatum": civil.Date{Year: w.jaar, Month: 1, Day: 1}, "onbepaald": true,
		"maandloon": true, "maand_bedrag": 1_500_00, "zorgverlener": map[string]any{"naam": "H. de Boer", "iban": "NL91ABNA0417164300"}})
	zov := w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud) VALUES ($1, $2, 'goedgekeurd', $3) RETURNING id`,
		f.deVries, f.deBoer, doc)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		betaalrun.Scheduler{Pool: w.pool, Now: func() time.Time { return w.now }, Log: quiet}.Start(ctx)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int
		if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM betalingen WHERE zorgovereenkomst_id = $1 AND periode = $2`,
			zov, civil.Date{Year: w.jaar, Month: 2, Day: 1}).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("maandloon of February not planned at start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
