using Juxa.Chat.Events;
using Juxa.Chat.Tools;

namespace Juxa.Chat;

/// <summary>
/// One AI conversation: the single writer of its messages, usage rows and pending tool calls,
/// and the place its replies stream from. Every call names the caller; a conversation of another
/// member or workspace answers 404 exactly like a missing one. One reply streams at a time: a
/// second completion or confirmation while one streams gets 409, never an interleaved reply.
/// </summary>
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Creates the conversation, empty, for the caller.</summary>
    Task<ConversationSummary> CreateAsync(CrmToolScope caller);

    /// <summary>The conversation with its messages and the tool calls waiting for confirmation.</summary>
    Task<ConversationView> GetAsync(CrmToolScope caller);

    /// <summary>Every usage row of the conversation, by round.</summary>
    Task<IReadOnlyList<ChatUsageView>> GetUsageAsync(CrmToolScope caller);

    /// <summary>Deletes the conversation and its messages (usage rows stay); 409 while a reply streams.</summary>
    Task DeleteAsync(CrmToolScope caller);

    /// <summary>
    /// Checks and stores the user's message and reserves the next reply for the caller. Every
    /// failure a client must see as a plain HTTP error (400, 404, 409, 503) happens here, before
    /// any event is sent; then the caller streams the reply with <see cref="StreamAsync"/>.
    /// </summary>
    Task<ChatTurnTicket> BeginTurnAsync(ChatTurnRequest request);

    /// <summary>Runs (approved) or refuses a pending write tool call with the caller's permissions, and reserves the continuation.</summary>
    Task<ChatTurnTicket> ConfirmToolAsync(CrmToolScope caller, string toolCallId, bool approved);

    /// <summary>Streams the reserved reply's events; cancelling stops the upstream request and stores what arrived as interrupted.</summary>
    IAsyncEnumerable<ChatEvent> StreamAsync(Guid turnId, CancellationToken cancellationToken = default);

    /// <summary>Gives up the reply <paramref name="turnId"/> reserved if its stream never started (the client left first); otherwise does nothing.</summary>
    Task ReleaseTurnAsync(Guid turnId);
}
