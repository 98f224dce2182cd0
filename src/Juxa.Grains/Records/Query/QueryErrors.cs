using Juxa.Errors;

namespace Juxa.Records.Query;

/// <summary>400s of the query engine: the message starts with the request path of the problem (e.g. <c>filter.conditions[1].operator</c>) and the details are keyed by it.</summary>
internal static class QueryErrors
{
    public static JuxaException At(string path, string problem) =>
        JuxaException.Validation($"{path}: {problem}", new Dictionary<string, string[]> { [path] = [problem] });

    public static string Describe(System.Text.Json.JsonValueKind kind) => kind switch
    {
        System.Text.Json.JsonValueKind.Object => "an object",
        System.Text.Json.JsonValueKind.Array => "an array",
        System.Text.Json.JsonValueKind.String => "a string",
        System.Text.Json.JsonValueKind.Number => "a number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "a boolean",
        System.Text.Json.JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
