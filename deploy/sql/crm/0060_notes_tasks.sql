-- Notes on records, and tasks linked to records and assigned to members.

CREATE TABLE IF NOT EXISTS notes (
    id               uuid        PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    record_id        uuid        NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    object_id        uuid        NOT NULL,
    title            text,
    -- Stored exactly as given (markdown or plain text); never rendered by the server.
    content          text,
    created_by_type  text        NOT NULL,
    created_by_id    uuid        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_workspace_idx ON notes (workspace_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS notes_record_idx ON notes (record_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS tasks (
    id                    uuid        PRIMARY KEY,
    workspace_id          uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    content               text        NOT NULL,
    deadline              timestamptz,
    is_completed          boolean     NOT NULL DEFAULT false,
    completed_at          timestamptz,
    created_by_type       text        NOT NULL,
    created_by_id         uuid        NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_workspace_idx ON tasks (workspace_id, is_completed, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS task_records (
    task_id    uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    record_id  uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, record_id)
);
CREATE INDEX IF NOT EXISTS task_records_record_idx ON task_records (record_id);

CREATE TABLE IF NOT EXISTS task_assignees (
    task_id    uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    member_id  uuid NOT NULL REFERENCES workspace_members(id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, member_id)
);
CREATE INDEX IF NOT EXISTS task_assignees_member_idx ON task_assignees (member_id);
