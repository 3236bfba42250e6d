package idpstub_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-chi/chi/v5"
	"golang.org/x/net/html"
	"golang.org/x/oauth2"

	"pgbportaal/internal/idpstub"
	"pgbportaal/internal/testutil"
)

const (
	clientID     = "pgbportaal"
	clientSecret = "stub-geheim"
	// a second registered client, to show codes are bound to their client
	otherClientID     = "ander"
	otherClientSecret = "ander-geheim"
)

// env is one provider mounted in a chi router the way the portal mounts it,
// behind a real HTTP server, with a go-oidc relying party configured for it.
type env struct {
	t        *testing.T
	srv      *httptest.Server
	issuer   string
	clock    *testutil.Clock
	provider *oidc.Provider
	conf     oauth2.Config
	browser  *http.Client
}

func personas(kind idpstub.Kind) func(context.Context) []idpstub.Persona {
	list := map[idpstub.Kind][]idpstub.Persona{
		idpstub.DigiD: {
			{Label: "Anna de Vries", Description: "Budgethouder", Claims: map[string]any{"bsn": "111222333"}},
			{Label: "Piet Jansen", Description: "Vertegenwoordigt Anna de Vries",
				Claims: map[string]any{"bsn": "123456782", "represented_bsn": "111222333", "sub": "ignored"}},
		},
		idpstub.EHerkenning: {
			{Label: "Zorgkantoor Noord", Claims: map[string]any{
				"urn:etoegang:core:LegalSubjectID": "30123456", "urn:etoegang:core:ActingSubjectID": "beoordelaar-1",
				"org_name": "Zorgkantoor Noord"}},
			{Label: "SVB met EH2", Claims: map[string]any{
				"urn:etoegang:core:LegalSubjectID": "34567890", "urn:etoegang:core:ActingSubjectID": "medewerker-2",
				"org_name": "SVB", "acr": "urn:etoegang:core:assurance-class:loa2"}},
		},
		idpstub.Vecozo: {
			{Label: "Thuiszorg De Linde", Claims: map[string]any{"agb_code": "03123456", "name": "Thuiszorg De Linde"}},
		},
	}[kind]
	return func(context.Context) []idpstub.Persona { return list }
}

