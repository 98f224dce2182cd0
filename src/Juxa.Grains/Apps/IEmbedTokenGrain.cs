using Juxa.ApiKeys;

namespace Juxa.Apps;

/// <summary>
/// One embed token, keyed by the lower-case hex SHA-256 of its <c>oc_embed_</c> token. Like an API
/// key's grain, its single activation authorizes a request and takes one unit of the token's rate
/// limit in one call; and revoking it here refuses it at once on every host.
/// </summary>
public interface IEmbedTokenGrain : IGrainWithStringKey
{
    /// <summary>Authorizes one request with this token and, if it is allowed, counts it against the token's limit.</summary>
    Task<EmbedTokenDecision> AuthorizeAsync();

    /// <summary>Whether the token still authorizes requests (<c>Allowed</c>), without counting anything: for connections opened earlier.</summary>
    Task<ApiKeyOutcome> CheckAsync();

    /// <summary>Registers a new token under this grain's hash for a live installation; 404 when the installation is gone.</summary>
    Task<MintedEmbedToken> CreateAsync(NewEmbedToken token);

    /// <summary>Refuses the token from now on (its installation was uninstalled).</summary>
    Task RevokeAsync();
}
