using System.ComponentModel.DataAnnotations;
using Juxa.ApiKeys;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Api.Realtime;
using Juxa.Errors;
using Juxa.Security;
using Juxa.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/api-keys</c> (contract §API Keys, admin only).</summary>
public static class ApiKeysApi
{
    public const int MaxRateLimitPerMinute = 100_000;

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API Keys").RequireAccess(Access.Admin);

        group.MapGet("", ListApiKeys)
            .WithName("ListApiKeys").WithSummary("List the workspace's API keys (admin)")
            .ProducesErrors(400, 401, 403, 429);

        group.MapPost("", CreateApiKey)
            .WithName("CreateApiKey").WithSummary("Create an API key; the token is returned once (admin)")
            .ProducesErrors(400, 401, 403, 429);

        // Where a created key's Location points: its metadata, use and revocation, never its token.
        group.MapGet("/{keyId:guid}", GetApiKey)
            .WithName("GetApiKey").WithSummary("Get one API key, without its token (admin)")
            .ProducesErrors(401, 403, 404, 429);

        group.MapDelete("/{keyId:guid}", RevokeApiKey)
            .WithName("RevokeApiKey").WithSummary("Revoke an API key at once (admin)")
            .ProducesErrors(401, 403, 404, 429);

        return app;
    }

    public static async Task<Ok<DataEnvelope<ApiKeyPage>>> ListApiKeys(Caller caller, ApiKeyRepository keys, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await keys.ListAsync(caller.WorkspaceId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new ApiKeyPage(page, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<ApiKeyInfo>>> GetApiKey(Guid keyId, Caller caller, ApiKeyRepository keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await keys.FindAsync(caller.WorkspaceId, keyId, cancellationToken) ?? throw JuxaException.NotFound("API key")));

    public static async Task<Created<DataEnvelope<CreatedApiKey>>> CreateApiKey(CreateApiKeyRequest request, Caller caller, IGrainFactory grains, TimeProvider time)
    {
        var scopes = ValidateScopes(request.Scopes);
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["name must be 1 to 200 characters."];
        }
        else if (DisplayNames.Refusal(name, "name") is { } refusal)
        {
            errors["name"] = [refusal];
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["expiresAt must be in the future."];
        }

        if (request.RateLimitPerMinute is < 0 or > MaxRateLimitPerMinute)
        {
            errors["rateLimitPerMinute"] = [$"rateLimitPerMinute must be between 0 (unlimited) and {MaxRateLimitPerMinute}."];
        }

        if (scopes is null)
        {
            errors["scopes"] = [$"scopes must be a non-empty list of: {string.Join(", ", Scopes.Known)}."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The API key request is invalid.", errors);
        }

        var token = SecretTokens.Generate(SecretTokens.ApiKeyPrefix);
        var key = await grains.GetGrain<IApiKeyGrain>(SecretTokens.HashHex(token)).CreateAsync(new NewApiKey(
            caller.WorkspaceId, name!, SecretTokens.DisplayPrefix(token), scopes!, caller.MemberId, request.ExpiresAt, request.RateLimitPerMinute));
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", Envelope.Of(CreatedApiKey.From(key, token)));
    }

    public static async Task<Ok<DataEnvelope<RevokedApiKey>>> RevokeApiKey(
        Guid keyId, Caller caller, ApiKeyRepository keys, IGrainFactory grains, HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        var hash = await keys.FindHashAsync(caller.WorkspaceId, keyId, cancellationToken) ?? throw JuxaException.NotFound("API key");
        await grains.GetGrain<IApiKeyGrain>(Convert.ToHexStringLower(hash)).RevokeAsync();
        // "At once" for the key's open hub connections too, on every host, rather than at their host's next periodic check.
        await hubConnections.CloseAsync([hash]);
        return TypedResults.Ok(Envelope.Of(new RevokedApiKey(keyId, Revoked: true)));
    }

    /// <summary>Distinct known scopes; the contract's default is <c>["*"]</c>. Null when invalid.</summary>
    private static IReadOnlyList<string>? ValidateScopes(IReadOnlyList<string>? scopes)
    {
        if (scopes is null)
        {
            return [Scopes.All];
        }

        return scopes.Count > 0 && scopes.All(Scopes.Known.Contains) ? scopes.Distinct().ToArray() : null;
    }
}

/// <summary>A new API key. Omit scopes for <c>["*"]</c>; rateLimitPerMinute overrides the server default for this key (0: unlimited).</summary>
public sealed record CreateApiKeyRequest([property: Required] string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt, int? RateLimitPerMinute);

/// <summary>The created key and its token. The token is shown here once and cannot be retrieved again.</summary>
public sealed record CreatedApiKey(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, Guid? CreatedByMemberId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int? RateLimitPerMinute, string Token)
{
    public static CreatedApiKey From(ApiKeyInfo key, string token) =>
        new(key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedByMemberId, key.CreatedAt, key.ExpiresAt, key.RateLimitPerMinute, token);
}

public sealed record RevokedApiKey(Guid Id, bool Revoked);

public sealed record ApiKeyPage(IReadOnlyList<ApiKeyInfo> ApiKeys, Pagination Pagination);
