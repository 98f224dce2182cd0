using System.Text.Json;
using Juxa.Api.Http;
using Juxa.Errors;
using Juxa.Schema;

namespace Juxa.Api.Endpoints;

/// <summary>An object as the API returns it; <see cref="Attributes"/> only where the endpoint says "with attributes".</summary>
public sealed record ObjectView(
    Guid Id, string Slug, string SingularName, string PluralName, string? Icon, bool IsStandard, bool IsArchived,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<AttributeView>? Attributes)
{
    public static ObjectView From(ObjectDefinition obj, bool withAttributes) => new(
        obj.Id, obj.Slug, obj.SingularName, obj.PluralName, obj.Icon, obj.IsStandard, obj.IsArchived, obj.CreatedAt, obj.UpdatedAt,
        withAttributes ? obj.Attributes.Select(AttributeView.From).ToArray() : null);
}

/// <summary>
/// An attribute; select attributes list their <see cref="Options"/>, status attributes their <see cref="Statuses"/>.
/// <see cref="IsIndexed"/> is beyond the contract (docs/query.md#indexed-attributes).
/// </summary>
public sealed record AttributeView(
    Guid Id, string Slug, string Title, string Type, bool IsRequired, bool IsUnique, bool IsMultiselect, bool IsStandard, bool IsArchived, bool IsIndexed,
    AttributeConfig Config, IReadOnlyList<OptionView>? Options, IReadOnlyList<OptionView>? Statuses, DateTimeOffset CreatedAt)
{
    public static AttributeView From(AttributeDefinition a) => new(
        a.Id, a.Slug, a.Title, a.Type.Name(), a.IsRequired, a.IsUnique, a.IsMultiselect, a.IsStandard, a.IsArchived, a.IsIndexed, a.Config,
        a.Type == AttributeType.Select ? a.Options.Select(OptionView.From).ToArray() : null,
        a.Type == AttributeType.Status ? a.Options.Select(OptionView.From).ToArray() : null,
        a.CreatedAt);
}

public sealed record OptionView(Guid Id, string Title, string? Color, bool IsActive, int Position)
{
    public static OptionView From(AttributeOption o) => new(o.Id, o.Title, o.Color, o.IsActive, o.Position);

    /// <summary>Options as the contract writes them: a list of titles, or of {title, color?, isActive?}.</summary>
    public static IReadOnlyList<OptionInput>? ParseInputs(JsonElement? element, string field)
    {
        if (element is not { ValueKind: not JsonValueKind.Null } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw JuxaException.Validation(field, $"{field} must be an array of titles or of {{title, color?, isActive?}} objects.");
        }

        return list.EnumerateArray().Select((item, i) => item.ValueKind switch
        {
            JsonValueKind.String => new OptionInput(item.GetString(), null, null),
            JsonValueKind.Object => ReadObject(item, $"{field}[{i}]"),
            _ => throw JuxaException.Validation($"{field}[{i}]", $"{field}[{i}] must be a title or an object with a title."),
        }).ToArray();
    }

    /// <summary>
    /// An option written as an object, read by the serializer as a request body is: a field it does not take ("colour",
    /// "active"), a value of another type ("isActive": "false") or a field given twice is a 400 naming it at
    /// <paramref name="path"/>, never dropped, so that an option meant to be deactivated does not silently stay active.
    /// </summary>
    private static OptionInput ReadObject(JsonElement item, string path)
    {
        try
        {
            return item.Deserialize<OptionInput>(JsonDefaults.Options)!;
        }
        catch (JsonException e) when (UnknownField.Of(e) is { } name)
        {
            throw JuxaException.Validation($"{path}.{name}", $"Unknown field '{path}.{name}': an option takes title, color and isActive.");
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 2 } member && member.StartsWith("$.", StringComparison.Ordinal) ? $"{path}.{member[2..]}" : path;
            throw JuxaException.Validation(at, $"{at} is not valid: an option's title and color are strings and isActive is true or false, each given once.");
        }
    }
}
