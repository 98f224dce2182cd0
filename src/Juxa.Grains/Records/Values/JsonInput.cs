using System.Globalization;
using System.Text.Json;

namespace Juxa.Records.Values;

/// <summary>
/// Reading primitives shared by the write forms of every type, so that all types agree on what a
/// blank string means, how long a string may be, and how an error quotes the offending input.
/// </summary>
internal static class JsonInput
{
    /// <summary>The longest string any value may carry (text values, name parts, address lines).</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>How much of a rejected input an error message quotes, so one bad value cannot flood a response.</summary>
    private const int QuoteLength = 60;

    /// <summary>
    /// A JSON string, trimmed; null when it is null or blank, because a blank cell (typical of imports and
    /// forms) means "no value" for every type. Strings holding U+0000 are refused because PostgreSQL jsonb cannot store it.
    /// </summary>
    public static string? Text(JsonElement element, string expected, int maxLength = MaxTextLength)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw Expected(expected, element);
        }

        string raw;
        try
        {
            raw = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape such as "\ud800": valid JSON, but not text.
            throw new AttributeValueException("the text is not valid Unicode");
        }

        if (raw.Contains('\0'))
        {
            throw new AttributeValueException("the text contains a NUL character (\\u0000), which cannot be stored");
        }

        var text = raw.Trim();
        if (text.Length > maxLength)
        {
            throw new AttributeValueException($"the text is {text.Length} characters long; at most {maxLength} are allowed");
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The string under <paramref name="key"/> of an object's fields (e.g. one part of a name); absent, null or blank is null, anything but a string an error.</summary>
    public static string? OptionalText(IReadOnlyDictionary<string, JsonElement> fields, string key) =>
        fields.TryGetValue(key, out var value) ? Text(value, $"\"{key}\" to be a string") : null;

    /// <summary>
    /// The properties of an object, refusing keys outside <paramref name="allowed"/> so that a typo
    /// ("frist_name") is reported instead of silently dropping data.
    /// </summary>
    public static Dictionary<string, JsonElement> Fields(JsonElement element, IReadOnlyList<string> allowed, string expected)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Expected(expected, element);
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new AttributeValueException($"unexpected key \"{Clip(property.Name)}\"; allowed keys are: {string.Join(", ", allowed)}");
            }

            fields.TryAdd(property.Name, property.Value);
        }

        return fields;
    }

    /// <summary>
    /// Unwraps Attio-style single-key objects (<c>{"value": x}</c>, <c>{"email_address": x}</c>…): returns the
    /// value under the first of <paramref name="keys"/> present. A non-object is returned unchanged, so callers
    /// handle bare and wrapped forms with one code path. <paramref name="ignored"/> keys are accepted and dropped.
    /// </summary>
    public static JsonElement Unwrap(JsonElement element, IReadOnlyList<string> keys, string expected, IReadOnlyList<string>? ignored = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return element;
        }

        var fields = Fields(element, ignored is null ? keys : [.. keys, .. ignored], expected);
        foreach (var key in keys)
        {
            if (fields.TryGetValue(key, out var inner))
            {
                return inner;
            }
        }

        throw new AttributeValueException($"expected {expected}; the object needs a \"{keys[0]}\" key");
    }

    /// <summary>
    /// A number given as a JSON number or as a numeric string (imports often quote numbers), in its
    /// canonical form (no trailing fractional zeros) so 12.50 and 12.5 store and compare identically.
    /// Null when given null or a blank string.
    /// </summary>
    public static decimal? Decimal(JsonElement element, string expected)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return element.TryGetDecimal(out var number)
                    ? Canonical(number)
                    : throw new AttributeValueException($"the number {Clip(element.GetRawText())} is out of range (at most 28 significant digits)");
            case JsonValueKind.String:
                var text = Text(element, expected);
                if (text is null)
                {
                    return null;
                }

                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? Canonical(parsed)
                    : throw Expected(expected, element);
            default:
                throw Expected(expected, element);
        }
    }

    /// <summary>
    /// Drops trailing fractional zeros: dividing by a one with many zero decimals makes decimal
    /// pick the smallest scale that represents the quotient exactly (12.50 → 12.5, 1.000 → 1).
    /// </summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A "UUID" read from a string in any format <see cref="Guid.TryParse(string?, out Guid)"/> knows.</summary>
    public static Guid? Uuid(JsonElement element, string expected)
    {
        var text = Text(element, expected);
        if (text is null)
        {
            return null;
        }

        return Guid.TryParse(text, out var id) ? id : throw Expected(expected, element);
    }

    /// <summary>"expected X, got Y", quoting the input the way the client wrote it.</summary>
    public static AttributeValueException Expected(string expected, JsonElement got) =>
        new($"expected {expected}, got {Describe(got)}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Clip(element.GetRawText()[1..^1])}\"",
        JsonValueKind.Number => Clip(element.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "nothing",
    };

    /// <summary>Shortens client input quoted in an error message.</summary>
    public static string Clip(string text) => text.Length <= QuoteLength ? text : text[..QuoteLength] + "…";
}
