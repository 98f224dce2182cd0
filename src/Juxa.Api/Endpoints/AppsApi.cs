using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Api.Realtime;
using Juxa.Apps;
using Juxa.Errors;
using Juxa.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Juxa.Api.Endpoints;

/// <summary>
/// <c>/api/v1/apps</c>: the marketplace, installations and embed tokens (contract §Workspace app marketplace,
/// §App installations, §Uninstall app, §Mint embed token). Browser surfaces: sessions only.
/// </summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder app)
    {
        var marketplace = app.MapGroup("/api/v1/apps/marketplace").WithTags("Apps");
        marketplace.MapGet("", ListMarketplace)
            .WithName("ListMarketplaceApps").WithSummary("The app catalog, newest first (paginated; session)")
            .RequireAccess(Access.Session).ProducesErrors(400, 401, 403);
        // Where a publish's Location header points (a path we add): without it the header named a 404.
        marketplace.MapGet("/{appId:guid}", GetMarketplaceApp)
            .WithName("GetMarketplaceApp").WithSummary("One catalog app (session)")
            .RequireAccess(Access.Session).ProducesErrors(401, 403, 404);
        marketplace.MapPost("", PublishApp)
            .WithName("PublishMarketplaceApp")
            .WithSummary("Publish an app {slug, name, description, manifest: {scopes[], embedUrl, osintResearch?}} (admin session of an entitled workspace)")
            .RequireAccess(Access.SessionAdmin).ProducesErrors(400, 401, 403, 409, 415);

        var installations = app.MapGroup("/api/v1/apps/installations").WithTags("Apps");
        installations.MapGet("", ListInstallations)
            .WithName("ListAppInstallations").WithSummary("Apps installed in this workspace (paginated; session)")
            .RequireAccess(Access.Session).ProducesErrors(400, 401, 403);
        installations.MapPost("", InstallApp)
            .WithName("InstallApp").WithSummary("Install a catalog app {appId} (admin session); installing it twice is 409")
            .RequireAccess(Access.SessionAdmin).ProducesErrors(400, 401, 403, 404, 409, 415);
        installations.MapGet("/{installationId:guid}", GetInstallation)
            .WithName("GetAppInstallation").WithSummary("One installation of this workspace (session)")
            .RequireAccess(Access.Session).ProducesErrors(401, 403, 404);
        installations.MapDelete("/{installationId:guid}", UninstallApp)
            .WithName("UninstallApp").WithSummary("Uninstall an app; its embed tokens stop working at once on every host (admin session)")
            .RequireAccess(Access.SessionAdmin).ProducesErrors(401, 403, 404);
        installations.MapPost("/{installationId:guid}/embed-sessions", MintEmbedToken)
            .WithName("MintEmbedToken").WithSummary("Mint a short-lived oc_embed_ token for the app, acting as you with the manifest's scopes (session)")
            .RequireAccess(Access.Session).ProducesErrors(401, 403, 404, 415);
        installations.MapGet("/{installationId:guid}/usage", GetInstallationUsage)
            .WithName("GetAppInstallationUsage").WithSummary("Model usage attributed to the installation (OSINT research, agent missions), per kind (session)")
            .RequireAccess(Access.Session).ProducesErrors(401, 403, 404);
        return app;
    }

    public static async Task<Ok<DataEnvelope<AppPage>>> ListMarketplace(int? limit, int? offset, AppRepository apps, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await apps.ListAsync(paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new AppPage(page, paging.With(total))));
    }

    /// <summary>The catalog is shared by every workspace, so any session may read any entry.</summary>
    public static async Task<Ok<DataEnvelope<AppEntry>>> GetMarketplaceApp(Guid appId, AppRepository apps, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await apps.GetAsync(appId, cancellationToken) ?? throw JuxaException.NotFound("App")));

    public static async Task<Created<DataEnvelope<AppEntry>>> PublishApp(
        PublishAppRequest request, Caller caller, AppRepository apps, EntitlementRepository entitlements, CancellationToken cancellationToken)
    {
        if (!await entitlements.IsEntitledAsync(caller.WorkspaceId, cancellationToken))
        {
            throw JuxaException.Forbidden(
                $"This workspace is not entitled to publish apps. Request it at POST /api/v1/workspaces/{caller.WorkspaceId}/ecosystem-builder-entitlement.");
        }

        var manifest = request.Manifest;
        var (slug, name, description, validated) = AppRules.Validate(
            request.Slug, request.Name, request.Description, manifest?.Scopes, manifest?.EmbedUrl, manifest?.OsintResearch, manifestGiven: manifest is not null);
        var published = await apps.PublishAsync(caller.WorkspaceId, caller.MemberId, slug, name, description, validated, cancellationToken);
        return TypedResults.Created($"/api/v1/apps/marketplace/{published.Id}", Envelope.Of(published));
    }

    public static async Task<Ok<DataEnvelope<InstallationPage>>> ListInstallations(
        Caller caller, int? limit, int? offset, InstallationRepository installations, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await installations.ListAsync(caller.WorkspaceId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new InstallationPage(page, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<Installation>>> GetInstallation(
        Guid installationId, Caller caller, InstallationRepository installations, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await installations.GetAsync(caller.WorkspaceId, installationId, cancellationToken) ?? throw JuxaException.NotFound("Installation")));

    public static async Task<Created<DataEnvelope<Installation>>> InstallApp(
        InstallAppRequest request, Caller caller, InstallationRepository installations, CancellationToken cancellationToken)
    {
        var appId = request.AppId ?? throw JuxaException.Validation("appId", "appId is required: the id of a catalog app.");
        var installed = await installations.InstallAsync(caller.WorkspaceId, appId, caller.MemberId, cancellationToken);
        return TypedResults.Created($"/api/v1/apps/installations/{installed.Id}", Envelope.Of(installed));
    }

    public static async Task<Ok<DataEnvelope<UninstalledView>>> UninstallApp(
        Guid installationId, Caller caller, InstallationRepository installations, IGrainFactory grains, HubConnectionCloser hubConnections,
        CancellationToken cancellationToken)
    {
        var revoked = await installations.UninstallAsync(caller.WorkspaceId, installationId, cancellationToken) ?? throw JuxaException.NotFound("Installation");
        // The rows are revoked already; telling each live token's grain makes every host refuse it now rather than within its 30-second re-read.
        await Task.WhenAll(revoked.Select(hash => grains.GetGrain<IEmbedTokenGrain>(Convert.ToHexStringLower(hash)).RevokeAsync()));
        // And the tokens' open hub connections close now too, rather than at their host's next periodic check.
        await hubConnections.CloseAsync(revoked);
        return TypedResults.Ok(Envelope.Of(new UninstalledView(installationId, Uninstalled: true, RevokedEmbedTokens: revoked.Count)));
    }

    public static async Task<Ok<DataEnvelope<InstallationUsageView>>> GetInstallationUsage(
        Guid installationId, Caller caller, InstallationRepository installations, AppUsageRepository usage, CancellationToken cancellationToken)
    {
        // An uninstalled installation's usage stays readable: the row is kept for it (docs/apps.md).
        if (!await installations.ExistsAsync(caller.WorkspaceId, installationId, cancellationToken))
        {
            throw JuxaException.NotFound("Installation");
        }

        return TypedResults.Ok(Envelope.Of(new InstallationUsageView(installationId, await usage.ForInstallationAsync(caller.WorkspaceId, installationId, cancellationToken))));
    }

    public static async Task<Created<DataEnvelope<EmbedTokenView>>> MintEmbedToken(
        Guid installationId, Caller caller, InstallationRepository installations, IGrainFactory grains, IOptions<AppsOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var installation = await installations.GetAsync(caller.WorkspaceId, installationId, cancellationToken) ?? throw JuxaException.NotFound("Installation");
        var token = SecretTokens.Generate(SecretTokens.EmbedTokenPrefix);
        var minted = await grains.GetGrain<IEmbedTokenGrain>(SecretTokens.HashHex(token)).CreateAsync(new NewEmbedToken(
            caller.WorkspaceId, installation.Id, caller.MemberId!.Value, AppScopes.ForToken(installation.App.Manifest), time.GetUtcNow() + options.Value.EmbedTokenTtl));
        return TypedResults.Created((string?)null, Envelope.Of(new EmbedTokenView(token, minted.ExpiresAt, minted.Scopes, installation.Id)));
    }
}

public sealed record PublishAppRequest([property: Required] string? Slug, [property: Required] string? Name, string? Description, [property: Required] ManifestRequest? Manifest);

/// <summary>The manifest: <c>scopes</c> from crm:read, crm:write and chat; an https <c>embedUrl</c> (http only on localhost); <c>osintResearch</c> to let its tokens call OSINT research.</summary>
public sealed record ManifestRequest([property: Required] IReadOnlyList<string>? Scopes, [property: Required] string? EmbedUrl, bool? OsintResearch);

public sealed record InstallAppRequest([property: Required] Guid? AppId);

public sealed record AppPage(IReadOnlyList<AppEntry> Apps, Pagination Pagination);

public sealed record InstallationPage(IReadOnlyList<Installation> Installations, Pagination Pagination);

public sealed record InstallationUsageView(Guid InstallationId, IReadOnlyList<AppUsage> Usage);

public sealed record UninstalledView(Guid Id, bool Uninstalled, int RevokedEmbedTokens);

/// <summary>The embed token, shown once. Hand it to the embedded app; it expires at <c>expiresAt</c> and dies at once when the app is uninstalled.</summary>
public sealed record EmbedTokenView(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes, Guid InstallationId);
