using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Realtime;
using Npgsql;

namespace Juxa.Chat;

/// <summary>
/// Conversations, messages and usage rows. Each conversation's <see cref="ConversationGrain"/> is
/// its only writer; the list of a member's conversations is read straight from here.
/// Every query names the workspace (and, for reads a caller asks for, the member).
/// </summary>
public sealed class ChatRepository(NpgsqlDataSource db)
{
    public Task<ConversationRow?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Command("SELECT id, workspace_id, member_id, title, created_at, updated_at, credential_id FROM chat_conversations WHERE id = $1", id)
            .FirstOrDefaultAsync(r => new ConversationRow(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetNullable<string>(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5), r.GetNullable<Guid?>(6)), cancellationToken);

    public Task CreateAsync(ConversationRow row) =>
        db.ExecuteAsync(
            "INSERT INTO chat_conversations (id, workspace_id, member_id, title, created_at, updated_at, credential_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            CancellationToken.None, row.Id, row.WorkspaceId, row.MemberId, row.Title, row.CreatedAt, row.UpdatedAt, row.Credential);

    /// <summary>
    /// A member's conversations, most recently active first: all of them for a session (<paramref name="credential"/>
    /// null), only the ones it created for a bearer credential.
    /// </summary>
    public async Task<(List<ConversationSummary> Conversations, long Total)> ListAsync(
        Guid workspaceId, Guid memberId, Guid? credential, int limit, int offset, CancellationToken cancellationToken = default)
    {
        const string Mine = "workspace_id = $1 AND member_id = $2 AND ($3::uuid IS NULL OR credential_id = $3)";
        var page = await db.Command(
                $"""
                SELECT id, title, created_at, updated_at FROM chat_conversations
                WHERE {Mine} ORDER BY updated_at DESC, id DESC LIMIT $4 OFFSET $5
                """, workspaceId, memberId, credential, limit, offset)
            .ListAsync(r => new ConversationSummary(r.GetGuid(0), r.GetNullable<string>(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3)),
                cancellationToken);
        var total = await db.Command($"SELECT count(*) FROM chat_conversations WHERE {Mine}", workspaceId, memberId, credential)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (page, total);
    }

    public Task<List<ChatMessageView>> MessagesAsync(Guid workspaceId, Guid conversationId, CancellationToken cancellationToken = default) =>
        db.Command(
                """
                SELECT id, role, content, status, context, tool_calls::text, tool_call_id, tool_name, created_at, seq
                FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY seq
                """, workspaceId, conversationId)
            .ListAsync(r => new ChatMessageView(
                r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullable<string>(4),
                r.GetNullable<string>(5) is { } calls ? JsonSerializer.Deserialize<List<ChatToolCallView>>(calls, RealtimeJson.Options) : null,
                r.GetNullable<string>(6), r.GetNullable<string>(7), r.GetFieldValue<DateTimeOffset>(8), r.GetInt32(9)), cancellationToken);

    /// <summary>Stores messages and moves the conversation's <c>updated_at</c> (and sets its title if it has none), in one transaction.</summary>
    public async Task AppendAsync(Guid workspaceId, Guid conversationId, IReadOnlyList<ChatMessageView> messages, string? title, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var m in messages)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO chat_messages (id, conversation_id, workspace_id, seq, role, content, context, tool_calls, tool_call_id, tool_name, status, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)
                """, CancellationToken.None, m.Id, conversationId, workspaceId, m.Seq, m.Role, m.Content, m.Context,
                m.ToolCalls is null ? null : JsonSerializer.Serialize(m.ToolCalls, RealtimeJson.Options), m.ToolCallId, m.ToolName, m.Status, m.CreatedAt);
        }

        await connection.ExecuteAsync(
            "UPDATE chat_conversations SET updated_at = $3, title = coalesce(title, $4) WHERE workspace_id = $1 AND id = $2",
            CancellationToken.None, workspaceId, conversationId, now, title);
        await transaction.CommitAsync();
    }

    public Task AddUsageAsync(ConversationRow conversation, ChatUsageView usage) =>
        db.ExecuteAsync(
            """
            INSERT INTO chat_usage (conversation_id, workspace_id, member_id, round, prompt_tokens, completion_tokens, credits, extras, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
            """, CancellationToken.None, conversation.Id, conversation.WorkspaceId, conversation.MemberId, usage.Round, usage.PromptTokens,
            usage.CompletionTokens, usage.Credits, usage.Extras.ToJsonString(), usage.At);

    /// <summary>Every usage row of a conversation, by round.</summary>
    public Task<List<ChatUsageView>> UsageAsync(Guid workspaceId, Guid conversationId, CancellationToken cancellationToken = default) =>
        db.Command(
                """
                SELECT round, prompt_tokens, completion_tokens, credits, extras::text, at FROM chat_usage
                WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY round
                """, workspaceId, conversationId)
            .ListAsync(r => new ChatUsageView(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetDecimal(3),
                JsonNode.Parse(r.GetString(4))!.AsObject(), r.GetFieldValue<DateTimeOffset>(5)), cancellationToken);

    /// <summary>Deletes the conversation and its messages; usage rows stay as the workspace's cost record.</summary>
    public Task DeleteAsync(Guid workspaceId, Guid conversationId) =>
        db.ExecuteAsync("DELETE FROM chat_conversations WHERE workspace_id = $1 AND id = $2", CancellationToken.None, workspaceId, conversationId);
}
