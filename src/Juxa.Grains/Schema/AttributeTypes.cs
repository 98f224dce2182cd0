namespace Juxa.Schema;

/// <summary>The wire names of <see cref="AttributeType"/> (kebab-case, as in the contract).</summary>
public static class AttributeTypes
{
    private static readonly Dictionary<AttributeType, string> Names = new()
    {
        [AttributeType.Text] = "text",
        [AttributeType.Number] = "number",
        [AttributeType.Currency] = "currency",
        [AttributeType.Checkbox] = "checkbox",
        [AttributeType.Date] = "date",
        [AttributeType.Timestamp] = "timestamp",
        [AttributeType.Rating] = "rating",
        [AttributeType.Select] = "select",
        [AttributeType.Status] = "status",
        [AttributeType.EmailAddress] = "email-address",
        [AttributeType.PhoneNumber] = "phone-number",
        [AttributeType.Domain] = "domain",
        [AttributeType.PersonalName] = "personal-name",
        [AttributeType.Location] = "location",
        [AttributeType.RecordReference] = "record-reference",
        [AttributeType.ActorReference] = "actor-reference",
    };

    private static readonly Dictionary<string, AttributeType> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => Names.Values;

    public static string Name(this AttributeType type) => Names[type];

    public static bool TryParse(string? name, out AttributeType type) => ByName.TryGetValue(name ?? string.Empty, out type);
}
