namespace Juxa.Chat;

/// <summary>A reply the conversation has reserved for one caller; stream it with <see cref="IConversationGrain.StreamAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatTurnTicket")]
public sealed record ChatTurnTicket(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] Guid TurnId);
