using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// Binds a condition's <c>value</c> to the typed value the translator compares (<see cref="BoundCondition"/>).
/// A value operand (equals, not_equals, gt, gte, lt, lte on the attribute itself) takes every write form of the
/// attribute and is normalized by the write code itself (<see cref="ValueCodec"/>, docs/values.md), so a value a client
/// can write, or read back, filters with the meaning it has when stored: <c>"12"</c> is 12, a timestamp is cut to
/// milliseconds, a date-time with an offset is its UTC date. A text operand (contains, starts_with, ends_with) is a
/// piece of text, not a value, and keeps its own rules; so does a sub-field, whose value is that part's text or id.
/// </summary>
internal static class FilterValues
{
    public static object Bind(BoundField field, FilterOperator op, JsonElement value, string path)
    {
        if (field.Attribute is not { } attribute)
        {
            return SystemTimestamp(value, path);
        }

        if (op.Positive() is FilterOperator.Contains or FilterOperator.StartsWith or FilterOperator.EndsWith)
        {
            return TextOperand(attribute, String(value, path, "a string"));
        }

        if (field.SubField is { } subField)
        {
            return SubFieldValue(attribute, subField, field.Kind, value, path);
        }

        try
        {
            return AttributeValue(field, attribute, One(value, path), path);
        }
        catch (AttributeValueException e)
        {
            throw QueryErrors.At(path, e.Message + ".");
        }
    }

    /// <summary>
    /// A filter compares one value: a list of one is that value (as a write to a single-valued attribute reads it, and
    /// on a multiselect, one element, as assert mode's matchValue); a longer list has no single meaning.
    /// </summary>
    private static JsonElement One(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return value;
        }

