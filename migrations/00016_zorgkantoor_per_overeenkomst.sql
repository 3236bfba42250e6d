-- +goose Up
-- Every agreement names the zorgkantoor of its budgethouder's region. The
-- restrictive policy "regio" (00011) computed that region's budgethouders as
-- a set for every query a zorgkantoor made on agreements (thousands of rows
-- even to read one agreement); with the column it is a comparison per row, and
-- the queue is read straight from an index of the region's agreements ter
-- beoordeling. Triggers keep the column equal to the budgethouder's
-- zorgkantoor; it is never written by the application.
ALTER TABLE zorgovereenkomsten ADD COLUMN zorgkantoor_id bigint REFERENCES organisaties(id);
-- The index comes before the column is filled: built after an UPDATE in the
-- same transaction, it could not be used until every transaction older than
-- this one had ended.
DROP INDEX zorgovereenkomsten_wachtrij;
CREATE INDEX zorgovereenkomsten_wachtrij ON zorgovereenkomsten (zorgkantoor_id, ingediend_op, id)
    WHERE status = 'ter_beoordeling';
UPDATE zorgovereenkomsten z SET zorgkantoor_id = b.zorgkantoor_id FROM budgethouders b WHERE b.id = z.budgethouder_id;
ALTER TABLE zorgovereenkomsten ALTER COLUMN zorgkantoor_id SET NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION zorgovereenkomsten_zorgkantoor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    NEW.zorgkantoor_id := (SELECT zorgkantoor_id FROM budgethouders WHERE id = NEW.budgethouder_id);
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER zorgovereenkomsten_zorgkantoor BEFORE INSERT OR UPDATE OF budgethouder_id, zorgkantoor_id
    ON zorgovereenkomsten FOR EACH ROW EXECUTE FUNCTION zorgovereenkomsten_zorgkantoor();

-- +goose StatementBegin
CREATE FUNCTION budgethouders_zorgkantoor_volgen() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    UPDATE zorgovereenkomsten SET zorgkantoor_id = NEW.zorgkantoor_id
     WHERE budgethouder_id = NEW.id AND zorgkantoor_id <> NEW.zorgkantoor_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER budgethouders_zorgkantoor_volgen AFTER UPDATE OF zorgkantoor_id ON budgethouders
    FOR EACH ROW WHEN (OLD.zorgkantoor_id IS DISTINCT FROM NEW.zorgkantoor_id)
    EXECUTE FUNCTION budgethouders_zorgkantoor_volgen();

DROP POLICY regio ON zorgovereenkomsten;
CREATE POLICY regio ON zorgovereenkomsten AS RESTRICTIVE
    USING (pgb_role() <> 'zorgkantoor' OR zorgkantoor_id = pgb_setting('organisatie_id'));
DROP FUNCTION pgb_zorgkantoor_budgethouders();

-- +goose Down
DROP INDEX zorgovereenkomsten_wachtrij;
CREATE INDEX zorgovereenkomsten_wachtrij ON zorgovereenkomsten (ingediend_op) WHERE status = 'ter_beoordeling';
-- +goose StatementBegin
CREATE FUNCTION pgb_zorgkantoor_budgethouders() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id FROM budgethouders WHERE pgb_role() = 'zorgkantoor' AND zorgkantoor_id = pgb_setting('organisatie_id')
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION pgb_zorgkantoor_budgethouders() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgb_zorgkantoor_budgethouders() TO pgb_app;
DROP POLICY regio ON zorgovereenkomsten;
CREATE POLICY regio ON zorgovereenkomsten AS RESTRICTIVE
    USING (pgb_role() <> 'zorgkantoor' OR budgethouder_id IN (SELECT pgb_zorgkantoor_budgethouders()));
DROP TRIGGER budgethouders_zorgkantoor_volgen ON budgethouders;
DROP FUNCTION budgethouders_zorgkantoor_volgen();
DROP TRIGGER zorgovereenkomsten_zorgkantoor ON zorgovereenkomsten;
DROP FUNCTION zorgovereenkomsten_zorgkantoor();
ALTER TABLE zorgovereenkomsten DROP COLUMN zorgkantoor_id;
