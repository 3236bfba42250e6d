package idpstub_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"pgbportaal/internal/idpstub"
)

func TestDiscoveryAndJWKS(t *testing.T) {
	for _, kind := range []idpstub.Kind{idpstub.DigiD, idpstub.EHerkenning, idpstub.Vecozo} {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			resp := e.get(e.issuer + "/.well-known/openid-configuration")
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "application/json" {
				t.Fatalf("status %d, content type %q", resp.StatusCode, ct)
			}
			var meta struct {
				Issuer               string   `json:"issuer"`
				Authorization        string   `json:"authorization_endpoint"`
				Token                string   `json:"token_endpoint"`
				JWKS                 string   `json:"jwks_uri"`
				ResponseTypes        []string `json:"response_types_supported"`
				SubjectTypes         []string `json:"subject_types_supported"`
				Algs                 []string `json:"id_token_signing_alg_values_supported"`
				ChallengeMethods     []string `json:"code_challenge_methods_supported"`
				AuthMethods          []string `json:"token_endpoint_auth_methods_supported"`
				Scopes               []string `json:"scopes_supported"`
				Claims               []string `json:"claims_supported"`
				ACRs                 []string `json:"acr_values_supported"`
				AuthResponseIssParam bool     `json:"authorization_response_iss_parameter_supported"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if meta.Issuer != e.issuer || meta.Authorization != e.issuer+"/authorize" ||
				meta.Token != e.issuer+"/token" || meta.JWKS != e.issuer+"/jwks" {
				t.Errorf("endpoints: %+v", meta)
			}
			eq := func(name string, got, want []string) {
				if !slices.Equal(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			eq("response_types_supported", meta.ResponseTypes, []string{"code"})
			eq("id_token_signing_alg_values_supported", meta.Algs, []string{"RS256"})
			eq("code_challenge_methods_supported", meta.ChallengeMethods, []string{"S256"})
			eq("token_endpoint_auth_methods_supported", meta.AuthMethods, []string{"client_secret_basic", "client_secret_post"})
			eq("scopes_supported", meta.Scopes, []string{"openid"})
			if len(meta.SubjectTypes) == 0 || !meta.AuthResponseIssParam {
				t.Errorf("subject_types_supported %v, iss parameter %v", meta.SubjectTypes, meta.AuthResponseIssParam)
			}
			wantClaim := map[idpstub.Kind]string{idpstub.DigiD: "bsn", idpstub.EHerkenning: "urn:etoegang:core:LegalSubjectID",
				idpstub.Vecozo: "agb_code"}[kind]
			for _, c := range []string{"sub", "acr", "nonce", wantClaim} {
				if !slices.Contains(meta.Claims, c) {
					t.Errorf("claims_supported %v lacks %s", meta.Claims, c)
				}
			}
			if len(meta.ACRs) == 0 {
				t.Error("no acr_values_supported")
			}

			resp = e.get(meta.JWKS)
			var set jose.JSONWebKeySet
			if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if len(set.Keys) != 1 {
				t.Fatalf("%d keys, want 1", len(set.Keys))
			}
			k := set.Keys[0]
			if !k.IsPublic() || k.KeyID == "" || k.Algorithm != "RS256" || k.Use != "sig" || !k.Valid() {
				t.Errorf("key: public %v kid %q alg %q use %q", k.IsPublic(), k.KeyID, k.Algorithm, k.Use)
			}

			// An ID token names that key in its header.
			l := e.start()
			code := e.code(l, e.submit(l, firstPersonaButton(t, l), nil))
			tok, err := e.conf.Exchange(t.Context(), code, oauthVerifier(l))
			if err != nil {
				t.Fatal(err)
			}
			jws, err := jose.ParseSignedCompact(tok.Extra("id_token").(string), []jose.SignatureAlgorithm{jose.RS256})
			if err != nil {
				t.Fatal(err)
			}
			if h := jws.Signatures[0].Header; h.KeyID != k.KeyID || h.Algorithm != "RS256" {
				t.Errorf("id token header kid %q alg %q, want kid %q", h.KeyID, h.Algorithm, k.KeyID)
			}
			if _, err := jws.Verify(k.Key); err != nil {
				t.Errorf("id token does not verify with the published key: %v", err)
			}
		})
	}
}

func firstPersonaButton(t *testing.T, l *login) string {
	t.Helper()
	for _, f := range l.forms {
		if strings.HasPrefix(f.button, "Inloggen als ") {
			return f.button
		}
	}
	t.Fatal("no persona on the page")
	return ""
}

func TestNewRefusesBadConfig(t *testing.T) {
	ok := idpstub.Config{Kind: idpstub.DigiD, Issuer: "http://localhost:8080/stub/digid", Key: testKey,
		Clients: []idpstub.Client{{ID: "c", Secret: "s", RedirectURIs: []string{"http://localhost:8080/cb"}}}}
	tests := map[string]func(c *idpstub.Config){
		"unknown kind":      func(c *idpstub.Config) { c.Kind = "itsme" },
		"relative issuer":   func(c *idpstub.Config) { c.Issuer = "/stub/digid" },
		"issuer with slash": func(c *idpstub.Config) { c.Issuer += "/" },
		"issuer with query": func(c *idpstub.Config) { c.Issuer += "?x=1" },
		"client without secret": func(c *idpstub.Config) {
			c.Clients = []idpstub.Client{{ID: "c", RedirectURIs: []string{"http://x/cb"}}}
		},
		"client without redirect": func(c *idpstub.Config) { c.Clients = []idpstub.Client{{ID: "c", Secret: "s"}} },
		"relative redirect":       func(c *idpstub.Config) { c.Clients[0].RedirectURIs = []string{"/cb"} },
		"client registered twice": func(c *idpstub.Config) { c.Clients = append(c.Clients, c.Clients[0]) },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			c := ok
			c.Clients = slices.Clone(ok.Clients)
			c.Clients[0].RedirectURIs = slices.Clone(ok.Clients[0].RedirectURIs)
			mutate(&c)
			if _, err := idpstub.New(c); err == nil {
				t.Error("New accepted the config")
			}
		})
	}
	t.Run("valid, generating its own key", func(t *testing.T) {
		c := ok
		c.Key = nil
		p, err := idpstub.New(c)
		if err != nil || p.Handler() == nil {
			t.Fatalf("New: %v", err)
		}
	})
}
