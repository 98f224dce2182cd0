using System.Security.Claims;
using Juxa.Errors;

namespace Juxa.Api.Authentication;

/// <summary>
/// Who is calling: the workspace every query is scoped to, the member the request acts as
/// (an API key acts as the member who created it), and what the credential allows.
/// Handlers take it as a parameter; it binds from the authenticated principal.
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

    public string ActorType => Kind == CallerKind.ApiKey ? "api_key" : "member";

    public Guid ActorId => Kind == CallerKind.ApiKey ? ApiKeyId!.Value : MemberId!.Value;

    /// <summary>Minimal-API binding: endpoints that take a <see cref="Caller"/> require authentication first.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(From(context.User) ?? throw JuxaException.Unauthorized("Authentication is required."));

    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || !Enum.TryParse<CallerKind>(principal.FindFirstValue(JuxaClaims.Kind), out var kind))
        {
            return null;
        }

        return new Caller(
            kind,
            Guid.Parse(principal.FindFirstValue(JuxaClaims.Workspace)!),
            OptionalGuid(principal, JuxaClaims.Member),
            OptionalGuid(principal, JuxaClaims.User),
            OptionalGuid(principal, JuxaClaims.ApiKey),
            OptionalGuid(principal, JuxaClaims.Session),
            principal.FindAll(JuxaClaims.Scope).Select(c => c.Value).ToArray(),
            principal.HasClaim(JuxaClaims.Admin, "true"),
            principal.HasClaim(JuxaClaims.PlatformOperator, "true"))
        {
            InstallationId = OptionalGuid(principal, JuxaClaims.Installation),
        };
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(JuxaClaims.Kind, Kind.ToString()),
            new(JuxaClaims.Workspace, WorkspaceId.ToString()),
        };
        Add(claims, JuxaClaims.Member, MemberId);
        Add(claims, JuxaClaims.User, UserId);
        Add(claims, JuxaClaims.ApiKey, ApiKeyId);
        Add(claims, JuxaClaims.Session, SessionId);
        Add(claims, JuxaClaims.Installation, InstallationId);
        claims.AddRange(Scopes.Select(s => new Claim(JuxaClaims.Scope, s)));
        if (IsAdmin)
        {
            claims.Add(new Claim(JuxaClaims.Admin, "true"));
        }

        if (IsPlatformOperator)
        {
            claims.Add(new Claim(JuxaClaims.PlatformOperator, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, JuxaClaims.Member, null));
    }

    private static void Add(List<Claim> claims, string type, Guid? value)
    {
        if (value is { } v)
        {
            claims.Add(new Claim(type, v.ToString()));
        }
    }

    private static Guid? OptionalGuid(ClaimsPrincipal principal, string type) =>
        principal.FindFirstValue(type) is { } value ? Guid.Parse(value) : null;
}
