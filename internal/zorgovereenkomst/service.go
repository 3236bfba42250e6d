package zorgovereenkomst

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// Service drafts, shares, signs and assesses agreements. Every method reads
// the acting party from the context and runs in a scoped transaction, so
// row-level security decides what exists for that party.
type Service struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}

// Errors of the service, safe to show.
var (
	ErrStale = apperr.WithCode(http.StatusConflict,
		"Iemand anders heeft deze zorgovereenkomst intussen gewijzigd. Open de zorgovereenkomst opnieuw; uw wijziging is niet opgeslagen.", apperr.ErrConflict)
	ErrOnvolledig = apperr.WithCode(http.StatusUnprocessableEntity,
		"De zorgovereenkomst is nog niet volledig of bevat fouten. Controleer de stappen.", apperr.ErrInvalid)
)

// Handtekening is a signature: who, when, with which login means, on which version.
type Handtekening struct {
	Partij Partij
	Wie    string
	Means  string
	Op     time.Time
	Hash   string
	Geldig bool
}

// Gebeurtenis is one line of an agreement's timeline.
type Gebeurtenis struct {
	Op          time.Time
	Wie         string
	Wat         string
	Toelichting string
}

// Overeenkomst is an agreement as its parties see it.
type Overeenkomst struct {
	ID, BudgethouderID, ZorgverlenerID int64
	Status                             Status
	Versie                             int
	Inhoud                             Inhoud
	GedeeldInhoud                      *Inhoud
	Notitie, TerugNotitie, Beoordeling string
	Aangemaakt, Gewijzigd              time.Time
	IngediendOp                        *time.Time
	Handtekeningen                     []Handtekening
	Tijdlijn                           []Gebeurtenis
	Wijziging                          *Wijzigingsgegevens // set when this changes another agreement
}

// Samenvatting is a line of an overview.
type Samenvatting struct {
	ID                                 int64
	ZorgverlenerNaam, BudgethouderNaam string
	Soort                              Soort
	Ingangsdatum, Einddatum            civil.Date
	Onbepaald                          bool
	Status                             Status
	Gewijzigd                          time.Time
	IngediendOp                        *time.Time
	Wijziging                          SoortWijziging // the kind of change; "" for a new agreement
}

// Aanvraag says what the row asks for: "Nieuwe zorgovereenkomst", or the
// kind of change of an approved one ("Wijziging", "Verlenging", "Beëindiging").
func (s Samenvatting) Aanvraag() string {
	if s.Wijziging == "" {
		return "Nieuwe zorgovereenkomst"
	}
	return s.Wijziging.Label()
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) today() civil.Date { return civil.Today(s.now()) }

func partijOf(a auth.Actor) (Partij, error) {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		if a.ReadOnly {
			return "", apperr.ErrForbidden
		}
		return PartijBudgethouder, nil
	case auth.RoleZorgverlener:
		return PartijZorgverlener, nil
	case auth.RoleZorgkantoor:
		return PartijZorgkantoor, nil
	}
	return "", apperr.ErrForbidden
}

func wie(a auth.Actor) string {
	switch a.Role {
	case auth.RoleVertegenwoordiger:
		return "Vertegenwoordiger " + a.Name
	case auth.RoleBudgethouder:
		return "Budgethouder " + a.Name
	case auth.RoleZorgverlener:
		return "Zorgverlener " + a.Name
	case auth.RoleZorgkantoor:
		return "Zorgkantoor " + a.Name
	}
	return a.Role.Label()
}

func actor(ctx context.Context) (auth.Actor, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		return auth.Actor{}, apperr.ErrForbidden
	}
	return a, nil
}

// resolveZorgverlener finds or creates the zorgverlener the content names.
func resolveZorgverlener(ctx context.Context, tx pgx.Tx, in Inhoud) (int64, error) {
	zv := in.Zorgverlener
	var id int64
	var err error
	switch {
	case in.Formeel() && zv.AGB != "":
		err = tx.QueryRow(ctx, `SELECT pgb_zorgverlener_formeel($1, $2)`, zv.AGB, zv.Naam).Scan(&id)
	case zv.BSN != "":
		err = tx.QueryRow(ctx, `SELECT pgb_zorgverlener_informeel($1, $2)`, zv.BSN, zv.Naam).Scan(&id)
	default:
		return 0, nil
	}
	return id, err
}

