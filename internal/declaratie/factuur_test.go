package declaratie_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/declaratie"
)

// minimalPDF is a real, minimal one-page PDF.
var minimalPDF = []byte("%PDF-1.4\n" +
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n" +
	"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n")

// pngHeader is the start of a PNG file, as if renamed to factuur.pdf.
var pngHeader = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)

func TestControleerPDF(t *testing.T) {
	groot := append(append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), declaratie.MaxFactuurGrootte)...), "\n%%EOF\n"...)
	zonderEOF := []byte("%PDF-1.4\n1 0 obj << >> endobj\n")
	eofVroeg := append(append([]byte("%PDF-1.4\n%%EOF\n"), bytes.Repeat([]byte("x"), 4096)...), '\n')
	for name, c := range map[string]struct {
		in   []byte
		want string
	}{
		"minimal PDF":          {minimalPDF, ""},
		"PNG renamed .pdf":     {pngHeader, "geen PDF"},
		"empty":                {nil, "Kies het bestand"},
		"too big":              {groot, "groter dan 5 MB"},
		"truncated":            {zonderEOF, "geen volledige PDF"},
		"%%EOF not at the end": {eofVroeg, "geen volledige PDF"},
		"HTML":                 {[]byte("<html><script>alert(1)</script></html>%%EOF"), "geen PDF"},
	} {
		got := declaratie.ControleerPDF(c.in)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want …%s…", name, got, c.want)
		}
	}
}

func TestBestandsnaam(t *testing.T) {
	for in, want := range map[string]string{
		"factuur.pdf":                     "factuur.pdf",
		`C:\Users\jan\Factuur maart.PDF`:  "Factuur maart.pdf",
		"../../etc/passwd":                "passwd.pdf",
		"a\"b;\r\nContent-Type: x.pdf":    "a_b___Content-Type_ x.pdf",
		"":                                "factuur.pdf",
		"...":                             "factuur.pdf",
		"rekening \u202egnp.exe":          "rekening _gnp.exe.pdf",
		"zorgverlener-é.pdf":              "zorgverlener-é.pdf",
		strings.Repeat("a", 300) + ".pdf": strings.Repeat("a", 96) + ".pdf",
	} {
		if got := declaratie.Bestandsnaam(in); got != want {
			t.Errorf("Bestandsnaam(%q) = %q, want %q", in, got, want)
		}
	}
	f := declaratie.Factuur{ID: 12, Bestandsnaam: "zorgverlener-é (1).pdf"}
	if got := f.DownloadNaam(); got != "FA-000012-zorgverlener-___1_.pdf" {
		t.Errorf("DownloadNaam %q", got)
	}
}

