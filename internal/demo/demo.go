// Package demo loads the demo personas, so a newcomer can log in as each role.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

type person struct {
	bsn, aanhef, voorletters, tussenvoegsel, achternaam string
}

var people = []person{
	{"111222333", "mevrouw", "J.", "de", "Vries"},
	{"123456782", "heer", "P.", "", "Bakker"},
	{"999990019", "mevrouw", "S.", "", "Bakker"},
	{"200000007", "mevrouw", "E.", "", "Visser"},
	{"300000005", "heer", "T.", "", "Visser"},
	{"400000003", "mevrouw", "M.", "", "Smit"},
	{"500000001", "heer", "K.", "", "Smit"},
	{"700000008", "mevrouw", "L.", "", "Smit"},
	{"800000006", "heer", "W.", "", "Jansen"},
	{"900000004", "mevrouw", "A.", "de", "Groot"},
	{"314159265", "heer", "R.", "", "Mulder"},
	{"135792460", "heer", "H.", "de", "Boer"},
}

// Load inserts the demo data; running it again changes nothing.
func Load(ctx context.Context, pool *pgxpool.Pool) error {
	return db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		return load(ctx, tx, time.Now().Year())
	})
}

func load(ctx context.Context, tx pgx.Tx, year int) error {
	exec := func(q string, args ...any) error {
		_, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		return nil
	}
	for _, o := range []struct{ kvk, naam, soort, regio string }{
		{kvkZK, "Zorgkantoor Amstelland", "zorgkantoor", "Amstelland en de Meerlanden"},
		{kvkZ2, "Zorgkantoor Rijnmond", "zorgkantoor", "Rotterdam"},
		{kvkSV, "Sociale Verzekeringsbank", "svb", ""},
		{kvkBW, "Bewindvoering Horizon B.V.", "bewindvoerder", ""},
		{"62000001", "Thuiszorg De Linde B.V.", "zorginstelling", ""},
	} {
		if err := exec(`INSERT INTO organisaties (kvk, naam, soort, regio) VALUES ($1,$2,$3,$4)
			ON CONFLICT (kvk) DO NOTHING`, o.kvk, o.naam, o.soort, o.regio); err != nil {
			return err
		}
	}
	for _, p := range people {
		if err := exec(`INSERT INTO personen (bsn, aanhef, voorletters, tussenvoegsel, achternaam) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (bsn) DO NOTHING`, p.bsn, p.aanhef, p.voorletters, p.tussenvoegsel, p.achternaam); err != nil {
			return err
		}
	}
	// Budgethouders: bsn, zorgkantoor, relatienummer, with a toekenning for this year?
	for _, b := range []struct {
		bsn, kvk, rel string
		toekenning    bool
	}{
		{"111222333", kvkZK, "PGB1000001", true},
		{"123456782", kvkZK, "PGB1000002", true},
		{"200000007", kvkZK, "PGB1000003", true},
		{"500000001", kvkZK, "PGB1000004", true},
		{"700000008", kvkZ2, "PGB1000005", true},
		{"800000006", kvkZK, "PGB1000006", true},
		{"900000004", kvkZ2, "PGB1000007", true},
		{"314159265", kvkZK, "PGB1000008", false},
	} {
		if err := exec(`INSERT INTO budgethouders (persoon_id, zorgkantoor_id, relatienummer)
			SELECT p.id, o.id, $3 FROM personen p, organisaties o WHERE p.bsn = $1 AND o.kvk = $2
			ON CONFLICT (persoon_id) DO NOTHING`, b.bsn, b.kvk, b.rel); err != nil {
			return err
		}
		if b.toekenning {
			if err := exec(`INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
				SELECT b.id, $2, 4500000, make_date($2, 1, 1), '5VV' FROM budgethouders b WHERE b.relatienummer = $1
				ON CONFLICT (budgethouder_id, jaar) DO NOTHING`, b.rel, year); err != nil {
				return err
			}
		}
	}
	// Vertegenwoordigingen: budgethouder bsn, soort, by person bsn or organisation kvk.
	for _, v := range []struct{ bh, soort, bsn, kvk string }{
		{"123456782", "wettelijk", "999990019", ""},
		{"200000007", "gevolmachtigde", "300000005", ""},
		{"500000001", "wettelijk", "400000003", ""},
		{"700000008", "wettelijk", "400000003", ""},
		{"800000006", "wettelijk", "", kvkBW},
		{"900000004", "wettelijk", "", kvkBW},
	} {
		if err := exec(`INSERT INTO vertegenwoordigingen (budgethouder_id, soort, persoon_id, organisatie_id)
			SELECT b.id, $2, (SELECT id FROM personen WHERE bsn = nullif($3, '')), (SELECT id FROM organisaties WHERE kvk = nullif($4, ''))
			FROM budgethouders b JOIN personen p ON p.id = b.persoon_id WHERE p.bsn = $1
			ON CONFLICT (budgethouder_id) DO NOTHING`, v.bh, v.soort, v.bsn, v.kvk); err != nil {
			return err
		}
	}
	if err := exec(`INSERT INTO zorgverleners (soort, persoon_id, naam)
		SELECT 'informeel', id, 'H. de Boer' FROM personen WHERE bsn = '135792460'
		ON CONFLICT (persoon_id) DO NOTHING`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO zorgverleners (soort, agb_code, naam) VALUES ('formeel', '75012345', 'Thuiszorg De Linde')
		ON CONFLICT (agb_code) DO NOTHING`); err != nil {
		return err
	}
	// Maximumtarieven after 2024 are demo values (marked as such), so agreements
	// starting this year can be drafted; the zorgkantoor sets the real ones.
	for y := 2025; y <= year+1; y++ {
		f := int64(100 + 3*(y-2024)) // about 3% a year over 2024
		if err := exec(`INSERT INTO maximumtarieven (jaar, informeel, professioneel, dagdeel, per_km, demo)
			VALUES ($1, $2, $3, $4, 23, true) ON CONFLICT (jaar) DO NOTHING`,
			y, 2444*f/100, 7700*f/100, 7088*f/100); err != nil {
			return err
		}
	}
	// A welcome bericht for every budgethouder, once.
	return exec(`INSERT INTO berichten (budgethouder_id, soort, onderwerp, inhoud, kenmerk)
		SELECT b.id, 'welkom', 'Welkom in het PGB Portaal',
		'Uw zorgkantoor heeft uw toekenningsbeschikking geregistreerd. U kunt nu zorgovereenkomsten opstellen en declaraties indienen.',
		'W-' || b.relatienummer
		FROM budgethouders b
		WHERE EXISTS (SELECT 1 FROM toekenningen t WHERE t.budgethouder_id = b.id)
		AND NOT EXISTS (SELECT 1 FROM berichten m WHERE m.budgethouder_id = b.id AND m.soort = 'welkom')`)
}
