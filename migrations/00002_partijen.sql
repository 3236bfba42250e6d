-- +goose Up
-- Parties of the portal and the row-level security that scopes every read and
-- write to the acting party. The application sets, per transaction:
--   role            pgb_app
--   pgb.role        system | budgethouder | vertegenwoordiger | zorgverlener | zorgkantoor | svb
--   pgb.budgethouder_id, pgb.organisatie_id, pgb.zorgverlener_id, pgb.persoon_id
-- An unset pgb.role sees nothing.

CREATE TABLE organisaties (
    id    bigserial PRIMARY KEY,
    kvk   text NOT NULL UNIQUE CHECK (kvk ~ '^[0-9]{8}$'),
    naam  text NOT NULL,
    soort text NOT NULL CHECK (soort IN ('zorgkantoor', 'svb', 'bewindvoerder', 'zorginstelling')),
    regio text NOT NULL DEFAULT ''
);

CREATE TABLE personen (
    id            bigserial PRIMARY KEY,
    bsn           text NOT NULL UNIQUE CHECK (bsn ~ '^[0-9]{9}$'),
    aanhef        text NOT NULL DEFAULT '' CHECK (aanhef IN ('', 'heer', 'mevrouw')),
    voorletters   text NOT NULL DEFAULT '',
    tussenvoegsel text NOT NULL DEFAULT '',
    achternaam    text NOT NULL,
    geboortedatum date
);

CREATE TABLE budgethouders (
    id             bigserial PRIMARY KEY,
    persoon_id     bigint NOT NULL UNIQUE REFERENCES personen,
    zorgkantoor_id bigint NOT NULL REFERENCES organisaties,
    relatienummer  text NOT NULL UNIQUE
);
CREATE INDEX budgethouders_zorgkantoor ON budgethouders (zorgkantoor_id);

-- Exactly one person or organisation acts for a pgb.
CREATE TABLE vertegenwoordigingen (
    id              bigserial PRIMARY KEY,
    budgethouder_id bigint NOT NULL UNIQUE REFERENCES budgethouders,
    soort           text NOT NULL CHECK (soort IN ('wettelijk', 'gevolmachtigde')),
    persoon_id      bigint REFERENCES personen,
    organisatie_id  bigint REFERENCES organisaties,
    CHECK ((persoon_id IS NULL) <> (organisatie_id IS NULL))
);
CREATE INDEX vertegenwoordigingen_persoon ON vertegenwoordigingen (persoon_id);
CREATE INDEX vertegenwoordigingen_organisatie ON vertegenwoordigingen (organisatie_id);

CREATE TABLE zorgverleners (
    id         bigserial PRIMARY KEY,
    soort      text NOT NULL CHECK (soort IN ('formeel', 'informeel')),
    persoon_id bigint UNIQUE REFERENCES personen,
    agb_code   text UNIQUE CHECK (agb_code ~ '^[0-9]{8}$'),
    naam       text NOT NULL,
    CHECK ((soort = 'informeel' AND persoon_id IS NOT NULL AND agb_code IS NULL)
        OR (soort = 'formeel' AND agb_code IS NOT NULL))
);

CREATE TABLE medewerkers (
    id             bigserial PRIMARY KEY,
    organisatie_id bigint NOT NULL REFERENCES organisaties,
    pseudoniem     text NOT NULL,
    UNIQUE (organisatie_id, pseudoniem)
);

-- Toekenningsbeschikking: the budget of one budgethouder for one calendar year.
CREATE TABLE toekenningen (
    id              bigserial PRIMARY KEY,
    budgethouder_id bigint NOT NULL REFERENCES budgethouders,
    jaar            int NOT NULL CHECK (jaar BETWEEN 2000 AND 2100),
    bedrag          bigint NOT NULL CHECK (bedrag > 0),
    ingangsdatum    date NOT NULL,
    zorgprofiel     text NOT NULL,
    geregistreerd_op timestamptz NOT NULL DEFAULT now(),
    UNIQUE (budgethouder_id, jaar),
    CHECK (extract(year FROM ingangsdatum) = jaar)
);

-- Profile of a login identity: a person (DigiD) or a formal zorgverlener (Vecozo).
CREATE TABLE profielen (
    id              bigserial PRIMARY KEY,
    persoon_id      bigint UNIQUE REFERENCES personen,
    zorgverlener_id bigint UNIQUE REFERENCES zorgverleners,
    straat          text NOT NULL DEFAULT '',
    huisnummer      text NOT NULL DEFAULT '',
    postcode        text NOT NULL DEFAULT '',
    woonplaats      text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    telefoon        text NOT NULL DEFAULT '',
    iban            text NOT NULL DEFAULT '',
    voorkeur        text NOT NULL DEFAULT 'digitaal' CHECK (voorkeur IN ('digitaal', 'post')),
    versie          int NOT NULL DEFAULT 1,
    bijgewerkt_op   timestamptz NOT NULL DEFAULT now(),
    CHECK ((persoon_id IS NULL) <> (zorgverlener_id IS NULL))
);

