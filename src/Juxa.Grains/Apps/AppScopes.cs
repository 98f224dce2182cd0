namespace Juxa.Apps;

/// <summary>
/// The scopes an app manifest may ask for, and so the scopes its embed tokens carry. They are not
/// API-key scopes: an embed token is checked only against these (see <c>AccessRequirement.EmbedScopes</c>),
/// so it can never reach what no embed scope names (administration, schema, keys, handoffs, sessions).
/// </summary>
public static class AppScopes
{
    /// <summary>CRM reads: what <c>integrations:read</c> gives a key (GET on records, lists, notes, tasks, search; record queries).</summary>
    public const string CrmRead = "crm:read";

    /// <summary>CRM writes: what <c>integrations:write</c> gives a key (create, update, delete records, lists, notes, tasks), reads included.</summary>
    public const string CrmWrite = "crm:write";

    /// <summary>The legal assistant chat under <c>/api/v1/chat</c>, as <c>integrations:assistant</c> gives a key.</summary>
    public const string Chat = "chat";

    /// <summary><c>POST /api/v1/apps/osint-research</c>. Not listed in <c>scopes</c>: a token gets it when the manifest sets <c>osintResearch: true</c>.</summary>
    public const string OsintResearch = "osint:research";

    /// <summary>What a manifest's <c>scopes</c> may contain.</summary>
    public static readonly IReadOnlyList<string> ManifestAllowed = [CrmRead, CrmWrite, Chat];

    /// <summary>The scopes an embed token of an app with this manifest carries.</summary>
    public static IReadOnlyList<string> ForToken(AppManifest manifest) =>
        manifest.OsintResearch ? [.. manifest.Scopes, OsintResearch] : manifest.Scopes;
}
