package zorgovereenkomst

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// Get returns one agreement with its signatures and timeline, if the acting
// party may see it; otherwise apperr.ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Overeenkomst, error) {
	var o Overeenkomst
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var doc, gedeeld []byte
		var zid, van *int64
		var soortW *string
		var per civil.NullDate
		var onenigheid string
		err := tx.QueryRow(ctx, `SELECT id, budgethouder_id, zorgverlener_id, status, versie, inhoud, gedeeld_inhoud,
			notitie, terug_notitie, beoordeling, aangemaakt_op, gewijzigd_op, ingediend_op,
			wijziging_van, soort_wijziging, per, onenigheid
			FROM zorgovereenkomsten WHERE id = $1`, id).Scan(&o.ID, &o.BudgethouderID, &zid, &o.Status, &o.Versie, &doc, &gedeeld,
			&o.Notitie, &o.TerugNotitie, &o.Beoordeling, &o.Aangemaakt, &o.Gewijzigd, &o.IngediendOp,
			&van, &soortW, &per, &onenigheid)
		if err != nil {
			return err
		}
		if van != nil && soortW != nil && per.Valid {
			o.Wijziging = &Wijzigingsgegevens{Van: *van, Soort: SoortWijziging(*soortW), Per: per.Date, Onenigheid: onenigheid}
		}
		if zid != nil {
			o.ZorgverlenerID = *zid
		}
		if err := json.Unmarshal(doc, &o.Inhoud); err != nil {
			return err
		}
		if gedeeld != nil {
			o.GedeeldInhoud = &Inhoud{}
			if err := json.Unmarshal(gedeeld, o.GedeeldInhoud); err != nil {
				return err
			}
		}
		rows, _ := tx.Query(ctx, `SELECT partij, naam, login_means, getekend_op, inhoud_hash, geldig
			FROM handtekeningen WHERE zorgovereenkomst_id = $1 ORDER BY getekend_op, id`, id)
		o.Handtekeningen, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Handtekening, error) {
			var h Handtekening
			err := r.Scan(&h.Partij, &h.Wie, &h.Means, &h.Op, &h.Hash, &h.Geldig)
			return h, err
		})
		if err != nil {
			return err
		}
		rows, _ = tx.Query(ctx, `SELECT op, wie, wat, toelichting FROM zorgovereenkomst_gebeurtenissen
			WHERE zorgovereenkomst_id = $1 ORDER BY op, id`, id)
		o.Tijdlijn, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Gebeurtenis, error) {
			var g Gebeurtenis
			err := r.Scan(&g.Op, &g.Wie, &g.Wat, &g.Toelichting)
			return g, err
		})
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		err = apperr.ErrNotFound
	}
	s.audit(ctx, "lezen", id, o.BudgethouderID, err)
	if err != nil {
		return Overeenkomst{}, fmt.Errorf("zorgovereenkomst: get: %w", err)
	}
	return o, nil
}

const samenvattingSelect = `SELECT id, inhoud->'zorgverlener'->>'naam', inhoud->>'budgethouder_naam', inhoud->>'soort',
	inhoud->>'ingangsdatum', inhoud->>'einddatum', coalesce((inhoud->>'onbepaald')::boolean, false), status, gewijzigd_op, ingediend_op,
	coalesce(soort_wijziging, '')
	FROM zorgovereenkomsten `

func scanSamenvatting(r pgx.CollectableRow) (Samenvatting, error) {
	var v Samenvatting
	var zv, bh, soort, in, eind *string
	err := r.Scan(&v.ID, &zv, &bh, &soort, &in, &eind, &v.Onbepaald, &v.Status, &v.Gewijzigd, &v.IngediendOp, &v.Wijziging)
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	v.ZorgverlenerNaam, v.BudgethouderNaam, v.Soort = str(zv), str(bh), Soort(str(soort))
	_ = v.Ingangsdatum.UnmarshalJSON([]byte(`"` + str(in) + `"`))
	_ = v.Einddatum.UnmarshalJSON([]byte(`"` + str(eind) + `"`))
	return v, err
}

// Lijst returns the agreements the acting party may see, newest change first.
func (s *Service) Lijst(ctx context.Context) ([]Samenvatting, error) {
	var out []Samenvatting
	// Row-level security decides; naming the party's own column as well lets
	// an index serve the list.
	where, arg := "$1::bigint IS NULL", any(nil)
	if a, ok := auth.ActorFrom(ctx); ok {
		switch {
		case a.ActsForBudgethouder():
			where, arg = "budgethouder_id = $1", a.BudgethouderID
		case a.Role == auth.RoleZorgverlener:
			where, arg = "zorgverlener_id = $1", a.ZorgverlenerID
		}
	}
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		// A change that took effect is part of its agreement's history, not a line of its own.
		rows, _ := tx.Query(ctx, samenvattingSelect+`WHERE `+where+` AND status <> 'doorgevoerd' ORDER BY gewijzigd_op DESC, id DESC LIMIT 500`, arg)
		var err error
		out, err = pgx.CollectRows(rows, scanSamenvatting)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("zorgovereenkomst: lijst: %w", err)
	}
	return out, nil
}

// Wachtrij is the zorgkantoor's queue: agreements ter beoordeling in its
// region, the longest waiting first (at most 500).
func (s *Service) Wachtrij(ctx context.Context) ([]Samenvatting, error) {
	out, _, err := s.WachtrijPagina(ctx, 1, 500)
	return out, err
}