func TestFactuurUploadenEnVerwerken(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	svb := w.as(eh(kvkSVB))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	w.system(`UPDATE toekenningen SET bedrag = 100000 WHERE budgethouder_id = $1 AND jaar = $2`, w.bh, w.jaar) // € 1.000

	// Refusals, each next to its field.
	_, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Periode: w.vorige, Bestandsnaam: "foto.pdf", Inhoud: pngHeader})
	ongeldigVeld(t, err, declaratie.VeldFactuur, "geen PDF")
	_, err = w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	ongeldigVeld(t, err, declaratie.VeldPeriode, "Kies de maand")
	_, err = w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Periode: w.vorige.AddMonths(2), Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	ongeldigVeld(t, err, declaratie.VeldPeriode, "al is begonnen")
	if _, err := w.svc.FactuurUploaden(w.as(digid(bsnGevolm)), declaratie.UploadInvoer{Periode: w.vorige, Bestandsnaam: "f.pdf", Inhoud: minimalPDF}); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("read-only budgethouder uploaded: %v", err)
	}
	if _, err := w.svc.FactuurUploaden(svb, declaratie.UploadInvoer{Periode: w.vorige, Bestandsnaam: "f.pdf", Inhoud: minimalPDF}); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("SVB uploaded: %v", err)
	}
	// Another budgethouder's agreement is not in the list.
	mentor := w.as(digid(bsnMentor))
	_, err = w.svc.FactuurUploaden(mentor, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Periode: w.vorige, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "uit de lijst")
	if n := w.id(`SELECT count(*) FROM facturen`); n != 0 {
		t.Fatalf("%d facturen after refusals", n)
	}

	id, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Periode: w.vorige.AddDays(10),
		Bestandsnaam: `C:\fakepath\Factuur <februari>.pdf`, Inhoud: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	if w.berichten("Factuur ontvangen") != 1 {
		t.Fatal("no bericht Factuur ontvangen")
	}
	f, err := w.svc.Factuur(bh, id)
	if err != nil || f.Status != declaratie.FactuurOntvangen || f.Bestandsnaam != "Factuur _februari_.pdf" || f.Periode != w.vorige ||
		f.ZorgverlenerID != w.deBoer || f.Grootte != int64(len(minimalPDF)) || len(f.SHA256) != 64 {
		t.Fatalf("factuur: %v %+v", err, f)
	}
	_, pdf, err := w.svc.FactuurPDF(bh, id)
	if err != nil || !bytes.Equal(pdf, minimalPDF) {
		t.Fatalf("pdf: %v %d bytes", err, len(pdf))
	}

	// The SVB's queue, oldest first.
	w.now = w.now.Add(3600e9)
	id2, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{Periode: w.vorige, Bestandsnaam: "reiskosten.pdf", Inhoud: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	rij, err := w.svc.Facturen(svb)
	if err != nil || len(rij) != 2 || rij[0].ID != id || rij[1].ID != id2 || rij[0].BudgethouderNaam != "J. de Vries" || rij[0].Relatienummer != relDeVries {
		t.Fatalf("queue: %v %+v", err, rij)
	}

	// Neither the budgethouder nor the zorgverlener enters an invoice.
	inv := declaratie.VerwerkInvoer{Soort: declaratie.SoortZorg, Bedrag: 100001, Omschrijving: "Zorg februari"}
	if _, err := w.svc.FactuurVerwerken(bh, id, inv); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("budgethouder verwerkt: %v", err)
	}
	if _, err := w.svc.FactuurVerwerken(w.as(digid(bsnDeBoer)), id, inv); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("zorgverlener verwerkt: %v", err)
	}

	// One cent over the budget is refused with the Dutch message; nothing changes.
	_, err = w.svc.FactuurVerwerken(svb, id, inv)
	if !errors.Is(err, budget.ErrBudgetOntoereikend) {
		t.Fatalf("one cent over: %v", err)
	}
	if _, msg := apperr.Classify(err); msg != "Deze factuur is hoger dan het resterende budget voor "+strconv.Itoa(w.jaar)+" (€ 1.000,00)." {
		t.Fatalf("message %q", msg)
	}
	if n := w.id(`SELECT count(*) FROM declaraties`); n != 0 {
		t.Fatal("a declaratie was left after the refusal")
	}
	if f, _ := w.svc.Factuur(svb, id); f.Status != declaratie.FactuurOntvangen {
		t.Fatalf("factuur %s after refusal", f.Status)
	}
	// A soort paid to the budgethouder's own account needs no agreement; one under an agreement does.
	_, err = w.svc.FactuurVerwerken(svb, id2, declaratie.VerwerkInvoer{Soort: declaratie.SoortBijkomendeKosten, Bedrag: 100, Omschrijving: "x"})
	ongeldigVeld(t, err, declaratie.VeldSoort, "geen zorgverlener")
	_, err = w.svc.FactuurVerwerken(svb, id, declaratie.VerwerkInvoer{Soort: declaratie.SoortZorg, Bedrag: 5000})
	ongeldigVeld(t, err, declaratie.VeldOmschrijving, "waarvoor de factuur")

	// Exactly the budget is planned.
	inv.Bedrag = 100000
	dID, err := w.svc.FactuurVerwerken(svb, id, inv)
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.Get(bh, dID)
	if err != nil || d.Status != declaratie.Ingepland || d.IngevoerdDoor != declaratie.DoorSVB || d.Totaal != 100000 ||
		d.ZorgverlenerID != w.deBoer || d.BetalingID == 0 || d.IngediendOp == nil || d.Periode != w.vorige {
		t.Fatalf("declaratie: %v %+v", err, d)
	}
	var soort, iban string
	var bedrag int64
	if err := w.pool.QueryRow(context.Background(), `SELECT soort, iban, bedrag FROM betalingen WHERE declaratie_id = $1`, dID).Scan(&soort, &iban, &bedrag); err != nil {
		t.Fatal(err)
	}
	if soort != budget.SoortFactuur || iban != ibanDeBoer || bedrag != 100000 {
		t.Fatalf("betaling %s %s %d", soort, iban, bedrag)
	}
	if _, gepland, _ := w.toekenning(); gepland != 100000 {
		t.Fatalf("gepland %d", gepland)
	}
	if f, _ := w.svc.Factuur(bh, id); f.Status != declaratie.FactuurVerwerkt || f.DeclaratieID != dID || f.BehandeldOp == nil {
		t.Fatalf("factuur after verwerken: %+v", f)
	}
	if w.berichten("Factuur verwerkt") != 2 { // budgethouder and zorgverlener
		t.Fatal("berichten Factuur verwerkt")
	}
	if _, err := w.svc.FactuurVerwerken(svb, id, inv); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("second verwerken: %v", err)
	}
	// The budget is used up now.
	_, err = w.svc.FactuurVerwerken(svb, id2, declaratie.VerwerkInvoer{Soort: declaratie.SoortReiskostenBudgethouder, Bedrag: 1,
		Omschrijving: "Reiskosten", IBAN: "NL91ABNA0417164300"})
	if !errors.Is(err, budget.ErrBudgetOntoereikend) {
		t.Fatalf("over budget: %v", err)
	}

	// Afwijzen: a reason is required; the budgethouder gets a letter.
	ongeldigVeld(t, w.svc.FactuurAfwijzen(svb, id2, "  "), declaratie.VeldReden, "waarom")
	if err := w.svc.FactuurAfwijzen(svb, id2, "De factuur is onleesbaar."); err != nil {
		t.Fatal(err)
	}
	if f, _ := w.svc.Factuur(bh, id2); f.Status != declaratie.FactuurAfgewezen || f.Reden != "De factuur is onleesbaar." {
		t.Fatalf("afgewezen: %+v", f)
	}
	if n := w.id(`SELECT count(*) FROM berichten WHERE onderwerp = 'Factuur afgewezen' AND inhoud LIKE '%onleesbaar%' AND budgethouder_id = $1`, w.bh); n != 1 {
		t.Fatal("no letter to the budgethouder")
	}
	if err := w.svc.FactuurAfwijzen(svb, id2, "nog eens"); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("second afwijzen: %v", err)
	}
	if rij, _ := w.svc.Facturen(svb); len(rij) != 0 {
		t.Fatalf("queue after handling: %d", len(rij))
	}
	if rij, _ := w.svc.Facturen(bh); len(rij) != 2 || rij[0].ID != id2 {
		t.Fatalf("budgethouder's own list: %+v", rij)
	}
}

