using Juxa.Records.Values;

namespace Juxa.Tasks;

/// <summary>
/// Reads a task's <c>deadline</c>, from the API and the assistant's task tool alike: an ISO 8601 timestamp (UTC when it
/// has no offset, as in query filters) or a date (midnight UTC), by the same strict reader record values use.
/// </summary>
public static class TaskDeadlines
{
    /// <summary>The instant, or null when the text is not an ISO 8601 date or timestamp.</summary>
    public static DateTimeOffset? Parse(string text) =>
        IsoDateTime.TryParse(text.Trim(), out var parts)
            ? new DateTimeOffset(parts.Date.ToDateTime(parts.Time ?? TimeOnly.MinValue), parts.Offset ?? TimeSpan.Zero).ToUniversalTime()
            : null;
}
