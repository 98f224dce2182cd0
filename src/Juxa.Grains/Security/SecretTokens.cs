using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Juxa.Security;

/// <summary>
/// Generates bearer secrets and derives what we store of them. Secrets are stored only as
/// SHA-256 hashes of the whole token: tokens carry 256 bits of entropy, so a fast hash is
/// enough (no salt or stretching needed), and a key supplied at bootstrap hashes like any other.
/// </summary>
public static partial class SecretTokens
{
    public const string ApiKeyPrefix = "oc_sk_";
    public const string EmbedTokenPrefix = "oc_embed_";
    public const string SessionPrefix = "oc_sess_";
    public const string InvitationPrefix = "oc_inv_";

    /// <summary>Handoff tokens' prefix (Juxa.Handoffs.HandoffTokens), here so that <see cref="Redact"/> knows every kind.</summary>
    public const string HandoffPrefix = "oc_handoff_";

    private const string Redacted = "[redacted]";

    /// <summary>A new token: the prefix followed by 32 random bytes in base64url.</summary>
    public static string Generate(string prefix) =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of the token's UTF-8 bytes.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The hash as lower-case hex: the key of the grain that guards the token.</summary>
    public static string HashHex(string token) => Convert.ToHexStringLower(Hash(token));

    /// <summary>Constant-time equality, so a comparison leaks nothing about where two hashes differ.</summary>
    public static bool HashesEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);

    /// <summary>What may be shown of a token later: its prefix and first characters, never enough to use it.</summary>
    public static string DisplayPrefix(string token) => token[..Math.Min(token.Length, 12)];

    /// <summary>
    /// The text with every token of ours in it (a key, embed token, session, invitation or handoff: prefix and secret)
    /// cut to its prefix, for text that leaves the process, such as logs and traces. Tokens travel in URLs a client
    /// builds (a handoff's consume path, a hub's <c>access_token</c>), which ASP.NET Core logs and traces as they are.
    /// </summary>
    public static string Redact(string text) =>
        text.Contains("oc_", StringComparison.Ordinal) ? AnyToken().Replace(text, match => match.Groups["prefix"].Value + Redacted) : text;

    /// <summary>Whether <see cref="Redact"/> would change the text.</summary>
    public static bool ContainsToken(string text) => text.Contains("oc_", StringComparison.Ordinal) && AnyToken().IsMatch(text);

    /// <summary>
    /// A prefix of ours and the secret after it, up to what ends a token in a URL, a header or JSON (a bootstrap key may
    /// hold more than base64url, so the secret is not matched by its own characters).
    /// </summary>
    [GeneratedRegex(@"(?<prefix>oc_(?:sk|embed|sess|inv|handoff)_)[^\s/?&#""'<>,;]+", RegexOptions.CultureInvariant)]
    private static partial Regex AnyToken();
}
