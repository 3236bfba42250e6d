package idpstub

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// authParams are the authorization request parameters, in the order the
// login page carries them as hidden fields.
var authParams = []string{"client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
	"code_challenge", "code_challenge_method"}

// authRequest is a validated authorization request (OpenID Connect Core
// §3.1.2.1, RFC 7636 §4.3).
type authRequest struct {
	client                                          Client
	redirectURI, scope, state, nonce, codeChallenge string
}

// authError is a refused authorization request. With redirect set it goes
// back to the client (RFC 6749 §4.1.2.1); otherwise the client or its
// redirect URI cannot be trusted and the person sees an error page.
type authError struct {
	redirect    bool
	code, descr string // OAuth error code and description, when redirecting
	message     string // Dutch explanation, when not redirecting
}

// parseAuthRequest validates the parameters in vals (the query on GET, the
// form body on POST).
func (p *Provider) parseAuthRequest(vals url.Values) (*authRequest, *authError) {
	for _, name := range []string{"client_id", "redirect_uri"} {
		if len(vals[name]) > 1 {
			return nil, &authError{message: "De aanvraag bevat de parameter " + name + " meer dan één keer."}
		}
	}
	client, ok := p.clients[vals.Get("client_id")]
	if !ok {
		return nil, &authError{message: "De webdienst die u hierheen stuurde, is bij deze testomgeving van " +
			p.spec.brand + " niet bekend."}
	}
	redirectURI := vals.Get("redirect_uri")
	if !slices.Contains(client.RedirectURIs, redirectURI) {
		return nil, &authError{message: "Het terugkeeradres in de aanvraag hoort niet bij deze webdienst. " +
			"Daarom sturen wij u niet terug."}
	}
	req := &authRequest{client: client, redirectURI: redirectURI, scope: vals.Get("scope"),
		state: vals.Get("state"), nonce: vals.Get("nonce"), codeChallenge: vals.Get("code_challenge")}
	refuse := func(code, descr string) (*authRequest, *authError) {
		return req, &authError{redirect: true, code: code, descr: descr}
	}
	for _, name := range authParams {
		if len(vals[name]) > 1 {
			return refuse("invalid_request", name+" is repeated")
		}
	}
	switch {
	case vals.Get("request") != "":
		return refuse("request_not_supported", "request objects are not supported")
	case vals.Get("request_uri") != "":
		return refuse("request_uri_not_supported", "request_uri is not supported")
	case vals.Get("response_type") != "code":
		return refuse("unsupported_response_type", "only response_type=code is supported")
	case !slices.Contains(strings.Fields(req.scope), "openid"):
		return refuse("invalid_scope", "scope must contain openid")
	case req.state == "":
		return refuse("invalid_request", "state is required")
	case req.nonce == "":
		return refuse("invalid_request", "nonce is required")
	case req.codeChallenge == "":
		return refuse("invalid_request", "code_challenge is required (PKCE)")
	case vals.Get("code_challenge_method") != "S256":
		return refuse("invalid_request", "code_challenge_method must be S256")
	case !validChallenge(req.codeChallenge):
		return refuse("invalid_request", "code_challenge must be base64url(SHA-256(code_verifier))")
	case slices.Contains(strings.Fields(vals.Get("prompt")), "none"):
		return refuse("login_required", "the stub always shows its login page")
	}
	return req, nil
}

// validChallenge reports whether s has the shape of an S256 code challenge:
// 32 bytes in unpadded base64url, so 43 characters.
func validChallenge(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", c) {
			return false
		}
	}
	return true
}

// refuse answers a refused authorization request.
func (p *Provider) refuse(w http.ResponseWriter, r *http.Request, req *authRequest, e *authError) {
	if !e.redirect {
		title := "Inloggen niet mogelijk"
		render(w, r, http.StatusBadRequest, pages.ErrorPage(layout.Page{Title: title}, title, e.message, ""))
		return
	}
	p.redirectBack(w, r, req, url.Values{"error": {e.code}, "error_description": {e.descr}})
}

// redirectBack sends the browser to the client's redirect URI with params,
// the state and the issuer (RFC 9207) added to its query.
func (p *Provider) redirectBack(w http.ResponseWriter, r *http.Request, req *authRequest, params url.Values) {
	http.Redirect(w, r, p.backURL(req, params), http.StatusSeeOther)
}

func (p *Provider) backURL(req *authRequest, params url.Values) string {
	u, _ := url.Parse(req.redirectURI) // checked against the registration
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	q.Set("iss", p.issuer)
	u.RawQuery = q.Encode()
	return u.String()
}

// authorizeGet validates the authorization request and shows the login page.
func (p *Provider) authorizeGet(w http.ResponseWriter, r *http.Request) {
	req, aerr := p.parseAuthRequest(r.URL.Query())
	if aerr != nil {
		p.refuse(w, r, req, aerr)
		return
	}
	p.showLogin(w, r, http.StatusOK, req, nil, nil)
}

// authorizePost handles the login page's forms: the same authorization
// request, carried as hidden fields, plus either the identifier fields or
// the index of a persona.
func (p *Provider) authorizePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	req, aerr := p.parseAuthRequest(r.PostForm)
	if aerr != nil {
		p.refuse(w, r, req, aerr)
		return
	}
	if _, ok := r.PostForm["persona"]; ok {
		p.personaLogin(w, r, req, r.PostForm.Get("persona"))
		return
	}
	claims, vals, errs := p.spec.readForm(r.PostForm)
	if len(errs) > 0 {
		p.showLogin(w, r, http.StatusUnprocessableEntity, req, vals, errs)
		return
	}
	p.issueCode(w, r, req, claims)
}

// issueCode stores a single-use code for claims and sends the browser back
// to the client with it (OpenID Connect Core §3.1.2.5).
func (p *Provider) issueCode(w http.ResponseWriter, r *http.Request, req *authRequest, claims map[string]any) {
	now := p.now()
	code := p.codes.issue(&grant{
		clientID:      req.client.ID,
		redirectURI:   req.redirectURI,
		codeChallenge: req.codeChallenge,
		nonce:         req.nonce,
		scope:         req.scope,
		claims:        claims,
		authTime:      now,
		expires:       now.Add(codeTTL),
	}, now)
	p.redirectBack(w, r, req, url.Values{"code": {code}})
}
