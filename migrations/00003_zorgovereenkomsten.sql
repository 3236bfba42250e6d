-- +goose Up
-- Maximumtarieven per year (cents), maintained by zorgkantoor staff.
CREATE TABLE maximumtarieven (
    jaar          int PRIMARY KEY CHECK (jaar BETWEEN 2000 AND 2100),
    informeel     bigint NOT NULL CHECK (informeel > 0),     -- per uur
    professioneel bigint NOT NULL CHECK (professioneel > 0), -- per uur
    dagdeel       bigint NOT NULL CHECK (dagdeel > 0),       -- begeleiding groep per dagdeel
    per_km        bigint NOT NULL CHECK (per_km > 0),        -- reiskosten
    demo          boolean NOT NULL DEFAULT false,
    gewijzigd_op  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO maximumtarieven (jaar, informeel, professioneel, dagdeel, per_km) VALUES
    (2023, 2298, 7239, 6664, 21),
    (2024, 2444, 7700, 7088, 23);
ALTER TABLE maximumtarieven ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON maximumtarieven FOR SELECT USING (pgb_role() <> '');
CREATE POLICY beheren ON maximumtarieven FOR ALL USING (pgb_role() IN ('system', 'zorgkantoor'));

CREATE TABLE zorgovereenkomsten (
    id              bigserial PRIMARY KEY,
    budgethouder_id bigint NOT NULL REFERENCES budgethouders,
    zorgverlener_id bigint REFERENCES zorgverleners,
    status          text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'gedeeld',
                        'ondertekend_zorgverlener', 'ter_beoordeling', 'goedgekeurd', 'afgekeurd', 'aanvulling_gevraagd')),
    versie          int NOT NULL DEFAULT 1,
    inhoud          jsonb NOT NULL,
    gedeeld_inhoud  jsonb,
    notitie         text NOT NULL DEFAULT '',
    terug_notitie   text NOT NULL DEFAULT '',
    beoordeling     text NOT NULL DEFAULT '',
    aangemaakt_op   timestamptz NOT NULL DEFAULT now(),
    gewijzigd_op    timestamptz NOT NULL DEFAULT now(),
    ingediend_op    timestamptz,
    beoordeeld_op   timestamptz,
    CHECK (status = 'concept' OR zorgverlener_id IS NOT NULL)
);
CREATE INDEX zorgovereenkomsten_budgethouder ON zorgovereenkomsten (budgethouder_id);
CREATE INDEX zorgovereenkomsten_zorgverlener ON zorgovereenkomsten (zorgverlener_id);
CREATE INDEX zorgovereenkomsten_wachtrij ON zorgovereenkomsten (ingediend_op) WHERE status = 'ter_beoordeling';

-- Need-to-know: the budgethouder's side sees all of theirs; a zorgverlener only
-- what was shared with them; a zorgkantoor only what was submitted in its region;
-- the SVB only approved agreements (it pays on them).
ALTER TABLE zorgovereenkomsten ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON zorgovereenkomsten USING (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id') AND status <> 'concept')
    OR (pgb_role() = 'zorgkantoor' AND ingediend_op IS NOT NULL AND pgb_budgethouder_visible(budgethouder_id))
    OR (pgb_role() = 'svb' AND status = 'goedgekeurd')
);

CREATE TABLE handtekeningen (
    id                  bigserial PRIMARY KEY,
    zorgovereenkomst_id bigint NOT NULL REFERENCES zorgovereenkomsten ON DELETE CASCADE,
    partij              text NOT NULL CHECK (partij IN ('budgethouder', 'zorgverlener')),
    actor_kind          text NOT NULL,
    actor_ref           text NOT NULL,
    naam                text NOT NULL,
    login_means         text NOT NULL,
    assurance           text NOT NULL DEFAULT '',
    inhoud_hash         text NOT NULL,
    getekend_op         timestamptz NOT NULL DEFAULT now(),
    geldig              boolean NOT NULL DEFAULT true
);
CREATE INDEX handtekeningen_zorgovereenkomst ON handtekeningen (zorgovereenkomst_id);
ALTER TABLE handtekeningen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON handtekeningen USING (
    EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id));

