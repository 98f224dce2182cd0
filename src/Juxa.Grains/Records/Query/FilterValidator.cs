using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// Checks a parsed filter against the object (and, for paths across record references, the workspace
/// schema) and binds it: attribute paths resolved, operators checked against the field's type, values
/// converted (numbers to decimal, dates and timestamps parsed, select/status titles resolved to option ids).
/// Every problem is a 400 naming the condition's request path.
/// </summary>
public static partial class FilterValidator
{
    public static BoundFilter Validate(FilterNode filter, ObjectDefinition obj, WorkspaceSchema schema) =>
        Bind(filter, FilterParser.RootPath, obj, schema);

    private static BoundFilter Bind(FilterNode node, string path, ObjectDefinition obj, WorkspaceSchema schema) => node switch
    {
        FilterGroup group => new BoundGroup(
            path,
            group.Operator,
            group.Conditions.Select((child, i) => Bind(child, FilterParser.ChildPath(path, i), obj, schema)).ToList()),
        FilterCondition condition => BindCondition(condition, path, obj, schema),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown filter node."),
    };

    private static BoundCondition BindCondition(FilterCondition condition, string path, ObjectDefinition obj, WorkspaceSchema schema)
    {
        var field = FieldResolver.Resolve(obj, schema, condition.Attribute, $"{path}.attribute");

        var allowed = QueryFieldTypes.Operators(field.Kind);
        if (!FilterOperators.TryParse(condition.Operator, out var op))
        {
            throw QueryErrors.At($"{path}.operator", $"unknown operator \"{condition.Operator}\". Operators: {string.Join(", ", FilterOperators.All)}.");
        }

        if (!allowed.Contains(op))
        {
            throw QueryErrors.At(
                $"{path}.operator",
                $"operator \"{condition.Operator}\" does not apply to \"{field.Path}\" ({Describe(field)}). Valid operators: {string.Join(", ", allowed.Select(o => o.Name()))}.");
        }

        if (!op.TakesValue())
        {
            // is_empty / is_not_empty ignore a value: clients often send "" or null with them.
            return new BoundCondition(path, field, op, null);
        }

        var valuePath = $"{path}.value";
        if (condition.Value is not { } value)
        {
            throw QueryErrors.At(valuePath, $"operator \"{condition.Operator}\" needs a value.");
        }

        return new BoundCondition(path, field, op, BindValue(field, op, value, valuePath));
    }

    /// <summary>
    /// Emails, domains and phone numbers are stored canonical (docs/values.md); a filter value is
    /// brought to the same form, so <c>equals "https://www.Acme.com"</c> finds <c>acme.com</c> and
    /// <c>contains "555-0109"</c> finds <c>+15550109</c>. A value that does not normalize is compared as written.
    /// </summary>
    private static string Canonical(BoundField field, FilterOperator op, string text)
    {
        if (field.Attribute is not { } attribute)
        {
            return text;
        }

        switch (attribute.Type)
        {
            case AttributeType.PhoneNumber:
                var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
                return digits.Length > 0 ? digits : text;
            case AttributeType.Domain or AttributeType.EmailAddress when op.Positive() == FilterOperator.Equals:
                try
                {
                    var stored = Values.ValueCodec.Normalize(attribute with { IsMultiselect = false, IsRequired = false }, JsonSerializer.SerializeToElement(text)).Stored;
                    return stored?.GetValue<string>() ?? text;
                }
                catch (Values.AttributeValueException)
                {
                    return text;
                }

            default:
                return text;
        }
    }

    private static object BindValue(BoundField field, FilterOperator op, JsonElement value, string path)
    {
        switch (field.Kind)
        {
            case FieldKind.Text or FieldKind.LocationAny:
                return Canonical(field, op, String(value, path, "a string"));

            case FieldKind.Number:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    throw WrongType(path, "a number", value);
                }

                return value.TryGetDecimal(out var number) ? number : throw QueryErrors.At(path, "the number is out of range.");

            case FieldKind.Date:
            {
                var text = String(value, path, "a date (YYYY-MM-DD)");
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw QueryErrors.At(path, $"\"{text}\" is not a date (YYYY-MM-DD).");
            }

            case FieldKind.Timestamp:
            {
                var text = String(value, path, "an ISO 8601 timestamp");
                return ParseTimestamp(text) ?? throw QueryErrors.At(path, $"\"{text}\" is not an ISO 8601 timestamp (e.g. 2026-01-31T10:00:00Z).");
            }

            case FieldKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw WrongType(path, "a boolean", value);

            case FieldKind.Option:
            {
                var text = String(value, path, "an option title or id");
                var option = FindOption(field.Attribute!, text);
                if (option is null)
                {
                    var titles = field.Attribute!.Options.OrderBy(o => o.Position).Select(o => $"\"{o.Title}\"");
                    throw QueryErrors.At(path, $"\"{text}\" is not an option of \"{field.Path}\". Options: {string.Join(", ", titles)}.");
                }

                return option.Id.ToString("D");
            }

            case FieldKind.RecordId or FieldKind.ActorId:
            {
                var what = field.Kind == FieldKind.RecordId ? "a record id (uuid)" : "an actor id (uuid)";
                var text = String(value, path, what);
                return Guid.TryParse(text, out var id) ? id : throw QueryErrors.At(path, $"\"{text}\" is not {what}.");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "Unknown field kind.");
        }
    }

    /// <summary>An option by id, else by title (case-insensitive); inactive options included, since records may still hold them.</summary>
    private static AttributeOption? FindOption(AttributeDefinition attribute, string idOrTitle) =>
        (Guid.TryParse(idOrTitle, out var id) ? attribute.Options.FirstOrDefault(o => o.Id == id) : null)
        ?? attribute.Options.FirstOrDefault(o => string.Equals(o.Title, idOrTitle, StringComparison.OrdinalIgnoreCase));

    /// <summary>An ISO 8601 timestamp (an offset or Z; none means UTC), or a date (midnight UTC).</summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        if (!IsoPrefix().IsMatch(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
    }

    private static string String(JsonElement value, string path, string expected) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(path, expected, value);

    private static Juxa.Errors.JuxaException WrongType(string path, string expected, JsonElement value) =>
        QueryErrors.At(path, $"must be {expected}, got {QueryErrors.Describe(value.ValueKind)}.");

    private static string Describe(BoundField field) => field.Attribute is null
        ? "a timestamp column"
        : $"{field.Attribute.Type.Name()} attribute, compared as {KindName(field.Kind)}";

    private static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.Text => "text",
        FieldKind.LocationAny => "text (any location field)",
        FieldKind.Number => "a number",
        FieldKind.Date => "a date",
        FieldKind.Timestamp => "a timestamp",
        FieldKind.Boolean => "a boolean",
        FieldKind.Option => "an option",
        FieldKind.RecordId => "a record id",
        FieldKind.ActorId => "an actor id",
        _ => kind.ToString(),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPrefix();
}
