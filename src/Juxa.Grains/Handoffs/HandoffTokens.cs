using Juxa.Security;

namespace Juxa.Handoffs;

/// <summary>Handoff tokens: 256 random bits behind a recognizable prefix, carried in the handoff URL.</summary>
public static class HandoffTokens
{
    public const string Prefix = SecretTokens.HandoffPrefix;

    /// <summary>A fresh token.</summary>
    public static string Generate() => SecretTokens.Generate(Prefix);

    /// <summary>Whether the text can be a handoff token at all; anything else is a 404 without a grain call.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: > 0 and <= 128 } && token.StartsWith(Prefix, StringComparison.Ordinal);
}
