-- Search text is lower-cased as PostgreSQL's lower() does for the Turkish capital İ: it becomes an i (TextCase.Lower).
-- .NET's invariant lower case, which built the search text before, kept it, so "istanbul" did not find "İstanbul".
-- Search text is otherwise lower-cased already, so folding that one character is all a row written before needs.
UPDATE records SET search_text = replace(search_text, 'İ', 'i') WHERE search_text LIKE '%İ%';
