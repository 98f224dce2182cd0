using System.Text.Json;

namespace Juxa.Api.Http;

/// <summary>
/// Recognizes the error System.Text.Json raises for a field the bound type does not have
/// (<c>JsonUnmappedMemberHandling.Disallow</c>, set for request bodies in HttpExtensions) and names the field by its
/// JSON path, such as <c>isRequried</c> or <c>config.maxRatings</c>. The serializer gives no type or code
/// for this error, only its message; UnknownFieldTests fail if that message changes.
/// </summary>
public static class UnknownField
{
    private const string MessageStart = "The JSON property '";
    private const string MessagePart = "' could not be mapped to any .NET member";

    /// <summary>The unknown field's path below the body (no <c>$.</c>), or null when the error is about something else.</summary>
    public static string? Of(JsonException error)
    {
        if (!error.Message.StartsWith(MessageStart, StringComparison.Ordinal) || !error.Message.Contains(MessagePart, StringComparison.Ordinal))
        {
            return null;
        }

        var name = error.Message[MessageStart.Length..error.Message.IndexOf(MessagePart, StringComparison.Ordinal)];
        return error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : name;
    }
}
