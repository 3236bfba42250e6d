package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

// Identity is what a login means told us, read from the verified ID token.
type Identity struct {
	Means          Means
	Assurance      string
	Subject        string
	BSN            string // DigiD
	RepresentedBSN string // DigiD Machtigen or eHerkenning bewindvoering
	KvK            string // eHerkenning
	OrgName        string // eHerkenning
	ActingSubject  string // eHerkenning: pseudonymous employee
	Vestiging      string // eHerkenning, optional
	AGB            string // Vecozo
	Name           string // Vecozo
}

// Option is one role the identity may act in.
type Option struct {
	Actor Actor
	Label string
}

// Refusal explains why an identity may not log in; shown as a page.
type Refusal struct {
	Code    string // stable reason for tests and the audit trail
	Heading string
	Message string
}

func (r *Refusal) Error() string { return "login refused: " + r.Code }

// Refusals the rules of the portal can give.
var (
	RefusedUnknown = &Refusal{"onbekend", "U bent niet bekend in het PGB Portaal",
		"Wij kunnen u niet vinden als budgethouder, vertegenwoordiger of zorgverlener. Heeft u een pgb aangevraagd? Neem dan contact op met uw zorgkantoor. Bent u zorgverlener? Dan kunt u inloggen zodra een budgethouder een zorgovereenkomst met u heeft gedeeld."}
	RefusedWettelijk = &Refusal{"wettelijk-vertegenwoordiger", "U kunt niet zelf inloggen",
		"Uw pgb wordt beheerd door uw wettelijk vertegenwoordiger (bijvoorbeeld een curator, mentor, bewindvoerder of ouder). Alleen uw vertegenwoordiger kan inloggen en uw pgb regelen. Heeft u vragen? Neem dan contact op met uw vertegenwoordiger of uw zorgkantoor."}
	RefusedNoToekenning = &Refusal{"geen-toekenning", "Uw pgb is nog niet toegekend",
		"U kunt het PGB Portaal gebruiken vanaf het moment dat uw zorgkantoor uw toekenningsbeschikking heeft geregistreerd. Dat is nog niet gebeurd. Neem contact op met uw zorgkantoor."}
	RefusedAssurance = &Refusal{"betrouwbaarheidsniveau", "Inloggen met een hoger betrouwbaarheidsniveau",
		"Voor het PGB Portaal is een hoger betrouwbaarheidsniveau nodig. Log in met DigiD met sms-controle of de DigiD app, of met eHerkenning niveau EH3 of hoger."}
	RefusedUnknownOrganisation = &Refusal{"organisatie-onbekend", "Uw organisatie is niet bekend",
		"Uw organisatie heeft (nog) geen toegang tot het PGB Portaal. Vraag de beheerder van uw organisatie om een machtiging."}
	RefusedRepresentation = &Refusal{"geen-machtiging", "Geen machtiging gevonden",
		"Wij vinden geen machtiging om namens deze persoon het pgb te beheren. Controleer de machtiging in DigiD Machtigen of eHerkenning."}
)

// digidLevels orders DigiD assurance levels.
var digidLevels = map[string]int{
	"urn:nl:digid:basis": 1, "urn:nl:digid:midden": 2, "urn:nl:digid:substantieel": 3, "urn:nl:digid:hoog": 4,
}

// AssuranceSufficient reports whether the login means meets the portal's minimum:
// DigiD midden (sms or app), eHerkenning EH3, a Vecozo certificate.
func AssuranceSufficient(id Identity) bool {
	switch id.Means {
	case DigiD:
		return digidLevels[id.Assurance] >= 2
	case EHerkenning:
		return id.Assurance == "urn:etoegang:core:assurance-class:loa3" || id.Assurance == "urn:etoegang:core:assurance-class:loa4"
	case Vecozo:
		return id.AGB != ""
	}
	return false
}

