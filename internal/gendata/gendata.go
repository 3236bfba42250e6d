// Package gendata generates a synthetic national dataset of the portal:
// budgethouders with their toekenningen, zorgverleners, zorgovereenkomsten
// (with signatures and timelines), twelve months of declaraties and
// maandlonen with their betalingen and betaalruns, berichten and audit rows.
// The same seed gives the same data. It loads with COPY for speed, with the
// triggers of the schema switched off for the load (session_replication_role
// replica) and their rules checked set-wise afterwards (Verify), so the result
// is exactly what the portal's own services would have left behind.
package gendata

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/demo"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Config sizes and seeds the dataset.
type Config struct {
	Budgethouders int
	Seed          int64
	// Now is the moment the dataset describes (the current month is the
	// last of its twelve).
	Now time.Time
	// OpenMonths is how many months before the current one still have
	// their betalingen ingepland (not yet paid by a betaalrun); default 1.
	OpenMonths int
	Log        io.Writer
}

// batchSize is the number of budgethouders generated and copied at a time.
const batchSize = 2000

type generator struct {
	cfg Config
	win Window
	loc *time.Location

	// ids handed out in order
	nPersoon, nZV, nZOV, nDecl, nBet, nBericht, nAudit, nHandt, nGeb, nProfiel, nVert, nToek int64
	// betaalrun per month index: id, count, total
	runs map[int]*run
}

type run struct {
	id     int64
	aantal int
	totaal int64
}

type rows map[string][][]any

func (r rows) add(table string, vals ...any) { r[table] = append(r[table], vals) }

// columns of every table the generator fills, in COPY order.
var columns = map[string][]string{
	"organisaties":         {"id", "kvk", "naam", "soort", "regio"},
	"personen":             {"id", "bsn", "aanhef", "voorletters", "tussenvoegsel", "achternaam", "geboortedatum"},
	"budgethouders":        {"id", "persoon_id", "zorgkantoor_id", "relatienummer"},
	"vertegenwoordigingen": {"id", "budgethouder_id", "soort", "persoon_id", "organisatie_id"},
	"zorgverleners":        {"id", "soort", "persoon_id", "agb_code", "naam"},
	"toekenningen":         {"id", "budgethouder_id", "jaar", "bedrag", "ingangsdatum", "zorgprofiel", "geregistreerd_op", "gepland", "betaald"},
	"profielen": {"id", "persoon_id", "zorgverlener_id", "straat", "huisnummer", "postcode", "woonplaats", "email", "telefoon",
		"iban", "voorkeur", "versie", "bijgewerkt_op"},
	"zorgovereenkomsten": {"id", "budgethouder_id", "zorgverlener_id", "status", "versie", "inhoud", "gedeeld_inhoud",
		"beoordeling", "aangemaakt_op", "gewijzigd_op", "ingediend_op", "beoordeeld_op", "zorgkantoor_id"},
	"handtekeningen": {"id", "zorgovereenkomst_id", "partij", "actor_kind", "actor_ref", "naam", "login_means", "assurance",
		"inhoud_hash", "getekend_op"},
	"zorgovereenkomst_gebeurtenissen": {"id", "zorgovereenkomst_id", "op", "wie", "wat"},
	"betaalruns":                      {"id", "gestart_op", "afgerond_op", "aantal", "totaal", "msg_id"},
	"declaraties": {"id", "budgethouder_id", "zorgovereenkomst_id", "zorgverlener_id", "soort", "periode", "status",
		"ingevoerd_door", "regels", "totaal", "naar_waarheid", "omschrijving", "iban", "versie", "aangemaakt_op", "gewijzigd_op", "ingediend_op"},
	"betalingen": {"id", "budgethouder_id", "jaar", "zorgverlener_id", "declaratie_id", "zorgovereenkomst_id", "soort", "periode",
		"omschrijving", "bedrag", "iban", "naam", "status", "ingepland_op", "uitbetaald_op", "betaalrun_id"},
	"berichten": {"id", "budgethouder_id", "zorgverlener_id", "organisatie_id", "soort", "onderwerp", "inhoud", "kenmerk",
		"aangemaakt_op", "gelezen_op"},
	"audit_log": {"id", "at", "actor_kind", "actor_ref", "actor_org", "actor_role", "login_means", "budgethouder_id",
		"action", "object_type", "object_id", "outcome", "keten_nr", "hash"},
}

