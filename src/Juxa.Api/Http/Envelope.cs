namespace Juxa.Api.Http;

/// <summary>The contract's success envelope: <c>{"data": …}</c>.</summary>
public sealed record DataEnvelope<T>(T Data);

/// <summary>The contract's error envelope: <c>{"error": {"code", "message", "details"?}}</c>.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>One error. <see cref="Details"/> maps a field or attribute slug to its problems.</summary>
public sealed record ErrorBody(string Code, string Message, IReadOnlyDictionary<string, string[]>? Details = null);

/// <summary>Offset pagination, as every paginated list returns it.</summary>
public sealed record Pagination(int Limit, int Offset, long Total);

public static class Envelope
{
    public static DataEnvelope<T> Of<T>(T data) => new(data);
}
