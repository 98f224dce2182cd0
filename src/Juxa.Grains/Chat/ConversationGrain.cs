using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Chat.Events;
using Juxa.Chat.Tools;
using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Llm;
using Juxa.Realtime;
using Juxa.Schema;
using Juxa.Text;
using Juxa.Workspaces;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juxa.Chat;

/// <summary>
/// The hot conversation. Messages and usage are loaded from PostgreSQL on activation and written
/// through on every change; pending tool calls live in grain storage.
/// </summary>
/// <remarks>
/// Orleans runs an <see cref="IAsyncEnumerable{T}"/> grain method through interleaving extension
/// calls, so a streaming reply's code can run between this grain's other calls. Every call that
/// changes the conversation therefore checks <see cref="_turn"/> first and answers 409 while a reply
/// is reserved or streaming; the stream itself is the only writer until it releases the turn.
/// </remarks>
public sealed class ConversationGrain(
    [PersistentState("conversation", StorageNames.Grains)] IPersistentState<ConversationState> state,
    ChatRepository chats,
    ChatContextRenderer contexts,
    LlmProvider llm,
    CrmTools tools,
    SchemaCache schemas,
    IOptions<ChatSettings> options,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    /// <summary>A reservation nobody started streaming within this time is abandoned (its API host died in between).</summary>
    private static readonly TimeSpan UnstartedTurnLease = TimeSpan.FromMinutes(1);

    /// <summary>A pending call's answer when its confirmation window closed before anyone confirmed it.</summary>
    private static readonly (string Status, string Reason) ExpiredAnswer =
        (ChatMessageKinds.Expired, "The user did not confirm this call in time; it expired and was not run.");

    /// <summary>A pending call's answer when the user sent a new message instead of confirming it.</summary>
    private static readonly (string Status, string Reason) MovedOnAnswer =
        (ChatMessageKinds.Cancelled, "The user sent a new message instead of confirming this call; it was not run.");

    private readonly ChatSettings _settings = options.Value;
    private ConversationRow? _row;
    private List<ChatMessageView> _messages = [];
    private List<ChatUsageView> _usage = [];
    private bool _loaded;
    private Turn? _turn;

    /// <summary>Lets the activation go a little after it found no conversation (a guessed or deleted id).</summary>
    private readonly UnknownIdDeactivation _unknown = new();

    private Guid Id => this.GetPrimaryKey();

    public async Task<ConversationSummary> CreateAsync(CrmToolScope caller)
    {
        await LoadAsync();
        if (_row is not null)
        {
            throw JuxaException.Conflict("A conversation with this id already exists.");
        }

        await CreateRowAsync(caller, title: null);
        return Summary(_row!);
    }

    public async Task<ConversationView> GetAsync(CrmToolScope caller)
    {
        var row = await OwnedAsync(caller);
        var now = time.GetUtcNow();
        return new ConversationView(row.Id, row.Title, row.CreatedAt, row.UpdatedAt, _messages.ToArray(),
            state.State.Pending.Where(p => p.ExpiresAt > now).Select(p => new PendingToolCallView(p.ToolCallId, p.Name, ParseArguments(p.ArgumentsJson), p.ExpiresAt)).ToArray());
    }

    public async Task<IReadOnlyList<ChatUsageView>> GetUsageAsync(CrmToolScope caller)
    {
        await OwnedAsync(caller);
        return _usage.ToArray();
    }

    public async Task DeleteAsync(CrmToolScope caller)
    {
        var row = await OwnedAsync(caller);
        ThrowIfBusy();
        await chats.DeleteAsync(row.WorkspaceId, row.Id);
        await state.ClearStateAsync();
        _row = null;
        _messages = [];
        _usage = [];
        _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
    }

    public async Task<ChatTurnTicket> BeginTurnAsync(ChatTurnRequest request)
    {
        // Before anything is stored: with no provider there will be no reply.
        if (!llm.IsConfigured)
        {
            throw LlmProvider.NotConfigured();
        }

        var message = request.Message?.Trim() ?? "";
        if (message.Length == 0 || message.Length > _settings.MaxMessageChars)
        {
            throw JuxaException.Validation("message", $"message must be 1 to {_settings.MaxMessageChars} characters.");
        }

        await LoadAsync();
        if (_row is null && !request.CreateIfMissing)
        {
            _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
            throw JuxaException.NotFound("Conversation");
        }

        if (_row is not null)
        {
            Owned(request.Caller);
            if (_row.Credential is not null && request.Caller.Credential is null && request.Context is { RecordIds.Count: > 0 })
            {
                // A session in the conversation of a key or app: the credential reads it too, and may not be allowed to read
                // records (it was checked for its own attachments when it sent them).
                throw JuxaException.Validation("juxaContext.recordIds",
                    "This conversation was started with an API key or an app, which reads it too: records cannot be attached to it. Start a new conversation for them.");
            }
        }

        ThrowIfBusy();
        var context = await contexts.RenderAsync(request.Caller.WorkspaceId, request.Context);
        if (_row is null)
        {
            await CreateRowAsync(request.Caller, Title(message));
        }

        // Write tool calls still waiting are answered first (the protocol wants every call answered
        // before the next user message): the user moved on instead of confirming them. One whose time ran out
        // had expired already, as a late confirmation would have found: the user may never have seen it.
        var now = time.GetUtcNow();
        var messages = await ResolvePendingAsync(_ => true, p => p.ExpiresAt <= now ? ExpiredAnswer : MovedOnAnswer);
        messages.Add(NewMessage(ChatMessageKinds.User, message, ChatMessageKinds.Complete, seqOffset: messages.Count, context: context));
        await AppendAsync(messages, Title(message));
        // A bearer credential's conversation stays without tools even in a session: their results would be stored where it reads.
        return Reserve(request.Caller, request.LegalAssistantMode || _row!.Credential is not null, continueModel: true);
    }

    public async Task<ChatTurnTicket> ConfirmToolAsync(CrmToolScope caller, string toolCallId, bool approved)
    {
        // First, as for a new message: with no provider there will be no continuation, whichever call this is.
        if (!llm.IsConfigured)
        {
            throw LlmProvider.NotConfigured();
        }

        await OwnedAsync(caller);
        ThrowIfBusy();
        var now = time.GetUtcNow();
        var call = state.State.Pending.FirstOrDefault(p => p.ToolCallId == toolCallId) ?? throw JuxaException.NotFound("Pending tool call");
        if (call.ExpiresAt <= now)
        {
            await AppendAsync(await ResolvePendingAsync(p => p.ExpiresAt <= now, _ => ExpiredAnswer), title: null);
            throw new JuxaException(410, ErrorCodes.Gone, $"Tool call {toolCallId} expired at {call.ExpiresAt:O} and was not run.");
        }

        var (status, content) = approved
            ? await RunAsync(caller, call.Name, call.ArgumentsJson, CancellationToken.None)
            : (ChatMessageKinds.Denied, Json(new { error = new { code = "DENIED", message = "The user declined this call; it was not run." } }));
        state.State.Pending.Remove(call);
        await state.WriteStateAsync();
        await AppendAsync([NewMessage(ChatMessageKinds.Tool, content, status, toolCallId: call.ToolCallId, toolName: call.Name)], title: null);
        // With other calls of the same round still waiting, the model must not continue yet.
        return Reserve(caller, legalAssistantMode: false, continueModel: state.State.Pending.Count == 0);
    }

    public async IAsyncEnumerable<ChatEvent> StreamAsync(Guid turnId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = _turn;
        if (turn is null || turn.Id != turnId || turn.Started)
        {
            throw JuxaException.Conflict("This reply was not reserved, or is already streaming.");
        }

        turn.Started = true;
        try
        {
            yield return new ConversationEvent(Id);
            if (!turn.ContinueModel)
            {
                var now = time.GetUtcNow();
                foreach (var pending in state.State.Pending.Where(p => p.ExpiresAt > now))
                {
                    yield return new ToolCallEvent(pending.ToolCallId, pending.Name, ParseArguments(pending.ArgumentsJson));
                }

                yield return new DoneEvent(state.State.Pending.LastOrDefault()?.AssistantMessageId);
                yield break;
            }

            var total = new UsageEvent(0, 0, 0m);
            Guid? lastMessageId = null;
            var rounds = Math.Max(1, _settings.MaxToolRounds);
            for (var round = 1; round <= rounds; round++)
            {
                // The last round offers no tools, so a model that keeps calling them must answer.
                var withTools = !turn.LegalAssistantMode && round < rounds;
                var prompt = await PromptAsync(turn, withTools);
                var chatOptions = llm.NewChatOptions();
                if (withTools)
                {
                    chatOptions.Tools = [.. tools.For(turn.Caller)];
                }

                var text = new StringBuilder();
                turn.Partial = text;
                var calls = new List<FunctionCallContent>();
                UsageDetails? usage = null;
                string? finishReason = null;
                Exception? failure = null;
                await using (var upstream = llm.ChatClient.GetStreamingResponseAsync(prompt, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken))
                {
                    while (true)
                    {
                        try
                        {
                            if (!await upstream.MoveNextAsync())
                            {
                                break;
                            }
                        }
                        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                        {
                            failure = e;
                            break;
                        }

                        var update = upstream.Current;
                        finishReason = update.FinishReason?.Value ?? finishReason;
                        calls.AddRange(update.Contents.OfType<FunctionCallContent>());
                        usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                        if (update.Text is { Length: > 0 } delta)
                        {
                            text.Append(delta);
                            yield return new DeltaEvent(delta);
                        }
                    }
                }

                if (failure is null && finishReason is null)
                {
                    // Every OpenAI-compatible stream ends its answer with a finish reason. Without one the answer is cut short
                    // (a connection closed mid-stream) or was never there (an empty stream, a proxy's HTML page): the
                    // provider failed, and what arrived is kept as a failed partial, not stored as a complete answer.
                    failure = new InvalidDataException(text.Length == 0 && calls.Count == 0
                        ? "The provider's answer held no reply: no text, no tool call and no finish reason."
                        : "The provider's answer ended without a finish reason, after " + text.Length + " characters and " + calls.Count + " tool calls.");
                }

                var roundUsage = await RecordUsageAsync(turn, usage, finishReason, calls.Count, failed: failure is not null);
                total = new UsageEvent(total.PromptTokens + roundUsage.PromptTokens, total.CompletionTokens + roundUsage.CompletionTokens, total.Credits + roundUsage.Credits);
                if (failure is not null)
                {
                    await SavePartialAsync(turn, ChatMessageKinds.Failed);
                    logger.LogWarning(failure, "Chat provider failed for conversation {ConversationId}", Id);
                    yield return new ErrorEvent(ErrorCodes.LlmProviderError, LlmProvider.FailedMessage);
                    yield break;
                }

                var toolCalls = calls.Select(c => new ChatToolCallView(c.CallId, c.Name, JsonSerializer.SerializeToElement(c.Arguments ?? new Dictionary<string, object?>()))).ToArray();
                var assistant = NewMessage(ChatMessageKinds.Assistant, text.ToString(), ChatMessageKinds.Complete, toolCalls: toolCalls.Length > 0 ? toolCalls : null);
                turn.Partial = null;
                await AppendAsync([assistant], title: null);
                lastMessageId = assistant.Id;
                if (calls.Count == 0)
                {
                    break;
                }

                var (results, waiting) = await HandleToolCallsAsync(turn, assistant.Id, calls, cancellationToken);
                await AppendAsync(results, title: null);
                if (waiting.Count > 0)
                {
                    foreach (var call in waiting)
                    {
                        yield return new ToolCallEvent(call.ToolCallId, call.Name, ParseArguments(call.ArgumentsJson));
                    }

                    break;
                }
            }

            yield return total;
            yield return new DoneEvent(lastMessageId);
        }
        finally
        {
            // Text still unsaved here means the client went away mid-reply: keep what arrived, marked as
            // interrupted, with a usage row for the round (the provider never got to report its tokens).
            if (turn.Partial is { Length: > 0 })
            {
                await RecordUsageAsync(turn, usage: null, finishReason: null, toolCalls: 0, failed: false, interrupted: true);
            }

            await SavePartialAsync(turn, ChatMessageKinds.Interrupted);
            if (ReferenceEquals(_turn, turn))
            {
                _turn = null;
            }
        }
    }

    public Task ReleaseTurnAsync(Guid turnId)
    {
        // A stream that started releases the turn itself, in its finally; only a reservation nobody streams is dropped here.
        if (_turn is { Started: false } turn && turn.Id == turnId)
        {
            _turn = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Read tools run now; write tools become pending (this caller may write) or are refused (it may
    /// not, or the model named a tool it was not offered). Returns the tool messages to store and the
    /// calls that now wait, already written to grain storage.
    /// </summary>
    private async Task<(List<ChatMessageView> Results, List<PendingToolCall> Waiting)> HandleToolCallsAsync(
        Turn turn, Guid assistantMessageId, List<FunctionCallContent> calls, CancellationToken cancellationToken)
    {
        var results = new List<ChatMessageView>();
        var waiting = new List<PendingToolCall>();
        var now = time.GetUtcNow();
        foreach (var call in calls)
        {
            var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());
            string status, content;
            if (turn.LegalAssistantMode || call.Exception is not null || !(CrmToolNames.Read.Contains(call.Name) || CrmToolNames.Write.Contains(call.Name)))
            {
                (status, content) = (ChatMessageKinds.Failed, Json(new { error = new { code = ErrorCodes.ValidationError,
                    message = call.Exception is not null ? "The arguments were not a JSON object." : $"There is no tool named '{call.Name}' here." } }));
            }
            else if (ToolArgumentText.Problem(arguments) is { } problem)
            {
                // Checked before a write call waits: its arguments would otherwise go into grain storage (jsonb) first.
                (status, content) = (ChatMessageKinds.Failed, Json(new { error = new { code = ErrorCodes.ValidationError, message = problem } }));
            }
            else if (CrmToolNames.IsWrite(call.Name) && turn.Caller.CanWrite)
            {
                waiting.Add(new PendingToolCall(call.CallId, call.Name, arguments, assistantMessageId, now, now + _settings.ToolConfirmationTimeout));
                continue;
            }
            else
            {
                (status, content) = await RunAsync(turn.Caller, call.Name, arguments, cancellationToken);
            }

            results.Add(NewMessage(ChatMessageKinds.Tool, content, status, seqOffset: results.Count, toolCallId: call.CallId, toolName: call.Name));
        }

        if (waiting.Count > 0)
        {
            state.State.Pending.AddRange(waiting);
            await state.WriteStateAsync();
        }

        return (results, waiting);
    }

    private async Task<(string Status, string Content)> RunAsync(CrmToolScope caller, string name, string argumentsJson, CancellationToken cancellationToken)
    {
        var result = await tools.InvokeAsync(caller, name, argumentsJson, cancellationToken);
        return (result.Succeeded ? ChatMessageKinds.Ran : ChatMessageKinds.Failed, result.Json);
    }

    /// <summary>
    /// Answers (and drops) the pending calls <paramref name="which"/> selects with a tool message each, not yet stored, whose
    /// status and reason for the model <paramref name="answer"/> gives.
    /// </summary>
    private async Task<List<ChatMessageView>> ResolvePendingAsync(Func<PendingToolCall, bool> which, Func<PendingToolCall, (string Status, string Reason)> answer)
    {
        var resolved = state.State.Pending.Where(which).ToList();
        var messages = resolved.Select((p, i) =>
        {
            var (status, reason) = answer(p);
            return NewMessage(ChatMessageKinds.Tool, Json(new { error = new { code = status.ToUpperInvariant(), message = reason } }),
                status, seqOffset: i, toolCallId: p.ToolCallId, toolName: p.Name);
        }).ToList();
        if (resolved.Count > 0)
        {
            state.State.Pending.RemoveAll(p => resolved.Contains(p));
            // Storage first: if the rows below then fail, the calls are dropped unanswered, and prompts skip unanswered calls.
            await state.WriteStateAsync();
        }

        return messages;
    }

    private async Task<List<ChatMessage>> PromptAsync(Turn turn, bool withTools)
    {
        var workspaceId = turn.Caller.WorkspaceId;
        var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync();
        var system = ChatPrompts.System(workspace.Name, await schemas.GetAsync(workspaceId), withTools, time.GetUtcNow());
        return ChatPrompts.Build(system, _messages, _settings.MaxHistoryMessages);
    }

    /// <summary>Stores one usage row per upstream request that produced anything (or reported usage).</summary>
    private async Task<ChatUsageView> RecordUsageAsync(Turn turn, UsageDetails? usage, string? finishReason, int toolCalls, bool failed, bool interrupted = false)
    {
        var prompt = (int)(usage?.InputTokenCount ?? 0);
        var completion = (int)(usage?.OutputTokenCount ?? 0);
        var view = new ChatUsageView(_usage.Count == 0 ? 1 : _usage[^1].Round + 1, prompt, completion, llm.Credits(prompt, completion), new JsonObject
        {
            ["model"] = llm.Model,
            ["finishReason"] = finishReason,
            ["toolCalls"] = toolCalls,
            ["legalAssistantMode"] = turn.LegalAssistantMode,
            ["usageReported"] = usage is not null,
            ["failed"] = failed,
            ["interrupted"] = interrupted,
        }, time.GetUtcNow());
        if (usage is null && turn.Partial is not { Length: > 0 })
        {
            return view;
        }

        await chats.AddUsageAsync(_row!, view);
        _usage.Add(view);
        return view;
    }

    private async Task SavePartialAsync(Turn turn, string status)
    {
        if (turn.Partial is not { } partial)
        {
            return;
        }

        turn.Partial = null;
        if (partial.Length > 0 && _row is not null)
        {
            await AppendAsync([NewMessage(ChatMessageKinds.Assistant, partial.ToString(), status)], title: null);
        }
    }

    private ChatTurnTicket Reserve(CrmToolScope caller, bool legalAssistantMode, bool continueModel)
    {
        _turn = new Turn(Guid.NewGuid(), caller, legalAssistantMode, continueModel, time.GetUtcNow());
        return new ChatTurnTicket(Id, _turn.Id);
    }

    private void ThrowIfBusy()
    {
        if (_turn is { } turn && (turn.Started || time.GetUtcNow() - turn.ReservedAt < UnstartedTurnLease))
        {
            throw JuxaException.Conflict("A reply is already streaming in this conversation; wait for its done event.");
        }
    }

    private async Task AppendAsync(IReadOnlyList<ChatMessageView> messages, string? title)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var storable = messages.Select(StorableModelText.Message).ToList();
        await chats.AppendAsync(_row!.WorkspaceId, _row.Id, storable, title, now);
        _messages.AddRange(storable);
        _row = _row with { UpdatedAt = now, Title = _row.Title ?? title };
    }

    /// <summary>A message with the next sequence number (plus <paramref name="seqOffset"/> for several built before storing).</summary>
    private ChatMessageView NewMessage(string role, string content, string status, int seqOffset = 0, string? context = null,
        IReadOnlyList<ChatToolCallView>? toolCalls = null, string? toolCallId = null, string? toolName = null) =>
        new(Guid.CreateVersion7(), role, content, status, context, toolCalls, toolCallId, toolName, time.GetUtcNow(),
            (_messages.Count == 0 ? 0 : _messages[^1].Seq + 1) + seqOffset);

    private async Task CreateRowAsync(CrmToolScope caller, string? title)
    {
        var now = time.GetUtcNow();
        var row = new ConversationRow(Id, caller.WorkspaceId, caller.MemberId ?? throw JuxaException.Forbidden("This credential acts for no member."), title, now, now,
            caller.Credential);
        await chats.CreateAsync(row);
        _row = row;
    }

    private async Task LoadAsync()
    {
        if (_loaded)
        {
            return;
        }

        _row = await chats.GetAsync(Id);
        if (_row is not null)
        {
            _messages = await chats.MessagesAsync(_row.WorkspaceId, Id);
            _usage = await chats.UsageAsync(_row.WorkspaceId, Id);
        }

        _loaded = true;
    }

    private async Task<ConversationRow> OwnedAsync(CrmToolScope caller)
    {
        await LoadAsync();
        return Owned(caller);
    }

    /// <summary>
    /// The conversation if the caller owns it: the member's, and for a bearer credential one it created itself (a
    /// session's may hold CRM tool results the credential could not read). Otherwise the same 404 as a missing one.
    /// </summary>
    private ConversationRow Owned(CrmToolScope caller)
    {
        if (_row is null)
        {
            // No such conversation: a guessed id must not leave an activation behind for the default collection age.
            _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
        }

        return _row is { } row && row.WorkspaceId == caller.WorkspaceId && row.MemberId == caller.MemberId && (caller.Credential is null || caller.Credential == row.Credential)
            ? row
            : throw JuxaException.NotFound("Conversation");
    }

    private static ConversationSummary Summary(ConversationRow row) => new(row.Id, row.Title, row.CreatedAt, row.UpdatedAt);

    private static string Title(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= ChatLimits.TitleChars ? line : TextCut.Prefix(line, ChatLimits.TitleChars).TrimEnd() + "…";
    }

    private static JsonElement ParseArguments(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Json(object value) => JsonSerializer.Serialize(value, RealtimeJson.Options);

    /// <summary>The reply one caller reserved; <see cref="Partial"/> is the text that arrived in the current round and is not stored yet.</summary>
    private sealed class Turn(Guid id, CrmToolScope caller, bool legalAssistantMode, bool continueModel, DateTimeOffset reservedAt)
    {
        public Guid Id { get; } = id;
        public CrmToolScope Caller { get; } = caller;
        public bool LegalAssistantMode { get; } = legalAssistantMode;
        public bool ContinueModel { get; } = continueModel;
        public DateTimeOffset ReservedAt { get; } = reservedAt;
        public bool Started { get; set; }
        public StringBuilder? Partial { get; set; }
    }
}
