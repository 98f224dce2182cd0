using System.Text.Json;
using Juxa.Errors;
using Juxa.Text;

namespace Juxa.Database;

/// <summary>
/// What request text must be to be stored: PostgreSQL's text and jsonb take no NUL character (U+0000), and UTF-8 has
/// no encoding for an unpaired surrogate. JSON allows both (<c>"\u0000"</c>, <c>"\ud800"</c>), so JSON from outside
/// is checked here before anything stores or queries it: request bodies (the API's storable converters) and a
/// model's tool arguments (<c>ToolArgumentText</c>).
/// </summary>
public static class StorableText
{
    public static StorableTextProblem Nul(string relativePath = "") =>
        new(ErrorCodes.ValidationError, "The text contains a NUL character (\\u0000), which cannot be stored.", relativePath);

    public static StorableTextProblem NotUnicode(string relativePath = "") =>
        new(ErrorCodes.ValidationError, "The text is not valid Unicode (an unpaired surrogate escape such as \\ud800).", relativePath);

    /// <summary>
    /// The first string (object keys included) that cannot be stored, or key given twice in one object, anywhere in
    /// <paramref name="element"/>: what is wrong, and its path relative to the element; null when all is well.
    /// </summary>
    public static StorableTextProblem? Check(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => CheckString(element),
        JsonValueKind.Array => CheckArray(element),
        JsonValueKind.Object => CheckObject(element),
        _ => null,
    };

    private static StorableTextProblem? CheckString(JsonElement element)
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

    private static StorableTextProblem? CheckArray(JsonElement array)
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

    private static StorableTextProblem? CheckObject(JsonElement obj)
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
                return new StorableTextProblem(ErrorCodes.InvalidJson, $"The key \"{Quote(name)}\" appears twice in one object.", key);
            }

            if (Check(property.Value) is { } problem)
            {
                return Within(key, problem);
            }
        }

        return null;
    }

    private static StorableTextProblem Within(string step, StorableTextProblem inner) => inner with { RelativePath = step + inner.RelativePath };

    /// <summary>A key as a message or a path quotes it: at most 60 characters, a NUL written as <c>\u0000</c>.</summary>
    private static string Quote(string name) => (name.Length <= 60 ? name : TextCut.Prefix(name, 60) + "…").Replace("\0", "\\u0000", StringComparison.Ordinal);
}
