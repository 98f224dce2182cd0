using System.Text.Json;
using Juxa.Database;

namespace Juxa.Chat.Tools;

/// <summary>
/// A model's tool arguments are untrusted input like a request body, and get the same check (<see cref="StorableText"/>:
/// no NUL, no unpaired surrogate, no repeated key): a NUL refused while a prepared statement is bound has been seen to
/// leave a pooled connection out of step (QueryTextMiddleware). Such a call is answered with an error before any tool
/// runs or waits for confirmation.
/// </summary>
public static class ToolArgumentText
{
    /// <summary>Why the arguments cannot be used, naming the first such argument (<c>values.name</c>, <c>tags[2]</c>); null when all is well.</summary>
    public static string? Problem(string argumentsJson)
    {
        JsonDocument arguments;
        try
        {
            arguments = JsonDocument.Parse(argumentsJson);
        }
        catch (JsonException)
        {
            return null; // Not this check's business: the tool's own binding answers malformed JSON.
        }

        using (arguments)
        {
            return StorableText.Check(arguments.RootElement) is { } problem
                ? $"The argument '{problem.RelativePath.TrimStart('.')}' cannot be used: {problem.Message}"
                : null;
        }
    }
}
