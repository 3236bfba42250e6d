-- +goose Up
-- Facturen: "uploaden factuur". Instead of filling in the day grid the budget
-- side uploads an invoice (PDF); an SVB medewerker enters it, which takes
-- longer: Verwerken creates a declaratie (ingevoerd_door 'svb') planned for
-- payment in the same transaction, Afwijzen sends the budgethouder a letter
-- (bericht) with the reason. The PDF is kept in the row; bestandsnaam is the
-- sanitised name, for display only.
CREATE TABLE facturen (
    id                  bigserial PRIMARY KEY,
    budgethouder_id     bigint NOT NULL REFERENCES budgethouders,
    zorgovereenkomst_id bigint REFERENCES zorgovereenkomsten,  -- NULL: no agreement chosen
    zorgverlener_id     bigint REFERENCES zorgverleners,       -- the agreement's zorgverlener
    periode             date NOT NULL CHECK (extract(day FROM periode) = 1),
    bestandsnaam        text NOT NULL CHECK (bestandsnaam <> '' AND length(bestandsnaam) <= 200),
    inhoud              bytea NOT NULL,
    grootte             int NOT NULL CHECK (grootte > 0 AND grootte <= 5242880),
    sha256              text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    iban                text NOT NULL DEFAULT '',  -- the budgethouder's own account from their profile, at upload
    status              text NOT NULL DEFAULT 'ontvangen' CHECK (status IN ('ontvangen', 'verwerkt', 'afgewezen')),
    declaratie_id       bigint REFERENCES declaraties,
    reden               text NOT NULL DEFAULT '',  -- why the SVB rejected it
    ontvangen_op        timestamptz NOT NULL DEFAULT now(),
    behandeld_op        timestamptz,
    behandeld_door      bigint REFERENCES medewerkers,
    CHECK (grootte = length(inhoud)),
    CHECK (substring(inhoud FROM 1 FOR 5) = '\x255044462d'::bytea),  -- %PDF-
    CHECK ((zorgovereenkomst_id IS NULL) = (zorgverlener_id IS NULL)),
    CHECK ((status = 'verwerkt') = (declaratie_id IS NOT NULL)),
    CHECK (status <> 'afgewezen' OR reden <> ''),
    CHECK ((status = 'ontvangen') = (behandeld_op IS NULL))
);
CREATE INDEX facturen_wachtrij ON facturen (ontvangen_op, id) WHERE status = 'ontvangen';
CREATE INDEX facturen_budgethouder ON facturen (budgethouder_id, ontvangen_op DESC);
CREATE UNIQUE INDEX facturen_declaratie ON facturen (declaratie_id) WHERE declaratie_id IS NOT NULL;

-- Need-to-know: the budget side its own, the SVB all; nobody else (not the
-- zorgverlener, not the zorgkantoor). The budget side uploads for an approved
-- agreement of its own (or none); only the SVB handles them.
ALTER TABLE facturen ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON facturen FOR SELECT USING (
    pgb_role() IN ('system', 'svb')
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
);
CREATE POLICY uploaden ON facturen FOR INSERT WITH CHECK (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id')
        AND status = 'ontvangen' AND declaratie_id IS NULL AND behandeld_op IS NULL
        AND (zorgovereenkomst_id IS NULL OR EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id
            AND z.budgethouder_id = facturen.budgethouder_id AND z.zorgverlener_id = facturen.zorgverlener_id
            AND z.status = 'goedgekeurd')))
);
CREATE POLICY behandelen ON facturen FOR UPDATE
    USING (pgb_role() IN ('system', 'svb'))
    WITH CHECK (pgb_role() IN ('system', 'svb'));
CREATE POLICY verwijderen ON facturen FOR DELETE USING (pgb_role() = 'system');

-- A factuur is handled once, from ontvangen to verwerkt or afgewezen (the
-- SVB may lock any, to be told it was handled already); what was uploaded
-- never changes.
-- +goose StatementBegin
CREATE FUNCTION facturen_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pgb_role() = 'system' THEN
        RETURN NEW;
    END IF;
    IF NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.zorgovereenkomst_id IS DISTINCT FROM OLD.zorgovereenkomst_id
        OR NEW.zorgverlener_id IS DISTINCT FROM OLD.zorgverlener_id OR NEW.periode <> OLD.periode
        OR NEW.bestandsnaam <> OLD.bestandsnaam OR NEW.inhoud <> OLD.inhoud OR NEW.sha256 <> OLD.sha256
        OR NEW.iban <> OLD.iban OR NEW.ontvangen_op <> OLD.ontvangen_op THEN
        RAISE EXCEPTION 'facturen: the uploaded invoice is fixed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status <> 'ontvangen' OR NEW.status NOT IN ('verwerkt', 'afgewezen') THEN
        RAISE EXCEPTION 'facturen: may not go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER facturen_wijziging BEFORE UPDATE ON facturen
    FOR EACH ROW EXECUTE FUNCTION facturen_wijziging();

-- The SVB enters a factuur as a declaratie straight away: ingevoerd_door
-- 'svb', ingepland (its betaling is planned in the same transaction; the
-- deferred check of 00005 holds it to exactly one), for a budgethouder with
-- an invoice waiting and, under an agreement, only an approved one of that
-- budgethouder and zorgverlener. Concepts stay the budget side's and the
-- zorgverlener's (policy invoeren); this policy adds to it.
CREATE POLICY svb_factuur ON declaraties FOR INSERT WITH CHECK (
    pgb_role() = 'svb' AND ingevoerd_door = 'svb' AND status = 'ingepland' AND ingediend_op IS NOT NULL
    AND EXISTS (SELECT 1 FROM facturen f WHERE f.budgethouder_id = declaraties.budgethouder_id AND f.status = 'ontvangen')
    AND (zorgovereenkomst_id IS NULL OR EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id
        AND z.budgethouder_id = declaraties.budgethouder_id AND z.zorgverlener_id = declaraties.zorgverlener_id
        AND z.status = 'goedgekeurd'))
);

-- +goose Down
DROP POLICY svb_factuur ON declaraties;
DROP TABLE facturen;
DROP FUNCTION facturen_wijziging();
