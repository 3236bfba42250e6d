-- +goose Up
-- Budget alerts: a bericht when paid + planned reaches 80%, 90% and 100% of
-- a year's budget, and when the forecast says it runs out before 31
-- December. Each alert goes out once per budget year: whoever records it
-- first (a booking, or the periodic check on any portal instance) inserts
-- its row here with ON CONFLICT DO NOTHING in the transaction that sends the
-- bericht, so a concurrent second attempt waits for the first and then finds
-- the row.
CREATE TABLE budget_signalen (
    id              bigserial PRIMARY KEY,
    budgethouder_id bigint NOT NULL,
    jaar            int NOT NULL,
    soort           text NOT NULL CHECK (soort IN ('80', '90', '100', 'tekort')),
    verstuurd_op    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (budgethouder_id, jaar) REFERENCES toekenningen (budgethouder_id, jaar),
    UNIQUE (budgethouder_id, jaar, soort)
);

-- The budget side reads its own; whoever may plan a payment on a budget
-- (the budget side, the SVB, the portal) records the alerts it triggers.
-- Nobody changes or removes one.
ALTER TABLE budget_signalen ENABLE ROW LEVEL SECURITY;
CREATE POLICY lezen ON budget_signalen FOR SELECT USING (pgb_budgethouder_visible(budgethouder_id));
CREATE POLICY signaleren ON budget_signalen FOR INSERT WITH CHECK (
    pgb_role() IN ('system', 'svb', 'budgethouder', 'vertegenwoordiger')
    AND pgb_budgethouder_visible(budgethouder_id)
);

-- +goose Down
DROP TABLE budget_signalen;
