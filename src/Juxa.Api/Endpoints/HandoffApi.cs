using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Handoffs;
using Juxa.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/integrations/juxa-docs-handoff</c> (contract §Juxa Docs handoff): mint a one-time link, consume it in the browser.</summary>
public static class HandoffApi
{
    public const int MaxDocBytes = 512 * 1024;
    public const int MaxComposerDraftBytes = 64 * 1024;
    public const int MaxAgentQuickBytes = 4 * 1024;
    public const int MaxShortTextLength = 200;
    public const int MaxSourceUrlLength = 2048;
    public const int MaxExcerptHashLength = 128;

    /// <summary>Two documents of 512 KiB each fit even when a client escapes every '&lt;' as \u003C; the field limits are the real guard.</summary>
    public const long BodyLimit = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapHandoffApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/juxa-docs-handoff").WithTags("Juxa Docs handoff");

        group.MapPost("", MintHandoff)
            .WithName("MintJuxaDocsHandoff")
            .WithSummary("Mint a one-time link that opens Juxa Docs with this payload {composerDraft?, docPlain?, docHtml?, tabLabel?, openConstructor?, agentQuick?, embedGoogleDocs?, source?, sourceUrl?, excerptHash?}")
            .RequireAccess(Access.HandoffMint).WithMetadata(new RequestSizeLimitAttribute(BodyLimit))
            .ProducesErrors(400, 401, 403, 413, 415, 429);

        group.MapPost("/{token}/consume", ConsumeHandoff)
            .WithName("ConsumeJuxaDocsHandoff")
            .WithSummary("Consume a handoff once, as the user who minted it (session cookie only); returns {payload}")
            .RequireAccess(Access.Session)
            .ProducesErrors(401, 403, 404, 410);

