namespace Juxa.Errors;

/// <summary>
/// An expected failure that maps to one HTTP status and one contract error code.
/// It crosses grain boundaries intact (generated serializer), so a grain can reject a call
/// with the same envelope the API answers with.
/// </summary>
[GenerateSerializer, Alias("juxa.JuxaException")]
public sealed class JuxaException : Exception
{
    public JuxaException(int status, string code, string message, IReadOnlyDictionary<string, string[]>? details = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Details = details is null ? null : new Dictionary<string, string[]>(details);
    }

    /// <summary>The HTTP status the API answers with.</summary>
    [Id(0)] public int Status { get; }

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    [Id(1)] public string Code { get; }

    /// <summary>Per-field problems, keyed by field or attribute slug.</summary>
    [Id(2)] public Dictionary<string, string[]>? Details { get; }

    public static JuxaException NotFound(string what) => new(404, ErrorCodes.NotFound, $"{what} not found.");

    public static JuxaException Validation(string message, IReadOnlyDictionary<string, string[]>? details = null) =>
        new(400, ErrorCodes.ValidationError, message, details);

    public static JuxaException Validation(string field, string problem) =>
        new(400, ErrorCodes.ValidationError, problem, new Dictionary<string, string[]> { [field] = [problem] });

    public static JuxaException Conflict(string message) => new(409, ErrorCodes.Conflict, message);

    public static JuxaException RateLimited(string message) => new(429, ErrorCodes.RateLimited, message);

    public static JuxaException Forbidden(string message) => new(403, ErrorCodes.Forbidden, message);

    public static JuxaException Unauthorized(string message) => new(401, ErrorCodes.Unauthorized, message);
}