        return value.GetArrayLength() switch
        {
            0 => throw Blank(path),
            1 when value[0].ValueKind != JsonValueKind.Array => value[0],
            _ => throw QueryErrors.At(path, "a filter compares one value, not a list; give one value (on a multiselect: one element, which matches when any element equals it)."),
        };
    }

    private static object AttributeValue(BoundField field, AttributeDefinition attribute, JsonElement value, string path)
    {
        switch (attribute.Type)
        {
            case AttributeType.Select or AttributeType.Status:
                return Option(field, attribute, value, path);
            case AttributeType.Rating:
                // A rating compares as a number: "score gt 2.5" or "lt 10" mean something, though neither can be written.
                // Every rating write form is a number write form with the same value.
                return Number(Normalize(attribute with { Type = AttributeType.Number }, value, path));
            case AttributeType.Timestamp when value.ValueKind == JsonValueKind.String && WithoutOffset(value.GetString()!):
                // Beyond the write forms, as filters always took it: a time without an offset is UTC (a write refuses it,
                // since storing it would guess the zone; here it only places a bound).
                return Timestamp(Normalize(attribute, JsonSerializer.SerializeToElement(value.GetString()!.Trim() + "Z"), path));
            case AttributeType.EmailAddress or AttributeType.Domain or AttributeType.PhoneNumber when value.ValueKind == JsonValueKind.String:
                return LenientText(attribute, value, path);
        }

        var stored = Normalize(attribute, value, path);
        return attribute.Type switch
        {
            AttributeType.Text or AttributeType.EmailAddress or AttributeType.Domain or AttributeType.PhoneNumber => stored.GetValue<string>(),
            AttributeType.PersonalName => stored[QueryFieldTypes.FullName]!.GetValue<string>(),
            AttributeType.Location when value.ValueKind == JsonValueKind.String => stored["line_1"]!.GetValue<string>(),
            AttributeType.Location => new LocationFilterValue(QueryFieldTypes.LocationFields.ToDictionary(k => k, k => stored[k]?.GetValue<string>())),
            AttributeType.Number => Number(stored),
            AttributeType.Currency => WriteForms.CurrencyParts(value).Code is null
                ? Number(stored["amount"]!)
                : new CurrencyFilterValue(stored["amount"]!.GetValue<decimal>(), stored["currency"]!.GetValue<string>()),
            AttributeType.Checkbox => stored.GetValue<bool>(),
            AttributeType.Date => DateOnly.ParseExact(stored.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            AttributeType.Timestamp => Timestamp(stored),
            AttributeType.RecordReference => Guid.Parse(stored[QueryFieldTypes.TargetRecordId]!.GetValue<string>()),
            AttributeType.ActorReference => Guid.Parse(stored[QueryFieldTypes.ActorIdKey]!.GetValue<string>()),
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Type, "Unknown attribute type."),
        };
    }

    /// <summary>The stored single form the write code makes of the value; blank (no value) is a 400, since is_empty asks that.</summary>
    private static JsonNode Normalize(AttributeDefinition attribute, JsonElement value, string path) =>
        ValueCodec.Normalize(attribute with { IsMultiselect = false, IsRequired = false }, value).Stored ?? throw Blank(path);

    /// <summary>
    /// Emails, domains and phone numbers given as a string: stored canonical, so the value is brought to the same form
    /// (<c>"https://www.Acme.com"</c> finds <c>acme.com</c>). A string no write accepts is compared as written (it then
    /// matches nothing), as filters always did, with a phone number's formatting dropped.
    /// </summary>
    private static string LenientText(AttributeDefinition attribute, JsonElement value, string path)
    {
        try
        {
            return Normalize(attribute, value, path).GetValue<string>();
        }
        catch (AttributeValueException)
        {
            return TextOperand(attribute, value.GetString()!);
        }
    }

    /// <summary>Select and status: the option by id, else by title (case-insensitive), archived ones too, since records may still hold them.</summary>
    private static string Option(BoundField field, AttributeDefinition attribute, JsonElement value, string path)
    {
        var reference = WriteForms.OptionReference(attribute, value) ?? throw Blank(path);
        var option = (Guid.TryParse(reference, out var id) ? attribute.Options.FirstOrDefault(o => o.Id == id) : null)
            ?? attribute.Options.FirstOrDefault(o => string.Equals(o.Title, reference, StringComparison.OrdinalIgnoreCase));
        if (option is null)
        {
            var titles = attribute.Options.OrderBy(o => o.Position).Select(o => $"\"{o.Title}\"");
            throw QueryErrors.At(path, $"\"{reference}\" is not an option of \"{field.Path}\". Options: {string.Join(", ", titles)}.");
        }

        return option.Id.ToString("D");
    }

    /// <summary>
    /// A sub-field's value is that part: the amount a number (in its write forms), a record or actor id a uuid, and the
    /// text parts (a name part, an address field, a currency code, an actor type) a string.
    /// </summary>
    private static object SubFieldValue(AttributeDefinition attribute, string subField, FieldKind kind, JsonElement value, string path)
    {
        switch (kind)
        {
            case FieldKind.Number:
                try
                {
                    return Number(Normalize(attribute with { Type = AttributeType.Number }, One(value, path), path));
                }
                catch (AttributeValueException e)
                {
                    throw QueryErrors.At(path, e.Message + ".");
                }

            case FieldKind.RecordId or FieldKind.ActorId:
            {
                var what = kind == FieldKind.RecordId ? "a record id (uuid)" : "an actor id (uuid)";
                var text = String(value, path, what);
                return Guid.TryParse(text, out var id) ? id : throw QueryErrors.At(path, $"\"{text}\" is not {what}.");
            }

            default:
                return String(value, path, $"a string (the {subField} text)");
        }
    }

    /// <summary>Phone numbers are stored as + and digits, so a text operand keeps only those (<c>contains "555-0109"</c> finds <c>+15550109</c>).</summary>
    private static string TextOperand(AttributeDefinition attribute, string text)
    {
        if (attribute.Type != AttributeType.PhoneNumber)
        {
            return text;
        }

        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        return digits.Length > 0 ? digits : text;
    }

    /// <summary>created_at / updated_at: an ISO 8601 instant or date (midnight UTC); without an offset, UTC. Kept to the tick: the columns hold microseconds.</summary>
    private static DateTimeOffset SystemTimestamp(JsonElement value, string path)
    {
        var text = String(value, path, "an ISO 8601 timestamp");
        if (!IsoDateTime.TryParse(text.Trim(), out var parts))
        {
            throw QueryErrors.At(path, $"\"{text}\" is not an ISO 8601 timestamp (e.g. 2026-01-31T10:00:00Z).");
        }

        return new DateTimeOffset(parts.Date.ToDateTime(parts.Time ?? TimeOnly.MinValue), parts.Offset ?? TimeSpan.Zero).ToUniversalTime();
    }

    private static bool WithoutOffset(string text) => IsoDateTime.TryParse(text.Trim(), out var parts) && parts is { Time: not null, Offset: null };

    private static decimal Number(JsonNode stored) => stored.GetValue<decimal>();

    private static DateTimeOffset Timestamp(JsonNode stored) =>
        DateTimeOffset.Parse(stored.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string String(JsonElement value, string path, string expected) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw QueryErrors.At(path, $"must be {expected}, got {QueryErrors.Describe(value.ValueKind)}.");

    private static Juxa.Errors.JuxaException Blank(string path) =>
        QueryErrors.At(path, "the value is blank, which is no value; to find records without a value use is_empty.");
}
