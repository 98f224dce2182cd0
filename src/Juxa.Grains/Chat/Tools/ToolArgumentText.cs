using System.Text.Json;
using System.Text.Json.Nodes;

namespace Juxa.Chat.Tools;

/// <summary>
/// Text in a model's tool arguments that PostgreSQL cannot take: a NUL character, or a string that is not valid
/// Unicode (an unpaired surrogate). The model's arguments are untrusted input like a request body, and a NUL refused
/// while a prepared statement is bound has been seen to leave a pooled connection out of step (QueryTextMiddleware),
/// so such a call is answered with an error before any tool runs or waits for confirmation.
/// </summary>
public static class ToolArgumentText
{
    /// <summary>Why the arguments cannot be used, naming the first such argument (<c>values.name</c>, <c>tags[2]</c>); null when all is well.</summary>
    public static string? Problem(string argumentsJson)
    {
        JsonNode? arguments;
        try
        {
            arguments = JsonNode.Parse(argumentsJson);
        }
        catch (JsonException)
        {
            return null; // Not this check's business: the tool's own binding answers malformed JSON.
        }

        return FirstUnstorable(arguments, "") is { } path
            ? $"The argument '{path}' contains a NUL character (\\u0000) or an unpaired surrogate, which the CRM cannot store or search."
            : null;
    }

    private static string? FirstUnstorable(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.Select(p => Unstorable(p.Key) ? Join(path, p.Key) : FirstUnstorable(p.Value, Join(path, p.Key))).FirstOrDefault(p => p is not null),
        JsonArray array => array.Select((item, i) => FirstUnstorable(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => StringIsUnstorable(value) ? path : null,
        _ => null,
    };

    private static bool StringIsUnstorable(JsonValue value)
    {
        try
        {
            return Unstorable(value.GetValue<string>());
        }
        catch (InvalidOperationException)
        {
            return true; // System.Text.Json refuses to decode an unpaired surrogate escape.
        }
    }

    private static bool Unstorable(string text) => text.Contains('\0') || !IsValidUnicode(text);

    private static bool IsValidUnicode(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
