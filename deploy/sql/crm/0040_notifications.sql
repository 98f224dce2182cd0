-- Notifications: rows per member, pushed live over SignalR as well.
CREATE TABLE IF NOT EXISTS notifications (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    member_id     uuid        NOT NULL REFERENCES workspace_members(id) ON DELETE CASCADE,
    kind          text        NOT NULL,
    title         text        NOT NULL,
    body          text,
    record_id     uuid,
    task_id       uuid,
    actor_type    text,
    actor_id      uuid,
    created_at    timestamptz NOT NULL,
    read_at       timestamptz
);
CREATE INDEX IF NOT EXISTS notifications_member_idx ON notifications (member_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS notifications_unread_idx ON notifications (member_id) WHERE read_at IS NULL;
