package idpstub_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"pgbportaal/internal/idpstub"
)

// TestAuthorizeUntrustedClient: an unknown client or redirect URI gets an
// error page, never a redirect.
func TestAuthorizeUntrustedClient(t *testing.T) {
	e := newEnv(t, idpstub.DigiD)
	tests := map[string]func(q url.Values){
		"unknown client":        func(q url.Values) { q.Set("client_id", "onbekend") },
		"missing client":        func(q url.Values) { q.Del("client_id") },
		"foreign redirect_uri":  func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") },
		"redirect_uri prefix":   func(q url.Values) { q.Set("redirect_uri", e.conf.RedirectURL+"/x") },
		"redirect_uri query":    func(q url.Values) { q.Set("redirect_uri", e.conf.RedirectURL+"?x=1") },
		"missing redirect_uri":  func(q url.Values) { q.Del("redirect_uri") },
		"repeated redirect_uri": func(q url.Values) { q.Add("redirect_uri", "https://evil.example/cb") },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			resp := e.get(e.authURL(mutate))
			body := readAll(resp)
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
				t.Errorf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if !strings.Contains(body, "Inloggen niet mogelijk") {
				t.Errorf("no Dutch error page: %s", body)
			}
		})
	}
}

// TestAuthorizeRefusalRedirects: other invalid requests go back to the
// client with an RFC 6749 error and the state.
func TestAuthorizeRefusalRedirects(t *testing.T) {
	e := newEnv(t, idpstub.DigiD)
	tests := []struct {
		name   string
		mutate func(q url.Values)
		want   string
	}{
		{"missing PKCE", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, "invalid_request"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request"},
		{"PKCE method omitted", func(q url.Values) { q.Del("code_challenge_method") }, "invalid_request"},
		{"malformed challenge", func(q url.Values) { q.Set("code_challenge", "te-kort") }, "invalid_request"},
		{"missing nonce", func(q url.Values) { q.Del("nonce") }, "invalid_request"},
		{"missing state", func(q url.Values) { q.Del("state") }, "invalid_request"},
		{"implicit flow", func(q url.Values) { q.Set("response_type", "id_token") }, "unsupported_response_type"},
		{"no openid scope", func(q url.Values) { q.Set("scope", "profile") }, "invalid_scope"},
		{"prompt none", func(q url.Values) { q.Set("prompt", "none") }, "login_required"},
		{"request object", func(q url.Values) { q.Set("request", "eyJ...") }, "request_not_supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := e.authURL(tt.mutate)
			resp := e.get(u)
			readAll(resp)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", resp.StatusCode)
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			q := loc.Query()
			if !strings.HasPrefix(loc.String(), e.conf.RedirectURL+"?") || q.Get("error") != tt.want || q.Get("code") != "" {
				t.Errorf("redirect %s, want %s with error=%s", loc, e.conf.RedirectURL, tt.want)
			}
			sent, _ := url.Parse(u)
			if q.Get("state") != sent.Query().Get("state") || q.Get("iss") != e.issuer {
				t.Errorf("redirect %s lacks state or iss", loc)
			}
		})
	}
}

// TestLoginFormRevalidates: the hidden parameters of the form are checked
// again, so a tampered form cannot send a code elsewhere or drop PKCE.
func TestLoginFormRevalidates(t *testing.T) {
	e := newEnv(t, idpstub.DigiD)
	l := e.start()
	resp := e.submit(l, "Inloggen", map[string]string{"bsn": "111222333", "redirect_uri": "https://evil.example/cb"})
	if body := readAll(resp); resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Errorf("tampered redirect_uri: status %d, Location %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	resp = e.submit(l, "Inloggen als Anna de Vries", map[string]string{"code_challenge_method": "plain"})
	readAll(resp)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "error=invalid_request") || strings.Contains(loc, "code=") {
		t.Errorf("plain PKCE on POST: Location %q", loc)
	}
}

