namespace Juxa.ApiKeys;

/// <summary>
/// An API host's store of <see cref="ApiKeyDecision"/>s it may reuse until their <see cref="ApiKeyDecision.CacheUntil"/>
/// (unlimited keys only), as the key's grain sees it: a grain observer, so that revoking a key evicts its decision
/// from every host that holds one before the revocation returns.
/// </summary>
public interface IApiKeyDecisionCache : IGrainObserver
{
    /// <summary>Forgets the decision for the key with this hash (lower-case hex SHA-256 of its token).</summary>
    Task EvictAsync(string keyHash);
}
