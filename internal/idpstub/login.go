package idpstub

import (
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// readForm checks the login form's identifier fields and assurance level.
// It returns the claims for the ID token, or the input as typed (to show
// again) with a Dutch error per field name.
func (k *kindSpec) readForm(form url.Values) (claims map[string]any, typed, errs map[string]string) {
	typed, errs = map[string]string{}, map[string]string{}
	norm := map[string]string{}
	for _, f := range k.fields {
		raw := strings.TrimSpace(form.Get(f.name))
		typed[f.name] = raw
		if raw == "" {
			if !f.optional {
				errs[f.name] = f.missing
			}
			continue
		}
		v, msg := f.check(raw)
		if msg != "" {
			errs[f.name] = msg
			continue
		}
		norm[f.name] = v
	}
	if len(errs) == 0 && k.crossCheck != nil {
		if field, msg := k.crossCheck(norm); msg != "" {
			errs[field] = msg
		}
	}
	acr := k.acrs[0].value
	if len(k.acrs) > 1 {
		acr = form.Get("acr")
		typed["acr"] = acr
		if !k.acrAllowed(acr) {
			errs["acr"] = "Kies een betrouwbaarheidsniveau."
		}
	}
	if len(errs) > 0 {
		return nil, typed, errs
	}
	claims = k.toClaims(norm)
	claims["acr"] = acr
	return claims, typed, nil
}

// reservedClaims are set by the provider and never taken from a persona.
var reservedClaims = []string{"iss", "sub", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "at_hash", "azp"}

// personaLogin logs in as the persona at index idx of the current list.
func (p *Provider) personaLogin(w http.ResponseWriter, r *http.Request, req *authRequest, idx string) {
	list := p.personaList(r)
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= len(list) {
		p.refuse(w, r, req, &authError{message: "Deze testpersoon bestaat niet (meer). " +
			"Ga terug naar de webdienst en probeer opnieuw in te loggen."})
		return
	}
	claims := maps.Clone(list[i].Claims)
	if claims == nil {
		claims = map[string]any{}
	}
	for _, c := range reservedClaims {
		delete(claims, c)
	}
	if acr, ok := claims["acr"].(string); !ok || acr == "" {
		claims["acr"] = p.spec.acrs[0].value
	}
	p.issueCode(w, r, req, claims)
}

func (p *Provider) personaList(r *http.Request) []Persona {
	if p.personas == nil {
		return nil
	}
	return p.personas(r.Context())
}

// showLogin renders the login page; typed and errs are nil on first view.
func (p *Provider) showLogin(w http.ResponseWriter, r *http.Request, status int, req *authRequest, typed, errs map[string]string) {
	v := pages.StubLoginView{
		Brand:     p.spec.brand,
		ClientID:  req.client.ID,
		Action:    p.basePath + "/authorize",
		CancelURL: p.backURL(req, url.Values{"error": {"access_denied"}, "error_description": {"login cancelled"}}),
	}
	v.Hidden = []pages.StubHidden{
		{Name: "client_id", Value: req.client.ID},
		{Name: "redirect_uri", Value: req.redirectURI},
		{Name: "response_type", Value: "code"},
		{Name: "scope", Value: req.scope},
		{Name: "state", Value: req.state},
		{Name: "nonce", Value: req.nonce},
		{Name: "code_challenge", Value: req.codeChallenge},
		{Name: "code_challenge_method", Value: "S256"},
	}
	for _, f := range p.spec.fields {
		v.Fields = append(v.Fields, pages.StubField{
			Name: f.name, Label: f.label, Hint: f.hint, InputMode: f.inputMode,
			Optional: f.optional, MaxLength: f.maxLen,
			Value: typed[f.name], Error: errs[f.name],
		})
	}
	if len(p.spec.acrs) > 1 {
		chosen := typed["acr"]
		if !p.spec.acrAllowed(chosen) {
			chosen = p.spec.acrs[0].value
		}
		sel := &pages.StubSelect{Name: "acr", Label: "Betrouwbaarheidsniveau", Error: errs["acr"]}
		for _, a := range p.spec.acrs {
			sel.Options = append(sel.Options, pages.StubOption{Value: a.value, Label: a.label, Selected: a.value == chosen})
		}
		v.Level = sel
	}
	for i, ps := range p.personaList(r) {
		v.Personas = append(v.Personas, pages.StubPersona{Index: i, Label: ps.Label, Description: ps.Description})
	}
	title := "Inloggen met " + p.spec.brand + " (testomgeving)"
	if len(errs) > 0 {
		title = "Fout: " + title
	}
	render(w, r, status, pages.StubLogin(layout.Page{Title: title}, v))
}

// render writes a component as an HTML page with the given status.
func render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		slog.ErrorContext(r.Context(), "idpstub: render", "err", err)
	}
}