func nz(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// Nieuw stores a new concept for the acting budgethouder.
func (s *Service) Nieuw(ctx context.Context, in Inhoud) (int64, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	if p, err := partijOf(a); err != nil || p != PartijBudgethouder {
		return 0, apperr.ErrForbidden
	}
	var id int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		zid, err := resolveZorgverlener(ctx, tx, in)
		if err != nil {
			return err
		}
		in.Zorgverlener.ID = zid
		doc, _ := json.Marshal(in)
		if err := tx.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, inhoud, aangemaakt_op, gewijzigd_op)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, a.BudgethouderID, nz(zid), doc, s.now()).Scan(&id); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Concept opgesteld", "")
	})
	s.audit(ctx, "opstellen", id, a.BudgethouderID, err)
	if err != nil {
		return 0, fmt.Errorf("zorgovereenkomst: nieuw: %w", err)
	}
	return id, nil
}

type row struct {
	id, budgethouderID, zorgverlenerID int64
	status                             Status
	versie                             int
	inhoud                             Inhoud
	gedeeld                            *Inhoud
	wijziging                          *Wijzigingsgegevens // set when the row changes another agreement
}

// lock reads the agreement FOR UPDATE and checks the version the person saw.
func lock(ctx context.Context, tx pgx.Tx, id int64, versie int) (row, error) {
	var r row
	var doc []byte
	var gedeeld []byte
	var zid, van *int64
	var soortW *string
	var per civil.NullDate
	var onenigheid string
	err := tx.QueryRow(ctx, `SELECT id, budgethouder_id, zorgverlener_id, status, versie, inhoud, gedeeld_inhoud,
		wijziging_van, soort_wijziging, per, onenigheid
		FROM zorgovereenkomsten WHERE id = $1 FOR UPDATE`, id).
		Scan(&r.id, &r.budgethouderID, &zid, &r.status, &r.versie, &doc, &gedeeld, &van, &soortW, &per, &onenigheid)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, apperr.ErrNotFound
	}
	if err != nil {
		return r, err
	}
	if zid != nil {
		r.zorgverlenerID = *zid
	}
	if van != nil && soortW != nil && per.Valid {
		r.wijziging = &Wijzigingsgegevens{Van: *van, Soort: SoortWijziging(*soortW), Per: per.Date, Onenigheid: onenigheid}
	}
	if err := json.Unmarshal(doc, &r.inhoud); err != nil {
		return r, err
	}
	if gedeeld != nil {
		var g Inhoud
		if err := json.Unmarshal(gedeeld, &g); err != nil {
			return r, err
		}
		r.gedeeld = &g
	}
	if r.versie != versie {
		return r, ErrStale
	}
	return r, nil
}

func transitionError(from Status, err error) error {
	return apperr.WithCode(http.StatusConflict,
		"Deze actie is niet (meer) mogelijk: de zorgovereenkomst heeft de status \""+from.Label()+"\".", err)
}

// step runs one state change: lock, check version and transition, apply, record.
func (s *Service) step(ctx context.Context, id int64, versie int, actie Actie, apply func(tx pgx.Tx, a auth.Actor, r *row, to Status) error) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	p, err := partijOf(a)
	if err != nil {
		s.audit(ctx, string(actie), id, 0, err)
		return err
	}
	var bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		r, err := lock(ctx, tx, id, versie)
		if err != nil {
			return err
		}
		bh = r.budgethouderID
		to, err := Next(r.status, actie, p)
		if err != nil {
			return transitionError(r.status, err)
		}
		return apply(tx, a, &r, to)
	})
	s.audit(ctx, string(actie), id, bh, err)
	if err != nil {
		return fmt.Errorf("zorgovereenkomst: %s: %w", actie, err)
	}
	return nil
}

func (s *Service) event(ctx context.Context, tx pgx.Tx, id int64, a auth.Actor, wat, toelichting string) error {
	_, err := tx.Exec(ctx, `INSERT INTO zorgovereenkomst_gebeurtenissen (zorgovereenkomst_id, op, wie, wat, toelichting)
		VALUES ($1, $2, $3, $4, $5)`, id, s.now(), wie(a), wat, toelichting)
	return err
}

func kenmerk(id int64) string { return fmt.Sprintf("ZO-%06d", id) }

