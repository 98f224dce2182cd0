-- An invitation is accepted with its token (oc_inv_…, shown once, to whoever sent it), never by its email alone:
-- nothing verifies that a sign-up owns the email it gives, so signing up as an invitee must not be enough to join
-- a workspace (docs/collaboration.md). Only the token's SHA-256 is stored, like every other secret.
ALTER TABLE workspace_invitations ADD COLUMN IF NOT EXISTS token_hash bytea;
-- Invitations sent before this change get the hash of a token nobody knows: an admin deletes and re-sends them.
UPDATE workspace_invitations
SET token_hash = sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'))
WHERE token_hash IS NULL;
ALTER TABLE workspace_invitations ALTER COLUMN token_hash SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS workspace_invitations_token_idx ON workspace_invitations (token_hash);
-- An invitation lasts 14 days (MembershipService.InvitationLifetime); inviting the email again after that sends a new one.
ALTER TABLE workspace_invitations ADD COLUMN IF NOT EXISTS expires_at timestamptz;
UPDATE workspace_invitations SET expires_at = created_at + interval '14 days' WHERE expires_at IS NULL;
ALTER TABLE workspace_invitations ALTER COLUMN expires_at SET NOT NULL;
-- Sign-up and login no longer look invitations up by email.
DROP INDEX IF EXISTS workspace_invitations_email_idx;
