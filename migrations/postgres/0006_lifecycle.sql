-- Visitor identity, blocking, the audit log. A visitor id links one
-- browser's conversations on a widget; conversations from before it get
-- their own id as visitor id (each its own visitor). visitor_ip is the
-- address the visitor last started from, shown to agents only.
ALTER TABLE conversations ADD COLUMN visitor_id UUID;
ALTER TABLE conversations ADD COLUMN visitor_ip TEXT;
UPDATE conversations SET visitor_id = id;
CREATE INDEX conversations_visitor ON conversations (visitor_id, updated_at);

-- A blocked visitor (and, when ip is set, everyone from that address) may
-- not start or continue conversations on the widget.
CREATE TABLE blocks (
    id              UUID PRIMARY KEY,
    widget_id       UUID NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    visitor_id      UUID NOT NULL,
    ip              TEXT,
    reason          TEXT NOT NULL DEFAULT '',
    created_by      UUID,
    created_by_name TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT
);

-- Admin actions. No foreign keys: the record outlives the user and the target.
CREATE TABLE audit_log (
    id         UUID PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   UUID,
    actor_name TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    details    JSONB NOT NULL DEFAULT '{}',
    ip         TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
