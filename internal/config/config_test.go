package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Env != Development || !c.StubsEnabled {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if c.DigiD.Issuer != "http://localhost:8080/stub/digid" {
		t.Fatalf("issuer default: %s", c.DigiD.Issuer)
	}
}

func TestProductionRefusesUnsafeDefaults(t *testing.T) {
	_, err := Load(env(map[string]string{"PGB_ENV": "production"}))
	if err == nil {
		t.Fatal("production without secrets started")
	}
	for _, want := range []string{"https://", "PGB_SESSION_SECRET", "PGB_DIGID_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestProductionAcceptsExplicitSettings(t *testing.T) {
	c, err := Load(env(map[string]string{
		"PGB_ENV": "production", "PGB_BASE_URL": "https://pgb.example.nl",
		"PGB_SESSION_SECRET":      strings.Repeat("s", 40),
		"PGB_DIGID_CLIENT_SECRET": "a", "PGB_EHERKENNING_CLIENT_SECRET": "b", "PGB_VECOZO_CLIENT_SECRET": "c",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.StubsEnabled || !c.Secure() {
		t.Fatalf("production config wrong: %+v", c)
	}
}

func TestBadDuration(t *testing.T) {
	if _, err := Load(env(map[string]string{"PGB_SESSION_IDLE": "soon"})); err == nil {
		t.Fatal("bad duration accepted")
	}
}
