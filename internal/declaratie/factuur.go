package declaratie

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// "Uploaden factuur": the budget side uploads an invoice (PDF) instead of
// filling in the day grid; an SVB medewerker enters it (FactuurVerwerken:
// a declaratie ingevoerd door de SVB, planned for payment at once) or rejects
// it with a reason (FactuurAfwijzen: a letter to the budgethouder). Only the
// budget side that uploaded it and the SVB ever see a factuur.

// MaxFactuurGrootte is the largest invoice one may upload: 5 MB.
const MaxFactuurGrootte = 5 << 20

// Fields of the upload and the SVB's forms.
const (
	VeldFactuur = "factuur" // the file input
	VeldReden   = "reden"   // the SVB's reason for a rejection
)

// FactuurStatus is where an uploaded invoice stands.
type FactuurStatus string

// The states of a factuur.
const (
	FactuurOntvangen FactuurStatus = "ontvangen"
	FactuurVerwerkt  FactuurStatus = "verwerkt"
	FactuurAfgewezen FactuurStatus = "afgewezen"
)

// Label is the Dutch label of the status.
func (s FactuurStatus) Label() string {
	switch s {
	case FactuurOntvangen:
		return "ontvangen, wacht op de SVB"
	case FactuurVerwerkt:
		return "verwerkt"
	case FactuurAfgewezen:
		return "afgewezen"
	}
	return string(s)
}

// ControleerPDF says why content is not an acceptable invoice ("" when it
// is): not empty, at most MaxFactuurGrootte, starting with "%PDF-" and with
// the end-of-file marker "%%EOF" in its last kilobyte. Only the content
// counts, never the file name or the Content-Type the browser sent.
func ControleerPDF(content []byte) string {
	switch {
	case len(content) == 0:
		return "Kies het bestand met de factuur (PDF)."
	case len(content) > MaxFactuurGrootte:
		return "Het bestand is groter dan 5 MB. Kies een kleiner bestand, bijvoorbeeld door de factuur met een lagere resolutie te scannen."
	case !bytes.HasPrefix(content, []byte("%PDF-")):
		return "Het bestand is geen PDF. Kies een factuur in PDF-formaat."
	}
	tail := content
	if len(tail) > 1024 {
		tail = tail[len(tail)-1024:]
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return "Het bestand is geen volledige PDF. Sla de factuur opnieuw op als PDF en kies haar opnieuw."
	}
	return ""
}

