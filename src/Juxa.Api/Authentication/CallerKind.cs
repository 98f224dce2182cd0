namespace Juxa.Api.Authentication;

/// <summary>Which credential a request came with.</summary>
public enum CallerKind
{
    Session,
    ApiKey,

    /// <summary>An <c>oc_embed_</c> token of an installed app: acts as the member who minted it, with the app manifest's scopes only.</summary>
    Embed,
}
