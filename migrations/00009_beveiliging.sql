-- +goose Up
-- The audit trail becomes a hash chain: every entry carries its place in the
-- chain, the hash of the entry before it and its own hash over all of its
-- fields. Changing or removing an entry in the middle breaks the chain, which
-- audit_log_verify() finds, even for someone who got past the grants and the
-- append-only trigger.
ALTER TABLE audit_log ADD COLUMN keten_nr bigint, ADD COLUMN vorige_hash bytea, ADD COLUMN hash bytea;

-- +goose StatementBegin
CREATE FUNCTION audit_log_digest(a audit_log) RETURNS bytea
LANGUAGE sql IMMUTABLE SET search_path = public AS $$
    SELECT sha256(convert_to(concat_ws(E'\x1f', a.keten_nr::text, a.id::text,
        to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        a.actor_kind, a.actor_ref, a.actor_org, a.actor_role, a.login_means,
        coalesce(a.budgethouder_id::text, '-'), a.action, a.object_type, a.object_id, a.outcome, a.request_id,
        encode(coalesce(a.vorige_hash, '\x'::bytea), 'hex')), 'UTF8'))
$$;
-- +goose StatementEnd

-- Existing entries join the chain in the order they were written.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
-- +goose StatementBegin
DO $$
DECLARE
    r    audit_log;
    prev bytea;
    n    bigint := 0;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        n := n + 1;
        r.keten_nr := n;
        r.vorige_hash := prev;
        r.hash := audit_log_digest(r);
        UPDATE audit_log SET keten_nr = r.keten_nr, vorige_hash = r.vorige_hash, hash = r.hash WHERE id = r.id;
        prev := r.hash;
    END LOOP;
END
$$;
-- +goose StatementEnd
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;
ALTER TABLE audit_log ALTER COLUMN keten_nr SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_keten ON audit_log (keten_nr);

-- Every new entry is linked to the last one. The advisory lock makes writers
-- take turns, so the chain never forks; an entry is one short INSERT.
-- +goose StatementBegin
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    prev audit_log;
BEGIN
    PERFORM pg_advisory_xact_lock(7513);
    SELECT * INTO prev FROM audit_log ORDER BY keten_nr DESC LIMIT 1;
    NEW.keten_nr := coalesce(prev.keten_nr, 0) + 1;
    NEW.vorige_hash := prev.hash;
    NEW.hash := audit_log_digest(NEW);
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- audit_log_verify walks the chain and returns the keten_nr of the first
-- entry that does not fit (changed, inserted out of turn, or following a
-- removed one); NULL when the whole chain is intact.
-- +goose StatementBegin
CREATE FUNCTION audit_log_verify() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    r    audit_log;
    prev bytea;
    n    bigint := 0;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY keten_nr LOOP
        n := n + 1;
        IF r.keten_nr <> n OR r.vorige_hash IS DISTINCT FROM prev OR r.hash IS DISTINCT FROM audit_log_digest(r) THEN
            RETURN r.keten_nr;
        END IF;
        prev := r.hash;
    END LOOP;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- A budgethouder (and whoever acts for them) reads the entries about their
-- own data: "Wie heeft mijn gegevens bekeken". The portal writes entries
-- with its own connection; pgb_app may still only append.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON audit_log FOR SELECT USING (
    pgb_role() = 'system'
    OR (pgb_role() IN ('budgethouder', 'vertegenwoordiger') AND budgethouder_id = pgb_setting('budgethouder_id'))
);
CREATE POLICY toevoegen ON audit_log FOR INSERT WITH CHECK (true);

-- Login attempts per client and per identifier (a hash, never the BSN), per
-- window of time, shared by every instance of the portal.
CREATE TABLE login_pogingen (
    sleutel text NOT NULL,
    venster timestamptz NOT NULL,
    aantal  int NOT NULL DEFAULT 0 CHECK (aantal >= 0),
    PRIMARY KEY (sleutel, venster)
);
CREATE INDEX login_pogingen_venster ON login_pogingen (venster);
ALTER TABLE login_pogingen ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope ON login_pogingen USING (pgb_role() = 'system');

-- +goose Down
DROP TABLE login_pogingen;
DROP POLICY toevoegen ON audit_log;
DROP POLICY lezen ON audit_log;
ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;
DROP FUNCTION audit_log_verify();
DROP TRIGGER audit_log_chain ON audit_log;
DROP FUNCTION audit_log_chain();
DROP INDEX audit_log_keten;
DROP FUNCTION audit_log_digest(audit_log);
ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN vorige_hash, DROP COLUMN keten_nr;
