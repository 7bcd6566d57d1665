-- Webhooks: URLs operators register per event, and the outbox of their
-- deliveries. The secret is kept in clear because chatd signs with it; it
-- is shown to the operator once, at creation. A delivery keeps its id on
-- every retry and replay (receivers drop repeats by it); the dispatcher
-- claims due pending rows by pushing next_attempt_at forward (a lease), so
-- a chatd that dies mid-attempt leaves the row due again, never lost.
CREATE TABLE webhooks (
    id         BLOB PRIMARY KEY,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
    id              BLOB PRIMARY KEY,
    webhook_id      BLOB NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
