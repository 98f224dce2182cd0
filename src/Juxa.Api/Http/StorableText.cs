using System.Text.Json;
using Juxa.Errors;

namespace Juxa.Api.Http;

/// <summary>
/// What request text must be to be stored: PostgreSQL's text and jsonb take no NUL character (U+0000), and UTF-8 has
/// no encoding for an unpaired surrogate. JSON allows both (<c>"\u0000"</c>, <c>"\ud800"</c>), so the request
/// converters (<see cref="StorableStringConverter"/>, <see cref="StorableJsonElementConverter"/>) check every string.
/// </summary>
public static class StorableText
{
    public static RequestTextException Nul(string relativePath = "") =>
        new(ErrorCodes.ValidationError, "The text contains a NUL character (\\u0000), which cannot be stored.", relativePath);

    public static RequestTextException NotUnicode(string relativePath = "") =>
        new(ErrorCodes.ValidationError, "The text is not valid Unicode (an unpaired surrogate escape such as \\ud800).", relativePath);

    /// <summary>
    /// The first string (object keys included) that cannot be stored, or key given twice in one object, anywhere in
    /// <paramref name="element"/>: the exception to throw, its path relative to the element; null when all is well.
    /// </summary>
    public static RequestTextException? Check(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => CheckString(element),
        JsonValueKind.Array => CheckArray(element),
        JsonValueKind.Object => CheckObject(element),
        _ => null,
    };

    private static RequestTextException? CheckString(JsonElement element)
    {
        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return NotUnicode();
        }

        return text.Contains('\0') ? Nul() : null;
    }

    private static RequestTextException? CheckArray(JsonElement array)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (Check(item) is { } problem)
            {
                return Within($"[{index}]", problem);
            }

            index++;
        }

        return null;
    }

    private static RequestTextException? CheckObject(JsonElement obj)
    {
        HashSet<string>? seen = null;
        foreach (var property in obj.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                return NotUnicode();
            }

            var key = $".{Quote(name)}";
            if (name.Contains('\0'))
            {
                return Nul(key);
            }

            if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
            {
                return new RequestTextException(ErrorCodes.InvalidJson, $"The key \"{Quote(name)}\" appears twice in one object.", key);
            }

            if (Check(property.Value) is { } problem)
            {
                return Within(key, problem);
            }
        }

        return null;
    }

    private static RequestTextException Within(string step, RequestTextException inner) => new(inner.Code, inner.Message, step + inner.RelativePath);

    /// <summary>A key as a message or a path quotes it: at most 60 characters, a NUL written as <c>\u0000</c>.</summary>
    private static string Quote(string name) => (name.Length <= 60 ? name : name[..60] + "…").Replace("\0", "\\u0000", StringComparison.Ordinal);
}
