using System.Security.Claims;
using Juxa.Errors;

namespace Juxa.Api.Authentication;

/// <summary>
/// Who is calling: the workspace every query is scoped to, the member the request acts as
/// (an API key acts as the member who created it), and what the credential allows.
/// Handlers take it as a parameter; it binds from the authenticated principal's <see cref="CallerIdentity"/>.
/// </summary>
public sealed record Caller(
    CallerKind Kind,
    Guid WorkspaceId,
    Guid? MemberId,
    Guid? UserId,
    Guid? ApiKeyId,
    Guid? SessionId,
    IReadOnlyList<string> Scopes,
    bool IsAdmin,
    bool IsPlatformOperator)
{
    /// <summary>For an embed token: the app installation it belongs to (usage is attributed to it).</summary>
    public Guid? InstallationId { get; init; }

    /// <summary>When the credential stops authorizing by itself (a session's or embed token's end, a key's expiry); null: never.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    public string ActorType => Kind == CallerKind.ApiKey ? "api_key" : "member";

    public Guid ActorId => Kind == CallerKind.ApiKey ? ApiKeyId!.Value : MemberId!.Value;

    /// <summary>Minimal-API binding: endpoints that take a <see cref="Caller"/> require authentication first.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(From(context.User) ?? throw JuxaException.Unauthorized("Authentication is required."));

    /// <summary>The caller an authentication handler attached to the principal; null when unauthenticated.</summary>
    public static Caller? From(ClaimsPrincipal principal) =>
        principal.Identity is CallerIdentity { IsAuthenticated: true } identity ? identity.Caller : null;

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new CallerIdentity(this, scheme));
}
