using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Lists;

/// <summary>Entry values: stored form → output form, and the object-shaped view that lets entries reuse the record validator.</summary>
public static class ListEntryFormatter
{
    /// <summary>
    /// Every live list attribute appears, null (or [] for multiselect) when the entry has no value, exactly
    /// as record values do; keys of deleted or archived attributes are left out.
    /// </summary>
    public static JsonObject Values(IReadOnlyList<AttributeDefinition> attributes, JsonObject stored)
    {
        var values = new JsonObject();
        foreach (var attribute in attributes.Where(a => !a.IsArchived))
        {
            values[attribute.Slug] = ValueCodec.ToOutput(attribute, stored[attribute.Slug]);
        }

        return values;
    }

    /// <summary>
    /// The list's attributes dressed as an object, so <see cref="Records.RecordValidator"/> checks entry
    /// values with the very rules record values follow (one type system, one set of messages). The list
    /// name stands in for the object slug in messages ("'Pipeline' has no attribute 'x'").
    /// </summary>
    public static ObjectDefinition AsObject(ListInfo list, IReadOnlyList<AttributeDefinition> attributes) =>
        new(list.Id, list.Name, list.Name, list.Name, Icon: null, IsStandard: false, IsArchived: false, list.CreatedAt, list.UpdatedAt, attributes);
}
