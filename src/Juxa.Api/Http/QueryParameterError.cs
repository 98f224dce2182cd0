using System.Reflection;
using System.Text.RegularExpressions;

namespace Juxa.Api.Http;

/// <summary>
/// Recognizes the error ASP.NET Core raises for a query value it cannot convert to the handler parameter's type
/// (<c>?unreadOnly=1</c>, <c>?limit=abc</c>) and says what the value must be, in the client's terms rather than .NET's:
/// the framework's message names types (<c>Failed to bind parameter "Nullable&lt;bool&gt; unreadOnly" from "1".</c>).
/// The framework gives no type or code for this error, only its message; QueryParameterTests fail if that message changes.
/// </summary>
public static partial class QueryParameterError
{
    /// <summary>The parameter's name and what is wrong with it, or null when the error is about something else.</summary>
    public static (string Name, string Problem)? Of(BadHttpRequestException error, Endpoint? endpoint)
    {
        if (BindingFailed().Match(error.Message) is not { Success: true } match)
        {
            return null;
        }

        // The handler's own parameter gives the type; the message's type name is only for display.
        var name = match.Groups["name"].Value;
        var type = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;
        return (name, $"Query parameter '{name}' {Expected(type is null ? null : Nullable.GetUnderlyingType(type) ?? type)}.");
    }

    private static string Expected(Type? type) =>
        type == typeof(bool) ? "must be true or false"
        : type == typeof(int) ? "must be an integer"
        : type == typeof(Guid) ? "must be a UUID"
        : "has a value of the wrong type";

    [GeneratedRegex("""^Failed to bind parameter ".+ (?<name>[^ "]+)" from ".*"\.$""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailed();
}
