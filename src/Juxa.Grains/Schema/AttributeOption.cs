namespace Juxa.Schema;

/// <summary>One option of a select attribute, or one status of a status attribute. Values store the id, so renaming an option renames it everywhere.</summary>
[GenerateSerializer, Immutable, Alias("juxa.AttributeOption")]
public sealed record AttributeOption(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid AttributeId,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Color,
    [property: Id(4)] bool IsActive,
    [property: Id(5)] int Position);
