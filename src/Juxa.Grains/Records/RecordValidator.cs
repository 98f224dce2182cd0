using System.Text.Json;
using Juxa.Errors;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// Checks a written <c>values</c> object against an object's schema and normalizes each value.
/// Every problem is collected, keyed by attribute slug, so a client sees them all at once.
/// </summary>
public static class RecordValidator
{
    public const int MaxAttributesPerWrite = 200;

    /// <summary>
    /// The normalized values, keyed by attribute. A null <see cref="NormalizedValue.Stored"/> clears the attribute.
    /// Creating a record of an archived object is refused first (409, <see cref="ArchivedObjects"/>), whatever the values:
    /// every path that creates one (POST, assert, the record grain) comes through here with <paramref name="creating"/>.
    /// </summary>
    public static IReadOnlyDictionary<AttributeDefinition, NormalizedValue> Validate(ObjectDefinition obj, JsonElement values, bool creating, string field = "values")
    {
        if (creating)
        {
            ArchivedObjects.RefuseNew(obj, "records");
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            throw JuxaException.Validation(field, $"{field} must be an object of attribute slugs to values.");
        }

        var errors = new Dictionary<string, string[]>();
        var result = new Dictionary<AttributeDefinition, NormalizedValue>();
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            if (++count > MaxAttributesPerWrite)
            {
                throw JuxaException.Validation(field, $"{field} may set at most {MaxAttributesPerWrite} attributes at once.");
            }

            string slug;
            try
            {
                slug = property.Name;
            }
            catch (InvalidOperationException)
            {
                // A key such as "\ud800": valid JSON, but not text, so it names no attribute.
                errors[field] = [$"{field} has a key that is not valid Unicode (an unpaired surrogate escape)."];
                continue;
            }

            if (!seen.Add(slug))
            {
                // Request bodies refuse repeated keys while binding; import rows, read as they are, arrive here.
                errors[slug] = [$"'{slug}' appears twice in the same values."];
                continue;
            }

            if (SchemaRules.ReservedAttributeSlugs.Contains(slug.ToLowerInvariant()))
            {
                errors[slug] = [$"'{slug}' is a system field and cannot be set."];
                continue;
            }

            var attribute = obj.Attribute(slug);
            if (attribute is null || attribute.IsArchived)
            {
                errors[slug] = [attribute is null ? $"'{obj.Slug}' has no attribute '{slug}'." : $"'{slug}' is archived and cannot be written."];
                continue;
            }

            try
            {
                var normalized = ValueCodec.Normalize(attribute, property.Value);
                if (normalized.Stored is null && attribute.IsRequired)
                {
                    errors[slug] = [$"'{slug}' is required and cannot be empty."];
                    continue;
                }

                result[attribute] = normalized;
            }
            catch (AttributeValueException e)
            {
                errors[slug] = [e.Message];
            }
        }

        if (creating)
        {
            foreach (var missing in obj.Attributes.Where(a => a.IsRequired && !a.IsArchived && !result.ContainsKey(a) && !errors.ContainsKey(a.Slug)))
            {
                errors[missing.Slug] = [$"'{missing.Slug}' is required."];
            }
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation(
                errors.Count == 1 ? errors.First().Value[0] : $"{errors.Count} attribute values are invalid.", errors);
        }

        return result;
    }
}
