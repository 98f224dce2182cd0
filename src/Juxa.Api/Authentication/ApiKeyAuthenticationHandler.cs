using System.Text.Encodings.Web;
using Juxa.ApiKeys;
using Juxa.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Juxa.Api.Authentication;

/// <summary>
/// Authenticates <c>oc_sk_</c> API keys. The key's grain (keyed by the token's SHA-256) authorizes
/// the key and takes one unit of its rate limit in the same call; an unlimited key's decision is
/// reused for a few seconds (<see cref="ApiKeyDecisionCache"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDecisionCache decisions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.Read(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!token.StartsWith(SecretTokens.ApiKeyPrefix, StringComparison.Ordinal) || token.Length > BearerToken.MaxLength)
        {
            return AuthenticateResult.Fail("The bearer token is not a Juxa API key (oc_sk_…).");
        }

        var decision = await decisions.AuthorizeAsync(SecretTokens.HashHex(token));
        Context.Features.Set(new ApiKeyDecisionFeature(decision));
        return decision.Outcome switch
        {
            ApiKeyOutcome.Allowed or ApiKeyOutcome.RateLimited => Success(decision),
            ApiKeyOutcome.Revoked => AuthenticateResult.Fail("The API key has been revoked."),
            ApiKeyOutcome.Expired => AuthenticateResult.Fail("The API key has expired."),
            _ => AuthenticateResult.Fail("The API key is not valid."),
        };
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        BearerChallenge.Write(Context, await HandleAuthenticateOnceSafeAsync());

    private AuthenticateResult Success(ApiKeyDecision decision)
    {
        // A rate-limited key is still identified (so logs and headers know it); RateLimitMiddleware answers 429 before any endpoint runs.
        var caller = new Caller(CallerKind.ApiKey, decision.WorkspaceId, decision.MemberId, decision.UserId, decision.KeyId, SessionId: null,
            decision.Scopes, decision.ActsAsAdmin, IsPlatformOperator: false) { CredentialExpiresAt = decision.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }
}
