-- Canned replies: saved answers agents insert, found by their shortcut. One
-- without a widget is offered on every widget; one with a widget goes when
-- the widget does.
CREATE TABLE canned_replies (
    id         BLOB PRIMARY KEY,
    shortcut   TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    widget_id  BLOB REFERENCES widgets (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX canned_replies_widget ON canned_replies (widget_id);
