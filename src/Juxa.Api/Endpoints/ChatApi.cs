using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Chat;
using Juxa.Chat.Tools;
using Juxa.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/chat</c> (contract §AI Chat): streamed completions, tool confirmations, conversations and their usage. See docs/chat.md.</summary>
public static class ChatApi
{
    private const string LogCategory = "Juxa.Api.Chat";

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/v1/chat").WithTags("Chat");
        chat.MapPost("/completions", CreateCompletion).WithName("CreateChatCompletion")
            .WithSummary("Send a message and stream the reply as server-sent events {conversationId?, message, legalAssistantMode?, juxaContext?}")
            .WithDescription("Events: conversation {id}, delta {text}, tool_call {toolCallId, name, arguments}, usage {promptTokens, completionTokens, credits}, "
                + "done {messageId}, error {code, message}. Bearer credentials must send legalAssistantMode: true. Failures before the stream starts are JSON errors.")
            .RequireAccess(Access.Assistant).ProducesErrors(400, 401, 403, 404, 409, 429, 503);
        chat.MapPost("/tool-confirm", ConfirmTool).WithName("ConfirmChatTool")
            .WithSummary("Approve or decline a pending write tool call, then stream the continuation {conversationId, toolCallId, approved}")
            .RequireAccess(Access.Session).ProducesErrors(400, 401, 403, 404, 409, 410, 429, 503);

