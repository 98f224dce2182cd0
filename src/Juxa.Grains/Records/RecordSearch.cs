using System.Text;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Records.Query;
using Npgsql;

namespace Juxa.Records;

/// <summary>
/// <c>GET /api/v1/search</c>: records of every object whose search text (names, emails, domains, phones, …
/// lower-cased; see <see cref="RecordFormatter.SearchText"/>) contains every word of the query, best first;
/// close (trigram) matches only fill a page that exact matches leave short.
/// </summary>
/// <remarks>
/// The cost must not grow with the number of matches: a three-letter query can match 5 % of a workspace.
/// So the exact arm ranks a bounded window: the <see cref="RankingWindow"/> most recently updated matches,
/// which the <c>(workspace_id, updated_at DESC, id DESC)</c> index delivers in order (or, for a rare term, the
/// trigram index finds all of them — the planner picks). Within the window a record whose text starts with the
/// query comes first, then one where a word starts with it, then by trigram similarity, then the most recent.
/// docs/query-plans.md has the measurements behind this.
/// </remarks>
public sealed class RecordSearch(NpgsqlDataSource db)
{
    /// <summary>How many of the most recently updated exact matches are ranked by relevance (at least a page).</summary>
    public const int RankingWindow = 100;

    // values as jsonb, not values::text, which would be computed for every ranked candidate (see RecordRepository.RowColumns).
    private const string HitColumns = "r.id, o.slug, r.title, r.values, r.object_id";

    /// <summary>Up to <paramref name="limit"/> hits for <paramref name="query"/>.</summary>
    public async Task<List<SearchHit>> SearchAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken = default)
    {
        var hits = await ExactAsync(workspaceId, query, limit, cancellationToken);
        if (hits.Count < limit)
        {
            hits.AddRange(await CloseAsync(workspaceId, query.Text, limit - hits.Count, hits.Select(h => h.Id).ToArray(), cancellationToken));
        }

        return hits;
    }

    /// <summary>Records containing every word of <paramref name="query"/> (as substrings, in any order), ranked within the window.</summary>
    private Task<List<SearchHit>> ExactAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var q = query.Text;
        // $1 workspace, $2 query, $3 prefix pattern, $4 word-start pattern, $5 window, $6 limit, $7… one or two patterns per word.
        var parameters = new List<object?> { workspaceId, q, SqlTranslator.EscapeLike(q) + "%", "% " + SqlTranslator.EscapeLike(q) + "%", Math.Max(RankingWindow, limit), limit };
        var conditions = new StringBuilder();
        foreach (var word in query.Words)
        {
            // A phone-shaped word also matches as its digits (SearchWord): either form may be the one a record holds.
            var pattern = Contains(word.Text);
            conditions.Append(" AND ").Append(word.Digits is { } digits ? $"({pattern} OR {Contains(digits)})" : pattern);
        }

        return db.Command(
                $"""
                WITH matches AS MATERIALIZED (
                    SELECT r.id, r.search_text, r.updated_at FROM records r
                    WHERE r.workspace_id = $1{conditions}
                    ORDER BY r.updated_at DESC, r.id DESC
                    LIMIT $5),
                ranked AS (
                    SELECT m.id, row_number() OVER (
                        ORDER BY m.search_text LIKE $3 ESCAPE '\' DESC, (' ' || m.search_text) LIKE $4 ESCAPE '\' DESC,
                                 similarity(m.search_text, $2) DESC, m.updated_at DESC, m.id) AS rank
                    FROM matches m ORDER BY rank LIMIT $6)
                SELECT {HitColumns} FROM ranked k JOIN records r ON r.id = k.id JOIN objects o ON o.id = r.object_id
                ORDER BY k.rank
                """,
                parameters.ToArray())
            .ListAsync(ReadHit, cancellationToken);

        string Contains(string text)
        {
            parameters.Add("%" + SqlTranslator.EscapeLike(text) + "%");
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r.search_text LIKE ${parameters.Count} ESCAPE '\\'");
        }
    }

    /// <summary>Close matches (trigram word similarity, e.g. a typo) that are not among <paramref name="exclude"/>.</summary>
    private Task<List<SearchHit>> CloseAsync(Guid workspaceId, string q, int limit, Guid[] exclude, CancellationToken cancellationToken) =>
        db.Command(
                $"""
                SELECT {HitColumns} FROM records r JOIN objects o ON o.id = r.object_id
                WHERE r.workspace_id = $1 AND $2 <% r.search_text AND r.id <> ALL($3)
                ORDER BY word_similarity($2, r.search_text) DESC, r.updated_at DESC, r.id
                LIMIT $4
                """,
                workspaceId, q, exclude, limit)
            .ListAsync(ReadHit, cancellationToken);

    /// <summary>The most recently updated records across every object.</summary>
    public Task<List<SearchHit>> BrowseAsync(Guid workspaceId, int limit, CancellationToken cancellationToken = default) =>
        db.Command(
                $"""
                SELECT {HitColumns} FROM records r JOIN objects o ON o.id = r.object_id
                WHERE r.workspace_id = $1 ORDER BY r.updated_at DESC, r.id DESC LIMIT $2
                """, workspaceId, limit)
            .ListAsync(ReadHit, cancellationToken);

    private static SearchHit ReadHit(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetNullable<string>(2), JsonNode.Parse(r.GetString(3))!.AsObject(), r.GetGuid(4));
}
