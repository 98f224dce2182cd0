using Juxa.Schema;

namespace Juxa.Lists;

/// <summary>
/// Changes to a list attribute; null fields stay as they are. Slug, type and multiselect are fixed once
/// created (stored values depend on them). <see cref="Options"/> (select) or <see cref="Statuses"/> (status) adds
/// options whose title is new and updates the color and active flag of those whose title exists; it never deletes
/// one, because entries store option ids — deactivate an option instead. Either one given to an attribute of another
/// type is refused (<see cref="SchemaRules.Options"/>).
/// </summary>
public sealed record ListAttributePatch(
    string? Title,
    bool? IsRequired,
    bool? IsUnique,
    bool? IsArchived,
    AttributeConfig? Config,
    IReadOnlyList<OptionInput>? Options,
    bool? IsIndexed = null,
    IReadOnlyList<OptionInput>? Statuses = null);
