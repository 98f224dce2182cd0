using System.ComponentModel.DataAnnotations;

namespace Juxa.Api.Http;

/// <summary>The contract's success envelope: <c>{"data": …}</c>.</summary>
/// <remarks>
/// <c>[Required]</c> is for the OpenAPI document only (nothing validates responses): the generator cannot tell whether
/// a type parameter is nullable, and <c>data</c> is always there.
/// </remarks>
public sealed record DataEnvelope<T>([property: Required] T Data);

/// <summary>The contract's error envelope: <c>{"error": {"code", "message", "details"?}}</c>.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>One error. <see cref="Details"/> maps a field or attribute slug to its problems.</summary>
public sealed record ErrorBody(string Code, string Message, IReadOnlyDictionary<string, string[]>? Details = null);

/// <summary>
/// Offset pagination, as every paginated list returns it. Record lists and queries add <see cref="NextCursor"/> while
/// more records follow: sent back as <c>cursor</c>, it starts the next page after this one's last record.
/// </summary>
public sealed record Pagination(int Limit, int Offset, long Total, string? NextCursor = null);

public static class Envelope
{
    public static DataEnvelope<T> Of<T>(T data) => new(data);
}
