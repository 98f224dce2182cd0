using System.Text.Encodings.Web;
using Juxa.Api.Http;
using Juxa.Identity;
using Juxa.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Juxa.Api.Authentication;

/// <summary>Authenticates the <c>juxa_session</c> cookie against the server-side session table.</summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SessionRepository sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(SessionCookie.Name, out var token) || string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (!token.StartsWith(SecretTokens.SessionPrefix, StringComparison.Ordinal) || token.Length > BearerToken.MaxLength)
        {
            return AuthenticateResult.Fail("The session cookie is not valid. Sign in again.");
        }

        var session = await sessions.FindActiveAsync(token, Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session has expired or was signed out. Sign in again.");
        }

        var caller = new Caller(CallerKind.Session, session.WorkspaceId, session.MemberId, session.UserId, ApiKeyId: null, session.Id,
            Scopes: [], IsAdmin: session.Role == MemberRoles.Admin, session.IsPlatformOperator) { CredentialExpiresAt = session.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is { } failure)
        {
            Context.Items[ErrorResponses.MessageItem] = failure.Message;
            // The cookie names a session that has ended (or never was). It is HttpOnly, so the page cannot remove it; left
            // alone, the browser would send the dead token for the rest of its 14 days, even to a log-out.
            SessionCookie.Delete(Context);
        }
    }
}
