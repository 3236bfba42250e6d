-- +goose Up
-- E-mail notifications, "Suggestie of klacht" and maintenance windows.

-- E-mail outbox. Every new bericht for a person whose communication preference
-- is "digitaal" puts one row here per address, in the transaction that stores
-- the bericht (trigger below), so a bericht and its notification exist together
-- or not at all. A worker in every portal instance claims due rows with
-- FOR UPDATE SKIP LOCKED, sends them over SMTP and marks them verzonden_op;
-- a failure moves volgende_poging_op back exponentially. The e-mail itself is
-- composed by the worker from a fixed text: it never holds the bericht's content.
CREATE TABLE email_outbox (
    id                 bigserial PRIMARY KEY,
    bericht_id         bigint NOT NULL REFERENCES berichten ON DELETE CASCADE,
    adres              text NOT NULL CHECK (adres <> ''),
    aangemaakt_op      timestamptz NOT NULL DEFAULT now(),
    volgende_poging_op timestamptz NOT NULL DEFAULT now(),
    pogingen           int NOT NULL DEFAULT 0 CHECK (pogingen >= 0),
    laatste_fout       text NOT NULL DEFAULT '',
    verzonden_op       timestamptz,
    opgegeven_op       timestamptz,  -- permanent refusal by the mail server: not retried
    UNIQUE (bericht_id, adres),
    CHECK (verzonden_op IS NULL OR opgegeven_op IS NULL)
);
CREATE INDEX email_outbox_te_verzenden ON email_outbox (volgende_poging_op, id)
    WHERE verzonden_op IS NULL AND opgegeven_op IS NULL;

-- Only the portal itself (the worker, as system) reads and changes the outbox.
ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON email_outbox USING (pgb_role() = 'system');

-- Who is told by e-mail about a bericht: the recipient's profile with
-- preference digitaal. A budgethouder's bericht goes to the budgethouder
-- (unless a wettelijk vertegenwoordiger manages the pgb: they cannot log in)
-- and to the person who manages the pgb; a zorgverlener's to the zorgverlener's
-- own profile. Organisations (zorgkantoor, SVB, bewindvoerder) keep no profile.
-- SECURITY DEFINER: the party whose action creates the bericht may not see the
-- recipient's profile.
-- +goose StatementBegin
CREATE FUNCTION berichten_email() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO email_outbox (bericht_id, adres)
    SELECT DISTINCT NEW.id, p.email
    FROM profielen p
    WHERE p.voorkeur = 'digitaal' AND p.email <> '' AND (
        (NEW.budgethouder_id IS NOT NULL AND (
            p.persoon_id = (SELECT b.persoon_id FROM budgethouders b WHERE b.id = NEW.budgethouder_id
                AND NOT EXISTS (SELECT 1 FROM vertegenwoordigingen v
                                WHERE v.budgethouder_id = b.id AND v.soort = 'wettelijk'))
            OR p.persoon_id = (SELECT v.persoon_id FROM vertegenwoordigingen v WHERE v.budgethouder_id = NEW.budgethouder_id)))
        OR (NEW.zorgverlener_id IS NOT NULL AND (
            p.zorgverlener_id = NEW.zorgverlener_id
            OR p.persoon_id = (SELECT z.persoon_id FROM zorgverleners z WHERE z.id = NEW.zorgverlener_id)))
    )
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER berichten_email AFTER INSERT ON berichten
    FOR EACH ROW EXECUTE FUNCTION berichten_email();

CREATE INDEX berichten_ongelezen_budgethouder ON berichten (budgethouder_id) WHERE gelezen_op IS NULL AND budgethouder_id IS NOT NULL;
CREATE INDEX berichten_ongelezen_zorgverlener ON berichten (zorgverlener_id) WHERE gelezen_op IS NULL AND zorgverlener_id IS NOT NULL;
CREATE INDEX berichten_ongelezen_organisatie ON berichten (organisatie_id) WHERE gelezen_op IS NULL AND organisatie_id IS NOT NULL;

-- "Suggestie of klacht". The sender is a party, like a bericht's recipient:
-- the budgethouder (whoever acts for them), a zorgverlener or an organisation;
-- the answer goes back to that party as a bericht. Who handles it: the
-- budgethouder's own zorgkantoor for the budget side, the SVB for everyone
-- else (set by the trigger below, never by the sender).
CREATE TABLE klachten (
    id              bigserial PRIMARY KEY,
    soort           text NOT NULL CHECK (soort IN ('suggestie', 'klacht')),
    onderwerp       text NOT NULL CHECK (onderwerp <> '' AND length(onderwerp) <= 150),
    toelichting     text NOT NULL CHECK (toelichting <> '' AND length(toelichting) <= 4000),
    budgethouder_id bigint REFERENCES budgethouders,
    zorgverlener_id bigint REFERENCES zorgverleners,
    organisatie_id  bigint REFERENCES organisaties,
    behandelaar_id  bigint NOT NULL REFERENCES organisaties,
    ingediend_op    timestamptz NOT NULL DEFAULT now(),
    antwoord        text NOT NULL DEFAULT '' CHECK (length(antwoord) <= 4000),
    beantwoord_op   timestamptz,
    beantwoord_door bigint REFERENCES medewerkers,
    CHECK (num_nonnulls(budgethouder_id, zorgverlener_id, organisatie_id) = 1),
    CHECK ((beantwoord_op IS NULL) = (antwoord = ''))
);
CREATE INDEX klachten_wachtrij ON klachten (behandelaar_id, ingediend_op) WHERE beantwoord_op IS NULL;
CREATE INDEX klachten_budgethouder ON klachten (budgethouder_id) WHERE budgethouder_id IS NOT NULL;

