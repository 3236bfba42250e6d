package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/net/html"
	"golang.org/x/oauth2"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/config"
	"pgbportaal/internal/idpstub"
	"pgbportaal/internal/testutil"
)

const (
	rpClientID     = "pgbportaal"
	rpClientSecret = "s"
	rpRedirect     = "https://portaal.example/inloggen/terug" // never served: the browser does not follow redirects
)

// Two RSA keys for all tests: the one the stub signs with, and an attacker's.
var (
	stubKey  = sync.OnceValue(func() *rsa.PrivateKey { return newRSAKey() })
	otherKey = sync.OnceValue(func() *rsa.PrivateKey { return newRSAKey() })
)

func newRSAKey() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

// rpEnv is one stub provider behind a real HTTP server (issuer = server URL)
// and the portal's relying party for it. The provider and the relying party
// have their own clocks, so either can be moved.
type rpEnv struct {
	kind    idpstub.Kind
	srv     *httptest.Server
	issuer  string
	kid     string // the key id the stub's JWKS publishes
	idp, rp *testutil.Clock
	relying *auth.RP
	browser *http.Client // does not follow redirects
}

func newRPEnv(t *testing.T, kind idpstub.Kind) *rpEnv {
	t.Helper()
	start := time.Now().UTC().Truncate(time.Second)
	e := &rpEnv{kind: kind, idp: testutil.NewClock(start), rp: testutil.NewClock(start)}
	e.srv = httptest.NewUnstartedServer(nil)
	e.issuer = "http://" + e.srv.Listener.Addr().String()
	p, err := idpstub.New(idpstub.Config{
		Kind:    kind,
		Issuer:  e.issuer,
		Clients: []idpstub.Client{{ID: rpClientID, Secret: rpClientSecret, RedirectURIs: []string{rpRedirect}}},
		Now:     e.idp.Now,
		Key:     stubKey(),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Config.Handler = p.Handler()
	e.srv.Start()
	t.Cleanup(e.srv.Close)
	if e.srv.URL != e.issuer {
		t.Fatalf("server URL %q, issuer %q", e.srv.URL, e.issuer)
	}
	e.browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	e.kid = e.publishedKid(t)
	e.relying = auth.NewRP(auth.Means(kind), config.Provider{Issuer: e.issuer, ClientID: rpClientID, ClientSecret: rpClientSecret},
		rpRedirect, e.srv.Client(), e.rp.Now)
	return e
}

// publishedKid reads the JWKS and checks it holds exactly the stub's key.
func (e *rpEnv) publishedKid(t *testing.T) string {
	t.Helper()
	resp, err := e.browser.Get(e.issuer + "/jwks")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 1 || set.Keys[0].KeyID == "" {
		t.Fatalf("JWKS %+v: want one key with a kid", set)
	}
	pub, ok := set.Keys[0].Key.(*rsa.PublicKey)
	if !ok || !pub.Equal(&stubKey().PublicKey) {
		t.Fatalf("JWKS key %T is not the stub's key", set.Keys[0].Key)
	}
	return set.Keys[0].KeyID
}

// advance moves both clocks: time passing for everyone.
func (e *rpEnv) advance(d time.Duration) { e.idp.Add(d); e.rp.Add(d) }

// loginFields are what a person types on the stub's login page per kind.
var loginFields = map[idpstub.Kind]url.Values{
	idpstub.DigiD: {"bsn": {"111222333"}, "acr": {idpstub.ACRDigiDSubstantieel}},
	idpstub.EHerkenning: {"kvk": {"12345678"}, "org_name": {"Zorgkantoor Noord"},
		"acting_subject": {"medewerker-7"}, "acr": {idpstub.ACREHerkenningLoA3}},
	idpstub.Vecozo: {"agb": {"03123456"}, "name": {"Thuiszorg De Linde"}},
}

// start begins a login at the relying party.
func (e *rpEnv) start(t *testing.T) (auth.Pending, string) {
	t.Helper()
	pend, authURL, err := e.relying.Start(context.Background())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if pend.State == "" || pend.Nonce == "" || pend.Verifier == "" || pend.Means != auth.Means(e.kind) {
		t.Fatalf("pending login %+v incomplete", pend)
	}
	return pend, authURL
}

// authorize plays the browser at the provider: GET the authorization URL,
// fill in the login form and submit it, and return code and state from the
// 303 back to the redirect URI.
func (e *rpEnv) authorize(t *testing.T, pend auth.Pending, authURL string) (code, state string) {
	t.Helper()
	if !strings.HasPrefix(authURL, e.issuer+"/authorize?") {
		t.Fatalf("authorization URL %q is not at the issuer %q", authURL, e.issuer)
	}
	resp, err := e.browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET authorize: status %d: %s", resp.StatusCode, page)
	}
	action, hidden := loginForm(t, page)
	if hidden.Get("state") != pend.State || hidden.Get("nonce") != pend.Nonce ||
		hidden.Get("code_challenge_method") != "S256" || hidden.Get("code_challenge") != oauth2.S256ChallengeFromVerifier(pend.Verifier) {
		t.Fatalf("login form carries %v; want the pending login's state, nonce and S256 challenge", hidden)
	}
	form := url.Values{}
	for k, v := range hidden {
		form[k] = v
	}
	for k, v := range loginFields[e.kind] {
		form[k] = v
	}
	resp, err = e.browser.PostForm(e.issuer+action, form)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST authorize: status %d, want 303: %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	q := loc.Query()
	if back := loc.Scheme + "://" + loc.Host + loc.Path; back != rpRedirect || q.Get("code") == "" || q.Get("error") != "" {
		t.Fatalf("redirected to %s; want %s with a code", loc, rpRedirect)
	}
	return q.Get("code"), q.Get("state")
}

// login is a complete real login through the stub up to the redirect back:
// the pending login and the code and state the browser brings back.
func (e *rpEnv) login(t *testing.T) (pend auth.Pending, code, state string) {
	t.Helper()
	pend, authURL := e.start(t)
	code, state = e.authorize(t, pend, authURL)
	if state != pend.State {
		t.Fatalf("state came back as %q, want %q", state, pend.State)
	}
	return pend, code, state
}

// idToken redeems code itself (as the relying party would) and returns the
// genuine raw ID token the stub signed.
func (e *rpEnv) idToken(t *testing.T, pend auth.Pending, code string) string {
	t.Helper()
	conf := oauth2.Config{ClientID: rpClientID, ClientSecret: rpClientSecret, RedirectURL: rpRedirect,
		Endpoint: oauth2.Endpoint{AuthURL: e.issuer + "/authorize", TokenURL: e.issuer + "/token"}, Scopes: []string{oidc.ScopeOpenID}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.srv.Client())
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(pend.Verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		t.Fatal("no id_token in the token response")
	}
	return raw
}

// claims are valid ID token claims for the relying party's current time.
func (e *rpEnv) claims(nonce string) map[string]any {
	now := e.rp.Now()
	return map[string]any{
		"iss": e.issuer, "aud": rpClientID, "sub": "onderwerp-1",
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "auth_time": now.Unix(),
		"nonce": nonce, "acr": idpstub.ACRDigiDSubstantieel, "bsn": "111222333",
	}
}

// sign signs claims as a compact JWS with key under kid.
func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: string(alg)}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// unsigned is a JWT with header {"alg":"none"} and an empty signature.
func unsigned(t *testing.T, header string, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc(payload) + "."
}

