-- Private notes: agents' remarks on a conversation, never shown to the
-- visitor. They go with their conversation; a deleted author leaves the
-- name written at the time.
CREATE TABLE notes (
    id              UUID PRIMARY KEY,
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id       UUID REFERENCES users (id) ON DELETE SET NULL,
    author_name     TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX notes_conversation ON notes (conversation_id, created_at);
