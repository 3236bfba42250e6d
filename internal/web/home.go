package web

import (
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/db"
	"pgbportaal/internal/profiel"
	"pgbportaal/web/pages"
)

func profielNeeded(a auth.Actor) bool { return profiel.Needs(a) }

// home is the start page: the welcome page for visitors, the party's own start
// page after login. A person without a profile completes it first.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a, ok := auth.ActorFrom(r.Context())
	if !ok {
		if opts, _ := sessionFrom(r).Values[keyOptions].([]auth.Option); len(opts) > 0 {
			http.Redirect(w, r, "/kies-rol", http.StatusSeeOther)
			return
		}
		s.render(w, r, http.StatusOK, pages.Welcome(s.page(r, "Welkom")))
		return
	}
	// One round trip: whether the profile is complete, the newest berichten
	// and how many are unread.
	var (
		heeftProfiel = true
		newest       []bericht.Bericht
		unread       int
	)
	err := db.Read(r.Context(), s.pool, func(b *pgx.Batch) {
		if profiel.Needs(a) {
			profiel.QueueExists(b, a, &heeftProfiel)
		}
		bericht.QueueNewest(r.Context(), b, 5, &newest, &unread)
	})
	if err != nil {
		s.renderError(w, r, fmt.Errorf("startpagina: %w", err))
		return
	}
	if !heeftProfiel && !a.ReadOnly {
		http.Redirect(w, r, "/profiel?eerste=1", http.StatusSeeOther)
		return
	}
	r = withOngelezen(r, unread)
	v := pages.HomeView{Berichten: newest, Intro: "Wat wilt u vandaag gaan doen?"}
	greeting := pages.Groet(s.now())
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		name := a.Name
		if aanhef := pages.Aanhef(a.Aanhef); aanhef != "" && a.PersoonID != 0 {
			name = aanhef + " " + name
		}
		v.Greeting = greeting + " " + name + ","
	case auth.RoleZorgverlener:
		v.Greeting = greeting + " " + a.Name + ","
	default:
		v.Greeting = greeting + ","
		v.Intro = "U bent ingelogd als " + a.Role.Label() + " van " + a.Name + "."
	}
	// Tiles appear only for pages that exist; later capabilities add theirs here.
	v.Groups = append(v.Groups, homeTiles(a)...)
	s.render(w, r, http.StatusOK, pages.Home(s.page(r, "Startpagina"), v))
}

// homeTiles are the start page's tile groups for the actor, named as in
// DOMAIN §7; a group without tiles is left out.
func homeTiles(a auth.Actor) []pages.TileGroup {
	var dcl, zov, overig []pages.Tile
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		if !a.ReadOnly {
			dcl = append(dcl, pages.Tile{Title: "Indienen declaratie", Href: "/declaraties/nieuw", Description: "Declareer de geleverde zorg van een zorgverlener, of andere kosten uit uw pgb."},
				pages.Tile{Title: "Uploaden factuur", Href: "/facturen/nieuw", Description: "Upload een factuur (PDF) in plaats van de declaratie zelf in te vullen. De SVB voert haar voor u in; dat duurt langer."})
		}
		dcl = append(dcl, pages.Tile{Title: "Overzicht declaraties en maandlonen", Href: "/declaraties", Description: "Uw ingediende declaraties, de declaraties die zorgverleners voor u invoerden, en de maandlonen."})
		if !a.ReadOnly {
			zov = append(zov, pages.Tile{Title: "Opstellen zorgovereenkomst", Href: "/zorgovereenkomsten/nieuw", Description: "Stel een nieuwe zorgovereenkomst op met een zorgverlener."})
		}
		zov = append(zov, pages.Tile{Title: "Overzicht zorgovereenkomsten", Href: "/zorgovereenkomsten", Description: "Alle zorgovereenkomsten, ook de concepten die u nog afmaakt."})
	case auth.RoleZorgverlener:
		dcl = append(dcl,
			pages.Tile{Title: "Declaratie invoeren", Href: "/declaraties/nieuw", Description: "Voer de geleverde zorg in en verstuur de declaratie naar de budgethouder."},
			pages.Tile{Title: "Overzicht declaraties en maandlonen", Href: "/declaraties", Description: "Uw declaraties en maandlonen, en wat er is uitbetaald."})
		zov = append(zov, pages.Tile{Title: "Overzicht zorgovereenkomsten", Href: "/zorgovereenkomsten", Description: "De zorgovereenkomsten die budgethouders met u hebben gedeeld."})
	case auth.RoleSVB:
		dcl = append(dcl, pages.Tile{Title: "Intrekkingen", Href: "/intrekkingen", Description: "Aanvragen van budgethouders om een declaratie in te trekken."},
			pages.Tile{Title: "Facturen invoeren", Href: "/facturen", Description: "Facturen die budgethouders uploadden, de oudste eerst: verwerken als declaratie of afwijzen."})
	case auth.RoleZorgkantoor:
		zov = append(zov,
			pages.Tile{Title: "Zorgovereenkomsten beoordelen", Href: "/beoordelen", Description: "Zorgovereenkomsten die wachten op uw beoordeling, de oudste eerst."},
			pages.Tile{Title: "Maximumtarieven", Href: "/maximumtarieven", Description: "De maximumtarieven per jaar bekijken en vastleggen."})
	}
	overig = append(overig, budgetTiles(a)...)
	overig = append(overig, meldingTiles(a)...)
	overig = append(overig, inzageTiles(a)...)
	overig = append(overig, klachtTiles(a)...)
	overig = append(overig, onderhoudTiles(a)...)
	if profiel.Needs(a) {
		overig = append(overig, pages.Tile{Title: "Profiel", Href: "/profiel", Description: "Uw adres, e-mailadres en hoe u berichten ontvangt."})
	}
	overig = append(overig, pages.Tile{Title: "Overzicht berichten", Href: "/berichten", Description: "Alle berichten die u heeft ontvangen."})
	var groups []pages.TileGroup
	if len(dcl) > 0 {
		groups = append(groups, pages.TileGroup{Heading: "Declaratie", Tiles: dcl})
	}
	if len(zov) > 0 {
		groups = append(groups, pages.TileGroup{Heading: "Zorgovereenkomst", Tiles: zov})
	}
	return append(groups, pages.TileGroup{Heading: "Overig", Tiles: overig})
}
