namespace Juxa.Tests.Infrastructure.OpenApi;

/// <summary>One request and the response it got, as an API client saw them on the wire.</summary>
/// <param name="Path">The request's path without its query string: what a path template matches.</param>
/// <param name="Target">Path and query, for the report.</param>
/// <param name="MediaType">The response's Content-Type without parameters; null when the response has no body.</param>
public sealed record RecordedExchange(HttpMethod Method, string Path, string Target, int Status, string? MediaType, string Body)
{
    public override string ToString() => $"{Method} {Target} → {Status}";
}
