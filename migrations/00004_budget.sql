-- +goose Up
-- The budget ledger. A toekenning holds three amounts: bedrag (granted),
-- gepland (scheduled for payment) and betaald (paid). The CHECK below makes
-- PostgreSQL itself refuse any write that would let gepland + betaald exceed
-- the granted budget; because planning is an UPDATE of that one row
-- (gepland = gepland + x), concurrent submissions queue on the row lock and
-- each sees the others' amounts, so no interleaving can overspend.
ALTER TABLE toekenningen
    ADD COLUMN gepland bigint NOT NULL DEFAULT 0,
    ADD COLUMN betaald bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT toekenningen_binnen_budget CHECK (gepland >= 0 AND betaald >= 0 AND gepland + betaald <= bedrag);

-- One payment run of the SVB: what it paid and the SEPA file it produced.
CREATE TABLE betaalruns (
    id          bigserial PRIMARY KEY,
    gestart_op  timestamptz NOT NULL,
    afgerond_op timestamptz,
    aantal      int NOT NULL DEFAULT 0 CHECK (aantal >= 0),
    totaal      bigint NOT NULL DEFAULT 0 CHECK (totaal >= 0),
    door        bigint REFERENCES medewerkers, -- NULL: the scheduler
    msg_id      text NOT NULL DEFAULT '',
    pain001     bytea                          -- ISO 20022 pain.001.001.03
);
CREATE INDEX betaalruns_gestart ON betaalruns (gestart_op DESC);

-- A payment from a budget: scheduled (ingepland), paid (uitbetaald) by a
-- betaalrun, or withdrawn (ingetrokken) before that.
CREATE TABLE betalingen (
    id                  bigserial PRIMARY KEY,
    budgethouder_id     bigint NOT NULL REFERENCES budgethouders,
    jaar                int NOT NULL,
    zorgverlener_id     bigint REFERENCES zorgverleners,      -- NULL: to the budgethouder's own account (VVB)
    declaratie_id       bigint,                               -- the declaraties table comes later
    zorgovereenkomst_id bigint REFERENCES zorgovereenkomsten,
    soort               text NOT NULL CHECK (soort IN ('declaratie', 'maandloon', 'vvb', 'factuur')),
    periode             date CHECK (extract(day FROM periode) = 1),
    omschrijving        text NOT NULL DEFAULT '',
    bedrag              bigint NOT NULL CHECK (bedrag > 0),
    iban                text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    naam                text NOT NULL CHECK (naam <> ''),
    status              text NOT NULL DEFAULT 'ingepland' CHECK (status IN ('ingepland', 'uitbetaald', 'ingetrokken')),
    ingepland_op        timestamptz NOT NULL DEFAULT now(),
    uitbetaald_op       timestamptz,
    ingetrokken_op      timestamptz,
    betaalrun_id        bigint REFERENCES betaalruns,
    FOREIGN KEY (budgethouder_id, jaar) REFERENCES toekenningen (budgethouder_id, jaar),
    CHECK ((status = 'uitbetaald') = (betaalrun_id IS NOT NULL AND uitbetaald_op IS NOT NULL)),
    CHECK ((status = 'ingetrokken') = (ingetrokken_op IS NOT NULL)),
    CHECK (soort <> 'maandloon' OR (zorgovereenkomst_id IS NOT NULL AND periode IS NOT NULL))
);
-- One maandloon per agreement per month (a withdrawn one does not count).
CREATE UNIQUE INDEX betalingen_maandloon ON betalingen (zorgovereenkomst_id, periode)
    WHERE soort = 'maandloon' AND status <> 'ingetrokken';
CREATE INDEX betalingen_budgethouder ON betalingen (budgethouder_id, jaar, status);
CREATE INDEX betalingen_zorgverlener ON betalingen (zorgverlener_id) WHERE zorgverlener_id IS NOT NULL;
CREATE INDEX betalingen_ingepland ON betalingen (id) WHERE status = 'ingepland';
CREATE INDEX betalingen_betaalrun ON betalingen (betaalrun_id) WHERE betaalrun_id IS NOT NULL;
CREATE INDEX betalingen_declaratie ON betalingen (declaratie_id) WHERE declaratie_id IS NOT NULL;

-- Toekenningen: the zorgkantoor registers for its own region only; the budget
-- side books into its own row through the ledger; the SVB's run pays.
DROP POLICY scope ON toekenningen;
CREATE POLICY lezen ON toekenningen FOR SELECT USING (pgb_budgethouder_visible(budgethouder_id));
CREATE POLICY registreren ON toekenningen FOR INSERT WITH CHECK (
    pgb_role() = 'system'
    OR (pgb_role() = 'zorgkantoor' AND EXISTS (SELECT 1 FROM budgethouders b
        WHERE b.id = budgethouder_id AND b.zorgkantoor_id = pgb_setting('organisatie_id')))
);
CREATE POLICY bijwerken ON toekenningen FOR UPDATE
    USING (pgb_role() IN ('system', 'zorgkantoor', 'budgethouder', 'vertegenwoordiger', 'svb')
        AND pgb_budgethouder_visible(budgethouder_id))
    WITH CHECK (pgb_role() IN ('system', 'zorgkantoor', 'budgethouder', 'vertegenwoordiger', 'svb')
        AND pgb_budgethouder_visible(budgethouder_id));
