using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>Stored values → the documented output form, against the current schema.</summary>
public static class RecordFormatter
{
    /// <summary>
    /// Every live attribute of the object appears: null (or [] for multiselect) when it has no
    /// value. Stored keys with no live attribute (deleted or archived since) are left out.
    /// </summary>
    public static RecordView ToView(ObjectDefinition obj, RecordRow row)
    {
        var values = new JsonObject();
        foreach (var attribute in obj.Attributes.Where(a => !a.IsArchived))
        {
            values[attribute.Slug] = ValueCodec.ToOutput(attribute, row.Values[attribute.Slug]);
        }

        return new RecordView(row.Id, obj.Slug, values, row.CreatedAt, row.UpdatedAt);
    }

    /// <summary>
    /// The display title: the name, else the first email, domain, phone or text. Live attributes only, as in
    /// <see cref="SearchText"/>: a read hides an archived attribute's values, so they name no record either.
    /// </summary>
    public static string? Title(ObjectDefinition obj, JsonObject stored)
    {
        var name = obj.Attribute("name") is { IsArchived: false } ? stored["name"] : null;
        if (name is JsonObject personal && personal["full_name"] is JsonValue full)
        {
            return full.GetValue<string>();
        }

        if (name is JsonValue text && text.TryGetValue<string>(out var s))
        {
            return s;
        }

        foreach (var type in new[] { AttributeType.EmailAddress, AttributeType.Domain, AttributeType.PhoneNumber, AttributeType.Text })
        {
            foreach (var attribute in obj.Attributes.Where(a => a.Type == type && !a.IsArchived))
            {
                var value = stored[attribute.Slug];
                var first = value is JsonArray array ? array.FirstOrDefault() : value;
                if (first is JsonValue v && v.TryGetValue<string>(out var str))
                {
                    return str;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// What search matches: every searchable term of every value of a live attribute, lower-cased, space-separated. An
    /// archived attribute's values are left out (a record must not be found by what no read shows); archiving and
    /// unarchiving rebuild the text (<see cref="AttributeValuesRewrite.RetextAsync"/>).
    /// </summary>
    public static string SearchText(ObjectDefinition obj, JsonObject stored) =>
        string.Join(' ', obj.Attributes
            .Where(a => !a.IsArchived && stored[a.Slug] is not null)
            .SelectMany(a => ValueCodec.Describe(a, stored[a.Slug]).SearchTerms)
            .Distinct());

    /// <summary>Whether an attribute's values can be part of a record's <see cref="Title"/> or <see cref="SearchText"/>.</summary>
    public static bool ShapesText(AttributeDefinition attribute) =>
        attribute.Slug == "name" || attribute.Type is AttributeType.Text or AttributeType.EmailAddress or AttributeType.Domain
            or AttributeType.PhoneNumber or AttributeType.PersonalName;
}
