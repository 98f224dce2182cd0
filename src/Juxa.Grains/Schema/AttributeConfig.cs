using System.Text.Json.Serialization;

namespace Juxa.Schema;

/// <summary>Type-specific settings of an attribute.</summary>
/// <param name="CurrencyCode">currency: the ISO 4217 code used when a value gives only an amount (default USD).</param>
/// <param name="TargetObject">record-reference: the slug of the object referenced records belong to.</param>
/// <param name="MaxRating">rating: the highest value (1 to 10, default 5).</param>
// An unknown key ("maxRatings") is refused, not dropped: a typo must not silently leave the setting at its default.
[GenerateSerializer, Immutable, Alias("juxa.AttributeConfig")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttributeConfig(
    [property: Id(0)] string? CurrencyCode = null,
    [property: Id(1)] string? TargetObject = null,
    [property: Id(2)] int? MaxRating = null)
{
    public static readonly AttributeConfig Empty = new();
}
