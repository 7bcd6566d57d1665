-- Conversations and their messages. A message's seq is its position in the
-- conversation (1, 2, 3, … no gaps), allocated with
-- UPDATE conversations SET last_seq = last_seq + 1 … RETURNING in the same
-- transaction as the insert; (conversation_id, client_id) is unique.

CREATE TABLE conversations (
    id                 UUID PRIMARY KEY,
    widget_id          UUID NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    visitor_token_hash TEXT NOT NULL UNIQUE,
    status             TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    prechat            JSONB NOT NULL DEFAULT '{}',
    page_url           TEXT,
    last_seq           BIGINT NOT NULL DEFAULT 0,
    visitor_read_seq   BIGINT NOT NULL DEFAULT 0,
    agent_read_seq     BIGINT NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    closed_at          BIGINT
);
CREATE INDEX conversations_widget ON conversations (widget_id, created_at);
CREATE INDEX conversations_status ON conversations (status, updated_at);

CREATE TABLE messages (
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    client_id       TEXT NOT NULL,
    sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'ai', 'system')),
    author_id       UUID,
    author_name     TEXT,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);