// Opslaan stores the budgethouder's changes. A change after sharing voids the
// sharing and every signature: the agreement is a concept again.
func (s *Service) Opslaan(ctx context.Context, id int64, versie int, in Inhoud) (int, error) {
	var nieuw int
	err := s.step(ctx, id, versie, Opslaan, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		zid, err := resolveZorgverlener(ctx, tx, in)
		if err != nil {
			return err
		}
		in.Zorgverlener.ID = zid
		per := (*civil.Date)(nil)
		if r.wijziging != nil {
			if err := s.controleerWijziging(ctx, tx, r, in); err != nil {
				return err
			}
			per = &in.Ingangsdatum
		}
		doc, _ := json.Marshal(in)
		if err := tx.QueryRow(ctx, `UPDATE zorgovereenkomsten SET inhoud = $2, zorgverlener_id = $3, status = $4,
			versie = versie + 1, gewijzigd_op = $5, per = coalesce($6, per) WHERE id = $1 RETURNING versie`,
			id, doc, nz(zid), to, s.now(), per).Scan(&nieuw); err != nil {
			return err
		}
		if r.status != Concept {
			if _, err := tx.Exec(ctx, `UPDATE handtekeningen SET geldig = false WHERE zorgovereenkomst_id = $1 AND geldig`, id); err != nil {
				return err
			}
			if r.zorgverlenerID != 0 && r.status != AanvullingGevraagd {
				if err := bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "zorgovereenkomst",
					"Zorgovereenkomst gewijzigd door budgethouder",
					"De budgethouder past de zorgovereenkomst aan. Uw eventuele ondertekening is daarmee vervallen. U krijgt bericht zodra de zorgovereenkomst opnieuw met u is gedeeld.",
					kenmerk(id)); err != nil {
					return err
				}
			}
			return s.event(ctx, tx, id, a, "Gewijzigd na delen: ondertekeningen vervallen", "")
		}
		return nil
	})
	return nieuw, err
}