// Bestandsnaam makes the name a browser gave an upload safe to show and to
// offer for download: without folders, only letters, digits, spaces and
// ".-_()", at most 100 characters, ending in ".pdf".
func Bestandsnaam(naam string) string {
	naam = strings.ReplaceAll(naam, "\\", "/")
	naam = path.Base(naam)
	var b strings.Builder
	for _, r := range naam {
		// Letters such as é are kept for display; the download name is
		// plain ASCII (DownloadNaam).
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" .-_()", r) {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	out := strings.Trim(strings.Join(strings.Fields(b.String()), " "), " .")
	if out == "" || out == "_" {
		out = "factuur"
	}
	low := strings.ToLower(out)
	if strings.HasSuffix(low, ".pdf") {
		out = strings.TrimRight(out[:len(out)-4], " .")
	}
	if utf8.RuneCountInString(out) > 96 {
		out = string([]rune(out)[:96])
	}
	if out == "" {
		out = "factuur"
	}
	return out + ".pdf"
}

// DownloadNaam is the name in Content-Disposition: the factuur's kenmerk and
// its name in plain ASCII, so no header can be broken or spoofed.
func (f Factuur) DownloadNaam() string {
	var b strings.Builder
	for _, r := range strings.TrimSuffix(f.Bestandsnaam, ".pdf") {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return f.Kenmerk() + "-" + b.String() + ".pdf"
}

// Factuur is an uploaded invoice as the budget side and the SVB see it (its
// content is read separately, FactuurPDF).
type Factuur struct {
	ID                 int64
	BudgethouderID     int64
	BudgethouderNaam   string
	Relatienummer      string
	ZorgovereenkomstID int64 // 0: none chosen
	ZorgverlenerID     int64
	ZorgverlenerNaam   string
	Periode            civil.Date
	Bestandsnaam       string
	Grootte            int64
	SHA256             string
	IBAN               string // the budgethouder's own account, from the profile at upload
	Status             FactuurStatus
	DeclaratieID       int64
	Reden              string
	OntvangenOp        time.Time
	BehandeldOp        *time.Time
}

// Kenmerk is the factuur's reference: "FA-000012".
func (f Factuur) Kenmerk() string { return FactuurKenmerk(f.ID) }

// FactuurKenmerk is the reference of factuur id.
func FactuurKenmerk(id int64) string { return fmt.Sprintf("FA-%06d", id) }

// Maand is the month the invoice is about: "februari 2026".
func (f Factuur) Maand() string { return MaandNaam(f.Periode) }

// UploadInvoer is "Uploaden factuur": the agreement (0: none), the month and
// the file.
type UploadInvoer struct {
	ZorgovereenkomstID int64
	Periode            civil.Date
	Bestandsnaam       string
	Inhoud             []byte
}

// VerwerkInvoer is what the SVB medewerker enters from the invoice.
type VerwerkInvoer struct {
	Soort        Soort
	Bedrag       int64 // cents
	Omschrijving string
	IBAN         string // for the soorten paid to the budgethouder's own account; "" takes the one known
}

// factuurPartij is the actor's side for facturen: the budget side (lookRead:
// also a read-only budgethouder) or the SVB; for anyone else a factuur does
// not exist.
func factuurPartij(a auth.Actor, alleenLezen bool) (Partij, error) {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		if a.BudgethouderID == 0 || (a.ReadOnly && !alleenLezen) {
			return "", apperr.ErrForbidden
		}
		return PartijBudgethouder, nil
	case auth.RoleSVB:
		return PartijSVB, nil
	}
	return "", apperr.ErrNotFound
}

func ongeldigFactuur(f FieldErrors) error {
	return apperr.Invalid("De factuur is nog niet volledig of bevat fouten.", f)
}

// ControleerFactuurPeriode says why periode is not a month an invoice may be
// uploaded for ("" when it is): a month that has begun, at most MaandenTerug
// months back.
func ControleerFactuurPeriode(periode, today civil.Date) string {
	switch {
	case periode.IsZero():
		return "Kies de maand waarover de factuur gaat."
	case !periode.IsValid() || periode.Day != 1:
		return "Kies een maand uit de lijst."
	case periode.Before(today.FirstOfMonth().AddMonths(-MaandenTerug)):
		return fmt.Sprintf("U kunt een factuur uploaden over hoogstens %d maanden terug.", MaandenTerug)
	case periode.After(today):
		return "Kies een maand die al is begonnen."
	}
	return ""
}

// FactuurUploaden stores an invoice of the acting budget side (not read-only)
// for an approved agreement of theirs (or none) and a month, and sends the
// budgethouder the bericht "Factuur ontvangen". The content must be a PDF
// (ControleerPDF); the name is only kept, sanitised, for display.
func (s *Service) FactuurUploaden(ctx context.Context, in UploadInvoer) (int64, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	if p, err := factuurPartij(a, false); err != nil || p != PartijBudgethouder {
		if err == nil {
			err = apperr.ErrForbidden
		}
		s.factuurAudit(ctx, "uploaden", 0, 0, err)
		return 0, err
	}
	var id int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		f := FieldErrors{}
		if in.Periode.IsValid() {
			in.Periode = in.Periode.FirstOfMonth()
		}
		var zovID, zv int64
		if in.ZorgovereenkomstID > 0 {
			af, err := afspraak(ctx, tx, a, in.ZorgovereenkomstID)
			switch {
			case errors.Is(err, apperr.ErrNotFound):
				f.add(VeldZorgovereenkomst, "Kies een zorgverlener uit de lijst.")
			case err != nil:
				return err
			default:
				maand := af.Inhoud
				if in.Periode.IsValid() && !in.Periode.IsZero() {
					// A maandloon agreed from a later month leaves the months before declarable.
					versies, err := zov.VersiesIn(ctx, tx, af.ID)
					if err != nil {
						return err
					}
					maand = AfspraakInMaand(af.Inhoud, versies, in.Periode)
				}
				if msg := Declarabel(af.Status, maand); msg != "" {
					f.add(VeldZorgovereenkomst, msg)
				} else if in.Periode.IsValid() && !in.Periode.IsZero() && !MaandInOvereenkomst(in.Periode, af.Inhoud) {
					f.add(VeldPeriode, fmt.Sprintf("%s valt buiten de looptijd van de zorgovereenkomst.", hoofdletter(MaandNaam(in.Periode))))
				}
				zovID, zv = af.ID, af.ZorgverlenerID
			}
		}
		if msg := ControleerFactuurPeriode(in.Periode, s.today()); msg != "" {
			f[VeldPeriode] = msg
		}
		if msg := ControleerPDF(in.Inhoud); msg != "" {
			f.add(VeldFactuur, msg)
		}
		if len(f) > 0 {
			return ongeldigFactuur(f)
		}
		var iban string
		if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT pr.iban FROM profielen pr JOIN budgethouders b ON b.persoon_id = pr.persoon_id
			WHERE b.id = $1), '')`, a.BudgethouderID).Scan(&iban); err != nil {
			return err
		}
		if n, ok := nlid.NormalizeIBAN(iban); ok {
			iban = n
		} else {
			iban = ""
		}
		sum := sha256.Sum256(in.Inhoud)
		naam := Bestandsnaam(in.Bestandsnaam)
		if err := tx.QueryRow(ctx, `INSERT INTO facturen (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, periode,
				bestandsnaam, inhoud, grootte, sha256, iban, ontvangen_op)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			a.BudgethouderID, nz(zovID), nz(zv), in.Periode, naam, in.Inhoud, len(in.Inhoud), hex.EncodeToString(sum[:]),
			iban, s.now()).Scan(&id); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: a.BudgethouderID}, "declaratie", "Factuur ontvangen",
			fmt.Sprintf("Wij hebben uw factuur %s over %s ontvangen. Een medewerker van de SVB voert haar voor u in; dat duurt langer dan zelf declareren. U krijgt bericht zodra de factuur is verwerkt.",
				naam, MaandNaam(in.Periode)), FactuurKenmerk(id))
	})
	s.factuurAudit(ctx, "uploaden", id, a.BudgethouderID, err)
	if err != nil {
		return 0, fmt.Errorf("declaratie: factuur uploaden: %w", err)
	}
	return id, nil
}

