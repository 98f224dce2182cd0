using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Records;
using Juxa.Records.Values;
using Juxa.Schema;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/search</c> and <c>/api/v1/records/browse</c> (contract §Search).</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").WithName("Search")
            .WithSummary("Search every object's names, emails, domains and phones (words, substrings and close matches)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        app.MapGet("/api/v1/records/browse", Browse).WithTags("Search").WithName("BrowseRecords")
            .WithSummary("The most recently updated records across all objects")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<SearchResults>>> Search([Required] string? q, int? limit, Caller caller, SchemaCache schemas, RecordSearch search, CancellationToken cancellationToken)
    {
        var query = SearchQuery.Parse(q) ?? throw JuxaException.Validation("q", $"q must be 1 to {SearchQuery.MaxLength} characters.");
        var paging = Paging.From(limit, 0, defaultLimit: 20);
        var schema = await schemas.GetAsync(caller.WorkspaceId);
        var hits = await search.SearchAsync(caller.WorkspaceId, query, paging.Limit, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new SearchResults(hits.Select(h => Result(schema, h, query)).ToArray())));
    }

    public static async Task<Ok<DataEnvelope<SearchResults>>> Browse(int? limit, Caller caller, SchemaCache schemas, RecordSearch search, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, 0, defaultLimit: 20);
        var schema = await schemas.GetAsync(caller.WorkspaceId);
        var hits = await search.BrowseAsync(caller.WorkspaceId, paging.Limit, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new SearchResults(hits.Select(h => Result(schema, h, query: null)).ToArray())));
    }

    /// <summary>A typed result; for a search, with the attribute that matched it (<see cref="MatchedAttribute"/>).</summary>
    private static SearchResult Result(WorkspaceSchema schema, SearchHit hit, SearchQuery? query)
    {
        var obj = schema.Object(hit.ObjectId);
        return new SearchResult(hit.ObjectSlug, hit.Id, hit.Title, obj is null || query is null ? null : MatchedAttribute(obj, hit.Values, query),
            obj is null ? null : RecordFormatter.ToView(obj, new RecordRow(hit.Id, default, hit.ObjectId, hit.Values, default, default)).Values);
    }

    /// <summary>
    /// The live attribute whose searchable terms hold the most of the query's words, the first in the object's order on a
    /// tie; null when none holds one (a close match, found by similarity). Archived attributes are never named: a read
    /// does not show them.
    /// </summary>
    private static string? MatchedAttribute(ObjectDefinition obj, JsonObject values, SearchQuery query)
    {
        string? matched = null;
        var most = 0;
        foreach (var attribute in obj.Attributes.Where(a => !a.IsArchived))
        {
            var words = values[attribute.Slug] is { } stored ? query.WordsIn(ValueCodec.Describe(attribute, stored).SearchTerms) : 0;
            if (words > most)
            {
                (matched, most) = (attribute.Slug, words);
            }
        }

        return matched;
    }
}

/// <summary>One hit: its object, id and display title, the attribute that matched (search only) and its values.</summary>
public sealed record SearchResult(string Object, Guid Id, string? Title, string? MatchedAttribute, JsonObject? Values);

public sealed record SearchResults(IReadOnlyList<SearchResult> Results);
