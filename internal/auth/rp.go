package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pgbportaal/internal/config"
)

// RP is the portal as OpenID Connect relying party of one login means. The
// issuer, client and secret are configuration, so a real broker replaces a
// test provider without code changes.
type RP struct {
	Means       Means
	cfg         config.Provider
	redirectURL string
	client      *http.Client
	now         func() time.Time

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewRP returns a relying party; discovery happens at first use, so the portal
// can start before (or while serving) its providers.
func NewRP(means Means, p config.Provider, redirectURL string, client *http.Client, now func() time.Time) *RP {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if now == nil {
		now = time.Now
	}
	return &RP{Means: means, cfg: p, redirectURL: redirectURL, client: client, now: now}
}

func (rp *RP) discover(ctx context.Context) (*oidc.Provider, error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.provider != nil {
		return rp.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, rp.client), rp.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: discovery %s: %w", rp.Means, err)
	}
	rp.provider = p
	return p, nil
}

func (rp *RP) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: rp.cfg.ClientID, ClientSecret: rp.cfg.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: rp.redirectURL, Scopes: []string{oidc.ScopeOpenID}}
}

// Pending is what the portal remembers between sending a person to the
// provider and their return: bound to the pre-login session.
type Pending struct {
	Means    Means
	State    string
	Nonce    string
	Verifier string
	Started  time.Time
}

// Random returns n random bytes, base64url encoded.
func Random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Start prepares a login: fresh state, nonce and PKCE verifier, and the URL to send the person to.
func (rp *RP) Start(ctx context.Context) (Pending, string, error) {
	p, err := rp.discover(ctx)
	if err != nil {
		return Pending{}, "", err
	}
	pend := Pending{Means: rp.Means, State: Random(24), Nonce: Random(24), Verifier: oauth2.GenerateVerifier(), Started: rp.now()}
	url := rp.oauth(p).AuthCodeURL(pend.State, oidc.Nonce(pend.Nonce), oauth2.S256ChallengeOption(pend.Verifier))
	return pend, url, nil
}

// Login errors; none of them reveals details to the person.
var (
	ErrState   = errors.New("auth: state does not match")
	ErrNonce   = errors.New("auth: nonce does not match")
	ErrExpired = errors.New("auth: login took too long")
	ErrIssuer  = errors.New("auth: answer names another issuer")
)

// Finish checks the provider's answer against the pending login, exchanges the
// code (with the PKCE verifier) and verifies the ID token: signature, issuer,
// audience, expiry and nonce. Identity is read from the ID token only. iss is
// the issuer the provider named in the redirect (RFC 9207), if it did: a
// different one means a mix-up between providers.
func (rp *RP) Finish(ctx context.Context, pend Pending, state, code, iss string) (Identity, error) {
	if pend.State == "" || subtle.ConstantTimeCompare([]byte(pend.State), []byte(state)) != 1 {
		return Identity{}, ErrState
	}
	if iss != "" && iss != rp.cfg.Issuer {
		return Identity{}, ErrIssuer
	}
	if rp.now().Sub(pend.Started) > 10*time.Minute {
		return Identity{}, ErrExpired
	}
	p, err := rp.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	cctx := oidc.ClientContext(ctx, rp.client)
	tok, err := rp.oauth(p).Exchange(cctx, code, oauth2.VerifierOption(pend.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("auth: exchange: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, errors.New("auth: no id_token in token response")
	}
	return rp.Verify(ctx, raw, pend.Nonce)
}

// Verify checks a raw ID token and reads the identity from it.
func (rp *RP) Verify(ctx context.Context, raw, nonce string) (Identity, error) {
	p, err := rp.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	v := p.Verifier(&oidc.Config{ClientID: rp.cfg.ClientID, Now: rp.now, SupportedSigningAlgs: []string{oidc.RS256, oidc.ES256}})
	idt, err := v.Verify(oidc.ClientContext(ctx, rp.client), raw)
	if err != nil {
		return Identity{}, fmt.Errorf("auth: id token: %w", err)
	}
	// go-oidc accepts a token for several audiences; the portal wants one meant for it alone.
	if len(idt.Audience) != 1 {
		return Identity{}, errors.New("auth: id token for more than one audience")
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return Identity{}, ErrNonce
	}
	var c map[string]any
	if err := idt.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("auth: claims: %w", err)
	}
	str := func(k string) string { s, _ := c[k].(string); return s }
	id := Identity{Means: rp.Means, Subject: idt.Subject, Assurance: str("acr")}
	switch rp.Means {
	case DigiD:
		id.BSN, id.RepresentedBSN = str("bsn"), str("represented_bsn")
		if id.BSN == "" {
			return Identity{}, errors.New("auth: DigiD token without bsn")
		}
	case EHerkenning:
		id.KvK = str("urn:etoegang:core:LegalSubjectID")
		id.ActingSubject = str("urn:etoegang:core:ActingSubjectID")
		id.Vestiging, id.OrgName, id.RepresentedBSN = str("vestigingsnummer"), str("org_name"), str("represented_bsn")
		if id.KvK == "" || id.ActingSubject == "" {
			return Identity{}, errors.New("auth: eHerkenning token without organisation or employee")
		}
	case Vecozo:
		id.AGB, id.Name = str("agb_code"), str("name")
		if id.AGB == "" {
			return Identity{}, errors.New("auth: Vecozo token without agb_code")
		}
	}
	return id, nil
}
