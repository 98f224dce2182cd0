namespace Juxa.Security;

/// <summary>The API-key scopes of the contract (§API key scopes).</summary>
public static class Scopes
{
    public const string All = "*";
    public const string Read = "integrations:read";
    public const string Write = "integrations:write";
    public const string Assistant = "integrations:assistant";
    public const string Handoff = "integrations:handoff";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { All, Read, Write, Assistant, Handoff };
}
