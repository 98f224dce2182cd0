namespace Juxa.ApiKeys;

/// <summary>
/// The answer to one request's key: who it acts as and what it may do (when allowed), and the
/// state of its rate-limit window (for the <c>RateLimit-*</c> headers). <see cref="Limit"/> 0 means unlimited.
/// <see cref="CacheUntil"/>, set only for an allowed unlimited key asked through <see cref="IApiKeyGrain.AuthorizeForCacheAsync"/>,
/// is how long the asking host may reuse the decision without asking again: with no window to count in, the
/// grain has nothing to add per request, and a revocation evicts the decision at once (<see cref="IApiKeyDecisionCache"/>).
/// <see cref="ExpiresAt"/> is when the credential itself stops authorizing (null: never), so that what it opened, a hub
/// connection, can be closed at that moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ApiKeyDecision")]
public sealed record ApiKeyDecision(
    [property: Id(0)] ApiKeyOutcome Outcome,
    [property: Id(1)] Guid KeyId,
    [property: Id(2)] Guid WorkspaceId,
    [property: Id(3)] Guid? MemberId,
    [property: Id(4)] Guid? UserId,
    [property: Id(5)] bool ActsAsAdmin,
    [property: Id(6)] IReadOnlyList<string> Scopes,
    [property: Id(7)] int Limit,
    [property: Id(8)] int Remaining,
    [property: Id(9)] int ResetSeconds,
    [property: Id(10)] int RetryAfterSeconds,
    [property: Id(11)] DateTimeOffset? CacheUntil = null,
    [property: Id(12)] DateTimeOffset? ExpiresAt = null)
{
    public static ApiKeyDecision Refused(ApiKeyOutcome outcome) => new(outcome, Guid.Empty, Guid.Empty, null, null, false, [], 0, 0, 0, 0);
}
