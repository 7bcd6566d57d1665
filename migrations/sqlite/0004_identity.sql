-- Verified visitors: a conversation may belong to a user the website
-- vouched for (HMAC of their id with the widget's identity secret), and such
-- a user may hold several tokens for it, one per device.
ALTER TABLE conversations ADD COLUMN verified_user_id TEXT;
CREATE INDEX conversations_verified ON conversations (widget_id, verified_user_id, updated_at);

CREATE TABLE visitor_tokens (
    token_hash      TEXT PRIMARY KEY,
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL
);
CREATE INDEX visitor_tokens_conversation ON visitor_tokens (conversation_id);
