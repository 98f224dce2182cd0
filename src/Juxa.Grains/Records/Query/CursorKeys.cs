using System.Globalization;
using System.Text.RegularExpressions;

namespace Juxa.Records.Query;

/// <summary>The SQL type of a sort key, as a keyset cursor carries it (in the text form <see cref="SqlTranslator.SortKeys"/> writes).</summary>
public enum CursorKeyType
{
    Text,
    Number,
    Integer,
    Date,
    Timestamp,
    Boolean,
}

/// <summary>
/// What the sort keys' text forms look like. A cursor comes back from the client, so each key is checked against
/// its type before it is bound: a key PostgreSQL could not cast would otherwise fail the query with a 500.
/// </summary>
public static partial class CursorKeys
{
    public static CursorKeyType TypeOf(FieldKind kind) => kind switch
    {
        FieldKind.Text or FieldKind.LocationAny or FieldKind.RecordId => CursorKeyType.Text, // a reference sorts by the target's title
        FieldKind.Number => CursorKeyType.Number,
        FieldKind.Option => CursorKeyType.Integer, // the option's position
        FieldKind.Date => CursorKeyType.Date,
        FieldKind.Timestamp => CursorKeyType.Timestamp,
        FieldKind.Boolean => CursorKeyType.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a sortable field kind."),
    };

    public static string SqlType(CursorKeyType type) => type switch
    {
        CursorKeyType.Text => "text",
        CursorKeyType.Number => "numeric",
        CursorKeyType.Integer => "integer",
        CursorKeyType.Date => "date",
        CursorKeyType.Timestamp => "timestamptz",
        CursorKeyType.Boolean => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown cursor key type."),
    };

    /// <summary>Whether <paramref name="text"/> is a value of <paramref name="type"/> in the form the sort key's SQL writes it.</summary>
    public static bool Parses(CursorKeyType type, string text) => type switch
    {
        CursorKeyType.Text => true,
        // numeric::text: plain decimal notation, or one of PostgreSQL's special values.
        CursorKeyType.Number => NumericText().IsMatch(text),
        CursorKeyType.Integer => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        CursorKeyType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        CursorKeyType.Timestamp => DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        CursorKeyType.Boolean => text is "true" or "false",
        _ => false,
    };

    [GeneratedRegex(@"^(-?[0-9]+(\.[0-9]+)?|NaN|-?Infinity)$")]
    private static partial Regex NumericText();
}
