namespace Juxa.Api.Authentication;

/// <summary>Authentication scheme names: one per credential kind, and the policy scheme that picks between them.</summary>
public static class JuxaAuthentication
{
    /// <summary>The default scheme: forwards to the scheme the request's credential belongs to.</summary>
    public const string Default = "Juxa";

    /// <summary><c>Authorization: Bearer oc_sk_…</c> (or <c>?access_token=</c> on SignalR hubs).</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The <c>juxa_session</c> cookie of a signed-in user.</summary>
    public const string Session = "Session";

    /// <summary><c>Authorization: Bearer oc_embed_…</c>: a short-lived token of an installed app.</summary>
    public const string Embed = "Embed";
}
