namespace Juxa.ApiKeys;

/// <summary>
/// One API key, keyed by the lower-case hex SHA-256 of its token. A single activation in the
/// whole cluster holds the key's metadata and its rate-limit window, so authorizing a request
/// and taking one unit of the per-key limit is one call, and the limit holds cluster-wide.
/// </summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Authorizes one request with this key and, if it is allowed, counts it against the key's limit.</summary>
    Task<ApiKeyDecision> AuthorizeAsync();

    /// <summary>
    /// Like <see cref="AuthorizeAsync"/>, for a host that keeps decisions: an allowed key without a limit comes back with
    /// <see cref="ApiKeyDecision.CacheUntil"/>, and <paramref name="cache"/> is told to evict it if the key is revoked before then.
    /// </summary>
    Task<ApiKeyDecision> AuthorizeForCacheAsync(IApiKeyDecisionCache cache);

    /// <summary>Whether the key still authorizes requests (<c>Allowed</c>), without counting anything: for connections opened earlier.</summary>
    Task<ApiKeyOutcome> CheckAsync();

    /// <summary>Registers a new key under this grain's hash.</summary>
    Task<ApiKeyInfo> CreateAsync(NewApiKey key);

    /// <summary>
    /// Re-reads the key's metadata now and makes hosts drop its cached decision: for a change to its creator (a new role)
    /// that must not wait for the metadata to expire.
    /// </summary>
    Task RefreshAsync();

    /// <summary>Revokes the key at once; later requests are refused on every node (hosts holding its decision evict it first).</summary>
    Task RevokeAsync();
}
