// Package profiel keeps the contact details a person completes at first login.
package profiel

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
	"pgbportaal/internal/nlid"
)

// Profiel is the contact details of a login identity.
type Profiel struct {
	Straat, Huisnummer, Postcode, Woonplaats string
	Email, Telefoon, IBAN                    string
	Voorkeur                                 string // digitaal or post
	Versie                                   int
}

// Needs reports whether the actor keeps a profile: persons and formal
// zorgverleners do; staff and organisations acting as bewindvoerder do not.
func Needs(a auth.Actor) bool {
	return a.PersoonID != 0 || (a.Role == auth.RoleZorgverlener && a.ZorgverlenerID != 0)
}

// WantsIBAN reports whether the profile asks for a bank account: zorgverleners are paid on it.
func WantsIBAN(a auth.Actor) bool { return a.Role == auth.RoleZorgverlener }

func owner(a auth.Actor) (col string, id int64) {
	if a.PersoonID != 0 {
		return "persoon_id", a.PersoonID
	}
	return "zorgverlener_id", a.ZorgverlenerID
}

// QueueExists queues, in a db.Read, whether the actor has completed a profile.
func QueueExists(b *pgx.Batch, a auth.Actor, exists *bool) {
	col, id := owner(a)
	b.Queue(`SELECT EXISTS (SELECT 1 FROM profielen WHERE `+col+` = $1)`, id).QueryRow(func(r pgx.Row) error {
		return r.Scan(exists)
	})
}

// Get returns the actor's profile, or apperr.ErrNotFound when not completed yet.
func Get(ctx context.Context, pool *pgxpool.Pool, a auth.Actor) (Profiel, error) {
	col, id := owner(a)
	var p Profiel
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT straat, huisnummer, postcode, woonplaats, email, telefoon, iban, voorkeur, versie
			FROM profielen WHERE `+col+` = $1`, id).
			Scan(&p.Straat, &p.Huisnummer, &p.Postcode, &p.Woonplaats, &p.Email, &p.Telefoon, &p.IBAN, &p.Voorkeur, &p.Versie)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Profiel{}, apperr.ErrNotFound
	}
	if err != nil {
		return Profiel{}, fmt.Errorf("profiel: get: %w", err)
	}
	return p, nil
}

// Errors maps a field name to a Dutch message.
type Errors map[string]string

// Validate normalises p in place and returns the errors per field.
func Validate(p *Profiel, wantIBAN bool) Errors {
	e := Errors{}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&p.Straat, &p.Huisnummer, &p.Postcode, &p.Woonplaats, &p.Email, &p.Telefoon, &p.IBAN} {
		trim(s)
	}
	if p.Straat == "" {
		e["straat"] = "Vul uw straat in."
	} else if len(p.Straat) > 100 {
		e["straat"] = "Een straatnaam is hoogstens 100 tekens."
	}
	if p.Huisnummer == "" {
		e["huisnummer"] = "Vul uw huisnummer in, eventueel met toevoeging, bijvoorbeeld 12A."
	} else if len(p.Huisnummer) > 12 || p.Huisnummer[0] < '1' || p.Huisnummer[0] > '9' {
		e["huisnummer"] = "Vul een geldig huisnummer in, bijvoorbeeld 12 of 12A."
	}
	if pc, ok := nlid.NormalizePostcode(p.Postcode); ok {
		p.Postcode = pc
	} else if p.Postcode == "" {
		e["postcode"] = "Vul uw postcode in, bijvoorbeeld 1234 AB."
	} else {
		e["postcode"] = "Vul een geldige postcode in: 4 cijfers en 2 letters, bijvoorbeeld 1234 AB."
	}
	if p.Woonplaats == "" {
		e["woonplaats"] = "Vul uw woonplaats in."
	} else if len(p.Woonplaats) > 80 {
		e["woonplaats"] = "Een woonplaats is hoogstens 80 tekens."
	}
	if p.Email == "" {
		e["email"] = "Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
	} else if !nlid.ValidEmail(p.Email) {
		e["email"] = "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
	}
	if p.Telefoon != "" {
		if t, ok := nlid.NormalizePhone(p.Telefoon); ok {
			p.Telefoon = t
		} else {
			e["telefoon"] = "Vul een geldig Nederlands telefoonnummer in van 10 cijfers, bijvoorbeeld 0612345678."
		}
	}
	if wantIBAN {
		if iban, ok := nlid.NormalizeIBAN(p.IBAN); ok {
			p.IBAN = iban
		} else if p.IBAN == "" {
			e["iban"] = "Vul het rekeningnummer (IBAN) in waarop u betaald wilt worden."
		} else {
			e["iban"] = "Dit IBAN klopt niet. Controleer het nummer, bijvoorbeeld NL91 ABNA 0417 1643 00."
		}
	} else {
		p.IBAN = ""
	}
	if p.Voorkeur != "digitaal" && p.Voorkeur != "post" {
		e["voorkeur"] = "Kies hoe u berichten wilt ontvangen."
	}
	return e
}

// ErrStale is returned when the profile changed since it was read.
var ErrStale = apperr.WithCode(409, "Uw profiel is intussen ergens anders gewijzigd. Controleer de gegevens hieronder en sla opnieuw op.", apperr.ErrConflict)

// Save stores a validated profile. p.Versie is the version that was read (0 for
// a new profile); a stale version is refused rather than overwritten.
func Save(ctx context.Context, pool *pgxpool.Pool, a auth.Actor, p Profiel) error {
	col, id := owner(a)
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		if p.Versie == 0 {
			tag, err := tx.Exec(ctx, `INSERT INTO profielen (`+col+`, straat, huisnummer, postcode, woonplaats, email, telefoon, iban, voorkeur)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (`+col+`) DO NOTHING`,
				id, p.Straat, p.Huisnummer, p.Postcode, p.Woonplaats, p.Email, p.Telefoon, p.IBAN, p.Voorkeur)
			if err == nil && tag.RowsAffected() == 0 {
				return ErrStale
			}
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE profielen SET straat=$3, huisnummer=$4, postcode=$5, woonplaats=$6, email=$7,
			telefoon=$8, iban=$9, voorkeur=$10, versie = versie + 1, bijgewerkt_op = now()
			WHERE `+col+` = $1 AND versie = $2`,
			id, p.Versie, p.Straat, p.Huisnummer, p.Postcode, p.Woonplaats, p.Email, p.Telefoon, p.IBAN, p.Voorkeur)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrStale
		}
		return err
	})
	if err != nil && !errors.Is(err, apperr.ErrConflict) {
		return fmt.Errorf("profiel: save: %w", err)
	}
	return err
}
