using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>Binds parsed sort keys to the object's attributes (400 at <c>sorts[i].attribute</c> when a path does not resolve or cannot be sorted).</summary>
public static class SortValidator
{
    public static IReadOnlyList<BoundSort> Validate(IReadOnlyList<SortKey> sorts, ObjectDefinition obj, WorkspaceSchema schema) =>
        sorts.Select((sort, i) =>
        {
            var path = $"{SortParser.RootPath}[{i}].attribute";
            var field = FieldResolver.Resolve(obj, schema, sort.Attribute, path);
            if (field.Kind == FieldKind.ActorId)
            {
                throw QueryErrors.At(path, $"\"{sort.Attribute}\" is an actor reference, which cannot be sorted.");
            }

            return new BoundSort(field, sort.Direction);
        }).ToList();
}
