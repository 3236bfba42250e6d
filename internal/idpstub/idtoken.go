package idpstub

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// idToken signs the ID token for a redeemed grant (OpenID Connect Core §2,
// §3.1.3.6): the grant's claims, then the standard claims over them.
func (p *Provider) idToken(g *grant, accessToken string, now time.Time) (string, error) {
	claims := make(map[string]any, len(g.claims)+9)
	for k, v := range g.claims {
		claims[k] = v
	}
	atHash := sha256.Sum256([]byte(accessToken))
	claims["iss"] = p.issuer
	claims["sub"] = p.subject(g.claims)
	claims["aud"] = g.clientID
	claims["iat"] = now.Unix()
	claims["exp"] = now.Add(idTokenTTL).Unix()
	claims["auth_time"] = g.authTime.Unix()
	claims["nonce"] = g.nonce
	claims["at_hash"] = b64(atHash[:len(atHash)/2])
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("idpstub: id token claims: %w", err)
	}
	jws, err := p.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("idpstub: sign id token: %w", err)
	}
	return jws.CompactSerialize()
}

// subject is the pseudonym of the person: an HMAC of the scheme's
// identifier (BSN, KvK plus employee id, AGB-code) under a key of this
// provider, so it is stable but never reveals the identifier itself.
func (p *Provider) subject(claims map[string]any) string {
	id := p.spec.subjectOf(claims)
	if id == "" { // a persona without the identifier claims
		b, _ := json.Marshal(claims)
		id = "claims\x00" + string(b)
	}
	m := hmac.New(sha256.New, p.subKey)
	m.Write([]byte(string(p.kind) + "\x00" + id))
	return hex.EncodeToString(m.Sum(nil))
}
