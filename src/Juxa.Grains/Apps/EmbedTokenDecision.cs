using Juxa.ApiKeys;

namespace Juxa.Apps;

/// <summary>
/// The answer to one request's embed token. <see cref="Access"/> has the same shape as an API key's
/// decision (the caller, its scopes, the rate-limit window), so the same middleware answers 429 and
/// writes the <c>RateLimit-*</c> headers; its <c>KeyId</c> is the token's id and it never acts as an admin.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.EmbedTokenDecision")]
public sealed record EmbedTokenDecision(
    [property: Id(0)] ApiKeyDecision Access,
    [property: Id(1)] Guid InstallationId);