// TestLoginFormErrors: invalid input shows Dutch errors next to the fields
// and in a summary, and keeps what was typed.
func TestLoginFormErrors(t *testing.T) {
	tests := []struct {
		kind    idpstub.Kind
		fields  map[string]string
		field   string // the field in error
		typed   string
		message string
	}{
		{idpstub.DigiD, map[string]string{"bsn": "123456789"}, "bsn", "123456789", "Dit is geen geldig BSN"},
		{idpstub.DigiD, map[string]string{"bsn": ""}, "bsn", "", "Vul uw burgerservicenummer (BSN) in."},
		{idpstub.DigiD, map[string]string{"bsn": "111222333", "represented_bsn": "111222334"}, "represented_bsn", "111222334",
			"Dit is geen geldig BSN van de persoon die u vertegenwoordigt"},
		{idpstub.DigiD, map[string]string{"bsn": "111222333", "represented_bsn": "111222333"}, "represented_bsn", "111222333",
			"niet uw eigen BSN"},
		{idpstub.DigiD, map[string]string{"bsn": "111222333", "acr": "urn:nl:digid:super"}, "acr", "", "Kies een betrouwbaarheidsniveau."},
		{idpstub.EHerkenning, map[string]string{"kvk": "1234567", "org_name": "X", "acting_subject": "m"}, "kvk", "1234567",
			"Een KvK-nummer heeft 8 cijfers."},
		{idpstub.EHerkenning, map[string]string{"kvk": "12345678", "org_name": "X", "acting_subject": "m", "vestigingsnummer": "12345"},
			"vestigingsnummer", "12345", "Een vestigingsnummer heeft 12 cijfers."},
		{idpstub.EHerkenning, map[string]string{"kvk": "12345678", "org_name": "X"}, "acting_subject", "", "Vul uw medewerkernummer in."},
		{idpstub.Vecozo, map[string]string{"agb": "1234567x", "name": "De Linde"}, "agb", "1234567x", "Een AGB-code heeft 8 cijfers."},
		{idpstub.Vecozo, map[string]string{"agb": "03123456", "name": " "}, "name", "", "Vul uw naam of de naam van uw zorginstelling in."},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.field, func(t *testing.T) {
			e := newEnv(t, tt.kind)
			l := e.start()
			resp := e.submit(l, "Inloggen", tt.fields)
			page := readAll(resp)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			for _, want := range []string{
				tt.message,
				`<title>Fout: Inloggen met`,
				`Er is een probleem`,
				`<a href="#` + tt.field + `">`,
				`id="` + tt.field + `-fout"`,
				`aria-invalid="true"`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if !strings.Contains(page, `aria-describedby="`+tt.field+`-fout"`) &&
				!strings.Contains(page, `aria-describedby="`+tt.field+`-uitleg `+tt.field+`-fout"`) {
				t.Errorf("field %s is not described by its error", tt.field)
			}
			// What was typed is kept, and the form still works.
			l.forms = parseForms(t, page)
			for _, f := range l.forms {
				if f.button == "Inloggen" && tt.field != "acr" && f.values.Get(tt.field) != tt.typed {
					t.Errorf("field %s kept %q, want %q", tt.field, f.values.Get(tt.field), tt.typed)
				}
			}
			e.exchange(l, e.code(l, e.submit(l, firstPersonaButton(t, l), nil)))
		})
	}
}