CREATE TABLE zorgovereenkomst_gebeurtenissen (
    id                  bigserial PRIMARY KEY,
    zorgovereenkomst_id bigint NOT NULL REFERENCES zorgovereenkomsten ON DELETE CASCADE,
    op                  timestamptz NOT NULL DEFAULT now(),
    wie                 text NOT NULL,
    wat                 text NOT NULL,
    toelichting         text NOT NULL DEFAULT ''
);
CREATE INDEX zorgovereenkomst_gebeurtenissen_zov ON zorgovereenkomst_gebeurtenissen (zorgovereenkomst_id, op);
ALTER TABLE zorgovereenkomst_gebeurtenissen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON zorgovereenkomst_gebeurtenissen USING (
    EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id));

-- Zorgverleners: also visible to the parties of their agreements.
DROP POLICY scope ON zorgverleners;
CREATE POLICY scope ON zorgverleners USING (
    pgb_role() IN ('system', 'svb')
    OR id = pgb_setting('zorgverlener_id')
    OR EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.zorgverlener_id = zorgverleners.id)
);

-- Any logged-in party may send a bericht to another party of the same event;
-- reading stays limited to the recipient.
CREATE POLICY versturen ON berichten FOR INSERT WITH CHECK (pgb_role() <> '');

-- A budgethouder names a zorgverlener by BSN or AGB-code without being able to
-- look up who else exists: these functions find or create the zorgverlener and
-- return only its id.
-- +goose StatementBegin
CREATE FUNCTION pgb_zorgverlener_informeel(p_bsn text, p_naam text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    pid bigint;
    zid bigint;
BEGIN
    IF pgb_role() NOT IN ('budgethouder', 'vertegenwoordiger', 'system') THEN
        RAISE EXCEPTION 'not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO personen (bsn, achternaam) VALUES (p_bsn, p_naam) ON CONFLICT (bsn) DO NOTHING;
    SELECT id INTO pid FROM personen WHERE bsn = p_bsn;
    INSERT INTO zorgverleners (soort, persoon_id, naam) VALUES ('informeel', pid, p_naam) ON CONFLICT (persoon_id) DO NOTHING;
    SELECT id INTO zid FROM zorgverleners WHERE persoon_id = pid;
    RETURN zid;
END
$$;

CREATE FUNCTION pgb_zorgverlener_formeel(p_agb text, p_naam text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    zid bigint;
BEGIN
    IF pgb_role() NOT IN ('budgethouder', 'vertegenwoordiger', 'system') THEN
        RAISE EXCEPTION 'not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO zorgverleners (soort, agb_code, naam) VALUES ('formeel', p_agb, p_naam) ON CONFLICT (agb_code) DO NOTHING;
    SELECT id INTO zid FROM zorgverleners WHERE agb_code = p_agb;
    RETURN zid;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_zorgverlener_informeel(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pgb_zorgverlener_formeel(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgb_zorgverlener_informeel(text, text) TO pgb_app;
GRANT EXECUTE ON FUNCTION pgb_zorgverlener_formeel(text, text) TO pgb_app;

-- +goose Down
DROP FUNCTION pgb_zorgverlener_formeel(text, text);
DROP FUNCTION pgb_zorgverlener_informeel(text, text);
DROP POLICY versturen ON berichten;
DROP POLICY scope ON zorgverleners;
CREATE POLICY scope ON zorgverleners USING (pgb_role() IN ('system', 'svb') OR id = pgb_setting('zorgverlener_id'));
DROP TABLE zorgovereenkomst_gebeurtenissen, handtekeningen, zorgovereenkomsten, maximumtarieven;
