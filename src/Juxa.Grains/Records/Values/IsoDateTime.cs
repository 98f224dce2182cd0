using System.Globalization;
using System.Text.RegularExpressions;

namespace Juxa.Records.Values;

/// <summary>
/// A strict ISO 8601 reader for date and timestamp values. <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>
/// is deliberately not used: it accepts "1/2/2026" and reads a missing offset as the server's zone, both of
/// which silently store the wrong instant.
/// </summary>
internal static partial class IsoDateTime
{
    /// <summary>The parts of an ISO string; <see cref="Time"/> and <see cref="Offset"/> are null when not written.</summary>
    public readonly record struct Parts(DateOnly Date, TimeOnly? Time, TimeSpan? Offset)
    {
        /// <summary>The instant, when the string named one (a time with an offset).</summary>
        public DateTimeOffset? Instant => Time is { } time && Offset is { } offset
            ? new DateTimeOffset(Date.ToDateTime(time), offset)
            : null;
    }

    /// <summary>
    /// Reads "2026-01-31", "2026-01-31T10:00", "2026-01-31T10:00:00.123Z" or "…+01:00"/"…+0100"
    /// (fractions beyond 7 digits are truncated; 'T' may be a space).
    /// </summary>
    public static bool TryParse(string text, out Parts parts)
    {
        parts = default;
        var match = Shape().Match(text);
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        if (!match.Groups["time"].Success)
        {
            parts = new Parts(date, null, null);
            return true;
        }

        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value.PadRight(7, '0')[..7] : "0000000";
        var time = $"{match.Groups["time"].Value}:{(match.Groups["seconds"].Success ? match.Groups["seconds"].Value : "00")}.{fraction}";
        if (!TimeOnly.TryParseExact(time, "HH:mm:ss.fffffff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var timeOfDay))
        {
            return false;
        }

        TimeSpan? offset = null;
        if (match.Groups["zulu"].Success)
        {
            offset = TimeSpan.Zero;
        }
        else if (match.Groups["hours"].Success)
        {
            var hours = int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (match.Groups["sign"].Value == "-" ? -1 : 1);
            var utcTicks = date.ToDateTime(timeOfDay).Ticks - offset.Value.Ticks;
            if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            {
                return false;
            }
        }

        parts = new Parts(date, timeOfDay, offset);
        return true;
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt ](?<time>[0-9]{2}:[0-9]{2})(?::(?<seconds>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?)?(?:(?<zulu>[Zz])|(?<sign>[+-])(?<hours>[0-9]{2}):?(?<minutes>[0-9]{2}))?)?\z")]
    private static partial Regex Shape();
}
