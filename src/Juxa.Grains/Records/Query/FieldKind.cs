using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>How a (sub-)field compares, once the attribute type and sub-field are known.</summary>
public enum FieldKind
{
    /// <summary>Case-insensitive string compare (text, email-address, phone-number, domain, personal-name, a location field, a currency code, an actor type).</summary>
    Text,

    /// <summary>A location without a sub-field: matches when ANY of its string fields matches.</summary>
    LocationAny,

    /// <summary>Numeric compare (number, rating, currency amount).</summary>
    Number,

    /// <summary>Chronological compare of ISO dates.</summary>
    Date,

    /// <summary>Chronological compare of instants (timestamp attributes, <c>created_at</c>, <c>updated_at</c>).</summary>
    Timestamp,

    /// <summary>checkbox.</summary>
    Boolean,

    /// <summary>select / status: the stored option id.</summary>
    Option,

    /// <summary>record-reference: the referenced record's id.</summary>
    RecordId,

    /// <summary>actor-reference: the actor's id.</summary>
    ActorId,
}

/// <summary>
/// The query engine's own table of which sub-fields and operators apply to which attribute type
/// (kept here on purpose, independent of the value codecs; see docs/records-storage.md for the stored forms).
/// </summary>
public static class QueryFieldTypes
{
    public const string FullName = "full_name";
    public const string Amount = "amount";
    public const string TargetRecordId = "target_record_id";
    public const string ActorIdKey = "actor_id";

    public static readonly IReadOnlyList<string> LocationFields = ["line_1", "line_2", "city", "state", "postcode", "country_code"];

    private static readonly FilterOperator[] TextOperators =
    [
        FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.Contains, FilterOperator.NotContains,
        FilterOperator.StartsWith, FilterOperator.EndsWith, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty,
    ];

    private static readonly FilterOperator[] OrderedOperators =
    [
        FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.GreaterThan, FilterOperator.GreaterThanOrEqual,
        FilterOperator.LessThan, FilterOperator.LessThanOrEqual, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty,
    ];

    private static readonly FilterOperator[] EqualityOperators =
    [
        FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty,
    ];

    /// <summary>The operators a field of this kind accepts, in contract order.</summary>
    public static IReadOnlyList<FilterOperator> Operators(FieldKind kind) => kind switch
    {
        FieldKind.Text or FieldKind.LocationAny => TextOperators,
        FieldKind.Number or FieldKind.Date or FieldKind.Timestamp => OrderedOperators,
        _ => EqualityOperators,
    };

    /// <summary>The sub-fields a filter or sort may name after an attribute of this type (record-reference: see <see cref="FieldResolver"/>).</summary>
    public static IReadOnlyList<string> SubFields(AttributeType type) => type switch
    {
        AttributeType.PersonalName => ["first_name", "last_name", FullName],
        AttributeType.Location => LocationFields,
        AttributeType.Currency => [Amount, "currency"],
        AttributeType.ActorReference => [ActorIdKey, "actor_type"],
        AttributeType.RecordReference => [TargetRecordId],
        _ => [],
    };

    /// <summary>
    /// The JSON key compared inside the stored single form (null: the single form is the scalar itself)
    /// and the kind of compare, for an attribute type and an optional (already checked) sub-field.
    /// </summary>
    public static (string? Key, FieldKind Kind) Resolve(AttributeType type, string? subField) => type switch
    {
        AttributeType.Text or AttributeType.EmailAddress or AttributeType.PhoneNumber or AttributeType.Domain => (null, FieldKind.Text),
        AttributeType.PersonalName => (subField ?? FullName, FieldKind.Text),
        AttributeType.Location => subField is null ? (null, FieldKind.LocationAny) : (subField, FieldKind.Text),
        AttributeType.Number or AttributeType.Rating => (null, FieldKind.Number),
        AttributeType.Currency => subField is null or Amount ? (Amount, FieldKind.Number) : (subField, FieldKind.Text),
        AttributeType.Checkbox => (null, FieldKind.Boolean),
        AttributeType.Date => (null, FieldKind.Date),
        AttributeType.Timestamp => (null, FieldKind.Timestamp),
        AttributeType.Select or AttributeType.Status => (null, FieldKind.Option),
        AttributeType.RecordReference => (TargetRecordId, FieldKind.RecordId),
        AttributeType.ActorReference => subField is null or ActorIdKey ? (ActorIdKey, FieldKind.ActorId) : (subField, FieldKind.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown attribute type."),
    };
}