ALTER TABLE klachten ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON klachten FOR SELECT USING (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
    OR (pgb_role() IN ('zorgkantoor', 'svb') AND (behandelaar_id = pgb_setting('organisatie_id')
                                                  OR organisatie_id = pgb_setting('organisatie_id')))
);
CREATE POLICY indienen ON klachten FOR INSERT WITH CHECK (
    beantwoord_op IS NULL AND antwoord = '' AND (
        pgb_role() = 'system'
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
        OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
        OR (pgb_role() IN ('zorgkantoor', 'svb') AND organisatie_id = pgb_setting('organisatie_id')))
);
CREATE POLICY beantwoorden ON klachten FOR UPDATE
    USING (pgb_role() = 'system' OR (pgb_role() IN ('zorgkantoor', 'svb') AND behandelaar_id = pgb_setting('organisatie_id')))
    WITH CHECK (pgb_role() = 'system' OR (pgb_role() IN ('zorgkantoor', 'svb') AND behandelaar_id = pgb_setting('organisatie_id')));
CREATE POLICY verwijderen ON klachten FOR DELETE USING (pgb_role() = 'system');

-- +goose StatementBegin
CREATE FUNCTION klachten_behandelaar() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF NEW.budgethouder_id IS NOT NULL THEN
        NEW.behandelaar_id := (SELECT zorgkantoor_id FROM budgethouders WHERE id = NEW.budgethouder_id);
    ELSE
        NEW.behandelaar_id := (SELECT id FROM organisaties WHERE soort = 'svb' ORDER BY id LIMIT 1);
    END IF;
    RETURN NEW;
END
$$;

-- What was submitted never changes; an answer is given once.
CREATE FUNCTION klachten_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pgb_role() = 'system' THEN
        RETURN NEW;
    END IF;
    IF NEW.soort <> OLD.soort OR NEW.onderwerp <> OLD.onderwerp OR NEW.toelichting <> OLD.toelichting
        OR NEW.budgethouder_id IS DISTINCT FROM OLD.budgethouder_id OR NEW.zorgverlener_id IS DISTINCT FROM OLD.zorgverlener_id
        OR NEW.organisatie_id IS DISTINCT FROM OLD.organisatie_id OR NEW.behandelaar_id <> OLD.behandelaar_id
        OR NEW.ingediend_op <> OLD.ingediend_op THEN
        RAISE EXCEPTION 'klachten: what was submitted is fixed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.beantwoord_op IS NOT NULL THEN
        RAISE EXCEPTION 'klachten: already answered' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER klachten_behandelaar BEFORE INSERT ON klachten
    FOR EACH ROW EXECUTE FUNCTION klachten_behandelaar();
CREATE TRIGGER klachten_wijziging BEFORE UPDATE ON klachten
    FOR EACH ROW EXECUTE FUNCTION klachten_wijziging();

-- Maintenance windows, announced by an SVB medewerker. Everyone (also before
-- login, as system) reads them: the banner shows on every page. A window can be
-- withdrawn (ingetrokken_op), never edited or deleted, so what was announced
-- stays on record.
CREATE TABLE onderhoudsvensters (
    id              bigserial PRIMARY KEY,
    begint_op       timestamptz NOT NULL,
    eindigt_op      timestamptz NOT NULL,
    tekst           text NOT NULL DEFAULT '' CHECK (length(tekst) <= 500),
    aangemaakt_op   timestamptz NOT NULL DEFAULT now(),
    aangemaakt_door bigint REFERENCES medewerkers,
    ingetrokken_op  timestamptz,
    CHECK (eindigt_op > begint_op)
);
CREATE INDEX onderhoudsvensters_actueel ON onderhoudsvensters (eindigt_op) WHERE ingetrokken_op IS NULL;

ALTER TABLE onderhoudsvensters ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON onderhoudsvensters FOR SELECT USING (pgb_role() <> '');
CREATE POLICY aankondigen ON onderhoudsvensters FOR INSERT WITH CHECK (pgb_role() IN ('system', 'svb') AND ingetrokken_op IS NULL);
CREATE POLICY intrekken ON onderhoudsvensters FOR UPDATE
    USING (pgb_role() IN ('system', 'svb')) WITH CHECK (pgb_role() IN ('system', 'svb'));
REVOKE DELETE ON onderhoudsvensters FROM pgb_app;

-- +goose Down
DROP TABLE onderhoudsvensters;
DROP TABLE klachten;
DROP FUNCTION klachten_wijziging();
DROP FUNCTION klachten_behandelaar();
DROP INDEX berichten_ongelezen_budgethouder, berichten_ongelezen_zorgverlener, berichten_ongelezen_organisatie;
DROP TRIGGER berichten_email ON berichten;
DROP FUNCTION berichten_email();
DROP TABLE email_outbox;