// WachtrijPagina is one page of the queue (pagina counts from 1, of grootte
// rows) and the number of agreements in the whole queue, read in one round trip.
func (s *Service) WachtrijPagina(ctx context.Context, pagina, grootte int) ([]Samenvatting, int, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok || a.Role != auth.RoleZorgkantoor {
		return nil, 0, apperr.ErrForbidden
	}
	if pagina < 1 {
		pagina = 1
	}
	var out []Samenvatting
	var totaal int
	err := db.Read(ctx, s.Pool, func(b *pgx.Batch) {
		b.Queue(`SELECT count(*) FROM zorgovereenkomsten WHERE status = 'ter_beoordeling' AND zorgkantoor_id = $1`,
			a.OrganisatieID).QueryRow(func(r pgx.Row) error { return r.Scan(&totaal) })
		b.Queue(samenvattingSelect+`WHERE status = 'ter_beoordeling' AND zorgkantoor_id = $1
			ORDER BY ingediend_op, id LIMIT $2 OFFSET $3`, a.OrganisatieID, grootte, (pagina-1)*grootte).
			Query(func(rows pgx.Rows) error {
				var err error
				out, err = pgx.CollectRows(rows, scanSamenvatting)
				return err
			})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("zorgovereenkomst: wachtrij: %w", err)
	}
	return out, totaal, nil
}

// BestaandeZorgverleners returns the zorgverleners the acting budgethouder has
// agreements with, as last written, to pre-fill a new agreement.
func (s *Service) BestaandeZorgverleners(ctx context.Context) ([]Zorgverlener, error) {
	var out []Zorgverlener
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT DISTINCT ON (zorgverlener_id) inhoud->'zorgverlener' FROM zorgovereenkomsten
			WHERE zorgverlener_id IS NOT NULL ORDER BY zorgverlener_id, gewijzigd_op DESC`)
		var err error
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Zorgverlener, error) {
			var doc []byte
			var z Zorgverlener
			if err := r.Scan(&doc); err != nil {
				return z, err
			}
			err := json.Unmarshal(doc, &z)
			z.IBAN, z.Telefoon = "", ""
			return z, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("zorgovereenkomst: zorgverleners: %w", err)
	}
	return out, nil
}

func maxima(ctx context.Context, tx pgx.Tx, jaar int) (Maxima, bool, error) {
	m := Maxima{Jaar: jaar}
	err := tx.QueryRow(ctx, `SELECT informeel, professioneel, dagdeel, per_km FROM maximumtarieven WHERE jaar = $1`, jaar).
		Scan(&m.Informeel, &m.Professioneel, &m.Dagdeel, &m.PerKm)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, false, nil
	}
	return m, err == nil, err
}

// Maxima returns the maximum tariffs of a year.
func (s *Service) Maxima(ctx context.Context, jaar int) (Maxima, bool, error) {
	var m Maxima
	var have bool
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		m, have, err = maxima(ctx, tx, jaar)
		return err
	})
	return m, have, err
}

// MaximaLijst returns the maximum tariffs of every year, newest first.
func (s *Service) MaximaLijst(ctx context.Context) ([]Maxima, error) {
	var out []Maxima
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT jaar, informeel, professioneel, dagdeel, per_km FROM maximumtarieven ORDER BY jaar DESC`)
		var err error
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Maxima, error) {
			var m Maxima
			err := r.Scan(&m.Jaar, &m.Informeel, &m.Professioneel, &m.Dagdeel, &m.PerKm)
			return m, err
		})
		return err
	})
	return out, err
}

// MaximaOpslaan sets the maximum tariffs of a year (zorgkantoor only).
func (s *Service) MaximaOpslaan(ctx context.Context, m Maxima) error {
	a, ok := auth.ActorFrom(ctx)
	if !ok || a.Role != auth.RoleZorgkantoor {
		return apperr.ErrForbidden
	}
	if m.Jaar < 2000 || m.Jaar > 2100 || m.Informeel <= 0 || m.Professioneel <= 0 || m.Dagdeel <= 0 || m.PerKm <= 0 {
		return apperr.ErrInvalid
	}
	return db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO maximumtarieven (jaar, informeel, professioneel, dagdeel, per_km, gewijzigd_op)
			VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (jaar) DO UPDATE SET informeel = excluded.informeel,
			professioneel = excluded.professioneel, dagdeel = excluded.dagdeel, per_km = excluded.per_km,
			demo = false, gewijzigd_op = excluded.gewijzigd_op`, m.Jaar, m.Informeel, m.Professioneel, m.Dagdeel, m.PerKm, time.Now())
		return err
	})
}

// Budget returns, for the zorgkantoor, the budget granted to the agreement's
// budgethouder in the year the agreement starts (0 when none).
func (s *Service) Budget(ctx context.Context, id int64) (int, int64, error) {
	var jaar int
	var bedrag int64
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT extract(year FROM (z.inhoud->>'ingangsdatum')::date)::int,
			coalesce((SELECT t.bedrag FROM toekenningen t WHERE t.budgethouder_id = z.budgethouder_id
				AND t.jaar = extract(year FROM (z.inhoud->>'ingangsdatum')::date)), 0)
			FROM zorgovereenkomsten z WHERE z.id = $1`, id).Scan(&jaar, &bedrag)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		return err
	})
	return jaar, bedrag, err
}
