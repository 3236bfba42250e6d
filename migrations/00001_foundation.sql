-- +goose Up
-- The application works as role pgb_app inside every transaction (SET LOCAL ROLE),
-- so row-level security and table privileges apply even when the connection
-- itself is made by an owner or superuser.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgb_app') THEN
        CREATE ROLE pgb_app NOLOGIN;
    END IF;
END
$$;
-- +goose StatementEnd
GRANT pgb_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO pgb_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pgb_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pgb_app;

CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Audit trail after NEN 7513: who (actor), on whose behalf, what, when, outcome.
-- pgb_app may only append; a trigger refuses changes from anyone.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_kind      text NOT NULL,
    actor_ref       text NOT NULL,
    actor_org       text NOT NULL DEFAULT '',
    actor_role      text NOT NULL DEFAULT '',
    login_means     text NOT NULL DEFAULT '',
    budgethouder_id bigint,
    action          text NOT NULL,
    object_type     text NOT NULL DEFAULT '',
    object_id       text NOT NULL DEFAULT '',
    outcome         text NOT NULL,
    request_id      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_budgethouder ON audit_log (budgethouder_id, at DESC);
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM pgb_app;

-- +goose StatementBegin
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_immutable();
DROP TABLE sessions;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM pgb_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM pgb_app;
REVOKE USAGE ON SCHEMA public FROM pgb_app;
