using Juxa.Api.Endpoints;
using Juxa.Chat;
using Juxa.Chat.Tools;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juxa.Tests.Chat;

/// <summary>
/// A client that leaves after its message was stored but before the reply's stream began: the endpoint's
/// event stream then runs with the request's abort token already cancelled, and the grain's stream never starts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChatUnstartedReplyTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;

    [Fact]
    public async Task A_client_that_leaves_before_the_reply_starts_does_not_lock_the_conversation()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("First answer."), FakeReply.Text("Answer after the retry."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "First " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();
        var grain = api.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(id);
        var caller = new CrmToolScope(user.WorkspaceId, new Actor(Actor.Member, user.MemberId), user.MemberId, CanWrite: true);
        var ticket = await grain.BeginTurnAsync(new ChatTurnRequest(caller, "Left at once", LegalAssistantMode: false, Context: null, CreateIfMissing: false));

        // What the SSE result does for a request aborted while BeginTurnAsync ran.
        await foreach (var _ in ChatEventStream.Events(grain, ticket, NullLogger.Instance, new CancellationToken(canceled: true)))
        {
        }

        // The user tries again at once: not 409 for the lease of a reply nobody is streaming.
        var retry = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Retry" });

        Assert.Equal(["conversation", "delta", "usage", "done"], retry.Select(e => e.Event));
        Assert.Equal(["First " + script.Tag, "Left at once", "Retry"], script.Requests[1].Contents("user"));
    }
}
