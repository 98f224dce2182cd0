using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// Resolves an attribute path (<c>name</c>, <c>name.last_name</c>, <c>company.name</c>, <c>company.parent.domains</c>,
/// <c>created_at</c>) against an object and the workspace schema, for filters and sorts alike.
/// </summary>
public static class FieldResolver
{
    /// <summary>How many record references one path may cross (paths may cycle: company.parent.parent…).</summary>
    public const int MaxHops = 3;

    /// <summary>The system columns by accepted name; they win over an attribute of the same slug, because the column is authoritative.</summary>
    public static bool TryParseSystemField(string name, out SystemField field)
    {
        switch (name)
        {
            case "created_at" or "createdAt":
                field = SystemField.CreatedAt;
                return true;
            case "updated_at" or "updatedAt":
                field = SystemField.UpdatedAt;
                return true;
            default:
                field = default;
                return false;
        }
    }

    /// <param name="obj">The object the path starts at.</param>
    /// <param name="schema">The workspace schema, for the targets of record references.</param>
    /// <param name="path">The dotted path as the client wrote it.</param>
    /// <param name="errorPath">Request path reported in a 400 (e.g. <c>filter.conditions[0].attribute</c>).</param>
    public static BoundField Resolve(ObjectDefinition obj, WorkspaceSchema schema, string path, string errorPath)
    {
        var segments = path.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            throw QueryErrors.At(errorPath, $"\"{path}\" is not a valid attribute path.");
        }

        var hops = new List<ReferenceHop>();
        var current = obj;
        for (var i = 0; ; i++)
        {
            var segment = segments[i];
            var remaining = segments.Length - i - 1;
            if (TryParseSystemField(segment, out var system))
            {
                return remaining == 0
                    ? new BoundField(path, hops, null, system, null, FieldKind.Timestamp)
                    : throw QueryErrors.At(errorPath, $"\"{segment}\" has no sub-fields.");
            }

            var attribute = current.Attribute(segment);
            if (attribute is null)
            {
                var known = current.Attributes.Where(a => !a.IsArchived).Select(a => a.Slug).Order(StringComparer.Ordinal);
                throw QueryErrors.At(errorPath, $"unknown attribute \"{segment}\" on object \"{current.Slug}\". Known attributes: {string.Join(", ", known)}, created_at, updated_at.");
            }

            if (attribute.IsArchived)
            {
                throw QueryErrors.At(errorPath, $"attribute \"{segment}\" on object \"{current.Slug}\" is archived.");
            }

            if (remaining == 0)
            {
                var (key, kind) = QueryFieldTypes.Resolve(attribute.Type, null);
                return new BoundField(path, hops, attribute, null, key, kind);
            }

            var next = segments[i + 1];
            if (attribute.Type == AttributeType.RecordReference && !(remaining == 1 && next == QueryFieldTypes.TargetRecordId))
            {
                var targetSlug = attribute.Config.TargetObject;
                var target = targetSlug is null ? null : schema.Object(targetSlug);
                if (target is null)
                {
                    throw QueryErrors.At(errorPath, $"attribute \"{segment}\" references object \"{targetSlug}\", which does not exist.");
                }

                hops.Add(new ReferenceHop(attribute, target));
                if (hops.Count > MaxHops)
                {
                    throw QueryErrors.At(errorPath, $"a path crosses at most {MaxHops} record references.");
                }

                current = target;
                continue;
            }

            var subFields = QueryFieldTypes.SubFields(attribute.Type);
            if (subFields.Count == 0)
            {
                throw QueryErrors.At(errorPath, $"attribute \"{segment}\" ({attribute.Type.Name()}) has no sub-fields.");
            }

            if (remaining > 1 || !subFields.Contains(next, StringComparer.Ordinal))
            {
                throw QueryErrors.At(errorPath, $"unknown sub-field \"{string.Join('.', segments.Skip(i + 1))}\" of {attribute.Type.Name()} attribute \"{segment}\". Sub-fields: {string.Join(", ", subFields)}.");
            }

            var (subKey, subKind) = QueryFieldTypes.Resolve(attribute.Type, next);
            return new BoundField(path, hops, attribute, null, subKey, subKind, next);
        }
    }
}
