-- Objects, attributes, options and records, with the side tables that make uniqueness,
-- references and activity cheap and race-free. See docs/records-storage.md for the value format.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Bumped by every schema change, in the same transaction. Record writes read it FOR SHARE, so a
-- write is never validated against a schema that changed underneath it.
ALTER TABLE workspaces ADD COLUMN IF NOT EXISTS schema_version bigint NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS objects (
    id             uuid        PRIMARY KEY,
    workspace_id   uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    slug           text        NOT NULL,
    singular_name  text        NOT NULL,
    plural_name    text        NOT NULL,
    icon           text,
    is_standard    boolean     NOT NULL DEFAULT false,
    is_archived    boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (workspace_id, slug)
);

CREATE TABLE IF NOT EXISTS attributes (
    id              uuid        PRIMARY KEY,
    workspace_id    uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    object_id       uuid        NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    slug            text        NOT NULL,
    title           text        NOT NULL,
    type            text        NOT NULL,
    is_required     boolean     NOT NULL DEFAULT false,
    is_unique       boolean     NOT NULL DEFAULT false,
    is_multiselect  boolean     NOT NULL DEFAULT false,
    is_standard     boolean     NOT NULL DEFAULT false,
    is_archived     boolean     NOT NULL DEFAULT false,
    config          jsonb       NOT NULL DEFAULT '{}',
    position        integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (object_id, slug)
);

CREATE TABLE IF NOT EXISTS attribute_options (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    attribute_id  uuid        NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    title         text        NOT NULL,
    color         text,
    is_active     boolean     NOT NULL DEFAULT true,
    position      integer     NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS attribute_options_title_idx ON attribute_options (attribute_id, lower(title));

CREATE TABLE IF NOT EXISTS records (
    id               uuid        PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    object_id        uuid        NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    values           jsonb       NOT NULL DEFAULT '{}',
    title            text,
    search_text      text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    created_by_type  text        NOT NULL,
    created_by_id    uuid        NOT NULL
);
-- List and default sort (newest first) within one object.
CREATE INDEX IF NOT EXISTS records_object_created_idx ON records (workspace_id, object_id, created_at DESC, id DESC);
-- Browse: most recently updated across objects.
CREATE INDEX IF NOT EXISTS records_updated_idx ON records (workspace_id, updated_at DESC, id DESC);
-- Containment (equality) filters on values.
CREATE INDEX IF NOT EXISTS records_values_idx ON records USING gin (values jsonb_path_ops);
-- Search: trigram for partial and fuzzy matches, full text for words.
CREATE INDEX IF NOT EXISTS records_search_trgm_idx ON records USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS records_search_fts_idx ON records USING gin (to_tsvector('simple', search_text));

-- One row per unique value of a unique attribute: the primary key makes a duplicate impossible,
-- whatever the concurrency (no check-then-insert race).
CREATE TABLE IF NOT EXISTS record_unique_values (
    attribute_id  uuid NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value_key     text NOT NULL,
    record_id     uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    PRIMARY KEY (attribute_id, value_key)
);
CREATE INDEX IF NOT EXISTS record_unique_values_record_idx ON record_unique_values (record_id);

-- record-reference values, both directions indexed for /related.
CREATE TABLE IF NOT EXISTS record_references (
    workspace_id      uuid NOT NULL,
    source_record_id  uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    attribute_id      uuid NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    target_record_id  uuid NOT NULL,
    PRIMARY KEY (source_record_id, attribute_id, target_record_id)
);
CREATE INDEX IF NOT EXISTS record_references_target_idx ON record_references (target_record_id);

-- The activity feed. No foreign key to records: a deleted record keeps its history.
CREATE TABLE IF NOT EXISTS record_activity (
    id            uuid        PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    record_id     uuid        NOT NULL,
    object_id     uuid        NOT NULL,
    kind          text        NOT NULL,
    actor_type    text        NOT NULL,
    actor_id      uuid        NOT NULL,
    changes       jsonb       NOT NULL DEFAULT '{}',
    at            timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS record_activity_record_idx ON record_activity (workspace_id, record_id, at DESC, id DESC);