        var conversations = chat.MapGroup("/conversations");
        conversations.MapGet("", ListConversations).WithName("ListChatConversations").WithSummary("The caller's conversations, most recent first (paginated)")
            .RequireAccess(Access.Assistant).ProducesErrors(400, 401, 403, 429);
        conversations.MapPost("", CreateConversation).WithName("CreateChatConversation").WithSummary("Create an empty conversation")
            .RequireAccess(Access.Assistant).ProducesErrors(401, 403, 429);
        conversations.MapGet("/{conversationId:guid}", GetConversation).WithName("GetChatConversation")
            .WithSummary("A conversation with its messages and pending tool calls")
            .RequireAccess(Access.Assistant).ProducesErrors(401, 403, 404, 429);
        conversations.MapDelete("/{conversationId:guid}", DeleteConversation).WithName("DeleteChatConversation")
            .WithSummary("Delete a conversation and its messages (its usage rows are kept)")
            .RequireAccess(Access.Assistant).ProducesErrors(401, 403, 404, 409, 429);
        conversations.MapGet("/{conversationId:guid}/ai-usage", GetUsage).WithName("GetChatConversationUsage")
            .WithSummary("Persisted per-round usage {round, promptTokens, completionTokens, credits, extras, at}, newest first, with totals")
            .RequireAccess(Access.Assistant).ProducesErrors(400, 401, 403, 404, 429);
        return app;
    }

    public static async Task<ServerSentEventsResult<object>> CreateCompletion(
        ChatCompletionRequest request, Caller caller, IGrainFactory grains, ILoggerFactory loggers, HttpContext http)
    {
        // Any credential that is not a browser session (API keys, and embed tokens) gets the legal
        // assistant without CRM tools, and must say so: the contract's legalAssistantMode rule.
        if (caller.Kind != CallerKind.Session && request.LegalAssistantMode != true)
        {
            throw JuxaException.Validation("legalAssistantMode",
                "Bearer credentials must send \"legalAssistantMode\": true (the legal assistant, without CRM tools); only signed-in sessions get tools.");
        }

        var context = ContextInput(request.JuxaContext);
        if (context is { RecordIds.Count: > 0 } && !AccessHandler.Allows(Access.Read, caller))
        {
            // The records are rendered into the conversation: that is a read, and this credential may not read records.
            throw JuxaException.Forbidden("juxaContext.recordIds needs read access (integrations:read, integrations:write or *; crm:read for an app).");
        }

        var scope = Scope(caller);
        var conversationId = request.ConversationId ?? Guid.CreateVersion7();
        var grain = grains.GetGrain<IConversationGrain>(conversationId);
        var ticket = await grain.BeginTurnAsync(new ChatTurnRequest(scope, request.Message ?? "", request.LegalAssistantMode == true,
            context, CreateIfMissing: request.ConversationId is null));
        return ChatEventStream.For(grain, ticket, loggers.CreateLogger(LogCategory), http);
    }

    public static async Task<ServerSentEventsResult<object>> ConfirmTool(
        ToolConfirmRequest request, Caller caller, IGrainFactory grains, ILoggerFactory loggers, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ConversationId is null)
        {
            errors["conversationId"] = ["conversationId is required."];
        }

        if (string.IsNullOrWhiteSpace(request.ToolCallId))
        {
            errors["toolCallId"] = ["toolCallId is required."];
        }

        if (request.Approved is null)
        {
            errors["approved"] = ["approved is required: true runs the call, false declines it."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("Invalid tool confirmation.", errors);
        }

        var grain = grains.GetGrain<IConversationGrain>(request.ConversationId!.Value);
        var ticket = await grain.ConfirmToolAsync(Scope(caller), request.ToolCallId!, request.Approved!.Value);
        return ChatEventStream.For(grain, ticket, loggers.CreateLogger(LogCategory), http);
    }

    public static async Task<Ok<DataEnvelope<ConversationPage>>> ListConversations(
        Caller caller, int? limit, int? offset, ChatRepository chats, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await chats.ListAsync(caller.WorkspaceId, Member(caller), Scope(caller).Credential, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new ConversationPage(page, paging.With(total))));
    }

    public static async Task<Created<DataEnvelope<ConversationSummary>>> CreateConversation(Caller caller, IGrainFactory grains)
    {
        var conversation = await grains.GetGrain<IConversationGrain>(Guid.CreateVersion7()).CreateAsync(Scope(caller));
        return TypedResults.Created($"/api/v1/chat/conversations/{conversation.Id}", Envelope.Of(conversation));
    }

    public static async Task<Ok<DataEnvelope<ConversationView>>> GetConversation(Guid conversationId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(Envelope.Of(await grains.GetGrain<IConversationGrain>(conversationId).GetAsync(Scope(caller))));

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteConversation(Guid conversationId, Caller caller, IGrainFactory grains)
    {
        await grains.GetGrain<IConversationGrain>(conversationId).DeleteAsync(Scope(caller));
        return TypedResults.Ok(Envelope.Of(new DeletedView(conversationId.ToString())));
    }

    public static async Task<Ok<DataEnvelope<UsagePage>>> GetUsage(Guid conversationId, Caller caller, int? limit, int? offset, IGrainFactory grains)
    {
        var paging = Paging.From(limit, offset);
        var rows = await grains.GetGrain<IConversationGrain>(conversationId).GetUsageAsync(Scope(caller));
        var totals = new UsageTotals(rows.Count, rows.Sum(r => (long)r.PromptTokens), rows.Sum(r => (long)r.CompletionTokens), rows.Sum(r => r.Credits));
        var page = rows.Reverse().Skip(paging.Offset).Take(paging.Limit).ToArray();
        return TypedResults.Ok(Envelope.Of(new UsagePage(page, totals, paging.With(rows.Count))));
    }

    /// <summary>Whom chat acts for: the caller's workspace and member, writing only if the caller could write through the API.</summary>
    public static CrmToolScope Scope(Caller caller) =>
        new(caller.WorkspaceId, RecordsApi.Actor(caller), Member(caller), AccessHandler.Allows(Access.Write, caller),
            caller.Kind switch { CallerKind.ApiKey => caller.ApiKeyId, CallerKind.Embed => caller.InstallationId, _ => null });

    private static Guid Member(Caller caller) =>
        caller.MemberId ?? throw JuxaException.Forbidden("Chat needs a credential that acts for a workspace member.");

    /// <summary>
    /// <c>juxaContext</c>: free text (a string), record ids (an array of UUIDs), or both as
    /// <c>{"recordIds": [...], "text": "..."}</c>. Sizes and record ids are checked against the workspace later.
    /// </summary>
    private static ChatContextInput? ContextInput(JsonElement context)
    {
        const string field = "juxaContext";
        switch (context.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return new ChatContextInput([], context.GetString());
            case JsonValueKind.Array:
                return new ChatContextInput(RecordIds(context), null);
            case JsonValueKind.Object:
                Guid[] ids = [];
                string? text = null;
                foreach (var property in context.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "recordIds":
                            ids = RecordIds(property.Value);
                            break;
                        case "text" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                            text = property.Value.GetString();
                            break;
                        case "text":
                            // A known key of the wrong type: saying it "is not allowed here" would send the client looking for a typo.
                            throw JuxaException.Validation($"{field}.text", $"{field}.text must be a string.");
                        default:
                            throw JuxaException.Validation($"{field}.{property.Name}",
                                $"{field} takes recordIds (an array of record ids) and text (a string); '{property.Name}' is not allowed here.");
                    }
                }

                return new ChatContextInput(ids, text);
            default:
                throw JuxaException.Validation(field, $"{field} must be a string, an array of record ids, or {{\"recordIds\": [...], \"text\": \"...\"}}.");
        }

        static Guid[] RecordIds(JsonElement ids)
        {
            if (ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() > ChatLimits.MaxContextRecords
                || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String || !Guid.TryParse(i.GetString(), out _)))
            {
                throw JuxaException.Validation($"{field}.recordIds", $"{field}.recordIds must be an array of at most {ChatLimits.MaxContextRecords} record ids (UUIDs).");
            }

            return ids.EnumerateArray().Select(i => Guid.Parse(i.GetString()!)).ToArray();
        }
    }
}

/// <summary>
/// A message to the assistant. Without <see cref="ConversationId"/> a new conversation is created
/// (its id is the first event). <see cref="JuxaContext"/>: free text, record ids, or <c>{recordIds, text}</c>.
/// Other fields are ignored, not refused: the contract's body ends in "...", and chat clients send model settings
/// (<c>temperature</c>, <c>stream</c>) that this endpoint leaves to the server's configuration.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ChatCompletionRequest(Guid? ConversationId, [property: Required] string? Message, bool? LegalAssistantMode, JsonElement JuxaContext);

public sealed record ToolConfirmRequest([property: Required] Guid? ConversationId, [property: Required] string? ToolCallId, [property: Required] bool? Approved);

public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Conversations, Pagination Pagination);

public sealed record UsageTotals(int Rounds, long PromptTokens, long CompletionTokens, decimal Credits);

public sealed record UsagePage(IReadOnlyList<ChatUsageView> Usage, UsageTotals Totals, Pagination Pagination);
