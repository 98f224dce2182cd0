using System.Text.Encodings.Web;
using System.Text.Json;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Tests.Unit.Values;

/// <summary>Builds attribute definitions and runs the codec on JSON text, so test tables stay one line per case.</summary>
internal static class Attributes
{
    public const string LeadId = "0196f1a0-0000-7000-8000-000000000001";
    public const string CustomerId = "0196f1a0-0000-7000-8000-000000000002";
    public const string ChurnedId = "0196f1a0-0000-7000-8000-000000000003";
    public const string RecordId = "0196f1a0-1111-7000-8000-00000000000a";
    public const string OtherRecordId = "0196f1a0-1111-7000-8000-00000000000b";

    private static readonly Guid AttributeId = Guid.Parse("0196f1a0-2222-7000-8000-000000000001");

    /// <summary>Lead and Customer are active; Churned is archived and last.</summary>
    public static readonly IReadOnlyList<AttributeOption> Options =
    [
        new(Guid.Parse(LeadId), AttributeId, "Lead", "blue", true, 0),
        new(Guid.Parse(CustomerId), AttributeId, "Customer", "green", true, 1),
        new(Guid.Parse(ChurnedId), AttributeId, "Churned", null, false, 2),
    ];

    /// <summary>Compact JSON that keeps '+' and non-ASCII readable, so expected values can be written as-is.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AttributeDefinition Of(AttributeType type, bool multiselect = false, AttributeConfig? config = null) =>
        new(
            AttributeId,
            Guid.Parse("0196f1a0-3333-7000-8000-000000000001"),
            type.Name().Replace('-', '_'),
            type.Name(),
            type,
            IsRequired: false,
            IsUnique: false,
            IsMultiselect: multiselect,
            IsStandard: false,
            IsArchived: false,
            config ?? DefaultConfig(type),
            type is AttributeType.Select or AttributeType.Status ? Options : [],
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static NormalizedValue Normalize(AttributeDefinition attribute, string json)
    {
        using var document = JsonDocument.Parse(json);
        return ValueCodec.Normalize(attribute, document.RootElement);
    }

    /// <summary>The stored form as compact JSON (without escaping '+' or non-ASCII); null for "no value".</summary>
    public static string? Stored(AttributeDefinition attribute, string json) => Normalize(attribute, json).Stored?.ToJsonString(Compact);

    private static AttributeConfig DefaultConfig(AttributeType type) =>
        type == AttributeType.RecordReference ? new AttributeConfig(TargetObject: "companies") : AttributeConfig.Empty;
}