const factuurKolommen = `f.id, f.budgethouder_id, coalesce(b.relatienummer, ''),
	coalesce((SELECT trim(p.voorletters || ' ' || p.tussenvoegsel || ' ' || p.achternaam) FROM personen p WHERE p.id = b.persoon_id), ''),
	coalesce(f.zorgovereenkomst_id, 0), coalesce(f.zorgverlener_id, 0), coalesce(z.inhoud->'zorgverlener'->>'naam', ''),
	f.periode, f.bestandsnaam, f.grootte, f.sha256, f.iban, f.status, coalesce(f.declaratie_id, 0), f.reden,
	f.ontvangen_op, f.behandeld_op`

const factuurFrom = ` FROM facturen f LEFT JOIN budgethouders b ON b.id = f.budgethouder_id
	LEFT JOIN zorgovereenkomsten z ON z.id = f.zorgovereenkomst_id `

func scanFactuur(r pgx.CollectableRow) (Factuur, error) {
	var f Factuur
	err := r.Scan(&f.ID, &f.BudgethouderID, &f.Relatienummer, &f.BudgethouderNaam, &f.ZorgovereenkomstID, &f.ZorgverlenerID,
		&f.ZorgverlenerNaam, &f.Periode, &f.Bestandsnaam, &f.Grootte, &f.SHA256, &f.IBAN, &f.Status, &f.DeclaratieID, &f.Reden,
		&f.OntvangenOp, &f.BehandeldOp)
	f.BudgethouderNaam = strings.Join(strings.Fields(f.BudgethouderNaam), " ")
	return f, err
}

// factuurScope is the budget side's own condition on facturen f, on top of
// row-level security.
func factuurScope(a auth.Actor, n int) (string, []any) {
	if a.Role == auth.RoleBudgethouder || a.Role == auth.RoleVertegenwoordiger {
		return " AND f.budgethouder_id = $" + strconv.Itoa(n), []any{a.BudgethouderID}
	}
	return "", nil
}

