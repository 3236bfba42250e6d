package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
	"pgbportaal/internal/web"
)

// The access matrix: every route of the portal, tried by every demo party and
// by an anonymous visitor, with the ids of objects that belong to a
// budgethouder none of them has anything to do with. Every such request must
// end at the login page, in a 403 or in a 404, carry the security headers,
// and leave the database as it was.
//
// ADDING A ROUTE: add one line to accessMatrix below, keyed "METHOD /pattern"
// exactly as in the route table. Say who passes the route's gate (roles), and
// if the route names an object ({id}), which kind of object (obj) and which
// roles see every object of that kind by their task (seenBy, e.g. the SVB for
// facturen). When your object is a new kind, add a foreign one to
// foreignObjects. The test fails for a route without a line and for a line
// without a route.

type access struct {
	public bool        // anyone may open it, logged in or not (only GET is tried, anonymously)
	roles  []auth.Role // who passes the gate; nil: every logged-in party
	obj    string      // the kind of object {id} names; "" for a route about the party itself
	seenBy []auth.Role // roles that see every object of this kind: not tried
}

var (
	bh  = auth.RoleBudgethouder
	vt  = auth.RoleVertegenwoordiger
	zv  = auth.RoleZorgverlener
	zk  = auth.RoleZorgkantoor
	svb = auth.RoleSVB
)

func public() access                  { return access{public: true} }
func loggedIn() access                { return access{} }
func only(roles ...auth.Role) access  { return access{roles: roles} }
func (a access) on(obj string) access { a.obj = obj; return a }
func (a access) seen(r ...auth.Role) access {
	a.seenBy = r
	return a
}