// Resolve maps an identity to the roles it may act in, applying the access
// rules of the portal. It returns a *Refusal as error when none applies.
func Resolve(ctx context.Context, pool *pgxpool.Pool, id Identity, now time.Time) ([]Option, error) {
	if !AssuranceSufficient(id) {
		return nil, RefusedAssurance
	}
	var opts []Option
	var refusal *Refusal
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		var err error
		switch id.Means {
		case DigiD:
			opts, refusal, err = resolveDigiD(ctx, tx, id, now.Year())
		case EHerkenning:
			opts, refusal, err = resolveEHerkenning(ctx, tx, id, now.Year())
		case Vecozo:
			opts, refusal, err = resolveVecozo(ctx, tx, id)
		default:
			return fmt.Errorf("auth: unknown means %q", id.Means)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range opts {
		opts[i].Actor.Means = id.Means
		opts[i].Actor.Assurance = id.Assurance
		opts[i].Actor.Options = len(opts)
	}
	if len(opts) == 0 {
		if refusal == nil {
			refusal = RefusedUnknown
		}
		return nil, refusal
	}
	return opts, nil
}

type bhRow struct {
	id            int64
	name, aanhef  string
	relatienummer string
	vertSoort     string
	hasToekenning bool
}

const bhSelect = `SELECT b.id, p.aanhef, trim(p.voorletters || ' ' || p.tussenvoegsel || ' ' || p.achternaam),
	b.relatienummer, coalesce(v.soort, ''),
	EXISTS (SELECT 1 FROM toekenningen t WHERE t.budgethouder_id = b.id AND t.jaar >= $2)
	FROM budgethouders b JOIN personen p ON p.id = b.persoon_id
	LEFT JOIN vertegenwoordigingen v ON v.budgethouder_id = b.id `

func scanBH(rows pgx.Rows) ([]bhRow, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (bhRow, error) {
		var b bhRow
		err := r.Scan(&b.id, &b.aanhef, &b.name, &b.relatienummer, &b.vertSoort, &b.hasToekenning)
		b.name = strings.Join(strings.Fields(b.name), " ")
		return b, err
	})
}

func resolveDigiD(ctx context.Context, tx pgx.Tx, id Identity, year int) ([]Option, *Refusal, error) {
	var pid int64
	var aanhef, name string
	err := tx.QueryRow(ctx, `SELECT id, aanhef, trim(voorletters || ' ' || tussenvoegsel || ' ' || achternaam)
		FROM personen WHERE bsn = $1`, id.BSN).Scan(&pid, &aanhef, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, RefusedUnknown, nil
	}
	if err != nil {
		return nil, nil, err
	}
	name = strings.Join(strings.Fields(name), " ")
	var opts []Option
	var refusal *Refusal
	base := Actor{PersoonID: pid, Name: name, Aanhef: aanhef}

	// As budgethouder, unless DigiD Machtigen says they act for someone else.
	if id.RepresentedBSN == "" {
		rows, _ := tx.Query(ctx, bhSelect+`WHERE b.persoon_id = $1`, pid, year)
		own, err := scanBH(rows)
		if err != nil {
			return nil, nil, err
		}
		for _, b := range own {
			switch {
			case b.vertSoort == "wettelijk":
				refusal = RefusedWettelijk
			case !b.hasToekenning:
				refusal = RefusedNoToekenning
			default:
				a := base
				a.Role, a.BudgethouderID, a.Reference = RoleBudgethouder, b.id, b.relatienummer
				a.ReadOnly = b.vertSoort == "gevolmachtigde"
				label := "Mijn eigen pgb"
				if a.ReadOnly {
					label += " (alleen bekijken)"
				}
				opts = append(opts, Option{Actor: a, Label: label})
			}
		}
	}

	// As vertegenwoordiger of one or more budgethouders.
	q := bhSelect + `WHERE v.persoon_id = $1`
	args := []any{pid, year}
	if id.RepresentedBSN != "" {
		q += ` AND p.bsn = $3`
		args = append(args, id.RepresentedBSN)
	}
	rows, _ := tx.Query(ctx, q+` ORDER BY p.achternaam, b.id`, args...)
	reps, err := scanBH(rows)
	if err != nil {
		return nil, nil, err
	}
	if id.RepresentedBSN != "" && len(reps) == 0 {
		refusal = RefusedRepresentation
	}
	for _, b := range reps {
		if !b.hasToekenning {
			if refusal == nil {
				refusal = RefusedNoToekenning
			}
			continue
		}
		a := base
		a.Role, a.BudgethouderID, a.ActingForName, a.Reference = RoleVertegenwoordiger, b.id, b.name, b.relatienummer
		opts = append(opts, Option{Actor: a, Label: "Vertegenwoordiger van " + b.name})
	}

	// As informal zorgverlener.
	if id.RepresentedBSN == "" {
		var zid int64
		err = tx.QueryRow(ctx, `SELECT id FROM zorgverleners WHERE persoon_id = $1`, pid).Scan(&zid)
		if err == nil {
			a := base
			a.Role, a.ZorgverlenerID = RoleZorgverlener, zid
			opts = append(opts, Option{Actor: a, Label: "Zorgverlener"})
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return nil, nil, err
		}
	}
	return opts, refusal, nil
}

