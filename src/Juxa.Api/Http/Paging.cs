using Juxa.Errors;

namespace Juxa.Api.Http;

/// <summary>Validated <c>limit</c> and <c>offset</c> query values.</summary>
public readonly record struct Paging(int Limit, int Offset)
{
    public const int MaxLimit = 200;

    /// <summary>Checks the raw query values: limit 1 to 200 (default <paramref name="defaultLimit"/>), offset ≥ 0 (default 0).</summary>
    public static Paging From(int? limit, int? offset, int defaultLimit = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        if (offset is < 0)
        {
            errors["offset"] = ["offset must be 0 or more."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation(errors.First().Value[0], errors);
        }

        return new Paging(limit ?? defaultLimit, offset ?? 0);
    }

    public Pagination With(long total, string? nextCursor = null) => new(Limit, Offset, total, nextCursor);
}