// Delen shares a complete concept with the zorgverlener.
func (s *Service) Delen(ctx context.Context, id int64, versie int, notitie string) error {
	return s.step(ctx, id, versie, Delen, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		max, have, err := maxima(ctx, tx, r.inhoud.Ingangsdatum.Year)
		if err != nil {
			return err
		}
		if errs := ValidateAll(teValideren(r.inhoud, r.wijziging), s.today(), max, have); len(errs) > 0 || r.zorgverlenerID == 0 {
			return ErrOnvolledig
		}
		if r.wijziging != nil {
			if err := s.controleerWijziging(ctx, tx, r, r.inhoud); err != nil {
				return err
			}
		}
		doc, _ := json.Marshal(r.inhoud)
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, gedeeld_inhoud = $3, notitie = $4,
			terug_notitie = '', versie = versie + 1, gewijzigd_op = $5 WHERE id = $1`, id, to, doc, notitie, s.now()); err != nil {
			return err
		}
		onderwerp, txt := "Gedeelde concept zorgovereenkomst",
			"Er is een zorgovereenkomst met u gedeeld. Controleer de afspraken, vul uw gegevens aan en onderteken de zorgovereenkomst in het PGB Portaal."
		if r.wijziging != nil {
			onderwerp, txt = "Gedeelde wijziging zorgovereenkomst",
				"De budgethouder wil de zorgovereenkomst wijzigen per "+r.wijziging.Per.String()+". Controleer de wijziging en onderteken haar in het PGB Portaal."
		}
		if err := bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "zorgovereenkomst",
			onderwerp, txt, kenmerk(id)); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Gedeeld met zorgverlener", notitie)
	})
}

// Aanpassen stores the zorgverlener's changes to the werkafspraken and their
// own telefoon and IBAN; everything else stays as the budgethouder wrote it.
func (s *Service) Aanpassen(ctx context.Context, id int64, versie int, in Inhoud) (int, error) {
	var nieuw int
	err := s.step(ctx, id, versie, Aanpassen, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		merged := MetWerkafspraken(r.inhoud, in)
		if r.wijziging != nil {
			// The date a change takes effect is the budgethouder's choice.
			merged.Ingangsdatum = r.inhoud.Ingangsdatum
		}
		if r.wijziging != nil && r.wijziging.Soort != SoortWijzigen {
			if len(Verschillen(r.inhoud, merged)) > 0 {
				return ErrWerkafsprakenVast(r.wijziging.Soort)
			}
			merged = r.inhoud
		}
		merged.Zorgverlener.Telefoon = in.Zorgverlener.Telefoon
		merged.Zorgverlener.IBAN = in.Zorgverlener.IBAN
		doc, _ := json.Marshal(merged)
		if err := tx.QueryRow(ctx, `UPDATE zorgovereenkomsten SET inhoud = $2, versie = versie + 1, gewijzigd_op = $3
			WHERE id = $1 RETURNING versie`, id, doc, s.now()).Scan(&nieuw); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Aangepast door zorgverlener", "")
	})
	return nieuw, err
}

// ErrWerkafsprakenVast refuses the zorgverlener's change of the
// werkafspraken of a verlenging or beëindiging: only its einddatum is at
// stake, and that is the budgethouder's proposal to sign or (a beëindiging)
// to disagree with.
func ErrWerkafsprakenVast(soort SoortWijziging) error {
	wat := strings.ToLower(soort.Label())
	return apperr.WithCode(http.StatusUnprocessableEntity,
		"Bij een "+wat+" gaat het alleen om de einddatum. De werkafspraken blijven zoals ze zijn en kunt u hier niet aanpassen. "+
			"Wilt u andere werkafspraken, vraag de budgethouder dan om een wijziging.", apperr.ErrInvalid)
}

// MetWerkafspraken returns base with the werkafspraken (step 2) of from.
func MetWerkafspraken(base, from Inhoud) Inhoud {
	out := base
	out.Ingangsdatum, out.Onbepaald, out.Einddatum, out.Proeftijd = from.Ingangsdatum, from.Onbepaald, from.Einddatum, from.Proeftijd
	out.Uren, out.UrenPer, out.Vast, out.Weekrooster = from.Uren, from.UrenPer, from.Vast, from.Weekrooster
	out.Maandloon, out.MaandBedrag, out.Tarieven, out.Etmalen = from.Maandloon, from.MaandBedrag, from.Tarieven, from.Etmalen
	out.AndereVergoedingen, out.Reiskosten, out.ReiskostenPerKm, out.DagenPerWeek = from.AndereVergoedingen, from.Reiskosten, from.ReiskostenPerKm, from.DagenPerWeek
	return out
}

func (s *Service) sign(ctx context.Context, tx pgx.Tx, a auth.Actor, id int64, partij Partij, in Inhoud) error {
	kind, ref, _ := a.AuditRef()
	_, err := tx.Exec(ctx, `INSERT INTO handtekeningen (zorgovereenkomst_id, partij, actor_kind, actor_ref, naam, login_means, assurance, inhoud_hash, getekend_op)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, id, string(partij), kind, ref, a.Name, string(a.Means), a.Assurance, in.Hash(), s.now())
	return err
}

