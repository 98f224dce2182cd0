-- Juxa Docs handoffs, the ecosystem-builder entitlement, the app marketplace, installations,
-- embed tokens and per-installation AI usage. Tokens are stored only as SHA-256 hashes.

CREATE TABLE IF NOT EXISTS handoffs (
    id                    uuid        PRIMARY KEY,
    -- SHA-256 of the whole handoff token; the token itself travels only in the handoff URL.
    token_hash            bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    workspace_id          uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- Who may consume it: the minting user, or the creator of the minting key.
    user_id               uuid        NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    minted_by_api_key_id  uuid        REFERENCES api_keys(id) ON DELETE SET NULL,
    -- The mint body plus "v": 1, returned as is by consume.
    payload               jsonb       NOT NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    consumed_at           timestamptz
);
-- The purge deletes by expiry.
CREATE INDEX IF NOT EXISTS handoffs_expires_idx ON handoffs (expires_at);

CREATE TABLE IF NOT EXISTS ecosystem_builder_entitlements (
    id                      uuid        PRIMARY KEY,
    workspace_id            uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    status                  text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_by_member_id  uuid        REFERENCES workspace_members(id) ON DELETE SET NULL,
    note                    text        CHECK (note IS NULL OR length(note) <= 2000),
    requested_at            timestamptz NOT NULL,
    decided_by_user_id      uuid        REFERENCES users(id) ON DELETE SET NULL,
    decided_at              timestamptz,
    reason                  text        CHECK (reason IS NULL OR length(reason) <= 2000)
);
CREATE INDEX IF NOT EXISTS ecosystem_builder_entitlements_workspace_idx ON ecosystem_builder_entitlements (workspace_id, requested_at DESC, id DESC);
-- One pending request per workspace, enforced by the database so that two requests cannot race.
CREATE UNIQUE INDEX IF NOT EXISTS ecosystem_builder_entitlements_one_pending ON ecosystem_builder_entitlements (workspace_id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS ecosystem_builder_entitlements_pending_idx ON ecosystem_builder_entitlements (requested_at) WHERE status = 'pending';

CREATE TABLE IF NOT EXISTS apps (
    id                      uuid        PRIMARY KEY,
    publisher_workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- The catalog is shared by every workspace, so slugs are unique across the platform.
    slug                    text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                    text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description             text        NOT NULL CHECK (length(description) <= 2000),
    -- The manifest, validated by the API: scopes from the documented set, an https embed URL.
    scopes                  text[]      NOT NULL,
    embed_url               text        NOT NULL,
    osint_research          boolean     NOT NULL DEFAULT false,
    published_by_member_id  uuid        REFERENCES workspace_members(id) ON DELETE SET NULL,
    created_at              timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS apps_created_idx ON apps (created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS app_installations (
    id                      uuid        PRIMARY KEY,
    workspace_id            uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    app_id                  uuid        NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    installed_by_member_id  uuid        REFERENCES workspace_members(id) ON DELETE SET NULL,
    installed_at            timestamptz NOT NULL,
    -- Uninstalling keeps the row, so usage and missions attributed to it keep their reference.
    uninstalled_at          timestamptz
);
-- An app is installed at most once per workspace at a time (409 on a second install), race-free.
CREATE UNIQUE INDEX IF NOT EXISTS app_installations_active ON app_installations (workspace_id, app_id) WHERE uninstalled_at IS NULL;
CREATE INDEX IF NOT EXISTS app_installations_workspace_idx ON app_installations (workspace_id, installed_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS embed_tokens (
    id               uuid        PRIMARY KEY,
    -- SHA-256 of the whole oc_embed_ token.
    token_hash       bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    workspace_id     uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    installation_id  uuid        NOT NULL REFERENCES app_installations(id) ON DELETE CASCADE,
    -- The member whose session minted it: the token acts as that member, never as an admin.
    member_id        uuid        NOT NULL REFERENCES workspace_members(id) ON DELETE CASCADE,
    -- Embed scopes copied from the manifest when the token was minted.
    scopes           text[]      NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz
);
CREATE INDEX IF NOT EXISTS embed_tokens_installation_idx ON embed_tokens (installation_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS embed_tokens_expires_idx ON embed_tokens (expires_at);

-- Model usage of app features (OSINT research, agent missions), attributed to an installation when there is one.
CREATE TABLE IF NOT EXISTS app_usage (
    id                 uuid        PRIMARY KEY,
    workspace_id       uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    installation_id    uuid        REFERENCES app_installations(id) ON DELETE CASCADE,
    kind               text        NOT NULL CHECK (kind IN ('osint_research', 'agent_mission')),
    -- The mission a row belongs to (no foreign key: missions come in a later migration).
    mission_id         uuid,
    model              text,
    prompt_tokens      bigint      NOT NULL DEFAULT 0,
    completion_tokens  bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS app_usage_installation_idx ON app_usage (installation_id, created_at DESC) WHERE installation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS app_usage_workspace_idx ON app_usage (workspace_id, created_at DESC);
