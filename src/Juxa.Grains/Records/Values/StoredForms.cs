using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Schema;

namespace Juxa.Records.Values;

/// <summary>
/// Everything computed from one stored single value (one element of a multiselect): its unique key,
/// search terms and output form. It reads the stored form only, never the written one, so a value
/// written today and the same value re-read from the database index identically.
/// Object forms are always rebuilt with their keys in a fixed order, because jsonb does not keep key order.
/// </summary>
internal static class StoredForms
{
    /// <summary>The keys of a personal-name value, in output order; also its queryable sub-fields.</summary>
    public static readonly string[] NameFields = ["first_name", "last_name", "full_name"];

    /// <summary>The keys of a location value, in output order; also its queryable sub-fields.</summary>
    public static readonly string[] LocationFields = ["line_1", "line_2", "city", "state", "postcode", "country_code"];

    /// <summary>
    /// Unique keys live in a database index, not in HTML: escaping non-ASCII would only make them unreadable
    /// (and lower-casing is done before serializing, so "Ü" and "ü" give the same key).
    /// </summary>
    private static readonly JsonSerializerOptions KeyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A stored personal name: the parts that are present, and full_name derived from them.</summary>
    public static JsonObject Name(string? first, string? last)
    {
        var name = new JsonObject();
        if (first is not null)
        {
            name["first_name"] = first;
        }

        if (last is not null)
        {
            name["last_name"] = last;
        }

        name["full_name"] = $"{first} {last}".Trim();
        return name;
    }

    /// <summary>A stored location holding only the fields that have a value; null when none has.</summary>
    public static JsonObject? Location(Func<string, string?> field)
    {
        var location = new JsonObject();
        foreach (var key in LocationFields)
        {
            if (field(key) is { } value)
            {
                location[key] = value;
            }
        }

        return location.Count == 0 ? null : location;
    }

    /// <summary>
    /// The string two values share exactly when they count as the same value: equality is
    /// case-insensitive for text, names and locations (as the equals operator is: lower-cased as PostgreSQL does, see
    /// <see cref="TextCase"/>), numeric for numbers (12.5 = 12.50).
    /// </summary>
    public static string UniqueKey(AttributeType type, JsonNode element) => type switch
    {
        AttributeType.Text => TextCase.Lower(element.GetValue<string>()),
        AttributeType.Number => Invariant(element.GetValue<decimal>()),
        AttributeType.Currency => $"{Invariant(element["amount"]!.GetValue<decimal>())} {Text(element, "currency")}",
        AttributeType.Checkbox => element.GetValue<bool>() ? "true" : "false",
        AttributeType.Rating => element.GetValue<int>().ToString(CultureInfo.InvariantCulture),
        AttributeType.Select or AttributeType.Status => Guid.Parse(element.GetValue<string>()).ToString(),
        AttributeType.PersonalName => TextCase.Lower(FullName(element)),
        // A JSON array of all six fields in fixed order: unambiguous whatever the fields contain.
        AttributeType.Location => new JsonArray([.. LocationFields.Select(f => (JsonNode?)(Text(element, f) is { } text ? TextCase.Lower(text) : null))]).ToJsonString(KeyJson),
        AttributeType.RecordReference => Guid.Parse(Text(element, "target_record_id")!).ToString(),
        AttributeType.ActorReference => $"{Text(element, "actor_type")}:{Guid.Parse(Text(element, "actor_id")!)}",
        // Date, timestamp, email, phone and domain are stored canonical already.
        _ => element.GetValue<string>(),
    };

    /// <summary>What global search should find the record by; only for types people type into a search box.</summary>
    public static IEnumerable<string> SearchTerms(AttributeType type, JsonNode element)
    {
        switch (type)
        {
            case AttributeType.Text or AttributeType.Domain:
                return [TextCase.Lower(element.GetValue<string>())];
            case AttributeType.EmailAddress:
                var email = TextCase.Lower(element.GetValue<string>());
                return [email, email[..email.LastIndexOf('@')]];
            case AttributeType.PhoneNumber:
                return [element.GetValue<string>().TrimStart('+')];
            case AttributeType.PersonalName:
                return new[] { FullName(element), Text(element, "first_name"), Text(element, "last_name") }
                    .OfType<string>()
                    .Select(TextCase.Lower);
            default:
                return [];
        }
    }

    /// <summary>The output form of one element; always a new node, as a JsonNode can only have one parent.</summary>
    public static JsonNode Output(AttributeDefinition attribute, JsonNode element)
    {
        switch (attribute.Type)
        {
            case AttributeType.Select or AttributeType.Status:
                var id = Guid.Parse(element.GetValue<string>());
                return new JsonObject { ["id"] = id.ToString(), ["title"] = attribute.Options.FirstOrDefault(o => o.Id == id)?.Title };
            case AttributeType.PersonalName:
                return Name(Text(element, "first_name"), Text(element, "last_name"));
            case AttributeType.Location:
                return Location(field => Text(element, field)) ?? new JsonObject();
            case AttributeType.Currency:
                return new JsonObject { ["amount"] = element["amount"]!.DeepClone(), ["currency"] = Text(element, "currency") };
            case AttributeType.RecordReference:
                return new JsonObject { ["target_object"] = Text(element, "target_object"), ["target_record_id"] = Text(element, "target_record_id") };
            case AttributeType.ActorReference:
                return new JsonObject { ["actor_type"] = Text(element, "actor_type"), ["actor_id"] = Text(element, "actor_id") };
            default:
                return element.DeepClone();
        }
    }

    /// <summary>The record a stored record-reference points at.</summary>
    public static RecordRef Reference(JsonNode element) =>
        new(Text(element, "target_object")!, Guid.Parse(Text(element, "target_record_id")!));

    /// <summary>The member or API key a stored actor-reference points at.</summary>
    public static ActorRef Actor(JsonNode element) =>
        new(Text(element, "actor_type")!, Guid.Parse(Text(element, "actor_id")!));

    /// <summary>Recomputed rather than read, so a stored full_name that drifted cannot leak into keys or search.</summary>
    private static string FullName(JsonNode name) => $"{Text(name, "first_name")} {Text(name, "last_name")}".Trim();

    private static string? Text(JsonNode node, string key) => node[key]?.GetValue<string>();

    private static string Invariant(decimal number) => JsonInput.Canonical(number).ToString(CultureInfo.InvariantCulture);
}
