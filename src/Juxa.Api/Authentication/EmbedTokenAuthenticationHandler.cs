using System.Text.Encodings.Web;
using Juxa.ApiKeys;
using Juxa.Apps;
using Juxa.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Juxa.Api.Authentication;

/// <summary>
/// Authenticates <c>oc_embed_</c> tokens of installed apps. The token's grain (keyed by its SHA-256)
/// authorizes it and takes one unit of its rate limit in the same call, as for API keys; the caller
/// acts as the member who minted it, with the manifest's scopes and never as an admin.
/// </summary>
public sealed class EmbedTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.Read(Request);
        if (token is null || !token.StartsWith(SecretTokens.EmbedTokenPrefix, StringComparison.Ordinal) || token.Length > BearerToken.MaxLength)
        {
            return token is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("The bearer token is not a Juxa embed token (oc_embed_…).");
        }

        var decision = await grains.GetGrain<IEmbedTokenGrain>(SecretTokens.HashHex(token)).AuthorizeAsync();
        var access = decision.Access;
        // The rate-limit middleware reads the same feature as for keys: headers, and 429 before any endpoint runs.
        Context.Features.Set(new ApiKeyDecisionFeature(access));
        return access.Outcome switch
        {
            ApiKeyOutcome.Allowed or ApiKeyOutcome.RateLimited => AuthenticateResult.Success(new AuthenticationTicket(
                new Caller(CallerKind.Embed, access.WorkspaceId, access.MemberId, access.UserId, ApiKeyId: null, SessionId: null, access.Scopes,
                    IsAdmin: false, IsPlatformOperator: false) { InstallationId = decision.InstallationId, CredentialExpiresAt = access.ExpiresAt }.ToPrincipal(Scheme.Name),
                Scheme.Name)),
            ApiKeyOutcome.Revoked => AuthenticateResult.Fail("The embed token has been revoked: its app was uninstalled."),
            ApiKeyOutcome.Expired => AuthenticateResult.Fail("The embed token has expired; mint a new one."),
            _ => AuthenticateResult.Fail("The embed token is not valid."),
        };
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        BearerChallenge.Write(Context, await HandleAuthenticateOnceSafeAsync());
}
