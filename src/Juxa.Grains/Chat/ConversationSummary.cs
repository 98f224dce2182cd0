namespace Juxa.Chat;

/// <summary>A conversation in the caller's list.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ConversationSummary")]
public sealed record ConversationSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt);
