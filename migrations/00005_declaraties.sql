-- +goose Up
-- Declaraties: what a budgethouder (or the zorgverlener, for approval) claims
-- from the budget, and their way from concept to payment. "uitbetaald" is
-- never written here: the portal reads it from the linked betaling, which the
-- SVB's betaalrun pays, so the betaalrun needs to know nothing of declaraties.
-- Every party that may see a declaratie may also see its betaling.
CREATE TABLE declaraties (
    id                  bigserial PRIMARY KEY,
    budgethouder_id     bigint NOT NULL REFERENCES budgethouders,
    zorgovereenkomst_id bigint REFERENCES zorgovereenkomsten,  -- NULL: VVB, factuur reiskosten budgethouder
    zorgverlener_id     bigint REFERENCES zorgverleners,       -- NULL: paid to the budgethouder's own account
    soort               text NOT NULL CHECK (soort IN ('zorg', 'reiskosten_budgethouder', 'bijkomende_kosten', 'feestdagen', 'vvb')),
    periode             date NOT NULL CHECK (extract(day FROM periode) = 1),
    status              text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'ter_beoordeling', 'afgekeurd',
                            'ingepland', 'intrekking_aangevraagd', 'ingetrokken', 'uitbetaald')),
    ingevoerd_door      text NOT NULL CHECK (ingevoerd_door IN ('budgethouder', 'zorgverlener', 'svb')),
    regels              jsonb NOT NULL DEFAULT '[]',   -- day entries (geleverde zorg)
    totaal              bigint NOT NULL DEFAULT 0 CHECK (totaal >= 0),  -- cents, computed by the portal
    naar_waarheid       boolean NOT NULL DEFAULT false,
    notitie             text NOT NULL DEFAULT '',      -- the budgethouder's reason for a rejection
    omschrijving        text NOT NULL DEFAULT '',
    iban                text NOT NULL DEFAULT '',      -- the budgethouder's own account (VVB, reiskosten budgethouder)
    versie              int NOT NULL DEFAULT 1,
    aangemaakt_op       timestamptz NOT NULL DEFAULT now(),
    gewijzigd_op        timestamptz NOT NULL DEFAULT now(),
    ingediend_op        timestamptz,
    CHECK (CASE WHEN soort IN ('zorg', 'bijkomende_kosten', 'feestdagen')
        THEN zorgovereenkomst_id IS NOT NULL AND zorgverlener_id IS NOT NULL
        ELSE zorgovereenkomst_id IS NULL AND zorgverlener_id IS NULL END),
    CHECK (ingevoerd_door <> 'zorgverlener' OR soort = 'zorg'),
    CHECK (status IN ('concept', 'afgekeurd', 'ingetrokken') OR totaal > 0),
    CHECK (status IN ('concept', 'ter_beoordeling', 'afgekeurd') OR ingediend_op IS NOT NULL)
);
-- One declaratie of geleverde zorg per agreement per month; a withdrawn one
-- makes room for a new one. The index also settles two simultaneous submissions.
CREATE UNIQUE INDEX declaraties_een_per_maand ON declaraties (zorgovereenkomst_id, periode)
    WHERE soort = 'zorg' AND status <> 'ingetrokken';
CREATE INDEX declaraties_budgethouder ON declaraties (budgethouder_id, periode DESC);
CREATE INDEX declaraties_zorgverlener ON declaraties (zorgverlener_id, periode DESC) WHERE zorgverlener_id IS NOT NULL;
CREATE INDEX declaraties_intrekkingen ON declaraties (gewijzigd_op) WHERE status = 'intrekking_aangevraagd';

ALTER TABLE betalingen ADD CONSTRAINT betalingen_declaratie_fk FOREIGN KEY (declaratie_id) REFERENCES declaraties;
-- A declaratie is paid at most once: one betaling that is not withdrawn.
CREATE UNIQUE INDEX betalingen_een_per_declaratie ON betalingen (declaratie_id)
    WHERE declaratie_id IS NOT NULL AND status <> 'ingetrokken';

-- Need-to-know. The budget side sees all of its own; a zorgverlener only
-- declaraties for itself that it entered or that were submitted; the SVB
-- everything submitted; a zorgkantoor what was submitted in its region.
ALTER TABLE declaraties ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON declaraties FOR SELECT USING (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id')
        AND (ingevoerd_door = 'zorgverlener' OR status <> 'concept'))
    OR (pgb_role() = 'svb' AND status <> 'concept')
    OR (pgb_role() = 'zorgkantoor' AND status <> 'concept' AND pgb_budgethouder_visible(budgethouder_id))
);
-- Drafting: the budget side for its own budget, a zorgverlener only for an
-- approved agreement of its own with that budgethouder (the agreement must be
-- visible to it, which row-level security on zorgovereenkomsten decides).
CREATE POLICY invoeren ON declaraties FOR INSERT WITH CHECK (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id')
        AND ingevoerd_door = 'budgethouder' AND status = 'concept'
        AND (zorgovereenkomst_id IS NULL OR EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id
            AND z.budgethouder_id = declaraties.budgethouder_id AND z.zorgverlener_id = declaraties.zorgverlener_id
            AND z.status = 'goedgekeurd')))
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id')
        AND ingevoerd_door = 'zorgverlener' AND status = 'concept'
        AND EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id
            AND z.budgethouder_id = declaraties.budgethouder_id AND z.zorgverlener_id = declaraties.zorgverlener_id
            AND z.status = 'goedgekeurd'))
);
CREATE POLICY wijzigen ON declaraties FOR UPDATE
    USING (pgb_role() = 'system'
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
        OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id') AND ingevoerd_door = 'zorgverlener')
        OR (pgb_role() = 'svb' AND status = 'intrekking_aangevraagd'))
    WITH CHECK (pgb_role() = 'system'
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
        OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id') AND ingevoerd_door = 'zorgverlener')
        OR pgb_role() = 'svb');