func resolveEHerkenning(ctx context.Context, tx pgx.Tx, id Identity, year int) ([]Option, *Refusal, error) {
	var oid int64
	var naam, soort string
	err := tx.QueryRow(ctx, `SELECT id, naam, soort FROM organisaties WHERE kvk = $1`, id.KvK).Scan(&oid, &naam, &soort)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, RefusedUnknownOrganisation, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if id.ActingSubject == "" {
		return nil, RefusedUnknownOrganisation, nil
	}
	var mid int64
	if err := tx.QueryRow(ctx, `INSERT INTO medewerkers (organisatie_id, pseudoniem) VALUES ($1, $2)
		ON CONFLICT (organisatie_id, pseudoniem) DO UPDATE SET pseudoniem = excluded.pseudoniem RETURNING id`,
		oid, id.ActingSubject).Scan(&mid); err != nil {
		return nil, nil, err
	}
	base := Actor{OrganisatieID: oid, MedewerkerID: mid, Name: naam}
	switch soort {
	case "zorgkantoor":
		a := base
		a.Role = RoleZorgkantoor
		return []Option{{Actor: a, Label: "Medewerker " + naam}}, nil, nil
	case "svb":
		a := base
		a.Role = RoleSVB
		return []Option{{Actor: a, Label: "Medewerker " + naam}}, nil, nil
	case "bewindvoerder":
		// The caseload belongs to the organisation: every authorised colleague sees it.
		q := bhSelect + `WHERE v.organisatie_id = $1`
		args := []any{oid, year}
		if id.RepresentedBSN != "" {
			q += ` AND p.bsn = $3`
			args = append(args, id.RepresentedBSN)
		}
		rows, _ := tx.Query(ctx, q+` ORDER BY p.achternaam, b.id`, args...)
		reps, err := scanBH(rows)
		if err != nil {
			return nil, nil, err
		}
		var opts []Option
		var refusal *Refusal = RefusedRepresentation
		for _, b := range reps {
			if !b.hasToekenning {
				refusal = RefusedNoToekenning
				continue
			}
			a := base
			a.Role, a.BudgethouderID, a.ActingForName, a.Reference = RoleVertegenwoordiger, b.id, b.name, b.relatienummer
			opts = append(opts, Option{Actor: a, Label: "Vertegenwoordiger van " + b.name})
		}
		return opts, refusal, nil
	}
	return nil, RefusedUnknownOrganisation, nil
}

func resolveVecozo(ctx context.Context, tx pgx.Tx, id Identity) ([]Option, *Refusal, error) {
	var zid int64
	var naam string
	err := tx.QueryRow(ctx, `SELECT id, naam FROM zorgverleners WHERE agb_code = $1`, id.AGB).Scan(&zid, &naam)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, RefusedUnknown, nil
	}
	if err != nil {
		return nil, nil, err
	}
	a := Actor{Role: RoleZorgverlener, ZorgverlenerID: zid, Name: naam, Reference: "AGB " + id.AGB}
	return []Option{{Actor: a, Label: "Zorgverlener " + naam}}, nil, nil
}
