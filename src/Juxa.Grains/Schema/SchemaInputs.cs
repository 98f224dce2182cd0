using System.Text.Json.Serialization;

namespace Juxa.Schema;

/// <summary>A new object.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ObjectInput")]
public sealed record ObjectInput(
    [property: Id(0)] string? Slug,
    [property: Id(1)] string? SingularName,
    [property: Id(2)] string? PluralName,
    [property: Id(3)] string? Icon);

/// <summary>Changes to an object; null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ObjectPatch")]
public sealed record ObjectPatch(
    [property: Id(0)] string? SingularName,
    [property: Id(1)] string? PluralName,
    [property: Id(2)] string? Icon,
    [property: Id(3)] bool? IsArchived);

/// <summary>
/// A new attribute, with its <see cref="Options"/> (select) or <see cref="Statuses"/> (status). They are kept apart, as the
/// client gave them, so that either one given to a type that does not take it is refused (<see cref="SchemaRules.Options"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.AttributeInput")]
public sealed record AttributeInput(
    [property: Id(0)] string? Slug,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Type,
    [property: Id(3)] AttributeConfig? Config,
    [property: Id(4)] bool IsRequired,
    [property: Id(5)] bool IsUnique,
    [property: Id(6)] bool IsMultiselect,
    [property: Id(7)] IReadOnlyList<OptionInput>? Options,
    [property: Id(8)] bool IsIndexed = false,
    [property: Id(9)] IReadOnlyList<OptionInput>? Statuses = null);

/// <summary>Changes to an attribute. Slug, type and multiselect are fixed once created.</summary>
[GenerateSerializer, Immutable, Alias("juxa.AttributePatch")]
public sealed record AttributePatch(
    [property: Id(0)] string? Title,
    [property: Id(1)] bool? IsRequired,
    [property: Id(2)] bool? IsUnique,
    [property: Id(3)] bool? IsArchived,
    [property: Id(4)] AttributeConfig? Config,
    [property: Id(5)] bool? IsIndexed = null);

/// <summary>A new select option or status.</summary>
// Read from request JSON: an unknown key ("colour") is refused, not dropped, as in AttributeConfig.
[GenerateSerializer, Immutable, Alias("juxa.OptionInput")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OptionInput(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Color,
    [property: Id(2)] bool? IsActive);