func leesFactuur(ctx context.Context, tx pgx.Tx, a auth.Actor, id int64, forUpdate bool) (Factuur, error) {
	cond, args := factuurScope(a, 2)
	q := `SELECT ` + factuurKolommen + factuurFrom + `WHERE f.id = $1` + cond
	if forUpdate {
		q += ` FOR UPDATE OF f`
	}
	rows, _ := tx.Query(ctx, q, append([]any{id}, args...)...)
	f, err := pgx.CollectExactlyOneRow(rows, scanFactuur)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, apperr.ErrNotFound
	}
	return f, err
}

// Facturen lists invoices: for the SVB the work queue (received, not yet
// handled, oldest first); for the budget side its own, newest first.
func (s *Service) Facturen(ctx context.Context) ([]Factuur, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := factuurPartij(a, true)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + factuurKolommen + factuurFrom + `WHERE f.status = 'ontvangen' ORDER BY f.ontvangen_op, f.id`
	var args []any
	if p == PartijBudgethouder {
		cond, ar := factuurScope(a, 1)
		q, args = `SELECT `+factuurKolommen+factuurFrom+`WHERE true`+cond+` ORDER BY f.ontvangen_op DESC, f.id DESC`, ar
	}
	var out []Factuur
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, q, args...)
		var err error
		out, err = pgx.CollectRows(rows, scanFactuur)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("declaratie: facturen: %w", err)
	}
	return out, nil
}

// Factuur returns invoice id if the acting party may see it (the budget side
// its own, the SVB all); otherwise apperr.ErrNotFound.
func (s *Service) Factuur(ctx context.Context, id int64) (Factuur, error) {
	f, _, err := s.factuurLezen(ctx, id, false)
	return f, err
}

// FactuurPDF returns invoice id with its content, for the budget side that
// uploaded it and the SVB; the reading is audited.
func (s *Service) FactuurPDF(ctx context.Context, id int64) (Factuur, []byte, error) {
	return s.factuurLezen(ctx, id, true)
}

func (s *Service) factuurLezen(ctx context.Context, id int64, pdf bool) (Factuur, []byte, error) {
	a, err := actor(ctx)
	if err != nil {
		return Factuur{}, nil, err
	}
	actie := "lezen"
	if pdf {
		actie = "downloaden"
	}
	if _, err := factuurPartij(a, true); err != nil {
		s.factuurAudit(ctx, actie, id, 0, err)
		return Factuur{}, nil, err
	}
	var f Factuur
	var inhoud []byte
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		if f, err = leesFactuur(ctx, tx, a, id, false); err != nil || !pdf {
			return err
		}
		return tx.QueryRow(ctx, `SELECT inhoud FROM facturen WHERE id = $1`, id).Scan(&inhoud)
	})
	s.factuurAudit(ctx, actie, id, f.BudgethouderID, err)
	if err != nil {
		return Factuur{}, nil, fmt.Errorf("declaratie: factuur: %w", err)
	}
	return f, inhoud, nil
}

// factuurStap runs the SVB's handling of invoice id: lock it, check that it
// still waits, apply, audit.
func (s *Service) factuurStap(ctx context.Context, id int64, actie string, apply func(tx pgx.Tx, a auth.Actor, f Factuur) error) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	p, err := factuurPartij(a, true)
	if err == nil && p != PartijSVB {
		err = apperr.ErrForbidden
	}
	if err != nil {
		s.factuurAudit(ctx, actie, id, 0, err)
		return err
	}
	var bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		f, err := leesFactuur(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		bh = f.BudgethouderID
		if f.Status != FactuurOntvangen {
			return apperr.WithCode(http.StatusConflict,
				"Deze factuur is al "+f.Status.Label()+". Er is niets gewijzigd.", apperr.ErrConflict)
		}
		return apply(tx, a, f)
	})
	s.factuurAudit(ctx, actie, id, bh, err)
	if err != nil {
		return fmt.Errorf("declaratie: factuur %s: %w", actie, err)
	}
	return nil
}