CREATE TABLE berichten (
    id              bigserial PRIMARY KEY,
    budgethouder_id bigint REFERENCES budgethouders,
    zorgverlener_id bigint REFERENCES zorgverleners,
    organisatie_id  bigint REFERENCES organisaties,
    soort           text NOT NULL,
    onderwerp       text NOT NULL,
    inhoud          text NOT NULL,
    kenmerk         text NOT NULL DEFAULT '',
    aangemaakt_op   timestamptz NOT NULL DEFAULT now(),
    gelezen_op      timestamptz,
    CHECK (num_nonnulls(budgethouder_id, zorgverlener_id, organisatie_id) = 1)
);
CREATE INDEX berichten_budgethouder ON berichten (budgethouder_id, aangemaakt_op DESC) WHERE budgethouder_id IS NOT NULL;
CREATE INDEX berichten_zorgverlener ON berichten (zorgverlener_id, aangemaakt_op DESC) WHERE zorgverlener_id IS NOT NULL;
CREATE INDEX berichten_organisatie ON berichten (organisatie_id, aangemaakt_op DESC) WHERE organisatie_id IS NOT NULL;

-- Scope helpers. SECURITY DEFINER so they can look across tables without
-- recursing into the policies that call them.
-- +goose StatementBegin
CREATE FUNCTION pgb_setting(name text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('pgb.' || name, true), '')::bigint
$$;

CREATE FUNCTION pgb_role() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('pgb.role', true), '')
$$;

-- pgb_budgethouder_visible: may the acting party see this budgethouder's data?
-- Zorgverleners see budgethouder data only through their own agreements (policies
-- on those tables), never the budgethouder as a whole.
CREATE FUNCTION pgb_budgethouder_visible(bh bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT CASE pgb_role()
        WHEN 'system' THEN true
        WHEN 'svb' THEN true
        WHEN 'budgethouder' THEN bh = pgb_setting('budgethouder_id')
        WHEN 'vertegenwoordiger' THEN bh = pgb_setting('budgethouder_id')
        WHEN 'zorgkantoor' THEN EXISTS (
            SELECT 1 FROM budgethouders b WHERE b.id = bh AND b.zorgkantoor_id = pgb_setting('organisatie_id'))
        ELSE false
    END
$$;
-- +goose StatementEnd

ALTER TABLE budgethouders ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON budgethouders USING (pgb_budgethouder_visible(id));

ALTER TABLE toekenningen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON toekenningen USING (pgb_budgethouder_visible(budgethouder_id));

ALTER TABLE vertegenwoordigingen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON vertegenwoordigingen USING (pgb_budgethouder_visible(budgethouder_id));

-- A person's own record, or the people behind the budgethouders in scope.
ALTER TABLE personen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON personen USING (
    pgb_role() = 'system'
    OR id = pgb_setting('persoon_id')
    OR EXISTS (SELECT 1 FROM budgethouders b WHERE b.persoon_id = personen.id)
);

ALTER TABLE organisaties ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON organisaties FOR SELECT USING (pgb_role() <> '');
CREATE POLICY write ON organisaties FOR ALL USING (pgb_role() = 'system');

ALTER TABLE zorgverleners ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON zorgverleners USING (
    pgb_role() IN ('system', 'svb')
    OR id = pgb_setting('zorgverlener_id')
);

ALTER TABLE medewerkers ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON medewerkers USING (
    pgb_role() = 'system' OR organisatie_id = pgb_setting('organisatie_id')
);

ALTER TABLE profielen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON profielen USING (
    pgb_role() = 'system'
    OR persoon_id = pgb_setting('persoon_id')
    OR zorgverlener_id = pgb_setting('zorgverlener_id')
);

-- Berichten are for their recipient only: the budgethouder (and whoever acts
-- for them), the zorgverlener, or the organisation.
ALTER TABLE berichten ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON berichten USING (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
    OR (pgb_role() IN ('zorgkantoor', 'svb') AND organisatie_id = pgb_setting('organisatie_id'))
);

-- +goose Down
DROP TABLE berichten, profielen, toekenningen, medewerkers, zorgverleners, vertegenwoordigingen, budgethouders, personen, organisaties;
DROP FUNCTION pgb_budgethouder_visible(bigint);
DROP FUNCTION pgb_role();
DROP FUNCTION pgb_setting(text);
