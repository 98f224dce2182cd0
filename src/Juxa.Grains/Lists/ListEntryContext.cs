using Juxa.Schema;

namespace Juxa.Lists;

/// <summary>What formatting a list's entries needs: the list, its attributes (for entry values) and its object (for the record view).</summary>
public sealed record ListEntryContext(ListInfo List, IReadOnlyList<AttributeDefinition> Attributes, ObjectDefinition Object);
