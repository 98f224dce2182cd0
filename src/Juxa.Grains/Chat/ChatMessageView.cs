namespace Juxa.Chat;

/// <summary>
/// One stored message. <see cref="Status"/>: user <c>complete</c>; assistant <c>complete</c>,
/// <c>interrupted</c> (the client left mid-reply: the text is what had arrived) or <c>failed</c>;
/// tool <c>ran</c>, <c>failed</c>, <c>denied</c>, <c>expired</c> or <c>cancelled</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatMessageView")]
public sealed record ChatMessageView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Role,
    [property: Id(2)] string Content,
    [property: Id(3)] string Status,
    [property: Id(4)] string? Context,
    [property: Id(5)] IReadOnlyList<ChatToolCallView>? ToolCalls,
    [property: Id(6)] string? ToolCallId,
    [property: Id(7)] string? ToolName,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] int Seq);
