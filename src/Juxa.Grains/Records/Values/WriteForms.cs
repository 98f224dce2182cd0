using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Juxa.Schema;

namespace Juxa.Records.Values;

/// <summary>
/// Turns one written (non-list) value into its stored single form. Clients write values in many shapes
/// (Attio's wrapped objects, our own output forms, spreadsheet-style strings); accepting them here means
/// everything after the codec deals with exactly one form per type. Returns null for a blank value.
/// docs/values.md lists every accepted form.
/// </summary>
internal static partial class WriteForms
{
    private const string TextExpected = "text (a JSON string)";
    private const string NumberExpected = "a number like 12.5";
    private const string CurrencyExpected = "an amount like 10000 or {\"amount\": 10000, \"currency\": \"USD\"}";
    private const string CheckboxExpected = "true or false";
    private const string DateExpected = "a date like 2026-01-31";
    private const string TimestampExpected = "a timestamp like 2026-01-31T10:00:00Z";
    private const string EmailExpected = "an email address like jane@example.com";
    private const string PhoneExpected = "a phone number like +1 555 123 4567";
    private const string DomainExpected = "a domain like example.com";
    private const string NameExpected = "a name like \"Jane Doe\" or {\"first_name\": \"Jane\", \"last_name\": \"Doe\"}";
    private const string LocationExpected = "an address like {\"line_1\": \"1 Main St\", \"city\": \"Berlin\", \"country_code\": \"DE\"}";
    private const string RecordExpected = "a record id or {\"target_object\": \"companies\", \"target_record_id\": \"<uuid>\"}";
    private const string ActorExpected = "a member id or {\"actor_type\": \"member\", \"actor_id\": \"<uuid>\"}";

    /// <summary>RFC 5321 caps an address at 320 characters; longer input is not an address.</summary>
    private const int MaxEmailLength = 320;

    /// <summary>Generous for a formatted number, small enough to keep junk out.</summary>
    private const int MaxPhoneLength = 64;

    /// <summary>A full URL may be pasted where a domain is expected; this is the common URL length cap.</summary>
    private const int MaxUrlLength = 2048;

    private static readonly string[] ValueKey = ["value"];
    private static readonly string[] CurrencyKeys = ["currency_value", "currency_code", "amount", "currency"];
    private static readonly string[] SelectKeys = ["option", "id", "title"];
    private static readonly string[] StatusKeys = ["status", "id", "title"];
    private static readonly string[] EmailKeys = ["email_address"];
    private static readonly string[] PhoneKeys = ["original_phone_number", "phone_number"];
    private static readonly string[] PhoneIgnoredKeys = ["country_code"];
    private static readonly string[] DomainKeys = ["domain"];
    private static readonly string[] RecordKeys = ["target_object", "target_record_id"];
    private static readonly string[] ActorKeys = ["actor_type", "actor_id"];

