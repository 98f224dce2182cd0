using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Records;
using Juxa.Records.Values;
using Juxa.Schema;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/search</c> and <c>/api/v1/records/browse</c> (contract §Search).</summary>
public static class SearchApi
{
    public const int MaxQueryLength = 200;

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
        var text = q?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > MaxQueryLength)
        {
            throw JuxaException.Validation("q", $"q must be 1 to {MaxQueryLength} characters.");
        }

        var paging = Paging.From(limit, 0, defaultLimit: 20);
        var schema = await schemas.GetAsync(caller.WorkspaceId);
        var hits = await search.SearchAsync(caller.WorkspaceId, text, paging.Limit, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new SearchResults(hits.Select(h => Result(schema, h, text)).ToArray())));
    }

    public static async Task<Ok<DataEnvelope<SearchResults>>> Browse(int? limit, Caller caller, SchemaCache schemas, RecordSearch search, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, 0, defaultLimit: 20);
        var schema = await schemas.GetAsync(caller.WorkspaceId);
        var hits = await search.BrowseAsync(caller.WorkspaceId, paging.Limit, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new SearchResults(hits.Select(h => Result(schema, h, query: null)).ToArray())));
    }

    /// <summary>A typed result; for a search, the first attribute whose searchable terms contain the query names the match.</summary>
    private static SearchResult Result(WorkspaceSchema schema, SearchHit hit, string? query)
    {
        var obj = schema.Object(hit.ObjectId);
        string? matched = null;
        if (obj is not null && query is not null)
        {
            matched = obj.Attributes.FirstOrDefault(a => hit.Values[a.Slug] is { } stored
                && ValueCodec.Describe(a, stored).SearchTerms.Any(t => t.Contains(query, StringComparison.Ordinal)))?.Slug;
        }

        return new SearchResult(hit.ObjectSlug, hit.Id, hit.Title, matched, obj is null ? null : RecordFormatter.ToView(obj, new RecordRow(hit.Id, default, hit.ObjectId, hit.Values, default, default)).Values);
    }
}

/// <summary>One hit: its object, id and display title, the attribute that matched (search only) and its values.</summary>
public sealed record SearchResult(string Object, Guid Id, string? Title, string? MatchedAttribute, System.Text.Json.Nodes.JsonObject? Values);

public sealed record SearchResults(IReadOnlyList<SearchResult> Results);
