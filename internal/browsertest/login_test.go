package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
)

// loginAs starts a login with means and clicks the persona's one-click button
// on the test provider's page.
func loginAs(t *testing.T, b *browsertest.Browser, means, label string) {
	t.Helper()
	b.Navigate("/inloggen/" + means)
	b.WaitVisible("form")
	found := browsertest.Eval[bool](b, `(() => {
		const want = "Inloggen als " + `+jsString(label)+`;
		const btn = [...document.querySelectorAll("button")].find(x => x.textContent.trim() === want);
		if (!btn) return false;
		btn.click();
		return true;
	})()`)
	if !found {
		t.Fatalf("no persona button %q on %s", label, b.Location())
	}
	b.WaitVisible("h1")
	waitPath(t, b, func(p string) bool { return !strings.Contains(p, "/stub/") })
}

// loginWithBSN logs in on the DigiD test provider's page by typing a BSN,
// as someone without a demo persona does.
func loginWithBSN(t *testing.T, b *browsertest.Browser, bsn string) {
	t.Helper()
	b.Navigate("/inloggen/digid")
	b.WaitVisible("#bsn")
	set(t, b, "bsn", bsn)
	press(t, b, "Inloggen")
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func waitPath(t *testing.T, b *browsertest.Browser, ok func(string) bool) {
	t.Helper()
	for i := 0; i < 50; i++ {
		if ok(b.Location()) {
			b.WaitVisible("h1")
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("stuck at %s", b.Location())
}

// completeProfile fills in the first-login profile form and saves it.
func completeProfile(t *testing.T, b *browsertest.Browser, withIBAN bool) {
	t.Helper()
	if !strings.Contains(b.Location(), "/profiel") {
		t.Fatalf("expected the profile form at first login, got %s (%s)", b.Location(), b.Text("h1"))
	}
	b.SetValue("#straat", "Dorpsstraat")
	b.SetValue("#huisnummer", "12A")
	b.SetValue("#postcode", "1234ab")
	b.SetValue("#woonplaats", "Amstelveen")
	b.SetValue("#email", "demo@voorbeeld.nl")
	if withIBAN {
		b.SetValue("#iban", "NL91 ABNA 0417 1643 00")
	}
	b.Click("form[action='/profiel'] button[type=submit]")
	waitPath(t, b, func(p string) bool { return strings.Contains(p, "opgeslagen=1") })
	b.Navigate("/")
	b.WaitVisible("h1")
}

func TestLoginEveryPersona(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		means, label string
		choose       string // label of the role to pick, when there is a choice
		profile      bool   // completes a profile at first login
		iban         bool
		wantH1       string // substring of the heading where the person lands
		wantBanner   string // substring of the banner, if any
	}{
		{"digid", "Budgethouder", "", true, false, "mevrouw J. de Vries", ""},
		{"digid", "Budgethouder met wettelijk vertegenwoordiger", "", false, false, "U kunt niet zelf inloggen", ""},
		{"digid", "Wettelijk vertegenwoordiger", "", true, false, "mevrouw S. Bakker", "U bekijkt de site als P. Bakker"},
		{"digid", "Budgethouder met gevolmachtigde", "", false, false, "mevrouw E. Visser", "alleen bekijken"},
		{"digid", "Vertegenwoordiger van twee budgethouders", "Vertegenwoordiger van L. Smit", true, false, "mevrouw M. Smit", "U bekijkt de site als L. Smit"},
		{"digid", "Budgethouder zonder toekenning", "", false, false, "Uw pgb is nog niet toegekend", ""},
		{"digid", "Zorgverlener (informeel)", "", true, true, "H. de Boer", ""},
		{"eherkenning", "Bewindvoerder, medewerker 1", "Vertegenwoordiger van A. de Groot", false, false, "Goede", "U bekijkt de site als A. de Groot"},
		{"eherkenning", "Bewindvoerder, medewerker 2", "Vertegenwoordiger van W. Jansen", false, false, "Goede", "U bekijkt de site als W. Jansen"},
		{"eherkenning", "Beoordelaar zorgkantoor", "", false, false, "Goede", ""},
		{"eherkenning", "Medewerker SVB", "", false, false, "Goede", ""},
		{"vecozo", "Zorgverlener (formeel)", "", true, true, "Thuiszorg De Linde", ""},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			b := browsertest.New(t)
			b.BaseURL = app.URL
			loginAs(t, b, c.means, c.label)
			if c.choose != "" {
				if !strings.HasSuffix(b.Location(), "/kies-rol") {
					t.Fatalf("expected the role choice, got %s", b.Location())
				}
				b.AssertNoAxeViolations()
				ok := browsertest.Eval[bool](b, `(() => {
					const l = [...document.querySelectorAll("label")].find(x => x.textContent.trim() === `+jsString(c.choose)+`);
					if (!l) return false;
					document.getElementById(l.htmlFor).click();
					return true;
				})()`)
				if !ok {
					t.Fatalf("no option %q", c.choose)
				}
				b.Click("form[action='/kies-rol'] button[type=submit]")
				waitPath(t, b, func(p string) bool { return !strings.HasSuffix(p, "/kies-rol") })
			}
			if c.profile {
				b.AssertNoAxeViolations()
				completeProfile(t, b, c.iban)
			}
			if h1 := b.Text("h1"); !strings.Contains(h1, c.wantH1) {
				t.Fatalf("landed on %s with heading %q, want %q", b.Location(), h1, c.wantH1)
			}
			if c.wantBanner != "" {
				if got := b.Text(".pgb-banner"); !strings.Contains(got, c.wantBanner) {
					t.Errorf("banner %q, want %q", got, c.wantBanner)
				}
			} else if b.Exists(".pgb-banner") {
				t.Errorf("unexpected banner %q", b.Text(".pgb-banner"))
			}
			b.AssertNoAxeViolations()
			b.Screenshot("start-" + strings.NewReplacer(" ", "-", ",", "", "(", "", ")", "").Replace(strings.ToLower(c.label)) + "-1280")
			b.SetViewport(320, 640)
			if b.HasHorizontalScroll() {
				t.Error("page scrolls horizontally at 320 px")
			}
			b.SetViewport(1280, 800)
		})
	}
}
