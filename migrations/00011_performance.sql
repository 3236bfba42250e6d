-- +goose Up
-- Performance at national scale (150,000 budgethouders, millions of
-- betalingen).
--
-- 1. The ledger check, set-wise. pgb_grootboek_klopt ran once per changed
-- betaling at commit, summing that budget's betalingen each time: a
-- betaalrun of a million betalingen did a million such sums. Now each
-- statement that writes betalingen (or gepland/betaald of toekenningen)
-- notes the budgets it touched, in a transaction-local table; the first
-- deferred check of the transaction checks all noted budgets at once and
-- clears the note, later checks find nothing noted and return. What is
-- checked is unchanged: at commit, gepland and betaald of every touched
-- toekenning equal the sums of its ingeplande and uitbetaalde betalingen.
-- A check that fires early (SET CONSTRAINTS ... IMMEDIATE) clears only what
-- it checked; statements after it note again.
-- +goose StatementBegin
CREATE FUNCTION pgb_grootboek_noteer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF to_regclass('pg_temp.pgb_grootboek_te_controleren') IS NULL THEN
        CREATE TEMP TABLE pgb_grootboek_te_controleren (
            budgethouder_id bigint NOT NULL,
            jaar int NOT NULL,
            PRIMARY KEY (budgethouder_id, jaar)
        ) ON COMMIT DELETE ROWS;
    END IF;
    INSERT INTO pg_temp.pgb_grootboek_te_controleren
        SELECT DISTINCT budgethouder_id, jaar FROM nieuw
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pgb_grootboek_klopt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    t record;
BEGIN
    IF to_regclass('pg_temp.pgb_grootboek_te_controleren') IS NULL
        OR NOT EXISTS (SELECT 1 FROM pg_temp.pgb_grootboek_te_controleren) THEN
        RETURN NULL;
    END IF;
    SELECT tk.budgethouder_id, tk.jaar, tk.gepland, tk.betaald, s.som_gepland, s.som_betaald INTO t
    FROM pg_temp.pgb_grootboek_te_controleren c
    JOIN toekenningen tk ON tk.budgethouder_id = c.budgethouder_id AND tk.jaar = c.jaar
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(b.bedrag) FILTER (WHERE b.status = 'ingepland'), 0) AS som_gepland,
            coalesce(sum(b.bedrag) FILTER (WHERE b.status = 'uitbetaald'), 0) AS som_betaald
        FROM betalingen b WHERE b.budgethouder_id = c.budgethouder_id AND b.jaar = c.jaar
    ) s
    WHERE tk.gepland <> s.som_gepland OR tk.betaald <> s.som_betaald
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'grootboek: toekenning % / % has gepland % betaald %, betalingen add up to % and %',
            t.budgethouder_id, t.jaar, t.gepland, t.betaald, t.som_gepland, t.som_betaald
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    TRUNCATE pg_temp.pgb_grootboek_te_controleren;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_grootboek_noteer() FROM PUBLIC;
CREATE TRIGGER betalingen_grootboek_noteer_insert AFTER INSERT ON betalingen
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_grootboek_noteer();
-- Whose a betaling is never changes (betalingen_wijziging): the new rows name the budgets.
CREATE TRIGGER betalingen_grootboek_noteer_update AFTER UPDATE ON betalingen
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_grootboek_noteer();
CREATE TRIGGER toekenningen_grootboek_noteer AFTER UPDATE ON toekenningen
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_grootboek_noteer();

-- 2. A betaling paid by the betaalrun (ingepland → uitbetaald, same
-- declaratie) keeps its declaratie's count of planned-or-paid betalingen:
-- nothing to check. Every other insert or change of status still is.
DROP TRIGGER betalingen_declaratie_klopt ON betalingen;
CREATE CONSTRAINT TRIGGER betalingen_declaratie_klopt AFTER INSERT ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.declaratie_id IS NOT NULL)
    EXECUTE FUNCTION betalingen_declaratie_klopt();
CREATE CONSTRAINT TRIGGER betalingen_declaratie_klopt_status AFTER UPDATE OF status ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.declaratie_id IS NOT NULL AND NOT (OLD.status = 'ingepland' AND NEW.status = 'uitbetaald'
        AND OLD.declaratie_id IS NOT DISTINCT FROM NEW.declaratie_id))
    EXECUTE FUNCTION betalingen_declaratie_klopt();

-- 3. The zorgkantoor's queue. The scope policy asks pgb_budgethouder_visible,
-- one lookup per row, for every agreement ter beoordeling in the country
-- before the query can drop those outside the region. This restrictive
-- policy says what that policy already implies for a zorgkantoor (only its
-- own region) as a set computed once per query, so the rows of other
-- regions are dropped by a hash lookup first. For every other party it is
-- true.
-- +goose StatementBegin
CREATE FUNCTION pgb_zorgkantoor_budgethouders() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id FROM budgethouders WHERE pgb_role() = 'zorgkantoor' AND zorgkantoor_id = pgb_setting('organisatie_id')
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_zorgkantoor_budgethouders() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgb_zorgkantoor_budgethouders() TO pgb_app;
CREATE POLICY regio ON zorgovereenkomsten AS RESTRICTIVE
    USING (pgb_role() <> 'zorgkantoor' OR budgethouder_id IN (SELECT pgb_zorgkantoor_budgethouders()));

-- +goose Down
DROP POLICY regio ON zorgovereenkomsten;
DROP FUNCTION pgb_zorgkantoor_budgethouders();
DROP TRIGGER betalingen_declaratie_klopt_status ON betalingen;
DROP TRIGGER betalingen_declaratie_klopt ON betalingen;
CREATE CONSTRAINT TRIGGER betalingen_declaratie_klopt AFTER INSERT OR UPDATE OF status ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION betalingen_declaratie_klopt();
DROP TRIGGER toekenningen_grootboek_noteer ON toekenningen;
DROP TRIGGER betalingen_grootboek_noteer_update ON betalingen;
DROP TRIGGER betalingen_grootboek_noteer_insert ON betalingen;
DROP FUNCTION pgb_grootboek_noteer();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION pgb_grootboek_klopt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    t record;
BEGIN
    SELECT tk.gepland, tk.betaald,
        coalesce((SELECT sum(b.bedrag) FROM betalingen b WHERE b.budgethouder_id = tk.budgethouder_id
            AND b.jaar = tk.jaar AND b.status = 'ingepland'), 0) AS som_gepland,
        coalesce((SELECT sum(b.bedrag) FROM betalingen b WHERE b.budgethouder_id = tk.budgethouder_id
            AND b.jaar = tk.jaar AND b.status = 'uitbetaald'), 0) AS som_betaald
    INTO t FROM toekenningen tk WHERE tk.budgethouder_id = NEW.budgethouder_id AND tk.jaar = NEW.jaar;
    IF FOUND AND (t.gepland <> t.som_gepland OR t.betaald <> t.som_betaald) THEN
        RAISE EXCEPTION 'grootboek: toekenning % / % has gepland % betaald %, betalingen add up to % and %',
            NEW.budgethouder_id, NEW.jaar, t.gepland, t.betaald, t.som_gepland, t.som_betaald
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
