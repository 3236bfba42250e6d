// Package onderhoud keeps the maintenance windows of the portal. An SVB
// medewerker (or the configuration) announces a window; before it the portal
// shows a banner, during it nobody logs in and nothing is changed, and after
// it everything works again without anyone lifting it: the server's clock decides.
package onderhoud

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// Venster is one maintenance window.
type Venster struct {
	ID       int64 // 0 for the window from the configuration
	Van, Tot time.Time
	Tekst    string
}

// Actief reports whether now falls in the window.
func (v Venster) Actief(now time.Time) bool { return !now.Before(v.Van) && now.Before(v.Tot) }

// Stand is what the portal must do now: Actief is the running window, if any;
// Gepland the next one announced.
type Stand struct {
	Actief, Gepland *Venster
}

// Bepaal finds the running and the next window among vs at now.
func Bepaal(vs []Venster, now time.Time) Stand {
	sorted := append([]Venster(nil), vs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Van.Before(sorted[j].Van) })
	var s Stand
	for i := range sorted {
		v := sorted[i]
		switch {
		case v.Actief(now):
			if s.Actief == nil || v.Tot.After(s.Actief.Tot) {
				s.Actief = &v
			}
		case v.Van.After(now) && s.Gepland == nil:
			s.Gepland = &v
		}
	}
	return s
}

// Actueel returns the windows that have not ended at now, not withdrawn,
// earliest first. It reads as the portal itself: the banner shows before login too.
func Actueel(ctx context.Context, pool *pgxpool.Pool, now time.Time) ([]Venster, error) {
	var out []Venster
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id, begint_op, eindigt_op, tekst FROM onderhoudsvensters
			WHERE ingetrokken_op IS NULL AND eindigt_op > $1 ORDER BY begint_op, id`, now)
		var err error
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Venster, error) {
			var v Venster
			err := r.Scan(&v.ID, &v.Van, &v.Tot, &v.Tekst)
			return v, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("onderhoud: actueel: %w", err)
	}
	return out, nil
}

// Errors maps a field name to a Dutch message.
type Errors map[string]string

// Invoer is the announcement form as typed.
type Invoer struct {
	VanDatum, VanTijd, TotDatum, TotTijd, Tekst string
}

// Valideer checks an announcement at now and returns the window.
func Valideer(in *Invoer, now time.Time) (Venster, Errors) {
	e := Errors{}
	for _, s := range []*string{&in.VanDatum, &in.VanTijd, &in.TotDatum, &in.TotTijd, &in.Tekst} {
		*s = strings.TrimSpace(*s)
	}
	moment := func(datum, tijd, veld, wat string) time.Time {
		if datum == "" {
			e[veld+"-datum"] = "Vul de datum in waarop het onderhoud " + wat + ", bijvoorbeeld 31-01-2030."
			return time.Time{}
		}
		d, err := civil.Parse(datum)
		if err != nil {
			e[veld+"-datum"] = "Vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-01-2030."
			return time.Time{}
		}
		if tijd == "" {
			e[veld+"-tijd"] = "Vul de tijd in waarop het onderhoud " + wat + ", bijvoorbeeld 22:00."
			return time.Time{}
		}
		t, err := time.Parse("15:04", tijd)
		if err != nil {
			e[veld+"-tijd"] = "Vul een geldige tijd in als uu:mm, bijvoorbeeld 22:00."
			return time.Time{}
		}
		return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, civil.Amsterdam())
	}
	v := Venster{Tekst: in.Tekst}
	v.Van = moment(in.VanDatum, in.VanTijd, "van", "begint")
	v.Tot = moment(in.TotDatum, in.TotTijd, "tot", "eindigt")
	if len(e) == 0 {
		switch {
		case !v.Tot.After(v.Van):
			e["tot-datum"] = "Het einde moet na het begin liggen."
		case !v.Tot.After(now):
			e["tot-datum"] = "Het einde ligt in het verleden. Kies een moment in de toekomst."
		case v.Tot.Sub(v.Van) > 72*time.Hour:
			e["tot-datum"] = "Onderhoud duurt hoogstens 72 uur. Kies een eerder einde."
		}
	}
	if len(in.Tekst) > 500 {
		e["tekst"] = "De toelichting is hoogstens 500 tekens."
	}
	return v, e
}

// Aankondigen stores a validated window, announced by medewerker.
func Aankondigen(ctx context.Context, pool *pgxpool.Pool, medewerker int64, v Venster) (int64, error) {
	var id int64
	var door any
	if medewerker != 0 {
		door = medewerker
	}
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO onderhoudsvensters (begint_op, eindigt_op, tekst, aangemaakt_door)
			VALUES ($1,$2,$3,$4) RETURNING id`, v.Van, v.Tot, v.Tekst, door).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("onderhoud: aankondigen: %w", err)
	}
	return id, nil
}

// ErrAlIngetrokken is returned when the window was withdrawn before.
var ErrAlIngetrokken = apperr.WithCode(409, "Dit onderhoud was al ingetrokken.", apperr.ErrConflict)

// Intrekken withdraws a window that has not ended yet (ending a running one early).
func Intrekken(ctx context.Context, pool *pgxpool.Pool, id int64, now time.Time) error {
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		var ingetrokken bool
		err := tx.QueryRow(ctx, `SELECT ingetrokken_op IS NOT NULL FROM onderhoudsvensters WHERE id = $1 FOR UPDATE`, id).Scan(&ingetrokken)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if ingetrokken {
			return ErrAlIngetrokken
		}
		_, err = tx.Exec(ctx, `UPDATE onderhoudsvensters SET ingetrokken_op = $2 WHERE id = $1`, id, now)
		return err
	})
	if err != nil && !errors.Is(err, apperr.ErrNotFound) && !errors.Is(err, apperr.ErrConflict) {
		return fmt.Errorf("onderhoud: intrekken: %w", err)
	}
	return err
}
