package web

import (
	"context"
	"net/http"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/auth/loginlimit"
	"pgbportaal/internal/auth/sessionstore"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/config"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/idpstub"
	"pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// wire builds the session store, the relying parties and (outside production)
// the test identity providers.
func (s *Server) wire() error {
	s.sessions = sessionstore.New(s.pool, s.cfg.SessionSecret, sessionstore.Options{
		Secure: s.cfg.Secure(), Idle: s.cfg.SessionIdle, Absolute: s.cfg.SessionAbsolute, Now: s.now,
	})
	s.logins = loginlimit.Limiter{Pool: s.pool, Secret: s.cfg.SessionSecret, Window: s.cfg.LoginWindow,
		PerClient: s.cfg.LoginPerClient, PerID: s.cfg.LoginPerID}
	s.zov = &zorgovereenkomst.Service{Pool: s.pool, Now: s.now}
	s.budget = &budget.Service{Pool: s.pool, Now: s.now}
	s.rps = map[auth.Means]*auth.RP{}
	s.stubs = map[auth.Means]http.Handler{}
	providers := []struct {
		means auth.Means
		kind  idpstub.Kind
	}{{auth.DigiD, idpstub.DigiD}, {auth.EHerkenning, idpstub.EHerkenning}, {auth.Vecozo, idpstub.Vecozo}}
	for _, pr := range providers {
		pc := s.providerConfig(pr.means)
		redirect := s.cfg.BaseURL + "/inloggen/" + string(pr.means) + "/terug"
		s.rps[pr.means] = auth.NewRP(pr.means, pc, redirect, nil, s.now)
		if !s.cfg.StubsEnabled {
			continue
		}
		means := string(pr.means)
		stub, err := idpstub.New(idpstub.Config{
			Kind:    pr.kind,
			Issuer:  s.cfg.BaseURL + "/stub/" + means,
			Clients: []idpstub.Client{{ID: pc.ClientID, Secret: pc.ClientSecret, RedirectURIs: []string{redirect}}},
			Personas: func(context.Context) []idpstub.Persona {
				var out []idpstub.Persona
				for _, p := range demo.PersonasFor(means) {
					out = append(out, idpstub.Persona{Label: p.Label, Description: p.Description, Claims: p.Claims})
				}
				return out
			},
			Now: s.now,
		})
		if err != nil {
			return err
		}
		s.stubs[pr.means] = stub.Handler()
	}
	s.decoratePage = s.decorate
	return nil
}

func (s *Server) providerConfig(m auth.Means) config.Provider {
	switch m {
	case auth.EHerkenning:
		return s.cfg.EHerkenning
	case auth.Vecozo:
		return s.cfg.Vecozo
	}
	return s.cfg.DigiD
}

func (s *Server) decorate(r *http.Request, p *layout.Page) {
	p.Onderhoud = onderhoudBanner(r)
	a, ok := auth.ActorFrom(r.Context())
	if !ok {
		return
	}
	p.Header = &layout.Header{Name: a.Name, Reference: a.Reference, ShowProfile: profielNeeded(a), Ongelezen: s.ongelezen(r)}
	switch {
	case a.Role == auth.RoleVertegenwoordiger:
		p.Banner = pages.ActingBanner(a.ActingForName, a.Options > 1)
	case a.ReadOnly:
		p.Banner = pages.ReadOnlyBanner()
	}
}
