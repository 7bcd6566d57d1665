-- Escalation, queue and assignment, with the timestamps the statistics read.
ALTER TABLE conversations ADD COLUMN phase TEXT NOT NULL DEFAULT 'ai'
    CHECK (phase IN ('ai', 'queued', 'assigned'));
ALTER TABLE conversations ADD COLUMN assigned_agent_id UUID REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN escalation_reason TEXT;
ALTER TABLE conversations ADD COLUMN escalated_at BIGINT;
ALTER TABLE conversations ADD COLUMN queued_at BIGINT;
ALTER TABLE conversations ADD COLUMN assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN first_response_at BIGINT;
ALTER TABLE conversations ADD COLUMN rating SMALLINT CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
ALTER TABLE conversations ADD COLUMN summary TEXT;
CREATE INDEX conversations_queue ON conversations (widget_id, phase, queued_at);
CREATE INDEX conversations_agent ON conversations (assigned_agent_id, status);

CREATE TABLE widget_members (
    widget_id UUID NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    user_id   UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (widget_id, user_id)
);
