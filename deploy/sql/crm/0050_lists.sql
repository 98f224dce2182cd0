-- Lists: named collections of one object's records, with list-specific attributes whose values live
-- on the entries. See docs/lists.md. Plain SQL behind ListRepository / ListAttributeRepository /
-- ListEntryRepository (no grains): every change is one atomic statement or a row-locked transaction.

CREATE TABLE IF NOT EXISTS lists (
    id                    uuid        PRIMARY KEY,
    workspace_id          uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    -- The object whose records the list holds; deleting the object deletes its lists.
    object_id             uuid        NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    name                  text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- A private list is visible only to created_by_member_id (sessions of that member, keys it created).
    is_private            boolean     NOT NULL DEFAULT false,
    -- NULL when the creator was removed from the workspace (or the list was made by a key without a member):
    -- a private list without a creator is visible to workspace admins only, so it can be reclaimed.
    created_by_member_id  uuid        REFERENCES workspace_members(id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS lists_workspace_idx ON lists (workspace_id, created_at, id);

-- The attributes of a list: the columns of the object-level attributes table, keyed by list.
CREATE TABLE IF NOT EXISTS list_attributes (
    id              uuid        PRIMARY KEY,
    workspace_id    uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    list_id         uuid        NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    slug            text        NOT NULL,
    title           text        NOT NULL,
    type            text        NOT NULL,
    is_required     boolean     NOT NULL DEFAULT false,
    -- Always false: list attributes cannot be unique (the API refuses isUnique: true). Kept so the row
    -- maps onto AttributeDefinition exactly like an object attribute.
    is_unique       boolean     NOT NULL DEFAULT false CHECK (NOT is_unique),
    is_multiselect  boolean     NOT NULL DEFAULT false,
    is_archived     boolean     NOT NULL DEFAULT false,
    config          jsonb       NOT NULL DEFAULT '{}',
    position        integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT list_attributes_list_id_slug_key UNIQUE (list_id, slug)
);

CREATE TABLE IF NOT EXISTS list_attribute_options (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    attribute_id  uuid        NOT NULL REFERENCES list_attributes(id) ON DELETE CASCADE,
    title         text        NOT NULL,
    color         text,
    is_active     boolean     NOT NULL DEFAULT true,
    position      integer     NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS list_attribute_options_title_idx ON list_attribute_options (attribute_id, lower(title));

-- One row per record in a list. values: { "<list attribute slug>": <stored value> }, same forms as records.values.
CREATE TABLE IF NOT EXISTS list_entries (
    id               uuid        PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    list_id          uuid        NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    -- Deleting a record removes it from every list.
    record_id        uuid        NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    values           jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    created_by_type  text        NOT NULL,
    created_by_id    uuid        NOT NULL,
    -- A record is in a list at most once: two racing adds cannot both commit (the loser gets 409).
    CONSTRAINT list_entries_list_id_record_id_key UNIQUE (list_id, record_id)
);
-- Entries page (newest first).
CREATE INDEX IF NOT EXISTS list_entries_list_created_idx ON list_entries (list_id, created_at DESC, id DESC);
-- The cascade from records, and "which lists is this record in".
CREATE INDEX IF NOT EXISTS list_entries_record_idx ON list_entries (record_id);