var accessMatrix = map[string]access{
	// No session: probes, static files, the test identity providers.
	"GET /healthz":                  public(),
	"GET /readyz":                   public(),
	"GET /.well-known/security.txt": public(),
	"GET /static/*":                 public(),
	"POST /static/*":                public(),

	// Public pages, logging in and out.
	"GET /":                       public(),
	"GET /toegankelijkheid":       public(),
	"GET /privacy":                public(),
	"GET /inloggen":               public(),
	"GET /inloggen/{means}":       public(),
	"GET /inloggen/{means}/terug": public(),
	"GET /kies-rol":               public(),
	"POST /kies-rol":              public(),
	"POST /uitloggen":             public(),
	"GET /uitgelogd":              public(),

	// Every logged-in party.
	"GET /profiel":        loggedIn(),
	"POST /profiel":       loggedIn(),
	"GET /berichten":      loggedIn(),
	"GET /berichten/{id}": loggedIn().on("bericht"),

	// Documents as PDF letters.
	"GET /berichten/{id}/pdf":          loggedIn().on("bericht"),
	"GET /zorgovereenkomsten/{id}/pdf": loggedIn().on("zorgovereenkomst"),
	"GET /budget/{jaar}/pdf":           only(bh, vt),
	"GET /toekenningen/{id}/pdf":       only(zk).on("toekenning"),

	// Suggestie of klacht, handled by the zorgkantoor and the SVB; maintenance.
	"GET /suggestie-of-klacht":           loggedIn(),
	"POST /suggestie-of-klacht":          loggedIn(),
	"GET /suggestie-of-klacht/verzonden": loggedIn(),
	"GET /klachten":                      only(zk, svb),
	"GET /klachten/{id}":                 only(zk, svb).on("klacht"),
	"POST /klachten/{id}":                only(zk, svb).on("klacht"),
	"GET /onderhoud":                     only(svb),
	"POST /onderhoud":                    only(svb),
	"POST /onderhoud/{id}/intrekken":     only(svb).on("onderhoud").seen(svb),

	// Zorgovereenkomsten.
	"GET /zorgovereenkomsten/nieuw":              only(bh, vt),
	"POST /zorgovereenkomsten/nieuw":             only(bh, vt),
	"GET /zorgovereenkomsten/{id}/verder":        only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/stap/{n}":      only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/stap/{n}":     only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/controle":      only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/delen":        only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/gedeeld":       only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/terugsturen":  only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/verwijderen":   only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/verwijderen":  only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten":                    only(bh, vt, zv),
	"GET /zorgovereenkomsten/{id}":               only(bh, vt, zv).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/ondertekenen": only(bh, vt, zv).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/wijzigen":      only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/wijzigen":     only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/verlengen":     only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/verlengen":    only(bh, vt).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/beeindigen":    only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/beeindigen":   only(bh, vt).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/niet-akkoord": only(zv).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/versies/{n}":   only(bh, vt, zv).on("zorgovereenkomst"),
	"GET /zorgovereenkomsten/{id}/aanpassen":     only(zv).on("zorgovereenkomst"),
	"POST /zorgovereenkomsten/{id}/aanpassen":    only(zv).on("zorgovereenkomst"),
	"GET /beoordelen":                            only(zk),
	"GET /beoordelen/{id}":                       only(zk).on("zorgovereenkomst"),
	"POST /beoordelen/{id}":                      only(zk).on("zorgovereenkomst"),
	"GET /maximumtarieven":                       only(zk),
	"POST /maximumtarieven":                      only(zk),

	// Budget, toekenningen, betaalrun.
	"GET /budget":                     only(bh, vt),
	"GET /toekenningen":               only(zk),
	"GET /toekenningen/nieuw":         only(zk),
	"POST /toekenningen/nieuw":        only(zk),
	"GET /betaalrun":                  only(svb),
	"POST /betaalrun":                 only(svb),
	"GET /betaalrun/{id}/pain001.xml": only(svb).on("betaalrun").seen(svb),

	// Declaraties and facturen.
	"GET /declaraties":                  only(bh, vt, zv),
	"GET /declaraties/nieuw":            only(bh, vt, zv),
	"POST /declaraties/nieuw":           only(bh, vt, zv),
	"POST /declaraties/{id}":            only(bh, vt, zv).on("declaratie"),
	"GET /declaraties/{id}/controle":    only(bh, vt, zv).on("declaratie"),
	"GET /declaraties/{id}/ingediend":   only(bh, vt, zv).on("declaratie"),
	"POST /declaraties/{id}/indienen":   only(bh, vt).on("declaratie"),
	"POST /declaraties/{id}/goedkeuren": only(bh, vt).on("declaratie"),
	"POST /declaraties/{id}/afkeuren":   only(bh, vt).on("declaratie"),
	"POST /declaraties/{id}/intrekken":  only(bh, vt).on("declaratie"),
	"POST /declaraties/{id}/versturen":  only(zv).on("declaratie"),
	"GET /declaraties/{id}":             only(bh, vt, zv, zk, svb).on("declaratie"),
	"GET /intrekkingen":                 only(svb),
	"POST /intrekkingen/{id}":           only(svb).on("declaratie").seen(svb),
	"GET /facturen/nieuw":               only(bh, vt),
	"POST /facturen/nieuw":              only(bh, vt),
	"GET /facturen":                     only(bh, vt, svb),
	"GET /facturen/{id}":                only(bh, vt, svb).on("factuur").seen(svb),
	"GET /facturen/{id}/pdf":            only(bh, vt, svb).on("factuur").seen(svb),
	"POST /facturen/{id}":               only(svb).on("factuur").seen(svb),

	// Ziek- en zwangerschapsmeldingen.
	"GET /meldingen":                only(bh, vt, zv, svb),
	"GET /meldingen/{id}":           only(bh, vt, zv, svb).on("melding").seen(svb),
	"GET /meldingen/nieuw":          only(bh, vt),
	"POST /meldingen/nieuw":         only(bh, vt),
	"GET /meldingen/{id}/beter":     only(bh, vt).on("melding"),
	"POST /meldingen/{id}/beter":    only(bh, vt).on("melding"),
	"POST /meldingen/{id}/verwerkt": only(svb).on("melding").seen(svb),

	// Wie heeft mijn gegevens bekeken.
	"GET /gegevens-bekeken": only(bh, vt),
}

// The test identity providers: the same routes under each login means.
func init() {
	for _, means := range []string{"digid", "eherkenning", "vecozo"} {
		for _, rt := range []string{"GET /.well-known/openid-configuration", "GET /authorize", "GET /jwks", "POST /authorize", "POST /token"} {
			method, path, _ := strings.Cut(rt, " ")
			accessMatrix[method+" /stub/"+means+path] = public()
		}
	}
}

// matrixParty is a demo login and the role it acts in.
type matrixParty struct {
	means, persona string
	role           auth.Role
}

// matrixParties are the demo logins that get in (a budgethouder without a
// toekenning, or one whose vertegenwoordiger acts, is refused at login).
var matrixParties = []matrixParty{
	{"digid", "Budgethouder", bh},
	{"digid", "Wettelijk vertegenwoordiger", vt},
	{"digid", "Budgethouder met gevolmachtigde", bh},
	{"digid", "Gevolmachtigde", vt},
	{"digid", "Vertegenwoordiger van twee budgethouders", vt},
	{"digid", "Zorgverlener (informeel)", zv},
	{"eherkenning", "Bewindvoerder, medewerker 1", vt},
	{"eherkenning", "Beoordelaar zorgkantoor", zk},
	{"eherkenning", "Beoordelaar ander zorgkantoor", zk},
	{"eherkenning", "Medewerker SVB", svb},
	{"vecozo", "Zorgverlener (formeel)", zv},
}

