-- +goose Up
-- Ziek- en zwangerschapsmeldingen. The budget side reports a zorgverlener of
-- one of its approved agreements sick (eerste ziektedag; later the
-- betermelding sets the laatste ziektedag) or on pregnancy leave (start and
-- expected end). For an employee (arbeidsovereenkomst) the SVB arranges the
-- loondoorbetaling: such a melding waits in the SVB's work queue until a
-- medewerker marks it handled, and a betermelding puts it back. Names are
-- copied from the agreement when reported, so every party that may see the
-- melding can read it without seeing the other party's records.
CREATE TABLE meldingen (
    id                  bigserial PRIMARY KEY,
    budgethouder_id     bigint NOT NULL REFERENCES budgethouders,
    zorgovereenkomst_id bigint NOT NULL REFERENCES zorgovereenkomsten,
    zorgverlener_id     bigint NOT NULL REFERENCES zorgverleners,
    soort               text NOT NULL CHECK (soort IN ('ziek', 'zwanger')),
    budgethouder_naam   text NOT NULL DEFAULT '',
    zorgverlener_naam   text NOT NULL DEFAULT '',
    arbeidsovereenkomst boolean NOT NULL,
    begindatum          date NOT NULL,  -- eerste ziektedag, or start of the leave
    einddatum           date,           -- laatste ziektedag (NULL: still sick), or expected end of the leave
    svb_status          text NOT NULL CHECK (svb_status IN ('nvt', 'te_behandelen', 'behandeld')),
    versie              int NOT NULL DEFAULT 1,
    gemeld_op           timestamptz NOT NULL DEFAULT now(),
    beter_gemeld_op     timestamptz,
    behandeld_op        timestamptz,
    behandeld_door      bigint REFERENCES medewerkers,
    CHECK (einddatum IS NULL OR einddatum >= begindatum),
    CHECK (soort = 'ziek' OR einddatum IS NOT NULL),
    CHECK ((svb_status = 'nvt') = NOT arbeidsovereenkomst),
    CHECK ((beter_gemeld_op IS NOT NULL) = (soort = 'ziek' AND einddatum IS NOT NULL))
);
CREATE INDEX meldingen_budgethouder ON meldingen (budgethouder_id, begindatum DESC);
CREATE INDEX meldingen_zorgverlener ON meldingen (zorgverlener_id, begindatum DESC);
CREATE INDEX meldingen_wachtrij ON meldingen (gemeld_op, id) WHERE svb_status = 'te_behandelen';
-- At most one open ziekmelding per zorgverlener of a budgethouder.
CREATE UNIQUE INDEX meldingen_een_open_ziekmelding ON meldingen (budgethouder_id, zorgverlener_id)
    WHERE soort = 'ziek' AND einddatum IS NULL;

-- Need-to-know: the budget side its own, the zorgverlener those about
-- themselves, the SVB all (it pays the loondoorbetaling); never the
-- zorgkantoor. Only the budget side reports, for an approved agreement of its
-- own with that zorgverlener; the budget side reports better, the SVB marks
-- handled (the trigger below keeps each to its part).
ALTER TABLE meldingen ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON meldingen FOR SELECT USING (
    pgb_role() IN ('system', 'svb')
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
);
CREATE POLICY melden ON meldingen FOR INSERT WITH CHECK (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id')
        AND svb_status <> 'behandeld' AND behandeld_op IS NULL
        AND EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id
            AND z.budgethouder_id = meldingen.budgethouder_id AND z.zorgverlener_id = meldingen.zorgverlener_id
            AND z.status = 'goedgekeurd'))
);
CREATE POLICY bijwerken ON meldingen FOR UPDATE
    USING (pgb_role() IN ('system', 'svb')
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id')))
    WITH CHECK (pgb_role() IN ('system', 'svb')
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id')));
CREATE POLICY verwijderen ON meldingen FOR DELETE USING (pgb_role() = 'system');

-- What was reported never changes. The budget side may only add the
-- betermelding to an open ziekmelding (an employee's goes back to the SVB's
-- queue); the SVB may only mark a waiting melding handled.
-- +goose StatementBegin
CREATE FUNCTION meldingen_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wachtrij text := 'nvt';
BEGIN
    IF pgb_role() = 'system' THEN
        RETURN NEW;
    END IF;
    IF NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.zorgovereenkomst_id <> OLD.zorgovereenkomst_id
        OR NEW.zorgverlener_id <> OLD.zorgverlener_id OR NEW.soort <> OLD.soort
        OR NEW.budgethouder_naam <> OLD.budgethouder_naam OR NEW.zorgverlener_naam <> OLD.zorgverlener_naam
        OR NEW.arbeidsovereenkomst <> OLD.arbeidsovereenkomst OR NEW.begindatum <> OLD.begindatum
        OR NEW.gemeld_op <> OLD.gemeld_op OR NEW.versie <> OLD.versie + 1 THEN
        RAISE EXCEPTION 'meldingen: what was reported is fixed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pgb_role() = 'svb' THEN
        IF OLD.svb_status <> 'te_behandelen' OR NEW.svb_status <> 'behandeld' OR NEW.behandeld_op IS NULL
            OR NEW.einddatum IS DISTINCT FROM OLD.einddatum OR NEW.beter_gemeld_op IS DISTINCT FROM OLD.beter_gemeld_op THEN
            RAISE EXCEPTION 'meldingen: the SVB only marks a waiting melding handled' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.arbeidsovereenkomst THEN
        wachtrij := 'te_behandelen';
    END IF;
    IF OLD.soort <> 'ziek' OR OLD.einddatum IS NOT NULL OR NEW.einddatum IS NULL OR NEW.beter_gemeld_op IS NULL
        OR NEW.svb_status <> wachtrij
        OR NEW.behandeld_op IS DISTINCT FROM OLD.behandeld_op OR NEW.behandeld_door IS DISTINCT FROM OLD.behandeld_door THEN
        RAISE EXCEPTION 'meldingen: only a betermelding of an open ziekmelding' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER meldingen_wijziging BEFORE UPDATE ON meldingen
    FOR EACH ROW EXECUTE FUNCTION meldingen_wijziging();

-- +goose Down
DROP TABLE meldingen;
DROP FUNCTION meldingen_wijziging();