CREATE POLICY verwijderen ON declaraties FOR DELETE USING (pgb_role() = 'system');

-- The state machine, also for whoever bypasses the service: which party may
-- move a declaratie from which state to which, and that whose it is, its
-- kind and its month never change. A zorgverlener can never plan a payment:
-- only the budget side can, and only for its own concept or after the
-- zorgverlener sent it for approval.
-- +goose StatementBegin
CREATE FUNCTION declaraties_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r text := pgb_role();
    ok boolean;
    invoerder boolean; -- the acting party is the one that entered it
BEGIN
    IF r = 'system' THEN
        RETURN NEW;
    END IF;
    IF NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.zorgovereenkomst_id IS DISTINCT FROM OLD.zorgovereenkomst_id
        OR NEW.zorgverlener_id IS DISTINCT FROM OLD.zorgverlener_id OR NEW.soort <> OLD.soort
        OR NEW.periode <> OLD.periode OR NEW.ingevoerd_door <> OLD.ingevoerd_door OR NEW.aangemaakt_op <> OLD.aangemaakt_op THEN
        RAISE EXCEPTION 'declaraties: budgethouder, agreement, soort and periode are fixed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    invoerder := (r IN ('budgethouder', 'vertegenwoordiger') AND OLD.ingevoerd_door = 'budgethouder')
        OR (r = 'zorgverlener' AND OLD.ingevoerd_door = 'zorgverlener');
    ok := CASE
        WHEN r IN ('budgethouder', 'vertegenwoordiger') THEN
            (invoerder AND OLD.status = 'concept' AND NEW.status IN ('concept', 'ingepland'))
            OR (OLD.status = 'ter_beoordeling' AND NEW.status IN ('ingepland', 'afgekeurd'))
            OR (OLD.status = 'ingepland' AND NEW.status = 'intrekking_aangevraagd')
        WHEN r = 'zorgverlener' THEN
            invoerder AND OLD.status IN ('concept', 'afgekeurd') AND NEW.status IN (OLD.status, 'ter_beoordeling')
        WHEN r = 'svb' THEN
            OLD.status = 'intrekking_aangevraagd' AND NEW.status IN ('ingetrokken', 'ingepland')
        ELSE false
    END;
    IF NOT ok THEN
        RAISE EXCEPTION 'declaraties: % may not go from % to %', r, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The content is the entering party's, and only while it is theirs to edit.
    IF (NEW.regels <> OLD.regels OR NEW.omschrijving <> OLD.omschrijving OR NEW.iban <> OLD.iban OR NEW.totaal <> OLD.totaal)
        AND NOT (invoerder AND OLD.status IN ('concept', 'afgekeurd')) THEN
        RAISE EXCEPTION 'declaraties: the content is changed only by who entered it, while it is a concept' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

-- The states and the payments agree, at commit: an ingeplande declaratie (or
-- one whose withdrawal is asked) has exactly one betaling that is planned or
-- paid; any other has none. So no declaratie is paid that was not submitted
-- or approved by the budget side, and none is submitted without its payment.
CREATE FUNCTION pgb_declaratie_betaling_klopt(d_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    st text;
    n int;
BEGIN
    SELECT status INTO st FROM declaraties WHERE id = d_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT count(*) INTO n FROM betalingen WHERE declaratie_id = d_id AND status IN ('ingepland', 'uitbetaald');
    IF (st IN ('ingepland', 'intrekking_aangevraagd', 'uitbetaald')) <> (n = 1) OR n > 1 THEN
        RAISE EXCEPTION 'declaratie %: status % with % planned or paid betalingen', d_id, st, n
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END
$$;

-- The trigger functions run as their owner, who alone may call the check.
CREATE FUNCTION declaraties_betaling_klopt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM pgb_declaratie_betaling_klopt(NEW.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION betalingen_declaratie_klopt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF NEW.declaratie_id IS NOT NULL THEN
        PERFORM pgb_declaratie_betaling_klopt(NEW.declaratie_id);
    END IF;
    RETURN NULL;
END
$$;

-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_declaratie_betaling_klopt(bigint) FROM PUBLIC;
CREATE TRIGGER declaraties_wijziging BEFORE UPDATE ON declaraties
    FOR EACH ROW EXECUTE FUNCTION declaraties_wijziging();
CREATE CONSTRAINT TRIGGER declaraties_betaling_klopt AFTER INSERT OR UPDATE OF status ON declaraties
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION declaraties_betaling_klopt();
CREATE CONSTRAINT TRIGGER betalingen_declaratie_klopt AFTER INSERT OR UPDATE OF status ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION betalingen_declaratie_klopt();

-- +goose Down
DROP TRIGGER betalingen_declaratie_klopt ON betalingen;
DROP INDEX betalingen_een_per_declaratie;
ALTER TABLE betalingen DROP CONSTRAINT betalingen_declaratie_fk;
DROP TABLE declaraties;
DROP FUNCTION betalingen_declaratie_klopt();
DROP FUNCTION declaraties_betaling_klopt();
DROP FUNCTION declaraties_wijziging();
DROP FUNCTION pgb_declaratie_betaling_klopt(bigint);