// OndertekenenZV is the zorgverlener's signature. Their profile's IBAN and
// telefoon complete the agreement when they left them empty.
func (s *Service) OndertekenenZV(ctx context.Context, id int64, versie int) error {
	return s.step(ctx, id, versie, OndertekenenZV, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		in := r.inhoud
		if in.Zorgverlener.IBAN == "" || in.Zorgverlener.Telefoon == "" {
			var iban, tel string
			err := tx.QueryRow(ctx, `SELECT iban, telefoon FROM profielen WHERE persoon_id = $1 OR zorgverlener_id = $2 LIMIT 1`,
				nz(a.PersoonID), nz(a.ZorgverlenerID)).Scan(&iban, &tel)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			if in.Zorgverlener.IBAN == "" {
				in.Zorgverlener.IBAN = iban
			}
			if in.Zorgverlener.Telefoon == "" {
				in.Zorgverlener.Telefoon = tel
			}
		}
		if in.Zorgverlener.IBAN == "" {
			return apperr.WithCode(http.StatusUnprocessableEntity,
				"Vul eerst uw rekeningnummer (IBAN) in, via Aanpassen of uw profiel. Daarop betaalt de SVB u.", apperr.ErrInvalid)
		}
		max, have, err := maxima(ctx, tx, in.Ingangsdatum.Year)
		if err != nil {
			return err
		}
		if errs := ValidateAll(teValideren(in, r.wijziging), s.today(), max, have); len(errs) > 0 {
			return ErrOnvolledig
		}
		if r.wijziging != nil {
			if err := s.controleerWijziging(ctx, tx, r, in); err != nil {
				return err
			}
		}
		doc, _ := json.Marshal(in)
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET inhoud = $2, status = $3, versie = versie + 1, gewijzigd_op = $4
			WHERE id = $1`, id, doc, to, s.now()); err != nil {
			return err
		}
		if err := s.sign(ctx, tx, a, id, PartijZorgverlener, in); err != nil {
			return err
		}
		txt := "De zorgverlener heeft de zorgovereenkomst ondertekend. Controleer eventuele wijzigingen en onderteken de zorgovereenkomst; daarna gaat zij naar het zorgkantoor."
		if r.wijziging != nil {
			if txt, err = s.naOndertekeningZV(ctx, tx, r, in); err != nil {
				return err
			}
		}
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: r.budgethouderID}, "zorgovereenkomst",
			"Zorgovereenkomst ondertekend door zorgverlener", txt, kenmerk(id)); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Ondertekend door zorgverlener", "")
	})
}

// Terugsturen sends the agreement back to the zorgverlener with a note; their signature lapses.
func (s *Service) Terugsturen(ctx context.Context, id int64, versie int, notitie string) error {
	if len([]rune(notitie)) == 0 {
		return apperr.WithCode(http.StatusUnprocessableEntity, "Schrijf de zorgverlener waarom u de zorgovereenkomst terugstuurt.", apperr.ErrInvalid)
	}
	return s.step(ctx, id, versie, Terugsturen, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, terug_notitie = $3, versie = versie + 1, gewijzigd_op = $4
			WHERE id = $1`, id, to, notitie, s.now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE handtekeningen SET geldig = false WHERE zorgovereenkomst_id = $1 AND geldig`, id); err != nil {
			return err
		}
		if err := bericht.Send(ctx, tx, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "zorgovereenkomst",
			"Zorgovereenkomst teruggestuurd",
			"De budgethouder gaat niet akkoord met uw wijzigingen en heeft de zorgovereenkomst teruggestuurd. Lees de toelichting in het PGB Portaal.",
			kenmerk(id)); err != nil {
			return err
		}
		return s.event(ctx, tx, id, a, "Teruggestuurd naar zorgverlener", notitie)
	})
}

// OndertekenenBH is the budgethouder's signature; the agreement goes to the zorgkantoor.
func (s *Service) OndertekenenBH(ctx context.Context, id int64, versie int) error {
	return s.step(ctx, id, versie, OndertekenenBH, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		// The budgethouder signs exactly what the zorgverlener signed.
		var zvHash string
		err := tx.QueryRow(ctx, `SELECT inhoud_hash FROM handtekeningen WHERE zorgovereenkomst_id = $1 AND partij = 'zorgverlener' AND geldig
			ORDER BY getekend_op DESC LIMIT 1`, id).Scan(&zvHash)
		if err != nil || zvHash != r.inhoud.Hash() {
			return transitionError(r.status, fmt.Errorf("zorgverlener signature missing or for another version: %v", err))
		}
		now := s.now()
		if r.wijziging != nil {
			if err := s.sign(ctx, tx, a, id, PartijBudgethouder, r.inhoud); err != nil {
				return err
			}
			return s.wijzigingOndertekend(ctx, tx, a, r)
		}
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, ingediend_op = $3, versie = versie + 1, gewijzigd_op = $3
			WHERE id = $1`, id, to, now); err != nil {
			return err
		}
		if err := s.sign(ctx, tx, a, id, PartijBudgethouder, r.inhoud); err != nil {
			return err
		}
		var zk int64
		if err := tx.QueryRow(ctx, `SELECT zorgkantoor_id FROM budgethouders WHERE id = $1`, r.budgethouderID).Scan(&zk); err != nil {
			return err
		}
		for _, m := range []struct {
			to             bericht.Recipient
			onderwerp, txt string
		}{
			{bericht.Recipient{BudgethouderID: r.budgethouderID}, "Zorgovereenkomst ingediend bij het zorgkantoor",
				"U heeft de zorgovereenkomst ondertekend. Het zorgkantoor beoordeelt haar binnen een week. U krijgt bericht zodra zij is beoordeeld."},
			{bericht.Recipient{ZorgverlenerID: r.zorgverlenerID}, "Zorgovereenkomst ingediend bij het zorgkantoor",
				"De budgethouder heeft de zorgovereenkomst ondertekend en ingediend bij het zorgkantoor."},
			{bericht.Recipient{OrganisatieID: zk}, "Zorgovereenkomst ter beoordeling",
				"Er staat een nieuwe zorgovereenkomst klaar om te beoordelen."},
		} {
			if err := bericht.Send(ctx, tx, m.to, "zorgovereenkomst", m.onderwerp, m.txt, kenmerk(id)); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, id, a, "Ondertekend door budgethouder en ingediend bij het zorgkantoor", "")
	})
}