// TestLoginPage checks the page's fixed parts.
func TestLoginPage(t *testing.T) {
	e := newEnv(t, idpstub.EHerkenning)
	l := e.start()
	for _, want := range []string{
		"Testomgeving: dit is geen echte eHerkenning",
		"<h1>Inloggen met eHerkenning (testomgeving)</h1>",
		`<label for="kvk">`,
		`<option value="urn:etoegang:core:assurance-class:loa3" selected>`,
		`urn:etoegang:core:assurance-class:loa2`,
		">Inloggen</button>",
		"Inloggen als Zorgkantoor Noord",
	} {
		if !strings.Contains(l.page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script>", "style=", "<style", "onclick"} {
		if strings.Contains(l.page, banned) {
			t.Errorf("page has inline %q", banned)
		}
	}
	// Cancelling returns to the client with access_denied and the state.
	var cancel string
	for _, m := range strings.Split(l.page, `<a href="`)[1:] {
		if u := m[:strings.Index(m, `"`)]; strings.HasPrefix(u, e.conf.RedirectURL) {
			cancel = strings.ReplaceAll(u, "&amp;", "&")
		}
	}
	cu, err := url.Parse(cancel)
	if err != nil || cu.Query().Get("error") != "access_denied" || cu.Query().Get("state") != l.state {
		t.Errorf("cancel link %q", cancel)
	}
}

// TestTokenRefusals covers the token endpoint's checks.
func TestTokenRefusals(t *testing.T) {
	// loggedIn returns a fresh code and its login.
	loggedIn := func(e *env) (*login, string) {
		l := e.start()
		return l, e.code(l, e.submit(l, "Inloggen", map[string]string{"bsn": "111222333"}))
	}
	tests := []struct {
		name       string
		exchange   func(e *env, l *login, code string) error
		wantCode   string
		wantStatus int
	}{
		{"wrong client secret, basic", func(e *env, l *login, code string) error {
			e.conf.ClientSecret = "fout"
			e.conf.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_client", http.StatusUnauthorized},
		{"wrong client secret, post", func(e *env, l *login, code string) error {
			e.conf.ClientSecret = "fout"
			e.conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_client", http.StatusUnauthorized},
		{"unknown client", func(e *env, l *login, code string) error {
			e.conf.ClientID = "onbekend"
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_client", http.StatusUnauthorized},
		{"no client authentication", func(e *env, l *login, code string) error {
			e.conf.ClientSecret = ""
			e.conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_client", http.StatusUnauthorized},
		{"other registered redirect_uri", func(e *env, l *login, code string) error {
			e.conf.RedirectURL = e.srv.URL + "/auth/other"
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"no verifier", func(e *env, l *login, code string) error {
			_, err := e.conf.Exchange(context.Background(), code)
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"wrong verifier", func(e *env, l *login, code string) error {
			_, err := e.conf.Exchange(context.Background(), code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"challenge sent as verifier", func(e *env, l *login, code string) error {
			_, err := e.conf.Exchange(context.Background(), code, oauth2.VerifierOption(oauth2.S256ChallengeFromVerifier(l.verifier)))
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"reused code", func(e *env, l *login, code string) error {
			if _, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l)); err != nil {
				t.Fatalf("first use: %v", err)
			}
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"expired code", func(e *env, l *login, code string) error {
			e.clock.Add(61 * time.Second)
			_, err := e.conf.Exchange(context.Background(), code, oauthVerifier(l))
			return err
		}, "invalid_grant", http.StatusBadRequest},
		{"unknown code", func(e *env, l *login, code string) error {
			_, err := e.conf.Exchange(context.Background(), code+"x", oauthVerifier(l))
			return err
		}, "invalid_grant", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, idpstub.DigiD)
			l, code := loggedIn(e)
			err := tt.exchange(e, l, code)
			if err == nil {
				t.Fatal("exchange succeeded")
			}
			if got, status := oauthError(t, err); got != tt.wantCode || status != tt.wantStatus {
				t.Errorf("error %s (%d), want %s (%d)", got, status, tt.wantCode, tt.wantStatus)
			}
		})
	}

	t.Run("failed client authentication leaves the code usable", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l, code := loggedIn(e)
		bad := e.conf
		bad.ClientSecret = "fout"
		if _, err := bad.Exchange(context.Background(), code, oauthVerifier(l)); err == nil {
			t.Fatal("wrong secret accepted")
		}
		e.exchange(l, code)
	})

	t.Run("code just within 60 seconds", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l, code := loggedIn(e)
		e.clock.Add(60 * time.Second)
		e.exchange(l, code)
	})

	t.Run("code of another client", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l, code := loggedIn(e)
		other := e.conf
		other.ClientID, other.ClientSecret = otherClientID, otherClientSecret
		other.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
		_, err := other.Exchange(context.Background(), code, oauthVerifier(l))
		if got, status := oauthError(t, err); got != "invalid_grant" || status != http.StatusBadRequest {
			t.Errorf("error %s (%d), want invalid_grant (400)", got, status)
		}
	})

	t.Run("invalid_client over basic asks for basic", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		req, _ := http.NewRequest(http.MethodPost, e.conf.Endpoint.TokenURL,
			strings.NewReader(url.Values{"grant_type": {"authorization_code"}, "code": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(clientID, "fout")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if body := readAll(resp); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"invalid_client"`) ||
			resp.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic") ||
			resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("status %d, headers %v, body %s", resp.StatusCode, resp.Header, body)
		}
	})

	t.Run("malformed requests", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l, code := loggedIn(e)
		base := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {e.conf.RedirectURL},
			"code_verifier": {l.verifier}, "client_id": {clientID}, "client_secret": {clientSecret}}
		tests := []struct {
			name   string
			mutate func(v url.Values)
			want   string
		}{
			{"refresh grant", func(v url.Values) { v.Set("grant_type", "refresh_token") }, "unsupported_grant_type"},
			{"no grant type", func(v url.Values) { v.Del("grant_type") }, "invalid_request"},
			{"no code", func(v url.Values) { v.Del("code") }, "invalid_request"},
			{"repeated code", func(v url.Values) { v.Add("code", "x") }, "invalid_request"},
		}
		for _, tt := range tests {
			v := url.Values{}
			for k, vs := range base {
				v[k] = append([]string(nil), vs...)
			}
			tt.mutate(v)
			resp, err := http.PostForm(e.conf.Endpoint.TokenURL, v)
			if err != nil {
				t.Fatal(err)
			}
			if body := readAll(resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"`+tt.want+`"`) {
				t.Errorf("%s: status %d, body %s", tt.name, resp.StatusCode, body)
			}
		}
		e.exchange(l, code) // none of these used the code up
	})
}
