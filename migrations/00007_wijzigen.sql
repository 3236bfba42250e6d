-- +goose Up
-- Wijzigen, verlengen and beëindigen of an approved agreement.
--
-- The approved agreement keeps its row: declaraties, betalingen and
-- maandlonen stay attached to it, and its inhoud is always the newest
-- version that took effect (so its looptijd is the one that counts). A
-- change is a row of its own (wijziging_van = the agreement) that runs
-- through the same steps as a new agreement: concept, gedeeld, signatures
-- (its own handtekeningen), and when needed the zorgkantoor. Once it takes
-- effect it becomes "doorgevoerd" and its content is recorded as a version
-- that governs from its date "per" (always the first day of a month).
ALTER TABLE zorgovereenkomsten DROP CONSTRAINT zorgovereenkomsten_status_check;
ALTER TABLE zorgovereenkomsten ADD CONSTRAINT zorgovereenkomsten_status_check CHECK (status IN ('concept', 'gedeeld',
    'ondertekend_zorgverlener', 'ter_beoordeling', 'goedgekeurd', 'afgekeurd', 'aanvulling_gevraagd', 'doorgevoerd'));
ALTER TABLE zorgovereenkomsten
    ADD COLUMN wijziging_van   bigint REFERENCES zorgovereenkomsten,
    ADD COLUMN soort_wijziging text CHECK (soort_wijziging IN ('wijziging', 'verlenging', 'beeindiging')),
    ADD COLUMN per             date CHECK (extract(day FROM per) = 1),
    ADD COLUMN onenigheid      text NOT NULL DEFAULT '',  -- the zorgverlener disagrees with a beëindiging
    ADD CONSTRAINT zorgovereenkomsten_wijziging CHECK (
        (wijziging_van IS NULL) = (soort_wijziging IS NULL) AND (wijziging_van IS NULL) = (per IS NULL)),
    ADD CONSTRAINT zorgovereenkomsten_doorgevoerd CHECK (status <> 'doorgevoerd' OR wijziging_van IS NOT NULL);
-- At most one change of an agreement is under way at a time.
CREATE UNIQUE INDEX zorgovereenkomsten_een_lopende_wijziging ON zorgovereenkomsten (wijziging_van)
    WHERE wijziging_van IS NOT NULL AND status IN ('concept', 'gedeeld', 'ondertekend_zorgverlener', 'ter_beoordeling', 'aanvulling_gevraagd');
-- An agreement's page lists all its changes.
CREATE INDEX zorgovereenkomsten_wijzigingen ON zorgovereenkomsten (wijziging_van) WHERE wijziging_van IS NOT NULL;

-- The versions of an agreement that took effect, each from its date vanaf.
-- Version 1 is the content the zorgkantoor first approved; it is recorded
-- when the first change takes effect.
CREATE TABLE zorgovereenkomst_versies (
    id                  bigserial PRIMARY KEY,
    zorgovereenkomst_id bigint NOT NULL REFERENCES zorgovereenkomsten ON DELETE CASCADE,
    nummer              int NOT NULL CHECK (nummer >= 1),
    vanaf               date NOT NULL,
    inhoud              jsonb NOT NULL,
    wijziging_id        bigint REFERENCES zorgovereenkomsten,  -- NULL for version 1
    vastgesteld_op      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (zorgovereenkomst_id, nummer),
    CHECK ((nummer = 1) = (wijziging_id IS NULL))
);
ALTER TABLE zorgovereenkomst_versies ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON zorgovereenkomst_versies USING (
    EXISTS (SELECT 1 FROM zorgovereenkomsten z WHERE z.id = zorgovereenkomst_id));
-- Versions are history: nobody changes or removes one.
REVOKE UPDATE, DELETE ON zorgovereenkomst_versies FROM pgb_app;

-- A zorgverlener who disagrees with a beëindiging routes it to the
-- budgethouder's zorgkantoor without seeing the budgethouder's records: this
-- returns only that zorgkantoor's id, and only to a party of the agreement.
-- +goose StatementBegin
CREATE FUNCTION pgb_zorgkantoor_van(p_zov bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT b.zorgkantoor_id FROM zorgovereenkomsten z JOIN budgethouders b ON b.id = z.budgethouder_id
    WHERE z.id = p_zov AND (pgb_role() = 'system'
        OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND z.budgethouder_id = pgb_setting('budgethouder_id'))
        OR (pgb_role() = 'zorgverlener' AND z.zorgverlener_id = pgb_setting('zorgverlener_id'))
        OR (pgb_role() = 'zorgkantoor' AND b.zorgkantoor_id = pgb_setting('organisatie_id')))
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_zorgkantoor_van(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgb_zorgkantoor_van(bigint) TO pgb_app;

-- +goose Down
DROP FUNCTION pgb_zorgkantoor_van(bigint);
DROP TABLE zorgovereenkomst_versies;
DROP INDEX zorgovereenkomsten_een_lopende_wijziging;
ALTER TABLE zorgovereenkomsten DROP CONSTRAINT zorgovereenkomsten_doorgevoerd, DROP CONSTRAINT zorgovereenkomsten_wijziging,
    DROP COLUMN onenigheid, DROP COLUMN per, DROP COLUMN soort_wijziging, DROP COLUMN wijziging_van;
ALTER TABLE zorgovereenkomsten DROP CONSTRAINT zorgovereenkomsten_status_check;
ALTER TABLE zorgovereenkomsten ADD CONSTRAINT zorgovereenkomsten_status_check CHECK (status IN ('concept', 'gedeeld',
    'ondertekend_zorgverlener', 'ter_beoordeling', 'goedgekeurd', 'afgekeurd', 'aanvulling_gevraagd'));
