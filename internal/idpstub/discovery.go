package idpstub

import (
	"encoding/json"
	"net/http"

	"github.com/go-jose/go-jose/v4"
)

// standardClaims are the claims every ID token of the stub carries (at_hash
// too, as the token endpoint always issues an access token).
var standardClaims = []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash"}

// discovery serves the OpenID Provider Metadata (OpenID Connect Discovery 1.0
// §3, with RFC 8414 and RFC 9207 additions).
func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	acrs := make([]string, len(p.spec.acrs))
	for i, a := range p.spec.acrs {
		acrs[i] = a.value
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                         p.issuer,
		"authorization_endpoint":                         p.endpoint("/authorize"),
		"token_endpoint":                                 p.endpoint("/token"),
		"jwks_uri":                                       p.endpoint("/jwks"),
		"response_types_supported":                       []string{"code"},
		"response_modes_supported":                       []string{"query"},
		"grant_types_supported":                          []string{"authorization_code"},
		"subject_types_supported":                        []string{"public"},
		"id_token_signing_alg_values_supported":          []string{string(jose.RS256)},
		"code_challenge_methods_supported":               []string{"S256"},
		"token_endpoint_auth_methods_supported":          []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                               []string{"openid"},
		"claims_supported":                               append(append([]string{}, standardClaims...), p.spec.claims...),
		"acr_values_supported":                           acrs,
		"claims_parameter_supported":                     false,
		"request_parameter_supported":                    false,
		"request_uri_parameter_supported":                false,
		"authorization_response_iss_parameter_supported": true,
	})
}

// jwks serves the public signing key as a JWK Set (RFC 7517 §5).
func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key:       &p.key.PublicKey,
		KeyID:     p.kid,
		Algorithm: string(jose.RS256),
		Use:       "sig",
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
