namespace Juxa.Chat;

/// <summary>The <c>juxaContext</c> of a completion request: records to show the model, and free text. Both optional.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatContextInput")]
public sealed record ChatContextInput(
    [property: Id(0)] IReadOnlyList<Guid> RecordIds,
    [property: Id(1)] string? Text);
