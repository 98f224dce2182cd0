-- Workspace invitations: an admin invited an email that has no account yet. The row lives until
-- that email signs up or logs in, when it becomes a workspace_members row (and is deleted), or
-- until an admin deletes it. Only pending invitations are stored, so re-inviting after a removal works.
CREATE TABLE IF NOT EXISTS workspace_invitations (
    id                uuid        PRIMARY KEY,
    workspace_id      uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    email             text        NOT NULL,
    -- Lower-cased like users.email_normalized, so matching at sign-up is case-insensitive.
    email_normalized  text        NOT NULL,
    role              text        NOT NULL CHECK (role IN ('admin', 'member')),
    -- Who invited: 'member' or 'api_key' and its id; becomes the actor of the "added" notification.
    invited_by_type   text,
    invited_by_id     uuid,
    created_at        timestamptz NOT NULL,
    -- One pending invitation per email and workspace: a second invite is a conflict.
    UNIQUE (workspace_id, email_normalized)
);
-- Sign-up and login look invitations up by email across workspaces.
CREATE INDEX IF NOT EXISTS workspace_invitations_email_idx ON workspace_invitations (email_normalized);

-- Removing a member revokes the API keys they created; find them without scanning the workspace's keys.
CREATE INDEX IF NOT EXISTS api_keys_created_by_idx ON api_keys (created_by_member_id) WHERE created_by_member_id IS NOT NULL;

-- The last-admin check locks a workspace's admin rows.
CREATE INDEX IF NOT EXISTS workspace_members_admins_idx ON workspace_members (workspace_id) WHERE role = 'admin';