// FactuurVerwerken is the SVB entering invoice id: a declaratie of the soort
// chosen, ingevoerd door de SVB, over the invoice's month and (for the
// soorten paid to a zorgverlener) under its agreement, is planned for
// payment from the budget in the same transaction (refused with a Dutch
// message when the budget is short) and the invoice is verwerkt. The
// budgethouder (and the zorgverlener) get a bericht. It returns the
// declaratie's id.
func (s *Service) FactuurVerwerken(ctx context.Context, id int64, inv VerwerkInvoer) (int64, error) {
	var dID int64
	err := s.factuurStap(ctx, id, "verwerken", func(tx pgx.Tx, a auth.Actor, f Factuur) error {
		oms := strings.TrimSpace(inv.Omschrijving)
		if !inv.Soort.Geldig() {
			return ongeldigFactuur(FieldErrors{VeldSoort: "Kies de soort declaratie."})
		}
		d := Declaratie{BudgethouderID: f.BudgethouderID, Soort: inv.Soort, Periode: f.Periode, Status: Ingepland,
			IngevoerdDoor: DoorSVB, Totaal: inv.Bedrag, Omschrijving: oms, BudgethouderNaam: f.BudgethouderNaam}
		if inv.Soort.MetZorgovereenkomst() {
			if f.ZorgovereenkomstID == 0 {
				return ongeldigFactuur(FieldErrors{VeldSoort: "Bij deze factuur is geen zorgverlener gekozen. Kies een soort die op de rekening van de budgethouder wordt betaald, of wijs de factuur af."})
			}
			af, err := afspraak(ctx, tx, a, f.ZorgovereenkomstID)
			if errors.Is(err, apperr.ErrNotFound) {
				return ongeldigFactuur(FieldErrors{VeldSoort: "De zorgovereenkomst van deze factuur is niet (meer) goedgekeurd. Wijs de factuur af."})
			}
			if err != nil {
				return err
			}
			// The version in force in the invoice's month decides, as for a
			// declaratie the budget side enters.
			versies, err := zov.VersiesIn(ctx, tx, af.ID)
			if err != nil {
				return err
			}
			if msg := Declarabel(af.Status, AfspraakInMaand(af.Inhoud, versies, f.Periode)); msg != "" {
				return ongeldigFactuur(FieldErrors{VeldSoort: "Voor deze zorgovereenkomst kan niet worden gedeclareerd: " + strings.ToLower(msg[:1]) + msg[1:]})
			}
			d.ZorgovereenkomstID, d.ZorgverlenerID, d.Afspraak, d.AfspraakStatus = af.ID, af.ZorgverlenerID, &af.Inhoud, af.Status
			d.ZorgverlenerNaam = af.Inhoud.Zorgverlener.Naam
		} else {
			d.IBAN = strings.TrimSpace(inv.IBAN)
			if d.IBAN == "" {
				d.IBAN = f.IBAN
			}
			if n, ok := nlid.NormalizeIBAN(d.IBAN); ok {
				d.IBAN = n
			}
		}
		if err := lockBudget(ctx, tx, d.BudgethouderID, d.Periode.Year); err != nil {
			return err
		}
		c := Bedragcontrole{Soort: d.Soort, Periode: d.Periode, Omschrijving: oms, Bedrag: d.Totaal, IBAN: d.IBAN,
			Vandaag: s.today(), Afspraak: d.Afspraak, AfspraakStatus: d.AfspraakStatus}
		if d.Soort == SoortVVB {
			r, err := vvbRuimte(ctx, tx, d.BudgethouderID, d.Periode.Year, 0)
			if err != nil {
				return err
			}
			c.VVB = &r
		}
		fe := ValideerBedrag(c)
		// The rules speak to the budgethouder; here the SVB enters.
		if _, ok := fe[VeldOmschrijving]; ok && oms == "" {
			fe[VeldOmschrijving] = "Beschrijf waarvoor de factuur is."
		}
		if _, ok := fe[VeldIBAN]; ok {
			fe[VeldIBAN] = "Vul een geldig rekeningnummer (IBAN) van de budgethouder in, bijvoorbeeld NL91 ABNA 0417 1643 00."
		}
		if len(fe) > 0 {
			return ongeldigFactuur(fe)
		}
		if d.Soort == SoortZorg {
			var bestaat bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM declaraties WHERE zorgovereenkomst_id = $1 AND periode = $2
				AND soort = 'zorg' AND status <> 'ingetrokken')`, d.ZorgovereenkomstID, d.Periode).Scan(&bestaat); err != nil {
				return err
			}
			if bestaat {
				return AlIngediend(d.Periode)
			}
		}
		now := s.now()
		err := tx.QueryRow(ctx, `INSERT INTO declaraties (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, periode,
				status, ingevoerd_door, totaal, omschrijving, iban, aangemaakt_op, gewijzigd_op, ingediend_op)
			VALUES ($1, $2, $3, $4, $5, 'ingepland', 'svb', $6, $7, $8, $9, $9, $9) RETURNING id`,
			d.BudgethouderID, nz(d.ZorgovereenkomstID), nz(d.ZorgverlenerID), d.Soort, d.Periode, d.Totaal, oms, d.IBAN, now).Scan(&d.ID)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "declaraties_een_per_maand" {
			return AlIngediend(d.Periode)
		}
		if err != nil {
			return err
		}
		b := budget.Boeking{BudgethouderID: d.BudgethouderID, Jaar: d.Periode.Year, DeclaratieID: d.ID,
			ZorgovereenkomstID: d.ZorgovereenkomstID, Soort: budget.SoortFactuur, Periode: d.Periode, Bedrag: d.Totaal,
			Omschrijving: "Factuur " + strings.ToLower(d.Soort.Label()[:1]) + d.Soort.Label()[1:] + " " + MaandNaam(d.Periode)}
		if d.Soort.MetZorgovereenkomst() {
			b.ZorgverlenerID, b.IBAN, b.Naam = d.ZorgverlenerID, d.Afspraak.Zorgverlener.IBAN, d.Afspraak.Zorgverlener.Naam
		} else {
			b.IBAN, b.Naam = d.IBAN, d.BudgethouderNaam
		}
		if _, err := budget.Inplannen(ctx, tx, b); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE facturen SET status = 'verwerkt', declaratie_id = $2, behandeld_op = $3, behandeld_door = $4
			WHERE id = $1`, f.ID, d.ID, now, nz(a.MedewerkerID)); err != nil {
			return err
		}
		dID = d.ID
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: d.BudgethouderID}, "declaratie", "Factuur verwerkt",
			fmt.Sprintf("De SVB heeft uw factuur %s over %s verwerkt als declaratie (%s) van %s. Zij is ingepland voor betaling uit uw budget; u vindt haar in Overzicht declaraties en maandlonen.",
				f.Bestandsnaam, f.Maand(), d.Soort.Label(), money.Cents(d.Totaal)), Kenmerk(d.ID)); err != nil {
			return err
		}
		if d.ZorgverlenerID != 0 {
			return bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: d.ZorgverlenerID}, "declaratie", "Factuur verwerkt",
				fmt.Sprintf("De SVB heeft een factuur over %s van %s voor u verwerkt. Zij is ingepland voor betaling.", f.Maand(), money.Cents(d.Totaal)),
				Kenmerk(d.ID))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return dID, nil
}

