-- +goose Up
-- The betaalrun at national scale: a million betalingen in one run. The run
-- is a few set-wise statements (internal/betaalrun); what made each of its
-- rows expensive was the work the schema did per row. Every check below still
-- refuses what it refused; it is only done once per statement, or only for a
-- row that breaks it.

-- 1. A betaling changes state once, and never its owner or amount. The
-- condition is now the trigger's WHEN (evaluated inline, no function call);
-- the function only runs, and refuses, for a row that breaks it.
DROP TRIGGER betalingen_wijziging ON betalingen;
CREATE TRIGGER betalingen_wijziging BEFORE UPDATE ON betalingen FOR EACH ROW
    WHEN (OLD.status <> 'ingepland' OR NEW.status NOT IN ('uitbetaald', 'ingetrokken')
        OR NEW.budgethouder_id <> OLD.budgethouder_id OR NEW.jaar <> OLD.jaar OR NEW.bedrag <> OLD.bedrag
        OR NEW.soort <> OLD.soort)
    EXECUTE FUNCTION betalingen_wijziging();

-- Toekenningen: the portal itself (role system) may change any column; the
-- function returns at once for it, so it is not called for it at all.
DROP TRIGGER toekenningen_wijziging ON toekenningen;
CREATE TRIGGER toekenningen_wijziging BEFORE UPDATE ON toekenningen FOR EACH ROW
    WHEN (pgb_role() <> 'system')
    EXECUTE FUNCTION toekenningen_wijziging();

-- 2. The ledger check at commit. Since 00011 it checks every budget the
-- transaction touched at once (the statements note them), but the deferred
-- constraint triggers were still queued for every changed row, and each of
-- those calls at commit looked for notes and returned: a million calls for a
-- million betalingen. Now a row queues the check only while none is pending
-- in the transaction (pgb.grootboek_wacht, a transaction-local setting, says
-- one is); the check clears that when it runs, so a statement after an early
-- check (SET CONSTRAINTS ... IMMEDIATE) queues a new one. A rolled-back
-- savepoint takes its queued check, its notes and the setting back together.
-- +goose StatementBegin
CREATE FUNCTION pgb_grootboek_wacht() RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    SELECT set_config('pgb.grootboek_wacht', 'ja', true) = 'ja'
$$;

CREATE OR REPLACE FUNCTION pgb_grootboek_klopt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    t record;
BEGIN
    PERFORM set_config('pgb.grootboek_wacht', '', true);
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
DROP TRIGGER betalingen_grootboek ON betalingen;
CREATE CONSTRAINT TRIGGER betalingen_grootboek AFTER INSERT OR UPDATE ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (current_setting('pgb.grootboek_wacht', true) IS DISTINCT FROM 'ja' AND pgb_grootboek_wacht())
    EXECUTE FUNCTION pgb_grootboek_klopt();
DROP TRIGGER toekenningen_grootboek ON toekenningen;
CREATE CONSTRAINT TRIGGER toekenningen_grootboek AFTER UPDATE OF gepland, betaald ON toekenningen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (current_setting('pgb.grootboek_wacht', true) IS DISTINCT FROM 'ja' AND pgb_grootboek_wacht())
    EXECUTE FUNCTION pgb_grootboek_klopt();

