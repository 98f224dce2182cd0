-- The unique keys of text, personal-name and location values are lower-cased as PostgreSQL's lower() does, which makes
-- the Turkish capital İ an i (TextCase.Lower): "İstanbul" and "istanbul" are one value, as the equals filter and assert
-- mode have them. .NET's invariant lower case, which made the keys before, kept İ. The keys are otherwise lower-cased
-- already, so folding that one character is all a key written before needs; other types' keys are left as they are
-- (an email keeps its İ in its stored form and its key alike).
--
-- A key whose folded form another record already holds (both were written before) is left unfolded, so the migration
-- always applies: both records keep their values, as records written before an attribute turned unique do, and the
-- next write of that value meets the key it now shares. Of several keys that fold alike, the first (by key) is folded.
-- Keys longer than 512 characters are stored as their SHA-256 (UniqueValues.Stored) and cannot be folded here.
WITH candidates AS (
    SELECT DISTINCT ON (u.attribute_id, replace(u.value_key, 'İ', 'i'))
           u.attribute_id, u.value_key, replace(u.value_key, 'İ', 'i') AS folded
    FROM record_unique_values u
    JOIN attributes a ON a.id = u.attribute_id
    WHERE a.type IN ('text', 'personal-name', 'location') AND strpos(u.value_key, 'İ') > 0
    ORDER BY u.attribute_id, replace(u.value_key, 'İ', 'i'), u.value_key
)
UPDATE record_unique_values u
SET value_key = c.folded
FROM candidates c
WHERE u.attribute_id = c.attribute_id AND u.value_key = c.value_key
  AND NOT EXISTS (SELECT 1 FROM record_unique_values o WHERE o.attribute_id = c.attribute_id AND o.value_key = c.folded);
