using Juxa.Chat.Tools;

namespace Juxa.Chat;

/// <summary>
/// One user message for a conversation. <see cref="Caller"/> names the owner (workspace and
/// member) and what tools may do; <see cref="LegalAssistantMode"/> turns tools off.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatTurnRequest")]
public sealed record ChatTurnRequest(
    [property: Id(0)] CrmToolScope Caller,
    [property: Id(1)] string Message,
    [property: Id(2)] bool LegalAssistantMode,
    [property: Id(3)] ChatContextInput? Context,
    [property: Id(4)] bool CreateIfMissing);