// foreignObjects creates, for every kind of object, one that belongs to a
// budgethouder of a zorgkantoor no demo party works for, with a zorgverlener
// no demo party is.
func foreignObjects(t *testing.T, pool *pgxpool.Pool) map[string]string {
	f := testutil.NewFixtures(t, pool)
	ctx := context.Background()
	zkID := f.Zorgkantoor("Zorgkantoor Elders", "Elders")
	stranger := f.Budgethouder(zkID)
	toekenning := f.Toekenning(stranger.ID, 2026, 2500000)
	one := func(q string, args ...any) string {
		t.Helper()
		var id int64
		if err := pool.QueryRow(ctx, q, args...).Scan(&id); err != nil {
			t.Fatalf("foreign object: %v", err)
		}
		return fmt.Sprint(id)
	}
	zvID := one(`INSERT INTO zorgverleners (soort, agb_code, naam) VALUES ('formeel', '75099999', 'Zorg Elders') RETURNING id`)
	zovID := one(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op)
			VALUES ($1, $2, 'ter_beoordeling', '{}', now()) RETURNING id`, stranger.ID, zvID)
	return map[string]string{
		"bericht":          fmt.Sprint(f.Bericht(stranger.ID, "Niet voor u")),
		"toekenning":       fmt.Sprint(toekenning),
		"zorgovereenkomst": zovID,
		"melding": one(`INSERT INTO meldingen (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, arbeidsovereenkomst,
			begindatum, svb_status) VALUES ($1, $2, $3, 'ziek', true, '2026-10-01', 'te_behandelen') RETURNING id`, stranger.ID, zovID, zvID),
		"declaratie": one(`INSERT INTO declaraties (budgethouder_id, soort, periode, ingevoerd_door)
			VALUES ($1, 'vvb', '2026-10-01', 'budgethouder') RETURNING id`, stranger.ID),
		"factuur": one(`INSERT INTO facturen (budgethouder_id, periode, bestandsnaam, inhoud, grootte, sha256)
			VALUES ($1, '2026-10-01', 'f.pdf', '%PDF-1.4 x'::bytea, 10, encode(sha256('%PDF-1.4 x'::bytea), 'hex')) RETURNING id`, stranger.ID),
		"klacht": one(`INSERT INTO klachten (soort, onderwerp, toelichting, budgethouder_id, behandelaar_id)
			VALUES ('klacht', 'Elders', 'Niet voor u', $1, $2) RETURNING id`, stranger.ID, zkID),
		"onderhoud": one(`INSERT INTO onderhoudsvensters (begint_op, eindigt_op) VALUES ('2099-01-01 22:00+01', '2099-01-02 02:00+01') RETURNING id`),
		"betaalrun": one(`INSERT INTO betaalruns (gestart_op) VALUES (now()) RETURNING id`),
	}
}

// domainChecksum is a digest of every row of every table except the ones
// that change by merely visiting: sessions, the audit trail, login counters.
func domainChecksum(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var sum string
	err := db.TxAs(context.Background(), pool, db.System, func(tx pgx.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
			AND tablename NOT IN ('sessions', 'audit_log', 'goose_db_version', 'login_pogingen') ORDER BY tablename`)
		if err != nil {
			return err
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		var parts []string
		for _, tb := range tables {
			var h string
			if err := tx.QueryRow(context.Background(), fmt.Sprintf(
				`SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM %s t`, pgx.Identifier{tb}.Sanitize())).Scan(&h); err != nil {
				return fmt.Errorf("%s: %w", tb, err)
			}
			parts = append(parts, tb+"="+h)
		}
		sum = strings.Join(parts, ",")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// changedTables names the tables whose digest differs.
func changedTables(before, after string) string {
	b := strings.Split(before, ",")
	var out []string
	for i, a := range strings.Split(after, ",") {
		if i >= len(b) || a != b[i] {
			out = append(out, strings.SplitN(a, "=", 2)[0])
		}
	}
	return strings.Join(out, ", ")
}

// routeTable lists "METHOD /pattern" of every GET and POST route.
func routeTable(t *testing.T, app *apptest.App) []string {
	h, err := web.New(web.Deps{Config: app.Config, Pool: app.Pool, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("web.New returned %T, not a chi router", h)
	}
	seen := map[string]bool{}
	err = chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet || method == http.MethodPost {
			seen[method+" "+strings.ReplaceAll(route, "/*/", "/")] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var paramRe = regexp.MustCompile(`\{(\w+)(:[^}]*)?\}`)

func fillPath(pattern string, e access, objs map[string]string) string {
	p := paramRe.ReplaceAllStringFunc(pattern, func(m string) string {
		switch name := paramRe.FindStringSubmatch(m)[1]; name {
		case "id":
			return objs[e.obj]
		case "means":
			return "digid"
		default:
			return "1"
		}
	})
	return strings.ReplaceAll(p, "*", "x")
}

// refused reports whether resp is the login page, a 401, 403 or 404.
func refused(resp *http.Response) bool {
	if resp.Request.URL.Path == "/inloggen" {
		return true
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	}
	return false
}

func checkHeaders(t *testing.T, who, route string, resp *http.Response) {
	t.Helper()
	h := resp.Header
	if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") == "" {
		t.Errorf("%s, %s: security headers missing: %v", who, route, h)
	}
}

func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	objs := foreignObjects(t, app.Pool)

	routes := routeTable(t, app)
	for _, rt := range routes {
		e, ok := accessMatrix[rt]
		if !ok {
			t.Errorf("route %q has no entry in accessMatrix (internal/web/access_matrix_test.go): add one saying who may reach it", rt)
			continue
		}
		if e.obj != "" && objs[e.obj] == "" {
			t.Errorf("route %q names object kind %q, which foreignObjects does not create", rt, e.obj)
		}
	}
	for rt := range accessMatrix {
		if !slices.Contains(routes, rt) {
			t.Errorf("accessMatrix has an entry for %q, which is not in the route table: remove or rename it", rt)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	before := domainChecksum(t, app.Pool)
	tried := 0

	// Anonymous: every route that is not public sends to the login page (GET)
	// or answers 401 (POST); public GETs answer without a server error.
	anon := newClient(t, app.URL)
	for _, rt := range routes {
		e := accessMatrix[rt]
		method, pattern, _ := strings.Cut(rt, " ")
		if e.public && method == http.MethodPost {
			continue
		}
		var form url.Values
		if method == http.MethodPost {
			form = url.Values{}
		}
		resp, _ := anon.do(method, fillPath(pattern, e, objs), form)
		tried++
		checkHeaders(t, "anoniem", rt, resp)
		switch {
		case e.public && resp.StatusCode >= 500:
			t.Errorf("anoniem, %s: status %d", rt, resp.StatusCode)
		case !e.public && !(resp.Request.URL.Path == "/inloggen" || resp.StatusCode == http.StatusUnauthorized):
			t.Errorf("anoniem, %s: status %d at %s, want the login page or 401", rt, resp.StatusCode, resp.Request.URL.Path)
		}
	}
	if after := domainChecksum(t, app.Pool); after != before {
		t.Fatalf("anonymous requests changed the database: %s", changedTables(before, after))
	}

	for _, p := range matrixParties {
		c := newClient(t, app.URL)
		resp, doc := c.login(p.means, p.persona)
		if resp.Request.URL.Path == "/kies-rol" {
			resp, doc = c.do("POST", "/kies-rol", url.Values{"keuze": {"0"}})
		}
		if resp.StatusCode != http.StatusOK || c.sessionCookie() == "" {
			t.Fatalf("%s: login failed: %d %s %q", p.persona, resp.StatusCode, resp.Request.URL, doc.Find("h1").Text())
		}
		// Logging in may record a medewerker; what follows may change nothing.
		before := domainChecksum(t, app.Pool)
		for _, rt := range routes {
			e := accessMatrix[rt]
			method, pattern, _ := strings.Cut(rt, " ")
			if e.public {
				continue
			}
			allowed := e.roles == nil || slices.Contains(e.roles, p.role)
			if allowed && (e.obj == "" || slices.Contains(e.seenBy, p.role)) {
				continue // the party's own page, or a task over every object of the kind
			}
			var form url.Values
			if method == http.MethodPost {
				form = url.Values{}
			}
			resp, _ := c.do(method, fillPath(pattern, e, objs), form)
			tried++
			checkHeaders(t, p.persona, rt, resp)
			if !refused(resp) {
				t.Errorf("%s, %s: status %d at %s, want 403, 404 or the login page", p.persona, rt, resp.StatusCode, resp.Request.URL.Path)
			}
		}
		if after := domainChecksum(t, app.Pool); after != before {
			t.Fatalf("%s: requests on another party's objects changed the database: %s", p.persona, changedTables(before, after))
		}
	}
	t.Logf("%d routes, %d parties, %d refused requests checked", len(routes), len(matrixParties), tried)
}