// wantErr fails unless err is non-nil and, when given, mentions want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("accepted; want an error")
	}
	if want != "" && !strings.Contains(err.Error(), want) {
		t.Errorf("error %q; want one mentioning %q", err, want)
	}
}

// wantOAuthError fails unless err wraps the token endpoint's refusal code.
func wantOAuthError(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatal("accepted; want an error")
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != code {
		t.Errorf("error %v; want the token endpoint's %q", err, code)
	}
}

func TestRPHappyPath(t *testing.T) {
	ctx := context.Background()
	t.Run("digid", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		id, err := e.relying.Finish(ctx, pend, state, code, "")
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if id.Means != auth.DigiD || id.BSN != "111222333" || id.Assurance != idpstub.ACRDigiDSubstantieel ||
			id.Subject == "" || id.Subject == id.BSN || id.RepresentedBSN != "" {
			t.Errorf("identity %+v", id)
		}
	})
	t.Run("eherkenning", func(t *testing.T) {
		e := newRPEnv(t, idpstub.EHerkenning)
		pend, code, state := e.login(t)
		id, err := e.relying.Finish(ctx, pend, state, code, "")
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if id.Means != auth.EHerkenning || id.KvK != "12345678" || id.ActingSubject != "medewerker-7" ||
			id.OrgName != "Zorgkantoor Noord" || id.Assurance != idpstub.ACREHerkenningLoA3 || id.BSN != "" || id.Subject == "" {
			t.Errorf("identity %+v", id)
		}
	})
	t.Run("vecozo", func(t *testing.T) {
		e := newRPEnv(t, idpstub.Vecozo)
		pend, code, state := e.login(t)
		id, err := e.relying.Finish(ctx, pend, state, code, "")
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if id.Means != auth.Vecozo || id.AGB != "03123456" || id.Name != "Thuiszorg De Linde" ||
			id.Assurance != idpstub.ACRVecozo || id.Subject == "" {
			t.Errorf("identity %+v", id)
		}
	})
	// The forged tokens below are made by sign; one with valid claims and
	// the stub's key must pass, or their refusal would prove nothing.
	t.Run("own token signed with the stub's key is accepted", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		id, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, e.claims("n-1")), "n-1")
		if err != nil || id.BSN != "111222333" {
			t.Fatalf("Verify: %+v, %v", id, err)
		}
	})
}

