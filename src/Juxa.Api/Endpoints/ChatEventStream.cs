using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Juxa.Chat;
using Juxa.Chat.Events;
using Juxa.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary>
/// A reserved chat reply as the SSE response of <c>/chat/completions</c> and <c>/chat/tool-confirm</c>:
/// the grain's events, one SSE event each, and a failure after the first event as a last <c>error</c> event.
/// </summary>
public static class ChatEventStream
{
    /// <summary>
    /// The reply as SSE. The request's abort token reaches the grain, so a client that leaves cancels
    /// the upstream request. A failure after the first event can no longer change the status: it
    /// becomes a last <c>error</c> event instead.
    /// </summary>
    public static ServerSentEventsResult<object> For(IConversationGrain grain, ChatTurnTicket ticket, ILogger logger, HttpContext http)
    {
        // Proxies such as nginx would otherwise buffer the stream and defeat per-delta flushing.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(grain, ticket, logger, http.RequestAborted));
    }

    /// <summary>The events of the reply <paramref name="ticket"/> reserved, as SSE items, until the end or until <paramref name="cancellationToken"/> (the client left).</summary>
    internal static async IAsyncEnumerable<SseItem<object>> Events(
        IConversationGrain grain, ChatTurnTicket ticket, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var received = false;
        try
        {
            await foreach (var item in EventsOf(grain, ticket, logger, cancellationToken))
            {
                received = true;
                yield return item;
            }
        }
        finally
        {
            if (!received)
            {
                // Nothing came back: if the client left before the grain's stream began (an aborted request cancels the
                // call before it is sent), the reservation would hold the conversation at 409 for its whole lease.
                await ReleaseAsync(grain, ticket, logger);
            }
        }
    }

    private static async IAsyncEnumerable<SseItem<object>> EventsOf(
        IConversationGrain grain, ChatTurnTicket ticket, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = grain.StreamAsync(ticket.TurnId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatEvent next;
            var last = false;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                next = enumerator.Current;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (JuxaException e)
            {
                (next, last) = (new ErrorEvent(e.Code, e.Message), true);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Chat stream for conversation {ConversationId} failed", ticket.ConversationId);
                (next, last) = (new ErrorEvent(ErrorCodes.InternalError, "Something went wrong on our side."), true);
            }

            yield return new SseItem<object>(next, next.EventType);
            if (last)
            {
                yield break;
            }
        }
    }

    private static async Task ReleaseAsync(IConversationGrain grain, ChatTurnTicket ticket, ILogger logger)
    {
        try
        {
            await grain.ReleaseTurnAsync(ticket.TurnId);
        }
        catch (Exception e)
        {
            // The lease still ends the reservation; the client is gone and must not see this.
            logger.LogWarning(e, "Could not release the unstarted reply of conversation {ConversationId}", ticket.ConversationId);
        }
    }
}
