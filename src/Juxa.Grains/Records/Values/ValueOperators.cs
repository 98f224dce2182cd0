using System.Collections.Frozen;
using Juxa.Schema;

namespace Juxa.Records.Values;

/// <summary>
/// Which of the contract's filter operators apply to each attribute type, and which sub-fields a filter or
/// sort may address. One table, so the query validator, the query engine and docs/values.md cannot disagree.
/// </summary>
public static class ValueOperators
{
    /// <summary>The twelve operators of the contract, in its order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "is_empty", "is_not_empty", "gt", "gte", "lt", "lte"];

    /// <summary>Text-like values: matched case-insensitively, whole or in part.</summary>
    private static readonly FrozenSet<string> Textual =
        FrozenSet.Create(StringComparer.Ordinal, "equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with", "is_empty", "is_not_empty");

    /// <summary>Ordered values: numbers, amounts, ratings, dates and timestamps.</summary>
    private static readonly FrozenSet<string> Ordered =
        FrozenSet.Create(StringComparer.Ordinal, "equals", "not_equals", "gt", "gte", "lt", "lte", "is_empty", "is_not_empty");

    /// <summary>Values compared only for identity: checkbox, options (by title or id) and references (by id).</summary>
    private static readonly FrozenSet<string> Identity =
        FrozenSet.Create(StringComparer.Ordinal, "equals", "not_equals", "is_empty", "is_not_empty");

    private static readonly FrozenDictionary<AttributeType, FrozenSet<string>> ByType = new Dictionary<AttributeType, FrozenSet<string>>
    {
        [AttributeType.Text] = Textual,
        [AttributeType.EmailAddress] = Textual,
        [AttributeType.PhoneNumber] = Textual,
        [AttributeType.Domain] = Textual,
        [AttributeType.PersonalName] = Textual,
        [AttributeType.Location] = Textual,
        [AttributeType.Number] = Ordered,
        [AttributeType.Currency] = Ordered,
        [AttributeType.Rating] = Ordered,
        [AttributeType.Date] = Ordered,
        [AttributeType.Timestamp] = Ordered,
        [AttributeType.Checkbox] = Identity,
        [AttributeType.Select] = Identity,
        [AttributeType.Status] = Identity,
        [AttributeType.RecordReference] = Identity,
        [AttributeType.ActorReference] = Identity,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<AttributeType, string[]> SubFieldsByType = new Dictionary<AttributeType, string[]>
    {
        [AttributeType.PersonalName] = StoredForms.NameFields,
        [AttributeType.Location] = StoredForms.LocationFields,
        [AttributeType.Currency] = ["amount", "currency"],
    }.ToFrozenDictionary();

    /// <summary>The operators a filter condition on an attribute of this type may use.</summary>
    public static IReadOnlySet<string> For(AttributeType type) => ByType[type];

    /// <summary>
    /// The parts of a composite value a condition or sort may address (e.g. <c>name.last_name</c>);
    /// empty for types whose value is a single scalar.
    /// </summary>
    public static IReadOnlyList<string> SubFields(AttributeType type) => SubFieldsByType.GetValueOrDefault(type) ?? [];
}