// Beoordelen is the zorgkantoor's decision: Goedkeuren, Afkeuren (reason
// required) or AanvullingVragen (question required).
func (s *Service) Beoordelen(ctx context.Context, id int64, versie int, actie Actie, toelichting string) error {
	if actie != Goedkeuren && actie != Afkeuren && actie != AanvullingVragen {
		return apperr.WithCode(http.StatusUnprocessableEntity, "Kies een beoordeling.", apperr.ErrInvalid)
	}
	if actie != Goedkeuren && len([]rune(toelichting)) == 0 {
		return apperr.WithCode(http.StatusUnprocessableEntity, "Geef een toelichting bij deze beoordeling.", apperr.ErrInvalid)
	}
	return s.step(ctx, id, versie, actie, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		if r.wijziging != nil {
			return s.wijzigingBeoordeeld(ctx, tx, a, r, actie, to, toelichting)
		}
		if _, err := tx.Exec(ctx, `UPDATE zorgovereenkomsten SET status = $2, beoordeling = $3, beoordeeld_op = $4,
			versie = versie + 1, gewijzigd_op = $4 WHERE id = $1`, id, to, toelichting, s.now()); err != nil {
			return err
		}
		var onderwerp, txt, wat string
		recipients := []bericht.Recipient{{BudgethouderID: r.budgethouderID}}
		switch actie {
		case Goedkeuren:
			onderwerp, wat = "Goedkeuring zorgovereenkomst", "Goedgekeurd door het zorgkantoor"
			txt = "Het zorgkantoor heeft de zorgovereenkomst goedgekeurd."
			recipients = append(recipients, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID})
		case Afkeuren:
			onderwerp, wat = "Afkeuring zorgovereenkomst", "Afgekeurd door het zorgkantoor"
			txt = "Het zorgkantoor heeft de zorgovereenkomst afgekeurd. De reden leest u bij de zorgovereenkomst in het PGB Portaal."
			recipients = append(recipients, bericht.Recipient{ZorgverlenerID: r.zorgverlenerID})
		default:
			onderwerp, wat = "Aanvulling gevraagd op zorgovereenkomst", "Aanvulling gevraagd door het zorgkantoor"
			txt = "Het zorgkantoor vraagt u de zorgovereenkomst aan te vullen. De vraag leest u bij de zorgovereenkomst in het PGB Portaal."
		}
		for _, to := range recipients {
			if err := bericht.Send(ctx, tx, to, "zorgovereenkomst", onderwerp, txt, kenmerk(id)); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, id, a, wat, toelichting)
	})
}

// Verwijderen deletes a concept.
func (s *Service) Verwijderen(ctx context.Context, id int64, versie int) error {
	return s.step(ctx, id, versie, Verwijderen, func(tx pgx.Tx, a auth.Actor, r *row, to Status) error {
		// A concept that the zorgkantoor has seen before (aanvulling gevraagd)
		// is part of the record and stays.
		tag, err := tx.Exec(ctx, `DELETE FROM zorgovereenkomsten WHERE id = $1 AND ingediend_op IS NULL`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return apperr.WithCode(http.StatusConflict,
				"Deze zorgovereenkomst is al eens bij het zorgkantoor geweest en kan niet meer worden verwijderd. U kunt haar wel aanpassen.", apperr.ErrConflict)
		}
		return err
	})
}

// audit records who read or changed which agreement, and the outcome.
func (s *Service) audit(ctx context.Context, action string, id, budgethouderID int64, err error) {
	audit.Object(ctx, s.Pool, "zorgovereenkomst", action, id, budgethouderID, err)
}
