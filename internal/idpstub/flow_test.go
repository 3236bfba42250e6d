package idpstub_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"pgbportaal/internal/idpstub"
)

var testKey = func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}()

// TestCodeFlow logs in through each provider's form with go-oidc and
// x/oauth2 as the relying party, with both client authentication methods.
func TestCodeFlow(t *testing.T) {
	tests := []struct {
		kind   idpstub.Kind
		fields map[string]string
		want   map[string]any
	}{
		{
			kind:   idpstub.DigiD,
			fields: map[string]string{"bsn": "111 222 333", "acr": idpstub.ACRDigiDHoog},
			want:   map[string]any{"bsn": "111222333", "acr": idpstub.ACRDigiDHoog},
		},
		{
			kind:   idpstub.DigiD, // DigiD Machtigen, default level, 8-digit BSN
			fields: map[string]string{"bsn": "12345672", "represented_bsn": "123456782"},
			want:   map[string]any{"bsn": "012345672", "represented_bsn": "123456782", "acr": idpstub.ACRDigiDSubstantieel},
		},
		{
			kind: idpstub.EHerkenning,
			fields: map[string]string{"kvk": "12345678", "org_name": "Bewindvoering Noord B.V.",
				"acting_subject": "medewerker-7", "vestigingsnummer": "000012345678", "represented_bsn": "111222333"},
			want: map[string]any{
				"urn:etoegang:core:LegalSubjectID":  "12345678",
				"urn:etoegang:core:ActingSubjectID": "medewerker-7",
				"org_name":                          "Bewindvoering Noord B.V.",
				"vestigingsnummer":                  "000012345678",
				"represented_bsn":                   "111222333",
				"acr":                               idpstub.ACREHerkenningLoA3,
			},
		},
		{
			kind:   idpstub.EHerkenning,
			fields: map[string]string{"kvk": "12345678", "org_name": "SVB", "acting_subject": "m-1", "acr": idpstub.ACREHerkenningLoA2},
			want:   map[string]any{"acr": idpstub.ACREHerkenningLoA2, "vestigingsnummer": nil, "represented_bsn": nil},
		},
		{
			kind:   idpstub.Vecozo,
			fields: map[string]string{"agb": "03123456", "name": "Thuiszorg De Linde"},
			want:   map[string]any{"agb_code": "03123456", "name": "Thuiszorg De Linde", "acr": idpstub.ACRVecozo},
		},
	}
	for _, tt := range tests {
		for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams} {
			t.Run(fmt.Sprintf("%s/auth-style-%d", tt.kind, style), func(t *testing.T) {
				e := newEnv(t, tt.kind)
				e.conf.Endpoint.AuthStyle = style
				l := e.start()
				idt, claims := e.exchange(l, e.code(l, e.submit(l, "Inloggen", tt.fields)))
				for k, want := range tt.want {
					if claims[k] != want {
						t.Errorf("claim %s = %v, want %v", k, claims[k], want)
					}
				}
				if idt.Issuer != e.issuer || len(idt.Audience) != 1 || idt.Audience[0] != clientID {
					t.Errorf("iss %q aud %v", idt.Issuer, idt.Audience)
				}
				if got := idt.Expiry.Sub(e.clock.Now()); got != 5*time.Minute {
					t.Errorf("id token lives %v, want 5m", got)
				}
				if _, err := hex.DecodeString(idt.Subject); err != nil || len(idt.Subject) != 64 {
					t.Errorf("sub %q is not a hex pseudonym", idt.Subject)
				}
				for k := range tt.want {
					if s, ok := claims[k].(string); ok && k != "acr" && strings.Contains(idt.Subject, s) {
						t.Errorf("sub %q contains claim value %q", idt.Subject, s)
					}
				}

				// The same person logging in again gets the same sub.
				l2 := e.start()
				idt2, _ := e.exchange(l2, e.code(l2, e.submit(l2, "Inloggen", tt.fields)))
				if idt2.Subject != idt.Subject {
					t.Errorf("sub not stable: %q then %q", idt.Subject, idt2.Subject)
				}
			})
		}
	}
}

// TestPersonaLogin logs in with a persona's one-click button.
func TestPersonaLogin(t *testing.T) {
	tests := []struct {
		kind   idpstub.Kind
		button string
		want   map[string]any
	}{
		{idpstub.DigiD, "Inloggen als Piet Jansen",
			map[string]any{"bsn": "123456782", "represented_bsn": "111222333", "acr": idpstub.ACRDigiDSubstantieel}},
		{idpstub.EHerkenning, "Inloggen als Zorgkantoor Noord",
			map[string]any{"urn:etoegang:core:LegalSubjectID": "30123456", "org_name": "Zorgkantoor Noord",
				"acr": idpstub.ACREHerkenningLoA3}},
		{idpstub.EHerkenning, "Inloggen als SVB met EH2", // a persona may bring its own level
			map[string]any{"acr": idpstub.ACREHerkenningLoA2}},
		{idpstub.Vecozo, "Inloggen als Thuiszorg De Linde",
			map[string]any{"agb_code": "03123456", "name": "Thuiszorg De Linde", "acr": idpstub.ACRVecozo}},
	}
	for _, tt := range tests {
		t.Run(tt.button, func(t *testing.T) {
			e := newEnv(t, tt.kind)
			l := e.start()
			idt, claims := e.exchange(l, e.code(l, e.submit(l, tt.button, nil)))
			for k, want := range tt.want {
				if claims[k] != want {
					t.Errorf("claim %s = %v, want %v", k, claims[k], want)
				}
			}
			if idt.Subject == "ignored" {
				t.Error("a persona must not set sub")
			}
		})
	}

	t.Run("same person by form and by persona has the same sub", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l := e.start()
		byPersona, _ := e.exchange(l, e.code(l, e.submit(l, "Inloggen als Anna de Vries", nil)))
		l = e.start()
		byForm, _ := e.exchange(l, e.code(l, e.submit(l, "Inloggen", map[string]string{"bsn": "111222333"})))
		if byPersona.Subject != byForm.Subject {
			t.Errorf("sub %q by persona, %q by form", byPersona.Subject, byForm.Subject)
		}
	})

	t.Run("unknown persona", func(t *testing.T) {
		e := newEnv(t, idpstub.DigiD)
		l := e.start()
		resp := e.submit(l, "Inloggen als Anna de Vries", map[string]string{"persona": "9"})
		if body := readAll(resp); resp.StatusCode != 400 || !strings.Contains(body, "Deze testpersoon bestaat niet") {
			t.Errorf("status %d, body %s", resp.StatusCode, body)
		}
	})
}