-- 3. betalingen.betaalrun_id names an existing betaalrun. The foreign key
-- checked that with a lookup per row; a statement now checks the distinct
-- runs its rows name, once. A betaalrun is never deleted and keeps its id, so
-- a reference cannot dangle later (what the key's delete side guarded).
ALTER TABLE betalingen DROP CONSTRAINT betalingen_betaalrun_id_fkey;
-- +goose StatementBegin
CREATE FUNCTION pgb_betalingen_betaalrun_bestaat() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    ontbreekt bigint;
BEGIN
    SELECT n.betaalrun_id INTO ontbreekt
    FROM (SELECT DISTINCT betaalrun_id FROM nieuw WHERE betaalrun_id IS NOT NULL) n
    WHERE NOT EXISTS (SELECT 1 FROM betaalruns r WHERE r.id = n.betaalrun_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'betalingen: betaalrun % does not exist', ontbreekt
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION pgb_betaalruns_blijven() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'betaalruns: a betaalrun is never deleted nor renumbered'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_betalingen_betaalrun_bestaat() FROM PUBLIC;
CREATE TRIGGER betalingen_betaalrun_bestaat_insert AFTER INSERT ON betalingen
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_betalingen_betaalrun_bestaat();
CREATE TRIGGER betalingen_betaalrun_bestaat_update AFTER UPDATE ON betalingen
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_betalingen_betaalrun_bestaat();
CREATE TRIGGER betaalruns_blijven BEFORE DELETE OR TRUNCATE ON betaalruns
    FOR EACH STATEMENT EXECUTE FUNCTION pgb_betaalruns_blijven();
CREATE TRIGGER betaalruns_id_blijft BEFORE UPDATE OF id ON betaalruns FOR EACH ROW
    WHEN (NEW.id <> OLD.id) EXECUTE FUNCTION pgb_betaalruns_blijven();

-- 4. Row-level security asked pgb_budgethouder_visible (a function call: it
-- cannot be inlined) for every betaling and toekenning the run reads or
-- changes, though for the SVB and the portal it is always true. The policies
-- now say that first, so the call is made only for the other parties. Who
-- may see and change what is unchanged.
DROP POLICY lezen ON betalingen;
CREATE POLICY lezen ON betalingen FOR SELECT USING (
    pgb_role() IN ('system', 'svb')
    OR pgb_budgethouder_visible(budgethouder_id)
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
);
DROP POLICY lezen ON toekenningen;
CREATE POLICY lezen ON toekenningen FOR SELECT USING (
    pgb_role() IN ('system', 'svb') OR pgb_budgethouder_visible(budgethouder_id)
);
DROP POLICY bijwerken ON toekenningen;
CREATE POLICY bijwerken ON toekenningen FOR UPDATE
    USING (pgb_role() IN ('system', 'svb')
        OR (pgb_role() IN ('zorgkantoor', 'budgethouder', 'vertegenwoordiger') AND pgb_budgethouder_visible(budgethouder_id)))
    WITH CHECK (pgb_role() IN ('system', 'svb')
        OR (pgb_role() IN ('zorgkantoor', 'budgethouder', 'vertegenwoordiger') AND pgb_budgethouder_visible(budgethouder_id)));

-- 5. E-mail notifications, once per statement instead of once per bericht:
-- every address that is to be told of one or more of the statement's
-- berichten gets one outbox row (for the first of them), so one e-mail saying
-- a bericht is waiting. For a statement that stores one bericht (every action
-- but the betaalrun) that is what it was; the betaalrun stores a bericht per
-- betaling, and a zorgverlener paid for 400 declaraties now gets one e-mail,
-- not 400 identical ones. Who is told is unchanged: the budgethouder (unless
-- a wettelijk vertegenwoordiger manages the pgb), whoever manages the pgb,
-- and the zorgverlener's own profile or person; only with preference
-- digitaal. The recipients are gathered first, so each way a profile can
-- belong to one is one join over the distinct recipients.
DROP TRIGGER berichten_email ON berichten;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION berichten_email() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    INSERT INTO email_outbox (bericht_id, adres)
    WITH ontvangers AS (
        SELECT budgethouder_id, zorgverlener_id, min(id) AS bericht_id FROM nieuw
        WHERE budgethouder_id IS NOT NULL OR zorgverlener_id IS NOT NULL GROUP BY budgethouder_id, zorgverlener_id
    ), bh AS (
        SELECT budgethouder_id, bericht_id FROM ontvangers WHERE budgethouder_id IS NOT NULL
    ), zv AS (
        SELECT zorgverlener_id, bericht_id FROM ontvangers WHERE zorgverlener_id IS NOT NULL
    ), adressen AS (
        SELECT bh.bericht_id, p.email, p.voorkeur
        FROM bh JOIN budgethouders b ON b.id = bh.budgethouder_id JOIN profielen p ON p.persoon_id = b.persoon_id
        WHERE NOT EXISTS (SELECT 1 FROM vertegenwoordigingen v WHERE v.budgethouder_id = b.id AND v.soort = 'wettelijk')
        UNION ALL
        SELECT bh.bericht_id, p.email, p.voorkeur
        FROM bh JOIN vertegenwoordigingen v ON v.budgethouder_id = bh.budgethouder_id JOIN profielen p ON p.persoon_id = v.persoon_id
        UNION ALL
        SELECT zv.bericht_id, p.email, p.voorkeur
        FROM zv JOIN profielen p ON p.zorgverlener_id = zv.zorgverlener_id
        UNION ALL
        SELECT zv.bericht_id, p.email, p.voorkeur
        FROM zv JOIN zorgverleners z ON z.id = zv.zorgverlener_id JOIN profielen p ON p.persoon_id = z.persoon_id
    )
    SELECT min(bericht_id), email FROM adressen
    WHERE voorkeur = 'digitaal' AND email <> ''
    GROUP BY email;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER berichten_email AFTER INSERT ON berichten
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION berichten_email();

-- 5a. An outbox row names its bericht. The foreign key looked each one up
-- and locked it (FOR KEY SHARE): a lookup and a row lock per e-mail, of a
-- bericht the same statement had just stored. A statement now checks that
-- the berichten it names exist, and locks only those another transaction
-- stored (one stored by this transaction cannot be deleted by anyone else
-- before it commits, and these are all the trigger above names). Deleting a
-- bericht deletes its outbox rows (the key's ON DELETE CASCADE); a bericht
-- keeps its id.
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_bericht_id_fkey;
-- +goose StatementBegin
CREATE FUNCTION pgb_email_outbox_bericht_bestaat() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    ids bigint[];
    gevonden int;
BEGIN
    SELECT array_agg(DISTINCT bericht_id) INTO ids FROM nieuw;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM berichten WHERE id = ANY (ids) AND xmin <> pg_current_xact_id()::xid FOR KEY SHARE;
    SELECT count(*) INTO gevonden FROM berichten WHERE id = ANY (ids);
    IF gevonden <> cardinality(ids) THEN
        RAISE EXCEPTION 'email_outbox: % of % berichten do not exist', cardinality(ids) - gevonden, cardinality(ids)
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION pgb_berichten_email_weg() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    DELETE FROM email_outbox WHERE bericht_id IN (SELECT id FROM oud);
    RETURN NULL;
END
$$;

CREATE FUNCTION pgb_berichten_id_blijft() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'berichten: a bericht keeps its id' USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_email_outbox_bericht_bestaat() FROM PUBLIC;
REVOKE ALL ON FUNCTION pgb_berichten_email_weg() FROM PUBLIC;
CREATE TRIGGER email_outbox_bericht_insert AFTER INSERT ON email_outbox
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_email_outbox_bericht_bestaat();
CREATE TRIGGER email_outbox_bericht_update AFTER UPDATE ON email_outbox
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_email_outbox_bericht_bestaat();
CREATE TRIGGER berichten_email_weg AFTER DELETE ON berichten
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_email_weg();
CREATE TRIGGER berichten_id_blijft BEFORE UPDATE OF id ON berichten FOR EACH ROW
    WHEN (NEW.id <> OLD.id) EXECUTE FUNCTION pgb_berichten_id_blijft();

-- 5b. A bericht names an existing recipient. The foreign keys checked that
-- with a lookup per bericht (three triggers per row, one per key); the
-- betaalrun stores two berichten per betaling. A statement now locks the
-- recipients its berichten name, as a foreign key does (FOR KEY SHARE, so
-- none can be deleted before it commits), once each, and refuses if one does
-- not exist. A budgethouder, zorgverlener or organisatie that berichten name
-- cannot be deleted or renumbered (the delete side of the keys). The portal
-- works in READ COMMITTED, where the lock and the check after a delete see
-- each other's commits, as the keys' own checks do.
ALTER TABLE berichten DROP CONSTRAINT berichten_budgethouder_id_fkey,
    DROP CONSTRAINT berichten_zorgverlener_id_fkey,
    DROP CONSTRAINT berichten_organisatie_id_fkey;
-- +goose StatementBegin
CREATE FUNCTION pgb_berichten_ontvanger_bestaat() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    bh bigint[];
    zv bigint[];
    org bigint[];
    gevonden int;
    ontbreekt text;
BEGIN
    SELECT array_agg(DISTINCT budgethouder_id) FILTER (WHERE budgethouder_id IS NOT NULL),
        array_agg(DISTINCT zorgverlener_id) FILTER (WHERE zorgverlener_id IS NOT NULL),
        array_agg(DISTINCT organisatie_id) FILTER (WHERE organisatie_id IS NOT NULL)
    INTO bh, zv, org FROM nieuw;
    IF bh IS NOT NULL THEN
        SELECT count(*) INTO gevonden FROM (SELECT 1 FROM budgethouders WHERE id = ANY (bh) FOR KEY SHARE) x;
        IF gevonden <> cardinality(bh) THEN
            SELECT 'budgethouder ' || m INTO ontbreekt FROM unnest(bh) m WHERE NOT EXISTS (SELECT 1 FROM budgethouders WHERE id = m) LIMIT 1;
        END IF;
    END IF;
    IF ontbreekt IS NULL AND zv IS NOT NULL THEN
        SELECT count(*) INTO gevonden FROM (SELECT 1 FROM zorgverleners WHERE id = ANY (zv) FOR KEY SHARE) x;
        IF gevonden <> cardinality(zv) THEN
            SELECT 'zorgverlener ' || m INTO ontbreekt FROM unnest(zv) m WHERE NOT EXISTS (SELECT 1 FROM zorgverleners WHERE id = m) LIMIT 1;
        END IF;
    END IF;
    IF ontbreekt IS NULL AND org IS NOT NULL THEN
        SELECT count(*) INTO gevonden FROM (SELECT 1 FROM organisaties WHERE id = ANY (org) FOR KEY SHARE) x;
        IF gevonden <> cardinality(org) THEN
            SELECT 'organisatie ' || m INTO ontbreekt FROM unnest(org) m WHERE NOT EXISTS (SELECT 1 FROM organisaties WHERE id = m) LIMIT 1;
        END IF;
    END IF;
    IF ontbreekt IS NOT NULL THEN
        RAISE EXCEPTION 'berichten: recipient % does not exist', ontbreekt
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

-- TG_ARGV[0]: the column of berichten that names rows of the trigger's table.
CREATE FUNCTION pgb_berichten_ontvanger_blijft() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    id bigint;
BEGIN
    EXECUTE format('SELECT o.id FROM oud o WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = o.id)
        AND EXISTS (SELECT 1 FROM berichten b WHERE b.%I = o.id) LIMIT 1', TG_TABLE_NAME, TG_ARGV[0]) INTO id;
    IF id IS NOT NULL THEN
        RAISE EXCEPTION '%: % % still has berichten', TG_TABLE_NAME, TG_ARGV[0], id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_berichten_ontvanger_bestaat() FROM PUBLIC;
REVOKE ALL ON FUNCTION pgb_berichten_ontvanger_blijft() FROM PUBLIC;
CREATE TRIGGER berichten_ontvanger_insert AFTER INSERT ON berichten
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_bestaat();
CREATE TRIGGER berichten_ontvanger_update AFTER UPDATE ON berichten
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_bestaat();
CREATE TRIGGER budgethouders_berichten_delete AFTER DELETE ON budgethouders
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('budgethouder_id');
CREATE TRIGGER budgethouders_berichten_update AFTER UPDATE ON budgethouders
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('budgethouder_id');
CREATE TRIGGER zorgverleners_berichten_delete AFTER DELETE ON zorgverleners
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('zorgverlener_id');
CREATE TRIGGER zorgverleners_berichten_update AFTER UPDATE ON zorgverleners
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('zorgverlener_id');
CREATE TRIGGER organisaties_berichten_delete AFTER DELETE ON organisaties
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('organisatie_id');
CREATE TRIGGER organisaties_berichten_update AFTER UPDATE ON organisaties
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION pgb_berichten_ontvanger_blijft('organisatie_id');

-- 6. The texts of the run's berichten are made by the statement that stores
-- them: an amount as the portal writes it ("€ 1.234,56", money.Cents) and a
-- betaling's kenmerk ("BET-0000042", budget.Kenmerk).
-- +goose StatementBegin
CREATE FUNCTION pgb_bedrag_tekst(cents bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN cents < 0 THEN '-€ ' ELSE '€ ' END
        || replace(to_char(abs(cents) / 100, 'FM999,999,999,999,999,990'), ',', '.')
        || ',' || lpad((abs(cents) % 100)::text, 2, '0')
$$;

CREATE FUNCTION pgb_betaling_kenmerk(id bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'BET-' || repeat('0', greatest(7 - length(id::text), 0)) || id::text
$$;
-- +goose StatementEnd

-- 7. The SEPA files. A run of a million betalingen is split into files of
-- at most 100,000 transactions (betaalruns.bestanden says how many), each
-- written while it is made, in blocks of about a megabyte, so neither the
-- portal nor a single value holds a whole file. Blok 0 of a file is its
-- header (written last: it holds the file's count and sum). lz4 keeps the
-- compression of the XML cheap.
CREATE TABLE betaalrun_blokken (
    betaalrun_id bigint NOT NULL REFERENCES betaalruns,
    bestand      int NOT NULL CHECK (bestand >= 1),
    blok         int NOT NULL CHECK (blok >= 0),
    data         bytea COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (betaalrun_id, bestand, blok)
);
ALTER TABLE betaalrun_blokken ENABLE ROW LEVEL SECURITY;
CREATE POLICY svb ON betaalrun_blokken USING (pgb_role() IN ('system', 'svb'));
REVOKE UPDATE, DELETE, TRUNCATE ON betaalrun_blokken FROM pgb_app;

ALTER TABLE betaalruns ADD COLUMN bestanden int NOT NULL DEFAULT 0 CHECK (bestanden >= 0);
INSERT INTO betaalrun_blokken (betaalrun_id, bestand, blok, data)
    SELECT id, 1, 0, pain001 FROM betaalruns WHERE pain001 IS NOT NULL;
UPDATE betaalruns SET bestanden = 1 WHERE pain001 IS NOT NULL;
ALTER TABLE betaalruns DROP COLUMN pain001;

-- 8. The payment itself as a HOT update. Paying a betaling changes status,
-- uitbetaald_op and betaalrun_id. While any index of betalingen names one of
-- those (as key or in its predicate: a partial index "WHERE status = ..."
-- counts as well), PostgreSQL writes a new version of the row elsewhere and a
-- new entry into every index: 9 WAL records per betaling. Now no index names
-- them, and pages keep room for the new version (fillfactor 45), so the row
-- is updated on its own page and no index changes.
-- - betalingen_budgethouder loses status (a budget year holds a few dozen
--   betalingen; status is filtered on the row);
-- - the unique indexes say "not withdrawn" with ingetrokken_op, which the
--   CHECK on betalingen makes equivalent to status <> 'ingetrokken';
-- - betalingen_ingepland and betalingen_betaalrun go: the betaalrun finds what
--   is ingepland with one sequential scan (it reads a third of the table
--   anyway) and keeps the list of what it paid itself.
-- CLUSTER rewrites the table with the new fillfactor (once; rows inserted
-- later keep the room by themselves).
DROP INDEX betalingen_ingepland;
DROP INDEX betalingen_betaalrun;
DROP INDEX betalingen_budgethouder;
CREATE INDEX betalingen_budgethouder ON betalingen (budgethouder_id, jaar);
DROP INDEX betalingen_maandloon;
CREATE UNIQUE INDEX betalingen_maandloon ON betalingen (zorgovereenkomst_id, periode)
    WHERE soort = 'maandloon' AND ingetrokken_op IS NULL;
DROP INDEX betalingen_een_per_declaratie;
CREATE UNIQUE INDEX betalingen_een_per_declaratie ON betalingen (declaratie_id)
    WHERE declaratie_id IS NOT NULL AND ingetrokken_op IS NULL;
ALTER TABLE betalingen SET (fillfactor = 45);
CLUSTER betalingen USING betalingen_pkey;
ANALYZE betalingen;

-- +goose Down
DROP TRIGGER berichten_id_blijft ON berichten;
DROP TRIGGER berichten_email_weg ON berichten;
DROP TRIGGER email_outbox_bericht_update ON email_outbox;
DROP TRIGGER email_outbox_bericht_insert ON email_outbox;
DROP FUNCTION pgb_berichten_id_blijft();
DROP FUNCTION pgb_berichten_email_weg();
DROP FUNCTION pgb_email_outbox_bericht_bestaat();
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_bericht_id_fkey FOREIGN KEY (bericht_id) REFERENCES berichten ON DELETE CASCADE;

ALTER TABLE betalingen RESET (fillfactor);
DROP INDEX betalingen_een_per_declaratie;
CREATE UNIQUE INDEX betalingen_een_per_declaratie ON betalingen (declaratie_id)
    WHERE declaratie_id IS NOT NULL AND status <> 'ingetrokken';
DROP INDEX betalingen_maandloon;
CREATE UNIQUE INDEX betalingen_maandloon ON betalingen (zorgovereenkomst_id, periode)
    WHERE soort = 'maandloon' AND status <> 'ingetrokken';
DROP INDEX betalingen_budgethouder;
CREATE INDEX betalingen_budgethouder ON betalingen (budgethouder_id, jaar, status);
CREATE INDEX betalingen_betaalrun ON betalingen (betaalrun_id) WHERE betaalrun_id IS NOT NULL;
CREATE INDEX betalingen_ingepland ON betalingen (id) WHERE status = 'ingepland';

ALTER TABLE betaalruns ADD COLUMN pain001 bytea;
UPDATE betaalruns r SET pain001 = (SELECT string_agg(k.data, ''::bytea ORDER BY k.blok) FROM betaalrun_blokken k
    WHERE k.betaalrun_id = r.id AND k.bestand = 1)
    WHERE r.bestanden >= 1;
ALTER TABLE betaalruns DROP COLUMN bestanden;
DROP TABLE betaalrun_blokken;
DROP FUNCTION pgb_betaling_kenmerk(bigint);
DROP FUNCTION pgb_bedrag_tekst(bigint);

DROP TRIGGER organisaties_berichten_update ON organisaties;
DROP TRIGGER organisaties_berichten_delete ON organisaties;
DROP TRIGGER zorgverleners_berichten_update ON zorgverleners;
DROP TRIGGER zorgverleners_berichten_delete ON zorgverleners;
DROP TRIGGER budgethouders_berichten_update ON budgethouders;
DROP TRIGGER budgethouders_berichten_delete ON budgethouders;
DROP TRIGGER berichten_ontvanger_update ON berichten;
DROP TRIGGER berichten_ontvanger_insert ON berichten;
DROP FUNCTION pgb_berichten_ontvanger_blijft();
DROP FUNCTION pgb_berichten_ontvanger_bestaat();
ALTER TABLE berichten ADD CONSTRAINT berichten_budgethouder_id_fkey FOREIGN KEY (budgethouder_id) REFERENCES budgethouders,
    ADD CONSTRAINT berichten_zorgverlener_id_fkey FOREIGN KEY (zorgverlener_id) REFERENCES zorgverleners,
    ADD CONSTRAINT berichten_organisatie_id_fkey FOREIGN KEY (organisatie_id) REFERENCES organisaties;

DROP TRIGGER berichten_email ON berichten;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION berichten_email() RETURNS trigger
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

DROP POLICY bijwerken ON toekenningen;
CREATE POLICY bijwerken ON toekenningen FOR UPDATE
    USING (pgb_role() IN ('system', 'zorgkantoor', 'budgethouder', 'vertegenwoordiger', 'svb')
        AND pgb_budgethouder_visible(budgethouder_id))
    WITH CHECK (pgb_role() IN ('system', 'zorgkantoor', 'budgethouder', 'vertegenwoordiger', 'svb')
        AND pgb_budgethouder_visible(budgethouder_id));
DROP POLICY lezen ON toekenningen;
CREATE POLICY lezen ON toekenningen FOR SELECT USING (pgb_budgethouder_visible(budgethouder_id));
DROP POLICY lezen ON betalingen;
CREATE POLICY lezen ON betalingen FOR SELECT USING (
    pgb_budgethouder_visible(budgethouder_id)
    OR (pgb_role() = 'zorgverlener' AND zorgverlener_id = pgb_setting('zorgverlener_id'))
);

DROP TRIGGER betaalruns_id_blijft ON betaalruns;
DROP TRIGGER betaalruns_blijven ON betaalruns;
DROP TRIGGER betalingen_betaalrun_bestaat_update ON betalingen;
DROP TRIGGER betalingen_betaalrun_bestaat_insert ON betalingen;
DROP FUNCTION pgb_betaalruns_blijven();
DROP FUNCTION pgb_betalingen_betaalrun_bestaat();
ALTER TABLE betalingen ADD CONSTRAINT betalingen_betaalrun_id_fkey FOREIGN KEY (betaalrun_id) REFERENCES betaalruns;

DROP TRIGGER toekenningen_grootboek ON toekenningen;
CREATE CONSTRAINT TRIGGER toekenningen_grootboek AFTER UPDATE OF gepland, betaald ON toekenningen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgb_grootboek_klopt();
DROP TRIGGER betalingen_grootboek ON betalingen;
CREATE CONSTRAINT TRIGGER betalingen_grootboek AFTER INSERT OR UPDATE ON betalingen
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgb_grootboek_klopt();
-- +goose StatementBegin
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
DROP FUNCTION pgb_grootboek_wacht();

DROP TRIGGER toekenningen_wijziging ON toekenningen;
CREATE TRIGGER toekenningen_wijziging BEFORE UPDATE ON toekenningen
    FOR EACH ROW EXECUTE FUNCTION toekenningen_wijziging();
DROP TRIGGER betalingen_wijziging ON betalingen;
CREATE TRIGGER betalingen_wijziging BEFORE UPDATE ON betalingen
    FOR EACH ROW EXECUTE FUNCTION betalingen_wijziging();
