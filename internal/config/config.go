// Package config reads the portal's configuration from environment variables.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Env names the deployment mode.
type Env string

// Deployment modes.
const (
	Development Env = "development"
	Production  Env = "production"
)

// Provider configures one OpenID Connect provider the portal relies on.
type Provider struct {
	Issuer       string
	ClientID     string
	ClientSecret string
}

// Config holds every setting of the portal. Build it with Load.
type Config struct {
	Env             Env
	Addr            string
	BaseURL         string
	DatabaseURL     string
	SessionSecret   []byte
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	StubsEnabled    bool
	DigiD           Provider
	EHerkenning     Provider
	Vecozo          Provider
	LogLevel        string
	ShutdownTimeout time.Duration
	Scheduler       bool // run the daily betaalrun and the monthly maandlonen in this instance
	SMTP            SMTP
	// Onderhoud is a maintenance window set by configuration (zero when unset);
	// SVB medewerkers announce others in the portal.
	Onderhoud Onderhoud
	// Login attempts allowed per client address and per identifier (BSN,
	// KvK with employee, AGB) in each LoginWindow; counted in the database.
	LoginPerClient int
	LoginPerID     int
	LoginWindow    time.Duration
}

// SMTP is the mail server that e-mail notifications are delivered to.
type SMTP struct {
	Host string
	Port int
	From string // From header, e.g. "PGB Portaal <noreply@example.nl>"
}

// Addr is host:port.
func (s SMTP) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Onderhoud is a maintenance window: logging in is refused between Van and Tot.
type Onderhoud struct {
	Van, Tot time.Time
	Tekst    string
}

// Var documents one environment variable; Vars lists them for --help and the README.
type Var struct {
	Name, Default, Help string
}