func newEnv(t *testing.T, kind idpstub.Kind) *env {
	t.Helper()
	e := &env{t: t, clock: testutil.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	e.srv = httptest.NewServer(nil)
	t.Cleanup(e.srv.Close)
	e.issuer = e.srv.URL + "/stub/" + string(kind)
	p, err := idpstub.New(idpstub.Config{
		Kind:   kind,
		Issuer: e.issuer,
		Clients: []idpstub.Client{{ID: clientID, Secret: clientSecret,
			RedirectURIs: []string{e.srv.URL + "/auth/callback", e.srv.URL + "/auth/other"}},
			{ID: otherClientID, Secret: otherClientSecret, RedirectURIs: []string{e.srv.URL + "/auth/callback"}}},
		Personas: personas(kind),
		Now:      e.clock.Now,
		Key:      testKey,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Mount("/stub/"+string(kind), p.Handler())
	e.srv.Config.Handler = r

	e.provider, err = oidc.NewProvider(context.Background(), e.issuer)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	e.conf = oauth2.Config{
		ClientID: clientID, ClientSecret: clientSecret,
		Endpoint:    e.provider.Endpoint(),
		RedirectURL: e.srv.URL + "/auth/callback",
		Scopes:      []string{oidc.ScopeOpenID},
	}
	e.browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e
}

// verifier checks ID tokens as the portal will, on the test clock.
func (e *env) verifier() *oidc.IDTokenVerifier {
	return e.provider.Verifier(&oidc.Config{ClientID: clientID, Now: e.clock.Now})
}

// login is one authorization request as the browser sees it.
type login struct {
	verifier, state, nonce string
	page                   string // the login page's HTML
	forms                  []htmlForm
}

// start sends the browser to the authorization endpoint the way the portal
// will, and reads the login page.
func (e *env) start() *login {
	e.t.Helper()
	l := &login{verifier: oauth2.GenerateVerifier(), state: "state-" + oauth2.GenerateVerifier()[:8], nonce: "nonce-1"}
	u := e.conf.AuthCodeURL(l.state, oidc.Nonce(l.nonce), oauth2.S256ChallengeOption(l.verifier))
	resp := e.get(u)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET authorize: status %d: %s", resp.StatusCode, readAll(resp))
	}
	l.page = readAll(resp)
	l.forms = parseForms(e.t, l.page)
	return l
}

// submit posts the form whose button reads button, with fields overriding
// the form's own values.
func (e *env) submit(l *login, button string, fields map[string]string) *http.Response {
	e.t.Helper()
	for _, f := range l.forms {
		if f.button != button {
			continue
		}
		vals := url.Values{}
		for k, v := range f.values {
			vals[k] = append([]string(nil), v...)
		}
		for k, v := range fields {
			vals.Set(k, v)
		}
		return e.post(e.srv.URL+f.action, vals)
	}
	e.t.Fatalf("no form with button %q on the page", button)
	return nil
}

// code takes the code from the redirect back to the client, checking state.
func (e *env) code(l *login, resp *http.Response) string {
	e.t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login: status %d, want 303: %s", resp.StatusCode, readAll(resp))
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	q := loc.Query()
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != e.conf.RedirectURL {
		e.t.Errorf("redirected to %q, want %q", got, e.conf.RedirectURL)
	}
	if q.Get("state") != l.state || q.Get("iss") != e.issuer || q.Get("code") == "" {
		e.t.Fatalf("redirect query %v: want state %q, iss %q and a code", q, l.state, e.issuer)
	}
	return q.Get("code")
}

// exchange redeems code as the portal will and verifies the ID token.
func (e *env) exchange(l *login, code string) (*oidc.IDToken, map[string]any) {
	e.t.Helper()
	tok, err := e.conf.Exchange(context.Background(), code, oauth2.VerifierOption(l.verifier))
	if err != nil {
		e.t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := e.verifier().Verify(context.Background(), raw)
	if err != nil {
		e.t.Fatalf("verify id token: %v", err)
	}
	if idt.Nonce != l.nonce {
		e.t.Errorf("nonce %q, want %q", idt.Nonce, l.nonce)
	}
	if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
		e.t.Errorf("at_hash: %v", err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		e.t.Fatal(err)
	}
	return idt, claims
}

// oauthError returns the RFC 6749 error code of a failed exchange.
func oauthError(t *testing.T, err error) (string, int) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("want an oauth2.RetrieveError, got %v", err)
	}
	if cc := re.Response.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("error response Cache-Control %q, want no-store", cc)
	}
	return re.ErrorCode, re.Response.StatusCode
}

func (e *env) get(u string) *http.Response {
	e.t.Helper()
	resp, err := e.browser.Get(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func (e *env) post(u string, vals url.Values) *http.Response {
	e.t.Helper()
	resp, err := e.browser.PostForm(u, vals)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// htmlForm is a form on a page: where it posts, what it would send, and the
// text of its submit button.
type htmlForm struct {
	action string
	values url.Values
	button string
}

func parseForms(t *testing.T, page string) []htmlForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var forms []htmlForm
	var cur *htmlForm
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "form":
				forms = append(forms, htmlForm{action: attr(n, "action"), values: url.Values{}})
				cur = &forms[len(forms)-1]
				defer func() { cur = nil }()
			case "input":
				if cur != nil {
					cur.values.Set(attr(n, "name"), attr(n, "value"))
				}
			case "option":
				if cur != nil && hasAttr(n, "selected") {
					cur.values.Set(attr(n.Parent, "name"), attr(n, "value"))
				}
			case "button":
				if cur != nil {
					cur.button = strings.TrimSpace(text(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return forms
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

func oauthVerifier(l *login) oauth2.AuthCodeOption { return oauth2.VerifierOption(l.verifier) }

// authURL is a valid authorization request, changed by mutate.
func (e *env) authURL(mutate func(q url.Values)) string {
	u, err := url.Parse(e.conf.AuthCodeURL("state-1", oidc.Nonce("nonce-1"),
		oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if err != nil {
		e.t.Fatal(err)
	}
	q := u.Query()
	mutate(q)
	u.RawQuery = q.Encode()
	return u.String()
}