func TestRPRefusesBadLogins(t *testing.T) {
	ctx := context.Background()

	t.Run("tampered state", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		for _, bad := range []string{auth.Random(24), "", state + "x", strings.ToUpper(state)} {
			if bad == state {
				continue
			}
			if _, err := e.relying.Finish(ctx, pend, bad, code, ""); !errors.Is(err, auth.ErrState) {
				t.Errorf("Finish with state %q: %v, want ErrState", bad, err)
			}
		}
		// Refused before the exchange: the code was not spent on it.
		if _, err := e.relying.Finish(ctx, pend, state, code, ""); err != nil {
			t.Errorf("Finish with the right state after refusals: %v", err)
		}
	})

	t.Run("empty pending state", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		if _, err := e.relying.Finish(ctx, auth.Pending{}, state, code, ""); !errors.Is(err, auth.ErrState) {
			t.Errorf("Finish without pending login: %v, want ErrState", err)
		}
		if _, err := e.relying.Finish(ctx, auth.Pending{}, "", code, ""); !errors.Is(err, auth.ErrState) {
			t.Errorf("Finish with empty pending and empty state: %v, want ErrState", err)
		}
		noState := pend
		noState.State = ""
		if _, err := e.relying.Finish(ctx, noState, "", code, ""); !errors.Is(err, auth.ErrState) {
			t.Errorf("Finish with empty pending state: %v, want ErrState", err)
		}
	})

	t.Run("wrong nonce", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, _ := e.login(t)
		raw := e.idToken(t, pend, code)
		for _, bad := range []string{auth.Random(24), "", pend.Nonce + "x"} {
			if _, err := e.relying.Verify(ctx, raw, bad); !errors.Is(err, auth.ErrNonce) {
				t.Errorf("Verify with nonce %q: %v, want ErrNonce", bad, err)
			}
		}
		// The token itself is genuine: with its own nonce it passes.
		if id, err := e.relying.Verify(ctx, raw, pend.Nonce); err != nil || id.BSN != "111222333" {
			t.Errorf("Verify with the right nonce: %+v, %v", id, err)
		}
	})

	t.Run("forged token without nonce", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		c := e.claims("")
		delete(c, "nonce")
		_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
		if !errors.Is(err, auth.ErrNonce) {
			t.Errorf("Verify: %v, want ErrNonce", err)
		}
	})

	t.Run("wrong audience", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		for _, aud := range []any{"someone-else", []string{"someone-else"}, ""} {
			c := e.claims("n-1")
			c["aud"] = aud
			_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
			wantErr(t, err, "expected audience")
		}
	})

	t.Run("several audiences", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		c := e.claims("n-1")
		c["aud"] = []string{rpClientID, "someone-else"}
		_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
		wantErr(t, err, "more than one audience")
	})

	t.Run("mix-up: redirect names another issuer", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		if _, err := e.relying.Finish(ctx, pend, state, code, "https://evil.example"); !errors.Is(err, auth.ErrIssuer) {
			t.Fatalf("got %v, want ErrIssuer", err)
		}
		if _, err := e.relying.Finish(ctx, pend, state, code, e.issuer); err != nil {
			t.Fatalf("the right issuer is refused: %v", err)
		}
	})

	t.Run("wrong issuer", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		for _, iss := range []string{"https://evil.example", e.issuer + "/", strings.Replace(e.issuer, "http://", "https://", 1), ""} {
			c := e.claims("n-1")
			c["iss"] = iss
			_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
			wantErr(t, err, "issued by a different provider")
		}
	})

	t.Run("expired token", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		c := e.claims("n-1")
		c["iat"] = e.rp.Now().Add(-10 * time.Minute).Unix()
		c["exp"] = e.rp.Now().Add(-5 * time.Minute).Unix()
		_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
		var expired *oidc.TokenExpiredError
		if !errors.As(err, &expired) {
			t.Errorf("forged expired token: %v, want *oidc.TokenExpiredError", err)
		}

		// A genuine token (5 minutes valid) checked 10 minutes later.
		pend, code, _ := e.login(t)
		raw := e.idToken(t, pend, code)
		if _, err := e.relying.Verify(ctx, raw, pend.Nonce); err != nil {
			t.Fatalf("genuine token now: %v", err)
		}
		e.rp.Add(10 * time.Minute)
		if _, err := e.relying.Verify(ctx, raw, pend.Nonce); !errors.As(err, &expired) {
			t.Errorf("genuine token 10 minutes later: %v, want *oidc.TokenExpiredError", err)
		}
	})

	t.Run("token without exp", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		c := e.claims("n-1")
		delete(c, "exp")
		var expired *oidc.TokenExpiredError
		if _, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1"); !errors.As(err, &expired) {
			t.Errorf("Verify: %v, want *oidc.TokenExpiredError", err)
		}
	})

	t.Run("unsigned token alg none", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		for _, header := range []string{`{"alg":"none"}`, `{"alg":"none","typ":"JWT","kid":"` + e.kid + `"}`, `{"alg":"None"}`} {
			_, err := e.relying.Verify(ctx, unsigned(t, header, e.claims("n-1")), "n-1")
			wantErr(t, err, "malformed jwt")
		}
		// A genuine token with its signature cut off is refused too.
		pend, code, _ := e.login(t)
		raw := e.idToken(t, pend, code)
		stripped := raw[:strings.LastIndexByte(raw, '.')+1]
		wantErr(t, func() error { _, err := e.relying.Verify(ctx, stripped, pend.Nonce); return err }(), "")
	})

	t.Run("signed by another key with the same kid", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		_, err := e.relying.Verify(ctx, sign(t, jose.RS256, otherKey(), e.kid, e.claims("n-1")), "n-1")
		wantErr(t, err, "failed to verify signature")
		_, err = e.relying.Verify(ctx, sign(t, jose.RS256, otherKey(), "", e.claims("n-1")), "n-1")
		wantErr(t, err, "failed to verify signature")
	})

	t.Run("HMAC with the public key as secret", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		der, err := x509.MarshalPKIXPublicKey(&stubKey().PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.relying.Verify(ctx, sign(t, jose.HS256, der, e.kid, e.claims("n-1")), "n-1")
		wantErr(t, err, "malformed jwt")
	})

	t.Run("payload altered after signing", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, _ := e.login(t)
		raw := e.idToken(t, pend, code)
		parts := strings.Split(raw, ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := json.Unmarshal(payload, &c); err != nil {
			t.Fatal(err)
		}
		c["bsn"] = "123456782"
		payload, _ = json.Marshal(c)
		parts[1] = base64.RawURLEncoding.EncodeToString(payload)
		_, err = e.relying.Verify(ctx, strings.Join(parts, "."), pend.Nonce)
		wantErr(t, err, "failed to verify signature")
	})

	t.Run("code reuse", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		if _, err := e.relying.Finish(ctx, pend, state, code, ""); err != nil {
			t.Fatalf("first Finish: %v", err)
		}
		_, err := e.relying.Finish(ctx, pend, state, code, "")
		wantOAuthError(t, err, "invalid_grant")
	})

	t.Run("pending login older than 10 minutes", func(t *testing.T) {
		// The person lingers at the provider: the code and token are fresh,
		// but the pending login is not.
		e := newRPEnv(t, idpstub.DigiD)
		pend, authURL := e.start(t)
		e.advance(11 * time.Minute)
		code, state := e.authorize(t, pend, authURL)
		if _, err := e.relying.Finish(ctx, pend, state, code, ""); !errors.Is(err, auth.ErrExpired) {
			t.Errorf("Finish after 11 minutes: %v, want ErrExpired", err)
		}
		// The same with the relying party's clock alone moved ahead.
		e = newRPEnv(t, idpstub.DigiD)
		pend, code, state = e.login(t)
		e.rp.Add(11 * time.Minute)
		if _, err := e.relying.Finish(ctx, pend, state, code, ""); !errors.Is(err, auth.ErrExpired) {
			t.Errorf("Finish with the portal 11 minutes ahead: %v, want ErrExpired", err)
		}
	})

	t.Run("pending login of 9 minutes still accepted", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, authURL := e.start(t)
		e.advance(9 * time.Minute)
		code, state := e.authorize(t, pend, authURL)
		if _, err := e.relying.Finish(ctx, pend, state, code, ""); err != nil {
			t.Errorf("Finish after 9 minutes: %v", err)
		}
	})

	t.Run("PKCE verifier changed", func(t *testing.T) {
		e := newRPEnv(t, idpstub.DigiD)
		pend, code, state := e.login(t)
		changed := pend
		changed.Verifier = oauth2.GenerateVerifier()
		_, err := e.relying.Finish(ctx, changed, state, code, "")
		wantOAuthError(t, err, "invalid_grant")

		// Without a verifier at all.
		pend, code, state = e.login(t)
		changed = pend
		changed.Verifier = ""
		_, err = e.relying.Finish(ctx, changed, state, code, "")
		wantOAuthError(t, err, "invalid_grant")
		// The failed attempt spent the code: the right verifier is too late.
		_, err = e.relying.Finish(ctx, pend, state, code, "")
		wantOAuthError(t, err, "invalid_grant")
	})

	t.Run("token of another kind", func(t *testing.T) {
		// A DigiD relying party refuses a token without bsn, even when signed
		// by its own provider (e.g. a persona without identifier claims).
		e := newRPEnv(t, idpstub.DigiD)
		c := e.claims("n-1")
		delete(c, "bsn")
		c["agb_code"] = "03123456"
		_, err := e.relying.Verify(ctx, sign(t, jose.RS256, stubKey(), e.kid, c), "n-1")
		wantErr(t, err, "without bsn")
	})
}

// loginForm finds the login form (the first POST form) on the stub's page
// and returns its action and hidden fields.
func loginForm(t *testing.T, page string) (string, url.Values) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" && strings.EqualFold(htmlAttr(n, "method"), "post") {
			form = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no login form on the page: %s", page)
	}
	hidden := url.Values{}
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && htmlAttr(n, "type") == "hidden" {
			hidden.Add(htmlAttr(n, "name"), htmlAttr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(form)
	return htmlAttr(form, "action"), hidden
}

func htmlAttr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func readBody(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
