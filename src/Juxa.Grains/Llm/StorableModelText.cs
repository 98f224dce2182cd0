using System.Text.Json;
using System.Text.RegularExpressions;
using Juxa.Chat;

namespace Juxa.Llm;

/// <summary>
/// A model's output as PostgreSQL can store it (chat messages, mission plans, results and reports). A model may stream a NUL character, which PostgreSQL's text refuses (and a
/// refusal at bind time has been seen to leave a pooled connection out of step: QueryTextMiddleware); jsonb refuses
/// the escape <c>\u0000</c> too. Both become U+FFFD (for a conversation, in the grain's copy and in the row alike, so it
/// reads the same before and after its grain reloads it). Text that only looks like the escape stays as the model wrote it.
/// </summary>
public static partial class StorableModelText
{
    public static ChatMessageView Message(ChatMessageView message)
    {
        var content = Text(message.Content);
        var toolCalls = message.ToolCalls?.Select(ToolCall).ToArray();
        var changed = !ReferenceEquals(content, message.Content)
            || (toolCalls is not null && toolCalls.Where((call, i) => !ReferenceEquals(call, message.ToolCalls![i])).Any());
        return changed ? message with { Content = content, ToolCalls = toolCalls } : message;
    }

    /// <summary>The text with every NUL character replaced by U+FFFD; the same string when there is none.</summary>
    public static string Text(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    /// <summary>JSON text with every NUL escape (and NUL character) replaced by U+FFFD's; the same string when there is none.</summary>
    public static string Json(string json)
    {
        var storable = NulEscape().Replace(Text(json), @"\uFFFD");
        return storable == json ? json : storable;
    }

    private static ChatToolCallView ToolCall(ChatToolCallView call)
    {
        var json = call.Arguments.GetRawText();
        var storable = Json(json);
        return ReferenceEquals(storable, json) ? call : call with { Arguments = JsonDocument.Parse(storable).RootElement.Clone() };
    }

    /// <summary>
    /// A JSON escape of NUL: <c>\u0000</c> after an even number of backslashes. After an odd number, the first backslash
    /// is itself escaped, and the six characters are text.
    /// </summary>
    [GeneratedRegex(@"(?<=(?<!\\)(?:\\\\)*)\\u0000", RegexOptions.CultureInvariant)]
    private static partial Regex NulEscape();
}
