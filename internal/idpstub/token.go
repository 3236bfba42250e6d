package idpstub

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
)

// tokenError is an RFC 6749 §5.2 error response of the token endpoint.
type tokenError struct {
	status      int
	code, descr string
	basicAuth   bool // the client tried HTTP Basic: answer with WWW-Authenticate
}

func badRequest(code, descr string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: code, descr: descr}
}

func (e *tokenError) write(w http.ResponseWriter) {
	w.Header().Set("Pragma", "no-cache")
	if e.basicAuth {
		w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
	}
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.descr})
}

// token redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5-4.6,
// OpenID Connect Core §3.1.3).
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	res, terr := p.redeem(w, r)
	if terr != nil {
		terr.write(w)
		return
	}
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, res)
}

// tokenResponse is the successful token response (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token"`
	Scope       string `json:"scope,omitempty"`
}

func (p *Provider) redeem(w http.ResponseWriter, r *http.Request) (*tokenResponse, *tokenError) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return nil, badRequest("invalid_request", "the body must be an application/x-www-form-urlencoded form")
	}
	form := r.PostForm
	for name, vs := range form {
		if len(vs) > 1 {
			return nil, badRequest("invalid_request", name+" is repeated")
		}
	}
	// Authenticate the client before touching the code, so a failed
	// authentication never uses it up.
	client, terr := p.authenticateClient(r)
	if terr != nil {
		return nil, terr
	}
	switch gt := form.Get("grant_type"); {
	case gt == "":
		return nil, badRequest("invalid_request", "grant_type is required")
	case gt != "authorization_code":
		return nil, badRequest("unsupported_grant_type", "only authorization_code is supported")
	case form.Get("code") == "":
		return nil, badRequest("invalid_request", "code is required")
	}
	now := p.now()
	g, err := p.codes.redeem(form.Get("code"), now)
	if err != nil {
		return nil, badRequest("invalid_grant", err.Error())
	}
	switch verifier := form.Get("code_verifier"); {
	case g.clientID != client.ID:
		return nil, badRequest("invalid_grant", "the code was issued to another client")
	case form.Get("redirect_uri") != g.redirectURI:
		return nil, badRequest("invalid_grant", "redirect_uri does not match the authorization request")
	case verifier == "":
		return nil, badRequest("invalid_grant", "code_verifier is required (PKCE)")
	case !validVerifier(verifier) || !s256Matches(verifier, g.codeChallenge):
		return nil, badRequest("invalid_grant", "code_verifier does not match the code_challenge")
	}
	access := randomToken()
	idt, err := p.idToken(g, access, now)
	if err != nil {
		return nil, &tokenError{status: http.StatusInternalServerError, code: "server_error", descr: "could not sign the ID token"}
	}
	return &tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(idTokenTTL.Seconds()),
		IDToken: idt, Scope: g.scope}, nil
}

// authenticateClient checks client_secret_basic or client_secret_post (RFC
// 6749 §2.3.1); a client must use exactly one of them.
func (p *Provider) authenticateClient(r *http.Request) (Client, *tokenError) {
	id, secret, basic := r.BasicAuth()
	postID, postSecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	unauthorized := &tokenError{status: http.StatusUnauthorized, code: "invalid_client",
		descr: "client authentication failed", basicAuth: basic}
	if basic {
		if postSecret != "" {
			return Client{}, badRequest("invalid_request", "use one client authentication method, not two")
		}
		// The header carries form-urlencoded id and secret (RFC 6749 §2.3.1).
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil || (postID != "" && postID != id) {
			return Client{}, unauthorized
		}
	} else {
		if postSecret == "" {
			unauthorized.descr = "client authentication required"
			return Client{}, unauthorized
		}
		id, secret = postID, postSecret
	}
	c, known := p.clients[id]
	if !known || !secretMatches(secret, c.Secret) {
		return Client{}, unauthorized
	}
	return c, nil
}

// secretMatches compares in constant time; hashing first hides the length.
func secretMatches(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1 && want != ""
}

// validVerifier checks RFC 7636 §4.1: 43 to 128 unreserved characters.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	return strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") == ""
}

// s256Matches checks BASE64URL(SHA256(verifier)) == challenge (RFC 7636 §4.6).
func s256Matches(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(challenge)) == 1
}
