-- Conversations and their messages. A message's seq is its position in the
-- conversation (1, 2, 3, … no gaps); (conversation_id, client_id) is unique so
-- a retried send is stored once. The last seq of a conversation is MAX(seq)
-- over its messages: the single writer allocates seqs in memory.

CREATE TABLE conversations (
    id                 BLOB PRIMARY KEY,
    widget_id          BLOB NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    visitor_token_hash TEXT NOT NULL UNIQUE,
    status             TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    prechat            TEXT NOT NULL DEFAULT '{}',
    page_url           TEXT,
    visitor_read_seq   INTEGER NOT NULL DEFAULT 0,
    agent_read_seq     INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    closed_at          INTEGER
);
CREATE INDEX conversations_widget ON conversations (widget_id, created_at);
CREATE INDEX conversations_status ON conversations (status, updated_at);

CREATE TABLE messages (
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'ai', 'system')),
    author_id       BLOB,
    author_name     TEXT,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
) WITHOUT ROWID;