// tableOrder is the order tables are copied in (foreign keys are checked
// afterwards, but a sensible order keeps the load easy to follow).
var tableOrder = []string{"organisaties", "personen", "budgethouders", "vertegenwoordigingen", "zorgverleners", "toekenningen",
	"profielen", "zorgovereenkomsten", "handtekeningen", "zorgovereenkomst_gebeurtenissen", "betaalruns", "declaraties",
	"betalingen", "berichten", "audit_log"}

// Organisation ids: zorgkantoren 1..31, bewindvoerders after them.
func zkID(k int) int64                { return int64(1 + k) }
func (g *generator) bwID(k int) int64 { return int64(1 + len(regios) + k) }

// ErrNotEmpty: the database already holds budgethouders; the generator only
// fills an empty (freshly migrated) database.
var ErrNotEmpty = errors.New("gendata: the database already has budgethouders; use an empty database")

// Generate fills an empty, migrated database through pool (connected as the
// owner of the schema) and then checks it with Verify. The demo personas are
// loaded too, so the usual demo logins work beside the generated ones.
func Generate(ctx context.Context, pool *pgxpool.Pool, cfg Config) error {
	if cfg.Budgethouders < 1 || cfg.Budgethouders > 200_000 {
		return fmt.Errorf("gendata: budgethouders must be between 1 and 200000, not %d", cfg.Budgethouders)
	}
	if cfg.OpenMonths < 1 || cfg.OpenMonths > 10 {
		cfg.OpenMonths = 1
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM budgethouders LIMIT 1) x`).Scan(&n); err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	if n > 0 {
		return ErrNotEmpty
	}
	g := &generator{cfg: cfg, win: newWindow(cfg.Now), loc: civil.Amsterdam(), runs: map[int]*run{}}
	start := time.Now()
	// Building an index once is much cheaper than keeping it up to date row
	// by row: the secondary indexes go for the load and come back after it
	// (unique ones then check their rule over all rows at once).
	indexes, err := dropIndexes(ctx, pool)
	if err != nil {
		return err
	}
	if err := g.load(ctx, pool); err != nil {
		// Leave the schema whole, even over a partial load.
		_ = createIndexes(context.Background(), pool, indexes)
		return err
	}
	fmt.Fprintf(cfg.Log, "loaded in %s; building %d indexes\n", time.Since(start).Round(time.Second), len(indexes))
	if err := createIndexes(ctx, pool, indexes); err != nil {
		return err
	}
	if err := chainAudit(ctx, pool); err != nil {
		return err
	}
	fmt.Fprintf(cfg.Log, "indexed and chained after %s; checking the rules of the schema\n", time.Since(start).Round(time.Second))
	if err := finish(ctx, pool); err != nil {
		return err
	}
	if err := demo.Load(ctx, pool); err != nil {
		return err
	}
	if err := Verify(ctx, pool); err != nil {
		return err
	}
	fmt.Fprintf(cfg.Log, "checked; analyzing\n")
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		return fmt.Errorf("gendata: vacuum analyze: %w", err)
	}
	fmt.Fprintf(cfg.Log, "done in %s\n", time.Since(start).Round(time.Second))
	return nil
}

// load generates the batches and copies them, one connection per table so
// the tables load side by side.
func (g *generator) load(ctx context.Context, pool *pgxpool.Pool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chans := map[string]chan [][]any{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	counts := map[string]int64{}
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for _, t := range tableOrder {
		ch := make(chan [][]any, 2)
		chans[t] = ch
		wg.Add(1)
		go func(table string) {
			defer wg.Done()
			err := copyTable(ctx, pool, table, ch, func(n int64) { mu.Lock(); counts[table] += n; mu.Unlock() })
			if err != nil {
				fail(err)
				for range ch { // drain so the producer never blocks
				}
			}
		}(t)
	}
	send := func(r rows) {
		for _, t := range tableOrder {
			if len(r[t]) > 0 {
				select {
				case chans[t] <- r[t]:
				case <-ctx.Done():
				}
			}
		}
	}
	send(g.organisaties())
	send(g.formeleZorgverleners())
	for from := 0; from < g.cfg.Budgethouders && ctx.Err() == nil; from += batchSize {
		to := min(from+batchSize, g.cfg.Budgethouders)
		r := rows{}
		for i := from; i < to; i++ {
			g.budgethouder(r, g.planBudgethouder(i))
		}
		send(r)
		fmt.Fprintf(g.cfg.Log, "generated %d of %d budgethouders\n", to, g.cfg.Budgethouders)
	}
	send(g.betaalruns())
	for _, ch := range chans {
		close(ch)
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for _, t := range tableOrder {
		fmt.Fprintf(g.cfg.Log, "%-34s %10d rows\n", t, counts[t])
	}
	return nil
}

// copyTable copies the chunks it receives into table on one connection, with
// triggers (and so foreign key checks) off: Verify checks them set-wise.
func copyTable(ctx context.Context, pool *pgxpool.Pool, table string, ch <-chan [][]any, done func(int64)) error {
	// A connection of its own, outside the pool: every table copies at once.
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("gendata: connect: %w", err)
	}
	defer conn.Close(context.Background())
	// A crash during the load loses the load, not consistency: no need to
	// wait for each chunk's commit to reach the disk.
	if _, err := conn.Exec(ctx, `SET synchronous_commit = off`); err != nil {
		return fmt.Errorf("gendata: %s: %w", table, err)
	}
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		return fmt.Errorf("gendata: %s: %w (the generator must run as a superuser or the schema owner)", table, err)
	}
	for chunk := range ch {
		n, err := conn.CopyFrom(ctx, pgx.Identifier{table}, columns[table], pgx.CopyFromRows(chunk))
		if err != nil {
			return fmt.Errorf("gendata: copy %s: %w", table, err)
		}
		done(n)
	}
	return nil
}

func (g *generator) organisaties() rows {
	r := rows{}
	for k, regio := range regios {
		r.add("organisaties", zkID(k), kvkZorgkantoor(k), "Zorgkantoor "+regio, "zorgkantoor", regio)
	}
	for k := 0; k < g.bewindvoerders(); k++ {
		rr := rngFor(g.cfg.Seed, "bewind", k)
		r.add("organisaties", g.bwID(k), kvkBewindvoerder(k), "Bewindvoering "+pick(rr, instellingNamen)+" "+itoa(k+1)+" B.V.", "bewindvoerder", "")
	}
	return r
}

func (g *generator) formeleZorgverleners() rows {
	r := rows{}
	for k := 0; k < g.formelen(); k++ {
		f := g.formeel(k)
		g.nZV++
		r.add("zorgverleners", g.nZV, "formeel", nil, f.agb, f.naam)
		rr := rngFor(g.cfg.Seed, "formeel-profiel", k)
		g.profiel(r, rr, nil, g.nZV, f.iban)
	}
	return r
}

// formeelID is the zorgverleners.id of formal zorgverlener k (they come first).
func formeelID(k int) int64 { return int64(k + 1) }

func (g *generator) persoon(r rows, bsn string, n naam, rr *rand.Rand) int64 {
	g.nPersoon++
	geb := civil.Date{Year: 1930 + rr.IntN(70), Month: time.Month(1 + rr.IntN(12)), Day: 1 + rr.IntN(28)}
	r.add("personen", g.nPersoon, bsn, n.aanhef, n.voorletters, n.tussenvoegsel, n.achternaam, geb)
	return g.nPersoon
}

// profiel adds the profile of a person (persoon set) or a formal
// zorgverlener (zv set), as completed at first login.
func (g *generator) profiel(r rows, rr *rand.Rand, persoon any, zv any, iban string) {
	g.nProfiel++
	r.add("profielen", g.nProfiel, persoon, zv, pick(rr, straten), itoa(1+rr.IntN(200)), postcode(rr), pick(rr, plaatsen),
		"post"+strconv.FormatInt(g.nProfiel, 10)+"@example.nl", "0612345678", iban, "digitaal", 1, g.cfg.Now.Add(-400*24*time.Hour))
}

// at is a moment on day d of month index m (clamped to the month), at hh:mm.
func (g *generator) at(m, day, hh, mm int) time.Time {
	d := g.win.Month(m)
	if n := civil.DaysIn(d.Year, d.Month); day > n {
		day = n
	}
	t := time.Date(d.Year, d.Month, day, hh, mm, 0, 0, g.loc)
	if t.After(g.cfg.Now) {
		t = g.cfg.Now.Add(-time.Duration(m+1) * time.Minute)
	}
	return t
}

type betaling struct {
	jaar          int
	bedrag        int64
	status        string
	zv            int64
	naam, iban    string
	soort, omschr string
	decl, zovID   any
	periode       civil.Date
	maand         int
	ingeplandOp   time.Time
}

func (g *generator) budgethouder(r rows, p bhPlan) {
	rr := rngFor(g.cfg.Seed, "bh-rows", p.i)
	pid := g.persoon(r, p.bsn, p.naam, rr)
	bh := int64(p.i + 1)
	r.add("budgethouders", bh, pid, zkID(p.zk), fmt.Sprintf("PGB%08d", 20000000+p.i))
	g.profiel(r, rr, pid, nil, p.iban)
	actorKind, actorRef, actorRole := "persoon", itoa64(pid), "budgethouder"
	switch p.vert {
	case vertWettelijkPersoon, vertGevolmachtigde:
		vid := g.persoon(r, p.vertBSN, p.vertNaam, rr)
		g.profiel(r, rr, vid, nil, "")
		soort := "wettelijk"
		if p.vert == vertGevolmachtigde {
			soort = "gevolmachtigde"
		}
		g.nVert++
		r.add("vertegenwoordigingen", g.nVert, bh, soort, vid, nil)
		actorRef, actorRole = itoa64(vid), "vertegenwoordiger"
	case vertWettelijkBewindvoerder:
		g.nVert++
		r.add("vertegenwoordigingen", g.nVert, bh, "wettelijk", nil, g.bwID(p.bewind))
		actorKind, actorRef, actorRole = "organisatie", itoa64(g.bwID(p.bewind)), "vertegenwoordiger"
	}
	g.bericht(r, bh, nil, "welkom", "Welkom in het PGB Portaal",
		"Uw zorgkantoor heeft uw toekenningsbeschikking geregistreerd. U kunt nu zorgovereenkomsten opstellen en declaraties indienen.",
		"W-"+fmt.Sprintf("PGB%08d", 20000000+p.i), g.at(0, 2, 9, 0), true)
	for m := 0; m < 12; m += 1 {
		g.audit(r, g.at(m, 3+rr.IntN(20), 8+rr.IntN(10), rr.IntN(60)), actorKind, actorRef, actorRole, "digid", bh, "inloggen", "", "")
	}

	var bets []betaling
	for _, a := range p.afspraken {
		bets = append(bets, g.afspraak(r, rr, p, a, bh, actorKind, actorRef, actorRole)...)
	}
	for _, m := range p.vvbMaanden {
		bets = append(bets, g.vvb(r, rr, p, bh, m))
	}

	// The toekenningen cover what was planned and paid, with room to spare.
	sums := map[int][2]int64{}
	for _, b := range bets {
		s := sums[b.jaar]
		if b.status == "uitbetaald" {
			s[1] += b.bedrag
		} else if b.status == "ingepland" {
			s[0] += b.bedrag
		}
		sums[b.jaar] = s
	}
	for y := g.win.First.Year; y <= g.win.Month(11).Year; y++ {
		s := sums[y]
		bedrag := int64(20_000+rr.IntN(70_000)) * 100
		if need := (s[0] + s[1]) * 12 / 10; need > bedrag {
			bedrag = (need/100 + 1) * 100
		}
		g.nToek++
		r.add("toekenningen", g.nToek, bh, y, bedrag, civil.Date{Year: y, Month: 1, Day: 1}, p.profiel,
			time.Date(y-1, 12, 10, 10, 0, 0, 0, g.loc), s[0], s[1])
	}
	for _, b := range bets {
		g.betaling(r, bh, b)
	}
}

// zvID returns the zorgverleners.id of the agreement's zorgverlener,
// creating an informal one (person, zorgverlener, profile) when needed.
func (g *generator) zvID(r rows, rr *rand.Rand, a afspraakPlan) int64 {
	if a.formeel >= 0 {
		return formeelID(a.formeel)
	}
	pid := g.persoon(r, a.zvBSN, a.zvNaam, rr)
	g.nZV++
	r.add("zorgverleners", g.nZV, "informeel", pid, nil, a.zvNaam.String())
	g.profiel(r, rr, pid, nil, a.zvIBAN)
	return g.nZV
}

func (g *generator) afspraak(r rows, rr *rand.Rand, p bhPlan, a afspraakPlan, bh int64, kind, ref, role string) []betaling {
	var zv any
	var zvID int64
	if a.status != zov.Concept || rr.IntN(2) == 0 {
		zvID = g.zvID(r, rr, a)
		zv = zvID
	}
	in := a.inhoud
	if zvID != 0 {
		in.Zorgverlener.ID = zvID
	}
	doc, _ := json.Marshal(in)
	hash := sha256.Sum256(doc) // what Inhoud.Hash computes, without marshalling again
	inHash := hex.EncodeToString(hash[:])
	g.nZOV++
	id := g.nZOV
	start := a.start
	if start > 11 {
		start = 11
	}
	base := max(start-1, -12)
	aangemaakt := g.at(0, 1, 10, 0).AddDate(0, base, 0)
	if a.status != zov.Goedgekeurd {
		aangemaakt = g.cfg.Now.Add(-time.Duration(5+rr.IntN(40)) * 24 * time.Hour)
	}
	var gedeeld any
	var ingediend, beoordeeld any
	gewijzigd := aangemaakt
	wie := "Budgethouder " + p.naam.String()
	if role == "vertegenwoordiger" {
		wie = "Vertegenwoordiger " + p.naam.String()
	}
	zvWie := "Zorgverlener " + in.Zorgverlener.Naam
	g.gebeurtenis(r, id, aangemaakt, wie, "Concept opgesteld")
	t := aangemaakt
	step := func() time.Time { t = t.Add(time.Duration(1+rr.IntN(48)) * time.Hour); return t }
	reached := func(s zov.Status) bool { return statusRang[a.status] >= statusRang[s] }
	if reached(zov.Gedeeld) {
		gedeeld = doc
		g.gebeurtenis(r, id, step(), wie, "Gedeeld met zorgverlener")
	}
	if reached(zov.OndertekendZorgverlener) {
		zk, zref := "persoon", ""
		means := "digid"
		if a.formeel >= 0 {
			zk, zref, means = "zorgverlener", itoa64(zvID), "vecozo"
		}
		g.nHandt++
		tt := step()
		r.add("handtekeningen", g.nHandt, id, "zorgverlener", zk, zref, in.Zorgverlener.Naam, means, "", inHash, tt)
		g.gebeurtenis(r, id, tt, zvWie, "Ondertekend door zorgverlener")
	}
	if reached(zov.TerBeoordeling) {
		tt := step()
		g.nHandt++
		means, level := "digid", "urn:nl:digid:substantieel"
		if kind == "organisatie" {
			means, level = "eherkenning", "urn:etoegang:core:assurance-class:loa3"
		}
		r.add("handtekeningen", g.nHandt, id, "budgethouder", kind, ref, p.naam.String(), means, level, inHash, tt)
		g.gebeurtenis(r, id, tt, wie, "Ondertekend door budgethouder en ingediend bij het zorgkantoor")
		ingediend = tt
	}
	beoordeling := ""
	if a.status == zov.Goedgekeurd || a.status == zov.Afgekeurd || a.status == zov.AanvullingGevraagd {
		tt := step()
		beoordeeld = tt
		wat := map[zov.Status]string{zov.Goedgekeurd: "Goedgekeurd door het zorgkantoor", zov.Afgekeurd: "Afgekeurd door het zorgkantoor",
			zov.AanvullingGevraagd: "Aanvulling gevraagd door het zorgkantoor"}[a.status]
		if a.status != zov.Goedgekeurd {
			beoordeling = "Het tarief past niet bij de zorg die wordt geleverd."
		}
		g.gebeurtenis(r, id, tt, "Zorgkantoor "+regios[p.zk], wat)
		onderwerp := map[zov.Status]string{zov.Goedgekeurd: "Zorgovereenkomst goedgekeurd", zov.Afgekeurd: "Zorgovereenkomst afgekeurd",
			zov.AanvullingGevraagd: "Aanvulling gevraagd op uw zorgovereenkomst"}[a.status]
		g.bericht(r, bh, nil, "zorgovereenkomst", onderwerp, "Het zorgkantoor heeft uw zorgovereenkomst met "+in.Zorgverlener.Naam+" beoordeeld.",
			fmt.Sprintf("ZO-%06d", id), tt, true)
		g.bericht(r, nil, zvID, "zorgovereenkomst", onderwerp, "Het zorgkantoor heeft de zorgovereenkomst met "+p.naam.String()+" beoordeeld.",
			fmt.Sprintf("ZO-%06d", id), tt, true)
	}
	gewijzigd = t
	r.add("zorgovereenkomsten", id, bh, zv, string(a.status), a.versie, doc, gedeeld, beoordeling, aangemaakt, gewijzigd, ingediend, beoordeeld,
		zkID(p.zk))
	if a.status != zov.Goedgekeurd {
		return nil
	}

	var bets []betaling
	from := max(a.start, 0)
	if in.Maandloon {
		// The scheduler plans a maandloon on the first of every month.
		for m := from; m <= 11; m++ {
			bets = append(bets, betaling{jaar: g.win.Month(m).Year, bedrag: a.maandbed, status: g.betaalStatus(m, false), zv: zvID,
				naam: in.Zorgverlener.Naam, iban: in.Zorgverlener.IBAN, soort: "maandloon", omschr: "Maandloon " + budget.MaandNaam(g.win.Month(m)),
				zovID: id, periode: g.win.Month(m), maand: m, ingeplandOp: g.at(m, 1, 6, 0)})
		}
		return bets
	}
	door := "budgethouder"
	if a.doorZV {
		door = "zorgverlener"
	}
	for m := from; m <= 10; m++ {
		maand := g.win.Month(m)
		status := "ingepland"
		if m == 10 { // last month: still being entered
			switch x := rr.Float64(); {
			case x < 0.25:
				status = "concept"
			case x < 0.35 && a.doorZV:
				status = "ter_beoordeling"
			case x < 0.45:
				continue // not entered yet
			}
		} else if rr.Float64() < 0.005 {
			status = "afgekeurd"
		}
		regels, totaal := declaratieRegels(rr, in, maand)
		rj := regelsJSON(regels)
		g.nDecl++
		did := g.nDecl
		made := g.at(m+1, 1+rr.IntN(10), 9+rr.IntN(10), rr.IntN(60))
		var ingediendOp any
		if status == "ingepland" {
			ingediendOp = made.Add(time.Duration(10+rr.IntN(600)) * time.Minute)
		}
		if status == "ter_beoordeling" || status == "afgekeurd" {
			door = "zorgverlener"
		}
		r.add("declaraties", did, bh, id, zvID, "zorg", maand, status, door, rj, totaal, status != "concept",
			"", "", 1+rr.IntN(3), made, made.Add(time.Hour), ingediendOp)
		door = map[bool]string{true: "zorgverlener", false: "budgethouder"}[a.doorZV]
		if status != "ingepland" {
			continue
		}
		g.audit(r, ingediendOp.(time.Time), kind, ref, role, "digid", bh, "indienen", "declaratie", itoa64(did))
		bets = append(bets, betaling{jaar: maand.Year, bedrag: totaal, status: g.betaalStatus(m, true), zv: zvID,
			naam: in.Zorgverlener.Naam, iban: in.Zorgverlener.IBAN, soort: "declaratie", omschr: "Declaratie " + declaratie.MaandNaam(maand),
			decl: did, zovID: id, periode: maand, maand: m, ingeplandOp: ingediendOp.(time.Time)})
	}
	return bets
}

var statusRang = map[zov.Status]int{zov.Concept: 0, zov.Gedeeld: 1, zov.OndertekendZorgverlener: 2, zov.TerBeoordeling: 3,
	zov.Goedgekeurd: 4, zov.Afgekeurd: 4, zov.AanvullingGevraagd: 4}

// betaalStatus: a betaling of month m is paid by the betaalrun after that
// month, unless it is one of the open months. A declaratie of month m is
// submitted in month m+1, a maandloon planned in month m itself.
func (g *generator) betaalStatus(m int, declaratie bool) string {
	paidBy := m
	if declaratie {
		paidBy = m + 1
	}
	if paidBy < 11-g.cfg.OpenMonths+1 && paidBy <= 10 {
		return "uitbetaald"
	}
	return "ingepland"
}

func (g *generator) vvb(r rows, rr *rand.Rand, p bhPlan, bh int64, m int) betaling {
	maand := g.win.Month(m)
	totaal := int64(100+rr.IntN(400)) * 100
	g.nDecl++
	made := g.at(m+1, 1+rr.IntN(10), 10, 0)
	r.add("declaraties", g.nDecl, bh, nil, nil, "vvb", maand, "ingepland", "budgethouder", []byte("[]"), totaal, true,
		"Verantwoordingsvrij bedrag", p.iban, 1, made, made, made)
	return betaling{jaar: maand.Year, bedrag: totaal, status: g.betaalStatus(m, true), naam: p.naam.String(), iban: p.iban,
		soort: "vvb", omschr: fmt.Sprintf("Verantwoordingsvrij bedrag %d", maand.Year), decl: g.nDecl, periode: maand, maand: m,
		ingeplandOp: made}
}

func (g *generator) betaling(r rows, bh int64, b betaling) {
	g.nBet++
	var zv, uitbetaald, runID any
	if b.zv != 0 {
		zv = b.zv
	}
	if b.status == "uitbetaald" {
		paidIn := b.maand
		if b.soort != "maandloon" {
			paidIn++
		}
		ru := g.runs[paidIn]
		if ru == nil {
			ru = &run{id: int64(len(g.runs) + 1)}
			g.runs[paidIn] = ru
		}
		ru.aantal++
		ru.totaal += b.bedrag
		t := g.runMoment(paidIn)
		uitbetaald, runID = t, ru.id
		onderwerp := "Betaling uitgevoerd"
		if b.soort == "declaratie" {
			onderwerp = "Declaratie uitbetaald"
		}
		k := budget.Kenmerk(g.nBet)
		if b.zv != 0 {
			g.bericht(r, nil, b.zv, "betaling", onderwerp, "De SVB heeft het bedrag aan u overgemaakt ("+b.omschr+").", k, t, true)
		}
		g.bericht(r, bh, nil, "betaling", onderwerp, "De SVB heeft het bedrag uit uw budget betaald aan "+b.naam+" ("+b.omschr+").", k, t, b.maand < 9)
	}
	r.add("betalingen", g.nBet, bh, b.jaar, zv, b.decl, b.zovID, b.soort, b.periode, b.omschr, b.bedrag, b.iban, b.naam,
		b.status, b.ingeplandOp, uitbetaald, runID)
}

// runMoment is when the betaalrun that paid month index m's betalingen ran:
// on the 25th of month m at 17:00.
func (g *generator) runMoment(m int) time.Time { return g.at(m, 25, 17, 0) }

func (g *generator) betaalruns() rows {
	r := rows{}
	for m, ru := range g.runs {
		t := g.runMoment(m)
		r.add("betaalruns", ru.id, t, t.Add(2*time.Minute), ru.aantal, ru.totaal, fmt.Sprintf("PGB-BETAALRUN-%06d", ru.id))
	}
	return r
}

func (g *generator) bericht(r rows, bh, zv any, soort, onderwerp, inhoud, kenmerk string, at time.Time, gelezen bool) {
	g.nBericht++
	var gelezenOp any
	if gelezen {
		gelezenOp = at.Add(26 * time.Hour)
		if gelezenOp.(time.Time).After(g.cfg.Now) {
			gelezenOp = nil
		}
	}
	r.add("berichten", g.nBericht, bh, zv, nil, soort, onderwerp, inhoud, kenmerk, at, gelezenOp)
}

func (g *generator) gebeurtenis(r rows, zovID int64, op time.Time, wie, wat string) {
	g.nGeb++
	r.add("zorgovereenkomst_gebeurtenissen", g.nGeb, zovID, op, wie, wat)
}

func (g *generator) audit(r rows, at time.Time, kind, ref, role, means string, bh int64, action, objType, objID string) {
	g.nAudit++
	org := ""
	if kind == "organisatie" {
		org = ref
		means = "eherkenning"
	}
	// The entry's place in the hash chain is its id; chainAudit computes the
	// hashes once the load is done (the placeholder never survives it).
	r.add("audit_log", g.nAudit, at, kind, ref, org, role, means, bh, action, objType, objID, "ok", g.nAudit, []byte{0})
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// chainAudit links the generated audit entries into the audit trail's hash
// chain, in the order of their place, exactly as the insert trigger would
// have done one by one. The guard against changing entries is a trigger,
// which the replica role leaves out for this one transaction.
func chainAudit(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("gendata: chain audit: %w", err)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck
	if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		return fmt.Errorf("gendata: chain audit: %w", err)
	}
	if _, err := tx.Exec(ctx, `DO $$
DECLARE
    r    audit_log;
    prev bytea;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY keten_nr LOOP
        r.vorige_hash := prev;
        r.hash := audit_log_digest(r);
        UPDATE audit_log SET vorige_hash = r.vorige_hash, hash = r.hash WHERE id = r.id;
        prev := r.hash;
    END LOOP;
END
$$`); err != nil {
		return fmt.Errorf("gendata: chain audit: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("gendata: chain audit: %w", err)
	}
	return nil
}