// Need-to-know: only the budget side that uploaded an invoice and the SVB see
// it, through the service and in the database itself.
func TestFactuurNeedToKnow(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: zovID, Periode: w.vorige, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	for name, ctx := range map[string]context.Context{
		"another budgethouder's vertegenwoordiger": w.as(digid(bsnMentor)),
		"the zorgverlener of the agreement":        w.as(digid(bsnDeBoer)),
		"the zorgkantoor":                          w.as(eh(kvkZK)),
		"another zorgverlener":                     w.as(vecozo(agbDeLinde)),
	} {
		if _, err := w.svc.Factuur(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s reads the factuur: %v", name, err)
		}
		if _, pdf, err := w.svc.FactuurPDF(ctx, id); !errors.Is(err, apperr.ErrNotFound) || pdf != nil {
			t.Errorf("%s reads the PDF: %v", name, err)
		}
		if rij, _ := w.svc.Facturen(ctx); len(rij) != 0 {
			t.Errorf("%s lists facturen", name)
		}
		if err := w.svc.FactuurAfwijzen(ctx, id, "nee"); err == nil {
			t.Errorf("%s rejected the factuur", name)
		}
		a, _ := auth.ActorFrom(ctx)
		var n int
		if err := db.TxAs(context.Background(), w.pool, a.Scope(), func(tx pgx.Tx) error {
			if err := tx.QueryRow(context.Background(), `SELECT count(*) FROM facturen`).Scan(&n); err != nil {
				return err
			}
			tag, err := tx.Exec(context.Background(), `UPDATE facturen SET status = 'afgewezen', reden = 'x', behandeld_op = now()`)
			if err == nil && tag.RowsAffected() > 0 {
				n += 100
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s sees or changes %d facturen in the database", name, n)
		}
	}
	// The read-only budgethouder's facturen are hers to see, not to upload.
	if _, err := w.svc.Facturen(w.as(digid(bsnGevolm))); err != nil {
		t.Errorf("read-only list: %v", err)
	}
	// The budget side cannot mark its own invoice as handled.
	a, _ := auth.ActorFrom(bh)
	err = db.TxAs(context.Background(), w.pool, a.Scope(), func(tx pgx.Tx) error {
		tag, err := tx.Exec(context.Background(), `UPDATE facturen SET status = 'afgewezen', reden = 'x', behandeld_op = now()`)
		if err == nil && tag.RowsAffected() > 0 {
			return errors.New("budgethouder handled own factuur")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nor does the SVB insert a planned declaratie without an invoice waiting.
	svbA, _ := auth.ActorFrom(w.as(eh(kvkSVB)))
	err = db.TxAs(context.Background(), w.pool, svbA.Scope(), func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO declaraties (budgethouder_id, soort, periode, status, ingevoerd_door, totaal, iban, ingediend_op)
			SELECT id, 'vvb', $1, 'ingepland', 'svb', 100, 'NL91ABNA0417164300', now() FROM budgethouders WHERE relatienummer = 'PGB1000002'`, w.vorige)
		return err
	})
	if err == nil {
		t.Fatal("the SVB inserted a declaratie without an invoice")
	}
}
