-- Indexed attributes (docs/query.md#indexed-attributes): with is_indexed set, the attribute has a B-tree index
-- records_attr_<attribute id>_idx on the expression the query translator filters and sorts it by. The index is
-- built and dropped CONCURRENTLY by the API, outside any transaction, so it is not created here.
ALTER TABLE attributes ADD COLUMN IF NOT EXISTS is_indexed boolean NOT NULL DEFAULT false;
