package gendata

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// finish moves every id sequence past the generated ids, so the portal's
// own inserts continue after them.
func finish(ctx context.Context, pool *pgxpool.Pool) error {
	for _, t := range tableOrder {
		if _, err := pool.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'),
			greatest((SELECT max(id) FROM %s), 1))`, t, pgx.Identifier{t}.Sanitize())); err != nil {
			return fmt.Errorf("gendata: sequence of %s: %w", t, err)
		}
	}
	return nil
}

// dropIndexes drops the secondary indexes of the generated tables (those not
// behind a primary key or unique constraint) and returns their definitions.
func dropIndexes(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	rows, err := pool.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND t.relname = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
		ORDER BY 1`, tableOrder)
	if err != nil {
		return nil, fmt.Errorf("gendata: indexes: %w", err)
	}
	type ix struct{ name, def string }
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ix, error) {
		var x ix
		err := r.Scan(&x.name, &x.def)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("gendata: indexes: %w", err)
	}
	var defs []string
	for _, x := range list {
		if _, err := pool.Exec(ctx, `DROP INDEX `+x.name); err != nil {
			return nil, fmt.Errorf("gendata: drop index %s: %w", x.name, err)
		}
		defs = append(defs, x.def)
	}
	return defs, nil
}

// createIndexes builds the indexes again, two at a time.
func createIndexes(ctx context.Context, pool *pgxpool.Pool, defs []string) error {
	sem := make(chan struct{}, 2)
	errs := make(chan error, len(defs))
	for _, d := range defs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			if _, err := pool.Exec(ctx, d); err != nil {
				errs <- fmt.Errorf("gendata: %s: %w", d, err)
			}
		}()
	}
	for range cap(sem) {
		sem <- struct{}{}
	}
	close(errs)
	return <-errs
}

// Verify checks, set-wise over the whole database, the rules that the
// schema's triggers check row by row (and that were off during the load):
// every foreign key and the references that statement-level triggers guard
// instead of one, the ledger (gepland and betaald of each toekenning are the
// sums of its betalingen) and that each declaratie that is planned has
// exactly one planned or paid betaling and no other one has any. CHECK
// constraints and unique indexes were on during the load.
func Verify(ctx context.Context, pool *pgxpool.Pool) error {
	checks := map[string]string{
		"an agreement names its budgethouder's zorgkantoor": `SELECT count(*) FROM zorgovereenkomsten z
			JOIN budgethouders b ON b.id = z.budgethouder_id WHERE z.zorgkantoor_id <> b.zorgkantoor_id`,
		"grootboek: gepland and betaald equal the betalingen": `SELECT count(*) FROM toekenningen t
			LEFT JOIN (SELECT budgethouder_id, jaar, sum(bedrag) FILTER (WHERE status = 'ingepland') AS g,
				sum(bedrag) FILTER (WHERE status = 'uitbetaald') AS b FROM betalingen GROUP BY 1, 2) s
			ON s.budgethouder_id = t.budgethouder_id AND s.jaar = t.jaar
			WHERE t.gepland <> coalesce(s.g, 0) OR t.betaald <> coalesce(s.b, 0)`,
		"declaratie and betaling agree": `SELECT count(*) FROM declaraties d
			LEFT JOIN (SELECT declaratie_id, count(*) AS n FROM betalingen
				WHERE declaratie_id IS NOT NULL AND status IN ('ingepland', 'uitbetaald') GROUP BY 1) b ON b.declaratie_id = d.id
			WHERE (d.status IN ('ingepland', 'intrekking_aangevraagd', 'uitbetaald')) <> (coalesce(b.n, 0) = 1) OR coalesce(b.n, 0) > 1`,
		"the audit trail's hash chain is whole": `SELECT coalesce(audit_log_verify(), 0)`,
		// References a statement-level trigger guards instead of a foreign key.
		"betalingen name an existing betaalrun": `SELECT count(*) FROM betalingen b
			WHERE b.betaalrun_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM betaalruns r WHERE r.id = b.betaalrun_id)`,
		"berichten name an existing recipient": `SELECT count(*) FROM berichten b
			WHERE (b.budgethouder_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM budgethouders p WHERE p.id = b.budgethouder_id))
				OR (b.zorgverlener_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM zorgverleners p WHERE p.id = b.zorgverlener_id))
				OR (b.organisatie_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisaties p WHERE p.id = b.organisatie_id))`,
		"the e-mail outbox names existing berichten": `SELECT count(*) FROM email_outbox o
			WHERE NOT EXISTS (SELECT 1 FROM berichten b WHERE b.id = o.bericht_id)`,
	}
	for name, q := range checks {
		var n int64
		if err := pool.QueryRow(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("gendata: verify %s: %w", name, err)
		}
		if n != 0 {
			return fmt.Errorf("gendata: verify %s: %d rows break it", name, n)
		}
	}
	return verifyForeignKeys(ctx, pool)
}

// verifyForeignKeys checks every foreign key of the schema with one anti-join each.
func verifyForeignKeys(ctx context.Context, pool *pgxpool.Pool) error {
	rows, err := pool.Query(ctx, `SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,
			array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a
				ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[],
			array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a
				ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[]
		FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
		WHERE c.contype = 'f' AND ns.nspname = 'public' ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("gendata: foreign keys: %w", err)
	}
	type fk struct {
		name, child, parent string
		cols, pcols         []string
	}
	fks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (fk, error) {
		var f fk
		err := r.Scan(&f.name, &f.child, &f.parent, &f.cols, &f.pcols)
		return f, err
	})
	if err != nil {
		return fmt.Errorf("gendata: foreign keys: %w", err)
	}
	for _, f := range fks {
		var notNull, join []string
		for i, c := range f.cols {
			notNull = append(notNull, "c."+pgx.Identifier{c}.Sanitize()+" IS NOT NULL")
			join = append(join, "p."+pgx.Identifier{f.pcols[i]}.Sanitize()+" = c."+pgx.Identifier{c}.Sanitize())
		}
		q := fmt.Sprintf(`SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)`,
			f.child, strings.Join(notNull, " AND "), f.parent, strings.Join(join, " AND "))
		var n int64
		if err := pool.QueryRow(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("gendata: foreign key %s: %w", f.name, err)
		}
		if n != 0 {
			return fmt.Errorf("gendata: foreign key %s: %d rows point nowhere", f.name, n)
		}
	}
	return nil
}
