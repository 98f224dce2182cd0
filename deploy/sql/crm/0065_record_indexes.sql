-- Indexes for the record query and search paths, measured on 100k people (docs/query-plans.md).

-- Search matches every query word as a substring through the trigram index (records_search_trgm_idx)
-- and no longer uses full-text search, whose matches were a subset of the substring ones. Dropping the
-- unused GIN index takes its upkeep off every record write.
DROP INDEX IF EXISTS records_search_fts_idx;

-- values_ci: the values with every string lower-cased. Text filters compare case-insensitively
-- (lower(x) = lower(v)), which no index on `values` can answer; an equals filter on a text, select or
-- status attribute adds `values_ci @> {slug: lower(v)}`, which this GIN index answers for any
-- attribute, with no per-attribute index. Lower-casing the JSON text lower-cases exactly its strings
-- (keys are lower-case slugs already; escapes stay valid). It replaces records_values_idx: the exact,
-- case-sensitive containment that assert (find-or-create) needs is rechecked on `values`.
ALTER TABLE records ADD COLUMN IF NOT EXISTS values_ci jsonb GENERATED ALWAYS AS (lower(values::text)::jsonb) STORED;
CREATE INDEX IF NOT EXISTS records_values_ci_idx ON records USING gin (values_ci jsonb_path_ops);
DROP INDEX IF EXISTS records_values_idx;