    public static JsonNode? Parse(AttributeDefinition attribute, JsonElement written) => written.ValueKind == JsonValueKind.Null ? null : attribute.Type switch
    {
        AttributeType.Text => Text(written),
        AttributeType.Number => Number(written),
        AttributeType.Currency => Currency(attribute, written),
        AttributeType.Checkbox => Checkbox(written),
        AttributeType.Date => Date(written),
        AttributeType.Timestamp => Timestamp(written),
        AttributeType.Rating => Rating(attribute, written),
        AttributeType.Select or AttributeType.Status => Option(attribute, written),
        AttributeType.EmailAddress => Email(written),
        AttributeType.PhoneNumber => Phone(written),
        AttributeType.Domain => Domain(written),
        AttributeType.PersonalName => PersonalName(written),
        AttributeType.Location => Location(written),
        AttributeType.RecordReference => RecordReference(attribute, written),
        AttributeType.ActorReference => ActorReference(written),
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Type, "Unknown attribute type."),
    };

    /// <summary>Only strings: turning 42 or true into text would hide a client bug behind a plausible value.</summary>
    private static JsonNode? Text(JsonElement written) =>
        JsonInput.Text(JsonInput.Unwrap(written, ValueKey, TextExpected), TextExpected) is { } text ? JsonValue.Create(text) : null;

    private static JsonNode? Number(JsonElement written) =>
        JsonInput.Decimal(JsonInput.Unwrap(written, ValueKey, NumberExpected), NumberExpected) is { } number ? JsonValue.Create(number) : null;

    /// <summary>
    /// A bare amount takes the attribute's currency; an explicit currency is kept as written (upper-cased),
    /// so a EUR amount written to a USD attribute is stored as EUR rather than silently relabelled.
    /// </summary>
    private static JsonNode? Currency(AttributeDefinition attribute, JsonElement written)
    {
        if (CurrencyParts(written) is not ({ } amount, var code))
        {
            return null;
        }

        var currency = (code ?? attribute.Config.CurrencyCode ?? "USD").ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new AttributeValueException($"expected a three-letter ISO 4217 currency code like USD, got \"{JsonInput.Clip(currency)}\"");
        }

        return new JsonObject { ["amount"] = amount, ["currency"] = currency };
    }

    /// <summary>
    /// The amount (null: no value) and the currency code as written (null: not written, the attribute's applies) of a
    /// currency write form. Filters need to know whether a currency was written (docs/query.md), so this is apart.
    /// </summary>
    public static (decimal? Amount, string? Code) CurrencyParts(JsonElement written)
    {
        var amountElement = written;
        string? code = null;
        if (written.ValueKind == JsonValueKind.Object)
        {
            var fields = JsonInput.Fields(written, CurrencyKeys, CurrencyExpected);
            if (!fields.TryGetValue("amount", out amountElement) && !fields.TryGetValue("currency_value", out amountElement))
            {
                throw new AttributeValueException($"expected {CurrencyExpected}; the object needs an \"amount\" key");
            }

            code = JsonInput.OptionalText(fields, "currency") ?? JsonInput.OptionalText(fields, "currency_code");
        }

        return (JsonInput.Decimal(amountElement, CurrencyExpected), code);
    }

    private static JsonNode? Checkbox(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, ValueKey, CheckboxExpected);
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.String:
                var text = JsonInput.Text(value, CheckboxExpected);
                if (text is null)
                {
                    return null;
                }

                return bool.TryParse(text, out var flag) ? JsonValue.Create(flag) : throw JsonInput.Expected(CheckboxExpected, value);
            default:
                throw JsonInput.Expected(CheckboxExpected, value);
        }
    }

    /// <summary>
    /// A timestamp with an offset names an instant, so it becomes that instant's UTC date; without an
    /// offset the date is taken as written.
    /// </summary>
    private static JsonNode? Date(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, ValueKey, DateExpected);
        if (JsonInput.Text(value, DateExpected) is not { } text)
        {
            return null;
        }

        if (!IsoDateTime.TryParse(text, out var parts))
        {
            throw JsonInput.Expected(DateExpected, value);
        }

        var date = parts.Instant is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : parts.Date;
        return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A time without an offset is refused: reading it in the server's zone would store a different instant
    /// than the client meant. A bare date is unambiguous enough to mean midnight UTC.
    /// Stored at millisecond precision, fixed width, so the stored strings sort chronologically.
    /// </summary>
    private static JsonNode? Timestamp(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, ValueKey, TimestampExpected);
        if (JsonInput.Text(value, TimestampExpected) is not { } text)
        {
            return null;
        }

        if (!IsoDateTime.TryParse(text, out var parts))
        {
            throw JsonInput.Expected(TimestampExpected, value);
        }

        var instant = parts.Time is null
            ? new DateTimeOffset(parts.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : parts.Instant ?? throw new AttributeValueException($"the timestamp \"{JsonInput.Clip(text)}\" has no time zone; end it with Z (UTC) or an offset like +01:00");

        // "fff" truncates, it does not round: 10:00:00.9999 stays in the same second.
        return JsonValue.Create(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonNode? Rating(AttributeDefinition attribute, JsonElement written)
    {
        var max = attribute.Config.MaxRating ?? 5;
        var expected = $"a whole number from 0 to {max}";
        var value = JsonInput.Unwrap(written, ValueKey, expected);
        if (JsonInput.Decimal(value, expected) is not { } rating)
        {
            return null;
        }

        if (rating != decimal.Truncate(rating) || rating < 0 || rating > max)
        {
            throw JsonInput.Expected(expected, value);
        }

        return JsonValue.Create((int)rating);
    }

    /// <summary>
    /// Select and status store the option id, so a later rename of the option renames it in every record.
    /// Archived options stay readable on old records but cannot be chosen again.
    /// </summary>
    private static JsonNode? Option(AttributeDefinition attribute, JsonElement written)
    {
        var noun = attribute.Type == AttributeType.Status ? "status" : "option";
        var nouns = attribute.Type == AttributeType.Status ? "statuses" : "options";
        if (OptionReference(attribute, written) is not { } reference)
        {
            return null;
        }

        var option = attribute.FindOption(reference);
        if (option is { IsActive: true })
        {
            return JsonValue.Create(option.Id.ToString());
        }

        var active = attribute.Options.Where(o => o.IsActive).OrderBy(o => o.Position).Select(o => o.Title).ToList();
        var problem = option is null ? $"unknown {noun} '{JsonInput.Clip(reference)}'" : $"the {noun} '{option.Title}' is archived";
        throw new AttributeValueException(active.Count == 0
            ? $"{problem}; this attribute has no {nouns} to choose from"
            : $"{problem}; {nouns} are: {string.Join(", ", active)}");
    }

    /// <summary>
    /// The option title or id a select or status write form names (null: no value), not yet looked up: a filter looks it
    /// up among archived options too, since records may still hold them.
    /// </summary>
    public static string? OptionReference(AttributeDefinition attribute, JsonElement written)
    {
        var expected = attribute.Type == AttributeType.Status ? "a status title or id" : "an option title or id";
        return JsonInput.Text(JsonInput.Unwrap(written, attribute.Type == AttributeType.Status ? StatusKeys : SelectKeys, expected), expected);
    }

    /// <summary>
    /// <see cref="MailAddress"/> also accepts "Jane &lt;jane@example.com&gt;" and "a b@example.com" (keeping only
    /// part of the input), so the parsed address must equal the whole input.
    /// </summary>
    private static JsonNode? Email(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, EmailKeys, EmailExpected);
        if (JsonInput.Text(value, EmailExpected, MaxEmailLength) is not { } text)
        {
            return null;
        }

        var email = text.ToLowerInvariant();
        // MailAddress takes control characters inside a quoted local part; SMTP (RFC 5321) allows none in an address,
        // and the multiselect contains filter relies on their absence (SqlTranslator.ContainsInArrayText).
        if (email.Any(char.IsControl) || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw JsonInput.Expected(EmailExpected, value);
        }

        return JsonValue.Create(email);
    }

    /// <summary>
    /// Formatting characters are dropped so "+1 (555) 123-4567" and "+15551234567" are one number.
    /// Attio's "country_code" is accepted so Attio payloads pass, but no calling code is inferred from it.
    /// </summary>
    private static JsonNode? Phone(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, PhoneKeys, PhoneExpected, PhoneIgnoredKeys);
        if (JsonInput.Text(value, PhoneExpected, MaxPhoneLength) is not { } text)
        {
            return null;
        }

        if (!PhoneShape().IsMatch(text))
        {
            throw JsonInput.Expected(PhoneExpected, value);
        }

        var digits = string.Concat(text.Where(char.IsAsciiDigit));
        if (digits.Length is < 5 or > 20)
        {
            throw new AttributeValueException($"expected a phone number with 5 to 20 digits, got \"{JsonInput.Clip(text)}\" ({digits.Length} digits)");
        }

        return JsonValue.Create(text.StartsWith('+') ? "+" + digits : digits);
    }

    /// <summary>
    /// People paste URLs where a domain is asked for, so anything <see cref="Uri"/> can read a DNS host from is
    /// accepted and reduced to the host: lower-case, punycode for international names, without a leading "www.".
    /// </summary>
    private static JsonNode? Domain(JsonElement written)
    {
        var value = JsonInput.Unwrap(written, DomainKeys, DomainExpected);
        if (JsonInput.Text(value, DomainExpected, MaxUrlLength) is not { } text)
        {
            return null;
        }

        var url = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.Dns || uri.UserInfo.Length > 0)
        {
            throw JsonInput.Expected(DomainExpected, value);
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal) && host.IndexOf('.', 4) > 0)
        {
            host = host[4..];
        }

        if (!host.Contains('.'))
        {
            throw JsonInput.Expected(DomainExpected, value);
        }

        return JsonValue.Create(host);
    }

    /// <summary>
    /// full_name is always derived from first and last, so the three can never disagree. When only
    /// full_name is written it is split like a plain string instead of being lost.
    /// </summary>
    private static JsonNode? PersonalName(JsonElement written)
    {
        switch (written.ValueKind)
        {
            case JsonValueKind.String:
                return JsonInput.Text(written, NameExpected) is { } text ? SplitName(text) : null;
            case JsonValueKind.Object:
                var fields = JsonInput.Fields(written, StoredForms.NameFields, NameExpected);
                var first = JsonInput.OptionalText(fields, "first_name");
                var last = JsonInput.OptionalText(fields, "last_name");
                if (first is null && last is null)
                {
                    return JsonInput.OptionalText(fields, "full_name") is { } full ? SplitName(full) : null;
                }

                return StoredForms.Name(first, last);
            default:
                throw JsonInput.Expected(NameExpected, written);
        }
    }

    /// <summary>"Mary Ann Smith" → first "Mary Ann", last "Smith": surnames are usually one word, given names often not.</summary>
    private static JsonObject SplitName(string name)
    {
        var space = name.LastIndexOf(' ');
        return space < 0 ? StoredForms.Name(name, null) : StoredForms.Name(name[..space].TrimEnd(), name[(space + 1)..]);
    }

    private static JsonNode? Location(JsonElement written)
    {
        switch (written.ValueKind)
        {
            case JsonValueKind.String:
                return JsonInput.Text(written, LocationExpected) is { } line ? StoredForms.Location(field => field == "line_1" ? line : null) : null;
            case JsonValueKind.Object:
                var fields = JsonInput.Fields(written, StoredForms.LocationFields, LocationExpected);
                var country = JsonInput.OptionalText(fields, "country_code")?.ToUpperInvariant();
                if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
                {
                    throw new AttributeValueException($"expected a two-letter country code like DE, got \"{JsonInput.Clip(country)}\"");
                }

                return StoredForms.Location(field => field == "country_code" ? country : JsonInput.OptionalText(fields, field));
            default:
                throw JsonInput.Expected(LocationExpected, written);
        }
    }

    /// <summary>
    /// The target object comes from the attribute when it names one, so clients may send just the id;
    /// naming a different object is an error rather than a reference the attribute cannot hold.
    /// </summary>
    private static JsonNode? RecordReference(AttributeDefinition attribute, JsonElement written)
    {
        string? target = null;
        Guid id;
        switch (written.ValueKind)
        {
            case JsonValueKind.String:
                if (JsonInput.Uuid(written, RecordExpected) is not { } bare)
                {
                    return null;
                }

                id = bare;
                break;
            case JsonValueKind.Object:
                var fields = JsonInput.Fields(written, RecordKeys, RecordExpected);
                target = JsonInput.OptionalText(fields, "target_object");
                id = fields.TryGetValue("target_record_id", out var idElement) && JsonInput.Uuid(idElement, "\"target_record_id\" to be a record id (uuid)") is { } given
                    ? given
                    : throw new AttributeValueException($"expected {RecordExpected}; the object needs a \"target_record_id\" key");
                break;
            default:
                throw JsonInput.Expected(RecordExpected, written);
        }

        var configured = attribute.Config.TargetObject;
        if (configured is not null && target is not null && !string.Equals(target, configured, StringComparison.Ordinal))
        {
            throw new AttributeValueException($"this attribute references {configured} records, not {JsonInput.Clip(target)}");
        }

        var targetObject = configured ?? target
            ?? throw new AttributeValueException($"expected {RecordExpected}; this attribute can reference any object, so \"target_object\" is required");
        return new JsonObject { ["target_object"] = targetObject, ["target_record_id"] = id.ToString() };
    }

    /// <summary>A bare id means a member: people, not API keys, are what clients usually assign.</summary>
    private static JsonNode? ActorReference(JsonElement written)
    {
        var actorType = "member";
        Guid id;
        switch (written.ValueKind)
        {
            case JsonValueKind.String:
                if (JsonInput.Uuid(written, ActorExpected) is not { } bare)
                {
                    return null;
                }

                id = bare;
                break;
            case JsonValueKind.Object:
                var fields = JsonInput.Fields(written, ActorKeys, ActorExpected);
                actorType = JsonInput.OptionalText(fields, "actor_type")?.ToLowerInvariant() ?? actorType;
                if (actorType is not ("member" or "api_key"))
                {
                    throw new AttributeValueException($"expected \"actor_type\" to be member or api_key, got \"{JsonInput.Clip(actorType)}\"");
                }

                id = fields.TryGetValue("actor_id", out var idElement) && JsonInput.Uuid(idElement, "\"actor_id\" to be a uuid") is { } given
                    ? given
                    : throw new AttributeValueException($"expected {ActorExpected}; the object needs an \"actor_id\" key");
                break;
            default:
                throw JsonInput.Expected(ActorExpected, written);
        }

        return new JsonObject { ["actor_type"] = actorType, ["actor_id"] = id.ToString() };
    }

    [GeneratedRegex(@"^\+?[0-9 ().-]+\z")]
    private static partial Regex PhoneShape();
}
