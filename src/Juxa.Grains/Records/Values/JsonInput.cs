using System.Globalization;
using System.Text.Json;
using Juxa.Text;

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

            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new AttributeValueException($"the key \"{Clip(property.Name)}\" appears twice");
            }
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
                    ? Canonical(Exact(element.GetRawText(), number))
                    : throw new AttributeValueException($"the number {Clip(element.GetRawText())} is out of range (at most 28 significant digits)");
            case JsonValueKind.String:
                var text = Text(element, expected);
                if (text is null)
                {
                    return null;
                }

                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? Canonical(Exact(text, parsed))
                    : throw Expected(expected, element);
            default:
                throw Expected(expected, element);
        }
    }

    /// <summary>
    /// <paramref name="parsed"/>, when it is exactly the number <paramref name="written"/> says; an error when parsing
    /// rounded it (more than 28 significant digits, or so small that it became 0), since a stored value must be the one sent.
    /// </summary>
    private static decimal Exact(string written, decimal parsed) =>
        Significand(written) == Significand(parsed.ToString(CultureInfo.InvariantCulture))
            ? parsed
            : throw new AttributeValueException($"the number {Clip(written.Trim())} cannot be stored exactly (at most 28 significant digits, and not below 1e-28)");

    /// <summary>
    /// A number's digits without leading or trailing zeros, and where its decimal point falls among them: equal for
    /// two spellings of one value (<c>1.50</c>, <c>15e-1</c>, <c>0.15E1</c>). Zero is ("", 0), whatever its sign.
    /// </summary>
    private static (string Digits, long Point, bool Negative) Significand(string number)
    {
        var text = number.Trim();
        var negative = text.StartsWith('-');
        text = text.TrimStart('+', '-');
        var e = text.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : long.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var significant = digits.TrimStart('0');
        point -= digits.Length - significant.Length;
        significant = significant.TrimEnd('0');
        return significant.Length == 0 ? ("", 0, false) : (significant, point, negative);
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
        JsonValueKind.String => $"\"{Clip(Decoded(element))}\"",
        JsonValueKind.Number => Clip(element.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "nothing",
    };

    /// <summary>
    /// The text a JSON string holds, as the other messages quote it: not its raw JSON, whose escapes ("\u002B") read as
    /// noise, and which is not even what the client sent, since values cross the grain boundary re-encoded by a
    /// serializer that escapes '+', '&lt;' and non-ASCII. A lone surrogate escape, which is not text, is shown raw.
    /// </summary>
    private static string Decoded(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return element.GetRawText()[1..^1];
        }
    }

    /// <summary>Shortens client input quoted in an error message.</summary>
    public static string Clip(string text) => text.Length <= QuoteLength ? text : TextCut.Prefix(text, QuoteLength) + "…";
}
