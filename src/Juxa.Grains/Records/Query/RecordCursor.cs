using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Records.Query;

/// <summary>
/// An opaque keyset cursor for record lists and queries: the sort keys (<see cref="SqlTranslator.SortKeys"/>) and id of
/// a page's last row, and a fingerprint of the compiled query it belongs to. The next page starts after that
/// row, so deep pages cost what the first does and rows written meanwhile neither repeat nor go missing (as they
/// would with an offset). Sent as base64url JSON: it carries nothing a caller may not see, and it only ever selects
/// within the caller's workspace, so it is checked, not signed.
/// </summary>
public sealed record RecordCursor(string Fingerprint, IReadOnlyList<string?> Keys, Guid Id)
{
    private const int Version = 1;

    /// <summary>
    /// A text sort key is the whole value of the page's last row (up to 10,000 characters, six times that for a location),
    /// so the JSON keeps non-ASCII text as UTF-8 instead of writing each character as a six-byte <c>\uXXXX</c> escape:
    /// escaped, a 10,000-character Cyrillic key made an 80 kB cursor. The JSON only ever travels inside base64url.
    /// </summary>
    private static readonly JsonSerializerOptions WireJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire(Version, Fingerprint, Keys, Id), WireJson));

    /// <summary>
    /// Any length is read: a cursor is only as long as the keys the API wrote into it, and it arrives in a request body
    /// (<c>POST …/query</c>, the only way to sort) or a query string, each bounded by the server's own limits. (A cap of
    /// 64 kB here refused cursors the API had handed out, after a long non-ASCII text key.)
    /// </summary>
    /// <exception cref="Juxa.Errors.JuxaException">400 at <c>cursor</c> when the text is not a cursor this API wrote.</exception>
    public static RecordCursor Decode(string text)
    {
        Wire? wire = null;
        if (text.Length > 0)
        {
            try
            {
                wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(text));
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                // Not base64url, or not the JSON below: the same answer as any other foreign text.
            }
        }

        return wire is { V: Version, Q: { } fingerprint, K: { } keys, Id: { } id }
            ? new RecordCursor(fingerprint, keys, id)
            : throw QueryErrors.At("cursor", "This is not a cursor the API returned: pass nextCursor from a previous page, unchanged.");
    }

    /// <summary>
    /// What a cursor is valid for: the compiled query, that is the object and the filter and sorts as SQL and parameter
    /// values. The same query written otherwise (key order, whitespace, a default spelled out) fits; a schema change
    /// that changes the SQL (options reordered, an attribute gone) ends the cursor instead of paging by other rules.
    /// </summary>
    public static string FingerprintOf(Guid objectId, string where, string orderBy, IEnumerable<object?> parameters)
    {
        var text = new StringBuilder().Append(objectId.ToString("N")).Append('\n').Append(where).Append('\n').Append(orderBy);
        foreach (var parameter in parameters)
        {
            text.Append('\n').Append(parameter switch
            {
                null => "null",
                string[] texts => "text[]:" + string.Join('\u001f', texts),
                DateTimeOffset instant => "timestamptz:" + instant.ToString("O", CultureInfo.InvariantCulture),
                DateOnly date => "date:" + date.ToString("O", CultureInfo.InvariantCulture),
                IFormattable value => parameter.GetType().Name + ":" + value.ToString(null, CultureInfo.InvariantCulture),
                _ => parameter.GetType().Name + ":" + parameter,
            });
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }

    /// <summary>The JSON inside the base64url: version, fingerprint, keys, id.</summary>
    private sealed record Wire(
        [property: JsonPropertyName("v")] int V,
        [property: JsonPropertyName("q")] string? Q,
        [property: JsonPropertyName("k")] IReadOnlyList<string?>? K,
        [property: JsonPropertyName("id")] Guid? Id);
}