// Vars lists every environment variable the portal reads.
var Vars = []Var{
	{"PGB_ENV", "development", "development or production; production refuses unsafe defaults"},
	{"PGB_ADDR", ":8080", "listen address"},
	{"PGB_BASE_URL", "http://localhost:8080", "public URL of the portal (https:// required in production)"},
	{"DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pgbportaal?sslmode=disable", "PostgreSQL connection string"},
	{"PGB_SESSION_SECRET", "(development only: fixed value)", "at least 32 bytes; signs the session cookie"},
	{"PGB_SESSION_IDLE", "15m", "idle timeout of a session"},
	{"PGB_SESSION_ABSOLUTE", "12h", "absolute lifetime of a session"},
	{"PGB_STUBS", "true (false in production)", "serve the built-in DigiD, eHerkenning and Vecozo test providers"},
	{"PGB_DIGID_ISSUER", "<base>/stub/digid", "OIDC issuer for DigiD"},
	{"PGB_DIGID_CLIENT_ID", "pgbportaal", "client id at DigiD"},
	{"PGB_DIGID_CLIENT_SECRET", "(development only: fixed value)", "client secret at DigiD"},
	{"PGB_EHERKENNING_ISSUER", "<base>/stub/eherkenning", "OIDC issuer for eHerkenning"},
	{"PGB_EHERKENNING_CLIENT_ID", "pgbportaal", "client id at eHerkenning"},
	{"PGB_EHERKENNING_CLIENT_SECRET", "(development only: fixed value)", "client secret at eHerkenning"},
	{"PGB_VECOZO_ISSUER", "<base>/stub/vecozo", "OIDC issuer for Vecozo"},
	{"PGB_VECOZO_CLIENT_ID", "pgbportaal", "client id at Vecozo"},
	{"PGB_VECOZO_CLIENT_SECRET", "(development only: fixed value)", "client secret at Vecozo"},
	{"PGB_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"PGB_SHUTDOWN_TIMEOUT", "20s", "how long in-flight requests may finish after SIGTERM"},
	{"PGB_SMTP_HOST", "127.0.0.1", "mail server for e-mail notifications (development: Mailpit)"},
	{"PGB_SMTP_PORT", "1025", "port of the mail server (plain SMTP, as to a local relay)"},
	{"PGB_SMTP_FROM", "PGB Portaal <noreply@pgbportaal.localhost>", "sender of e-mail notifications"},
	{"PGB_ONDERHOUD_VAN", "(none)", "start of a maintenance window, e.g. 2030-01-31T22:00 (Europe/Amsterdam) or RFC 3339"},
	{"PGB_ONDERHOUD_TOT", "(none)", "end of that maintenance window; both or neither"},
	{"PGB_ONDERHOUD_TEKST", "(none)", "extra text for the maintenance banner"},
	{"PGB_LOGIN_PER_CLIENT", "60", "login attempts allowed from one client address per PGB_LOGIN_WINDOW (0: no limit)"},
	{"PGB_LOGIN_PER_ID", "10", "logins allowed for one BSN, KvK employee or AGB-code per PGB_LOGIN_WINDOW (0: no limit)"},
	{"PGB_LOGIN_WINDOW", "15m", "the window of the login limits"},
	{"PGB_SCHEDULER", "true", "run the SVB betaalrun daily at 17:00 Europe/Amsterdam and plan maandlonen monthly (safe on several instances)"},
}

// DevSecret is the fixed development secret; production refuses it.
const DevSecret = "development-only-secret-not-for-production-use"

// Load reads the configuration through getenv (os.Getenv when nil). Every
// secret may also be given in a file named by the variable with suffix _FILE.
func Load(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	get := func(name, def string) (string, error) {
		if v := getenv(name); v != "" {
			return v, nil
		}
		if f := getenv(name + "_FILE"); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", fmt.Errorf("config: %s_FILE: %w", name, err)
			}
			return strings.TrimSpace(string(b)), nil
		}
		return def, nil
	}
	var errs []error
	must := func(name, def string) string {
		v, err := get(name, def)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	dur := func(name, def string) time.Duration {
		s := must(name, def)
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("config: %s: not a positive duration: %q", name, s))
		}
		return d
	}

	c := Config{}
	c.Env = Env(must("PGB_ENV", string(Development)))
	if c.Env != Development && c.Env != Production {
		errs = append(errs, fmt.Errorf("config: PGB_ENV must be development or production, not %q", c.Env))
	}
	prod := c.Env == Production
	c.Addr = must("PGB_ADDR", ":8080")
	c.BaseURL = strings.TrimRight(must("PGB_BASE_URL", "http://localhost:8080"), "/")
	c.DatabaseURL = must("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pgbportaal?sslmode=disable")
	c.SessionIdle = dur("PGB_SESSION_IDLE", "15m")
	c.SessionAbsolute = dur("PGB_SESSION_ABSOLUTE", "12h")
	c.ShutdownTimeout = dur("PGB_SHUTDOWN_TIMEOUT", "20s")
	c.LogLevel = must("PGB_LOG_LEVEL", "info")
	c.LoginWindow = dur("PGB_LOGIN_WINDOW", "15m")
	count := func(name, def string) int {
		s := must(name, def)
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("config: %s: not a whole number of 0 or more: %q", name, s))
		}
		return n
	}
	c.LoginPerClient = count("PGB_LOGIN_PER_CLIENT", "60")
	c.LoginPerID = count("PGB_LOGIN_PER_ID", "10")

	secretDefault := DevSecret
	if prod {
		secretDefault = ""
	}
	c.SessionSecret = []byte(must("PGB_SESSION_SECRET", secretDefault))

	stubs := must("PGB_STUBS", strconv.FormatBool(!prod))
	var err error
	c.StubsEnabled, err = strconv.ParseBool(stubs)
	if err != nil {
		errs = append(errs, fmt.Errorf("config: PGB_STUBS: %q is not true or false", stubs))
	}
	sched := must("PGB_SCHEDULER", "true")
	c.Scheduler, err = strconv.ParseBool(sched)
	if err != nil {
		errs = append(errs, fmt.Errorf("config: PGB_SCHEDULER: %q is not true or false", sched))
	}
	c.SMTP.Host = must("PGB_SMTP_HOST", "127.0.0.1")
	port := must("PGB_SMTP_PORT", "1025")
	c.SMTP.Port, err = strconv.Atoi(port)
	if err != nil || c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		errs = append(errs, fmt.Errorf("config: PGB_SMTP_PORT: %q is not a port number", port))
	}
	c.SMTP.From = must("PGB_SMTP_FROM", "PGB Portaal <noreply@pgbportaal.localhost>")
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		errs = append(errs, fmt.Errorf("config: PGB_SMTP_FROM: %q is not an e-mail address", c.SMTP.From))
	}
	van, tot := must("PGB_ONDERHOUD_VAN", ""), must("PGB_ONDERHOUD_TOT", "")
	if van != "" || tot != "" {
		var e1, e2 error
		c.Onderhoud.Van, e1 = parseMoment(van)
		c.Onderhoud.Tot, e2 = parseMoment(tot)
		switch {
		case e1 != nil:
			errs = append(errs, fmt.Errorf("config: PGB_ONDERHOUD_VAN: %w", e1))
		case e2 != nil:
			errs = append(errs, fmt.Errorf("config: PGB_ONDERHOUD_TOT: %w", e2))
		case !c.Onderhoud.Tot.After(c.Onderhoud.Van):
			errs = append(errs, errors.New("config: PGB_ONDERHOUD_TOT must be after PGB_ONDERHOUD_VAN"))
		}
		c.Onderhoud.Tekst = must("PGB_ONDERHOUD_TEKST", "")
	}
	provider := func(prefix, stub string) Provider {
		return Provider{
			Issuer:       must(prefix+"_ISSUER", c.BaseURL+"/stub/"+stub),
			ClientID:     must(prefix+"_CLIENT_ID", "pgbportaal"),
			ClientSecret: must(prefix+"_CLIENT_SECRET", map[bool]string{false: DevSecret, true: ""}[prod]),
		}
	}
	c.DigiD = provider("PGB_DIGID", "digid")
	c.EHerkenning = provider("PGB_EHERKENNING", "eherkenning")
	c.Vecozo = provider("PGB_VECOZO", "vecozo")

	u, perr := url.Parse(c.BaseURL)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("config: PGB_BASE_URL: %q is not an absolute http(s) URL", c.BaseURL))
	}
	if prod {
		if u == nil || u.Scheme != "https" {
			errs = append(errs, errors.New("config: production requires an https:// PGB_BASE_URL"))
		}
		if len(c.SessionSecret) < 32 || string(c.SessionSecret) == DevSecret {
			errs = append(errs, errors.New("config: production requires PGB_SESSION_SECRET of at least 32 bytes"))
		}
		if c.StubsEnabled {
			errs = append(errs, errors.New("config: the test identity providers cannot run in production"))
		}
		for name, p := range map[string]Provider{"DIGID": c.DigiD, "EHERKENNING": c.EHerkenning, "VECOZO": c.Vecozo} {
			if p.ClientSecret == "" || p.ClientSecret == DevSecret {
				errs = append(errs, fmt.Errorf("config: production requires PGB_%s_CLIENT_SECRET", name))
			}
		}
	} else if len(c.SessionSecret) < 32 {
		errs = append(errs, errors.New("config: PGB_SESSION_SECRET must be at least 32 bytes"))
	}
	return c, errors.Join(errs...)
}

// parseMoment reads RFC 3339 or a local Dutch time "2006-01-02T15:04".
func parseMoment(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time like 2030-01-31T22:00", s)
	}
	return t, nil
}

// Secure reports whether the portal is served over HTTPS.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }
