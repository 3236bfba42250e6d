package browsertest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
)

// minimalPDF is a one-page PDF, enough for the content check.
const minimalPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n" +
	"trailer << /Root 1 0 R >>\n%%EOF\n"

func TestFactuurUploadenEnInvoeren(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "factuur-oktober.pdf")
	if err := os.WriteFile(pdf, []byte(minimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.BaseURL = app.URL

	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/facturen/nieuw")
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	b.Run(chromedp.SetUploadFiles(chromedp.CSS("#factuur"), []string{pdf}))
	press(t, b, "Factuur uploaden")
	expectText(t, b, "factuur-oktober.pdf")
	b.AssertNoAxeViolations()
	logout(t, b)

	loginAs(t, b, "eherkenning", "Medewerker SVB")
	b.Navigate("/facturen")
	b.WaitVisible("h1")
	expectText(t, b, "J. de Vries")
	b.AssertNoAxeViolations()
	href := browsertest.Eval[string](b, `(document.querySelector('main a[href^="/facturen/"]:not([href$="/nieuw"])') || {}).getAttribute?.('href') || ""`)
	if href == "" {
		t.Fatal("no factuur in the SVB's queue")
	}
	b.Navigate(href)
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	got := browsertest.Eval[string](b, `(() => { const a = document.querySelector('a[href$="/pdf"]'); if (!a) return "no link";
		const x = new XMLHttpRequest(); x.open('GET', a.href, false); x.send();
		return x.status + " " + x.getResponseHeader('Content-Type') + " " + x.responseText.slice(0, 8); })()`)
	if got != "200 application/pdf %PDF-1.4" {
		t.Errorf("PDF download: %q", got)
	}
}