CREATE POLICY verwijderen ON toekenningen FOR DELETE USING (pgb_role() = 'system');

-- Which columns each party may change: the zorgkantoor the beschikking, never
-- the bookings; the budget side only adds to gepland (withdrawing is the
-- SVB's decision); the SVB only the bookings.
-- +goose StatementBegin
CREATE FUNCTION toekenningen_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r text := pgb_role();
BEGIN
    IF r = 'system' THEN
        RETURN NEW;
    END IF;
    IF NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.jaar <> OLD.jaar OR NEW.geregistreerd_op <> OLD.geregistreerd_op THEN
        RAISE EXCEPTION 'toekenningen: budgethouder, jaar and geregistreerd_op are fixed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF r = 'zorgkantoor' THEN
        IF NEW.gepland <> OLD.gepland OR NEW.betaald <> OLD.betaald THEN
            RAISE EXCEPTION 'toekenningen: the zorgkantoor does not book payments' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF r IN ('budgethouder', 'vertegenwoordiger') THEN
        IF NEW.bedrag <> OLD.bedrag OR NEW.ingangsdatum <> OLD.ingangsdatum OR NEW.zorgprofiel <> OLD.zorgprofiel
            OR NEW.betaald <> OLD.betaald OR NEW.gepland < OLD.gepland THEN
            RAISE EXCEPTION 'toekenningen: the budget side may only plan payments' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF r = 'svb' THEN
        IF NEW.bedrag <> OLD.bedrag OR NEW.ingangsdatum <> OLD.ingangsdatum OR NEW.zorgprofiel <> OLD.zorgprofiel THEN
            RAISE EXCEPTION 'toekenningen: the SVB does not change a beschikking' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        RAISE EXCEPTION 'toekenningen: not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER toekenningen_wijziging BEFORE UPDATE ON toekenningen
    FOR EACH ROW EXECUTE FUNCTION toekenningen_wijziging();

-- A payment changes state once: from ingepland to uitbetaald or ingetrokken;
-- whose it is and how much never changes.
-- +goose StatementBegin
CREATE FUNCTION betalingen_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'ingepland' OR NEW.status NOT IN ('uitbetaald', 'ingetrokken')
        OR NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.jaar <> OLD.jaar OR NEW.bedrag <> OLD.bedrag
        OR NEW.soort <> OLD.soort THEN
        RAISE EXCEPTION 'betalingen: % → % or a change of amount or owner is not allowed', OLD.status, NEW.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

-- The ledger balances: at commit, gepland and betaald of every toekenning a
-- transaction touched equal the sums of its ingeplande and uitbetaalde
-- betalingen. A booking that skips the ledger (or half of it) cannot commit.
CREATE FUNCTION pgb_grootboek_klopt() RETURNS trigger
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
CREATE TRIGGER betalingen_wijziging BEFORE UPDATE ON betalingen
    FOR EACH ROW EXECUTE FUNCTION betalingen_wijziging();
CREATE CONSTRAINT TRIGGER betalingen_grootboek AFTER INSERT OR UPDATE ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgb_grootboek_klopt();
CREATE CONSTRAINT TRIGGER toekenningen_grootboek AFTER UPDATE OF gepland, betaald ON toekenningen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgb_grootboek_klopt();
REVOKE ALL ON FUNCTION pgb_grootboek_klopt() FROM PUBLIC;

-- Need-to-know: the budget side sees its own payments, a zorgverlener only
-- the payments to itself (never the budget), a zorgkantoor its region, the
-- SVB everything. Planning is done by the budget side (declaraties), the SVB
-- (invoices, postal declaraties) and the portal (maandlonen); only the SVB
-- and the portal change a payment's state.
ALTER TABLE betalingen ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON betalingen FOR SELECT USING (
    pgb_budgethouder_visible(budgethouder_id)
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
);
CREATE POLICY inplannen ON betalingen FOR INSERT WITH CHECK (
    pgb_role() IN ('system', 'svb', 'budgethouder', 'vertegenwoordiger')
    AND pgb_budgethouder_visible(budgethouder_id)
    AND status = 'ingepland'
);
CREATE POLICY verwerken ON betalingen FOR UPDATE
    USING (pgb_role() IN ('system', 'svb'))
    WITH CHECK (pgb_role() IN ('system', 'svb'));

ALTER TABLE betaalruns ENABLE ROW LEVEL SECURITY;
CREATE POLICY svb ON betaalruns USING (pgb_role() IN ('system', 'svb'));

-- +goose Down
DROP TABLE betalingen, betaalruns;
DROP FUNCTION betalingen_wijziging();
DROP TRIGGER toekenningen_grootboek ON toekenningen;
DROP FUNCTION pgb_grootboek_klopt();
DROP TRIGGER toekenningen_wijziging ON toekenningen;
DROP FUNCTION toekenningen_wijziging();
DROP POLICY verwijderen ON toekenningen;
DROP POLICY bijwerken ON toekenningen;
DROP POLICY registreren ON toekenningen;
DROP POLICY lezen ON toekenningen;
CREATE POLICY scope ON toekenningen USING (pgb_budgethouder_visible(budgethouder_id));
ALTER TABLE toekenningen DROP CONSTRAINT toekenningen_binnen_budget, DROP COLUMN betaald, DROP COLUMN gepland;