// FactuurAfwijzen is the SVB rejecting invoice id with a reason (required):
// the budgethouder gets it as a letter (bericht).
func (s *Service) FactuurAfwijzen(ctx context.Context, id int64, reden string) error {
	reden = strings.TrimSpace(reden)
	switch {
	case reden == "":
		return ongeldigFactuur(FieldErrors{VeldReden: "Schrijf de budgethouder waarom de factuur niet kan worden verwerkt."})
	case utf8.RuneCountInString(reden) > MaxNotitie:
		return ongeldigFactuur(FieldErrors{VeldReden: fmt.Sprintf("Gebruik hoogstens %d tekens.", MaxNotitie)})
	}
	return s.factuurStap(ctx, id, "afwijzen", func(tx pgx.Tx, a auth.Actor, f Factuur) error {
		if _, err := tx.Exec(ctx, `UPDATE facturen SET status = 'afgewezen', reden = $2, behandeld_op = $3, behandeld_door = $4
			WHERE id = $1`, f.ID, reden, s.now(), nz(a.MedewerkerID)); err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: f.BudgethouderID}, "declaratie", "Factuur afgewezen",
			fmt.Sprintf("De SVB heeft uw factuur %s over %s niet verwerkt. Reden: %s\n\nU kunt de declaratie zelf indienen via Indienen declaratie, of een nieuwe factuur uploaden.",
				f.Bestandsnaam, f.Maand(), reden), f.Kenmerk())
	})
}

// factuurAudit records who uploaded, read or handled which invoice.
func (s *Service) factuurAudit(ctx context.Context, action string, id, budgethouderID int64, err error) {
	audit.Object(ctx, s.Pool, "factuur", action, id, budgethouderID, err)
}