        return app;
    }

    public static async Task<Created<DataEnvelope<MintedHandoffView>>> MintHandoff(
        MintHandoffRequest request, Caller caller, HttpContext context, IConfiguration configuration, IGrainFactory grains)
    {
        var payload = Payload(request);
        // A key acts for its creator: only that user can consume. A key whose creator left has nobody to hand off to.
        var userId = caller.UserId ?? throw JuxaException.Forbidden("This API key's creator is no longer a member of the workspace, so nobody could open the handoff.");
        var token = HandoffTokens.Generate();
        var minted = await grains.GetGrain<IHandoffGrain>(SecretTokens.HashHex(token)).CreateAsync(new NewHandoff(
            caller.WorkspaceId, userId, caller.Kind == CallerKind.ApiKey ? caller.ApiKeyId : null, payload.ToJsonString()));
        var url = HandoffUrl(PublicBaseUrl(context, configuration), token, request.EmbedGoogleDocs == true);
        return TypedResults.Created((string?)null, Envelope.Of(new MintedHandoffView(minted.Id, url, minted.ExpiresAt)));
    }

    public static async Task<Ok<DataEnvelope<ConsumedHandoffView>>> ConsumeHandoff(string token, Caller caller, IGrainFactory grains)
    {
        if (!HandoffTokens.LooksValid(token))
        {
            throw HandoffErrors.NotFound();
        }

        var payload = await grains.GetGrain<IHandoffGrain>(SecretTokens.HashHex(token)).ConsumeAsync(caller.WorkspaceId, caller.UserId!.Value);
        return TypedResults.Ok(Envelope.Of(new ConsumedHandoffView(JsonNode.Parse(payload)!)));
    }

    /// <summary><c>Juxa:PublicBaseUrl</c> when set (behind a proxy, the address browsers use); otherwise this request's own origin.</summary>
    public static string PublicBaseUrl(HttpContext context, IConfiguration configuration) =>
        (configuration["Juxa:PublicBaseUrl"] is { Length: > 0 } configured ? configured : $"{context.Request.Scheme}://{context.Request.Host}").TrimEnd('/');

    public static string HandoffUrl(string baseUrl, string token, bool embedGoogleDocs) =>
        embedGoogleDocs
            ? $"{baseUrl}/docs/embed?handoff={Uri.EscapeDataString(token)}&surface=google-docs"
            : $"{baseUrl}/docs?handoff={Uri.EscapeDataString(token)}";

    /// <summary>The mint body as stored and returned by consume: the fields given, plus <c>"v": 1</c>. Every size problem is reported at once.</summary>
    private static JsonObject Payload(MintHandoffRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var payload = new JsonObject();
        Text(payload, errors, "composerDraft", request.ComposerDraft, maxBytes: MaxComposerDraftBytes);
        Text(payload, errors, "docPlain", request.DocPlain, maxBytes: MaxDocBytes);
        Text(payload, errors, "docHtml", request.DocHtml, maxBytes: MaxDocBytes);
        Text(payload, errors, "tabLabel", request.TabLabel, maxLength: MaxShortTextLength);
        Flag(payload, "openConstructor", request.OpenConstructor);
        switch (request.AgentQuick.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                break;
            case JsonValueKind.True or JsonValueKind.False:
                payload["agentQuick"] = request.AgentQuick.GetBoolean();
                break;
            case JsonValueKind.String:
                Text(payload, errors, "agentQuick", request.AgentQuick.GetString(), maxBytes: MaxAgentQuickBytes);
                break;
            default:
                errors["agentQuick"] = ["agentQuick must be a boolean or a string."];
                break;
        }

        Flag(payload, "embedGoogleDocs", request.EmbedGoogleDocs);
        Text(payload, errors, "source", request.Source, maxLength: MaxShortTextLength);
        if (request.SourceUrl is { } sourceUrl
            && (sourceUrl.Length > MaxSourceUrlLength || !Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors["sourceUrl"] = [$"sourceUrl must be an absolute http or https URL of at most {MaxSourceUrlLength} characters."];
        }

        Text(payload, errors, "sourceUrl", request.SourceUrl, maxLength: MaxSourceUrlLength);
        Text(payload, errors, "excerptHash", request.ExcerptHash, maxLength: MaxExcerptHashLength);
        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The handoff is invalid.", errors);
        }

        payload["v"] = 1;
        return payload;
    }

    private static void Text(JsonObject payload, Dictionary<string, string[]> errors, string field, string? value, int? maxBytes = null, int? maxLength = null)
    {
        if (value is null)
        {
            return;
        }

        if (maxBytes is { } bytes && Encoding.UTF8.GetByteCount(value) > bytes)
        {
            errors.TryAdd(field, [$"{field} must be at most {bytes / 1024} KiB (UTF-8)."]);
        }
        else if (maxLength is { } length && value.Length > length)
        {
            errors.TryAdd(field, [$"{field} must be at most {length} characters."]);
        }

        payload[field] = value;
    }

    private static void Flag(JsonObject payload, string field, bool? value)
    {
        if (value is { } flag)
        {
            payload[field] = flag;
        }
    }
}

/// <summary>
/// What Juxa Docs should open with. Every field is optional. Limits: docPlain and docHtml 512 KiB each,
/// composerDraft 64 KiB, agentQuick (a boolean or a string) 4 KiB, tabLabel and source 200 characters,
/// sourceUrl an http(s) URL of 2048 characters at most, excerptHash 128 characters.
/// </summary>
public sealed record MintHandoffRequest(
    string? ComposerDraft,
    string? DocPlain,
    string? DocHtml,
    string? TabLabel,
    bool? OpenConstructor,
    JsonElement AgentQuick,
    bool? EmbedGoogleDocs,
    string? Source,
    string? SourceUrl,
    string? ExcerptHash);

/// <summary>A minted handoff. Open <c>handoffUrl</c> in a browser where the same user is signed in to the same workspace.</summary>
public sealed record MintedHandoffView(Guid Id, string HandoffUrl, DateTimeOffset ExpiresAt);

/// <summary>The mint body plus <c>"v": 1</c>.</summary>
public sealed record ConsumedHandoffView(JsonNode Payload);
