using System.Text;
using System.Text.Json;
using Juxa.Schema;
using Microsoft.Extensions.AI;

namespace Juxa.Chat;

/// <summary>
/// What the model is sent: the workspace's legal/CRM system prompt, then the stored conversation.
/// The same system prompt serves the in-app assistant and <c>legalAssistantMode</c>; only the
/// paragraph about tools differs, because legal mode has none.
/// </summary>
public static class ChatPrompts
{
    /// <summary>The workspace's system prompt: who the assistant is, the workspace's objects and attributes, and what it may do.</summary>
    public static string System(string workspaceName, WorkspaceSchema schema, bool withTools, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append("You are Juxa, the legal and CRM assistant of the workspace \"").Append(workspaceName).Append("\". ")
            .Append("You help lawyers and their teams with clients, matters, deals, tasks and notes, and with legal reasoning about them. ")
            .Append("Be precise and concise, say what you are unsure of, never invent facts, ids or citations, ")
            .Append("and flag anything that needs a qualified lawyer's review. Answer in the user's language.\n")
            .Append("Today is ").Append(now.ToString("yyyy-MM-dd")).Append(" (UTC).\n")
            .Append("The workspace's CRM objects and their attribute slugs:\n");
        foreach (var obj in schema.Objects.Where(o => !o.IsArchived))
        {
            text.Append("- ").Append(obj.Slug).Append(" (").Append(obj.PluralName).Append("): ")
                .AppendJoin(", ", obj.Attributes.Where(a => !a.IsArchived).Select(a => $"{a.Slug} [{AttributeTypes.Name(a.Type)}]"))
                .Append('\n');
        }

        text.Append(withTools
            ? "You can read the CRM with search_records, get_record and list_tasks; use them rather than guessing, and search before naming a record. "
              + "You can propose changes with create_record, update_record, create_task and create_note: the user sees each one and must approve it before it runs, "
              + "so say briefly what you are about to do. If the user declines, do not retry the same change."
            : "You have no tools in this conversation: work only from what the user wrote and the context attached to it, "
              + "and never claim to have looked up or changed anything in the CRM.");
        return text.ToString();
    }

    /// <summary>
    /// The system prompt and the latest <paramref name="maxMessages"/> stored messages as chat
    /// messages. The window starts at a user message, so it never opens on an orphan tool result;
    /// tool calls that have no result yet are left out, as the protocol requires.
    /// </summary>
    public static List<ChatMessage> Build(string system, IReadOnlyList<ChatMessageView> history, int maxMessages)
    {
        var start = Math.Max(0, history.Count - Math.Max(1, maxMessages));
        while (start < history.Count && history[start].Role != ChatMessageKinds.User)
        {
            start++;
        }

        var window = history.Skip(start).ToArray();
        var answered = window.Where(m => m.Role == ChatMessageKinds.Tool && m.ToolCallId is not null).Select(m => m.ToolCallId!).ToHashSet(StringComparer.Ordinal);
        var messages = new List<ChatMessage> { new(ChatRole.System, system) };
        foreach (var m in window)
        {
            switch (m.Role)
            {
                case ChatMessageKinds.User:
                    messages.Add(new ChatMessage(ChatRole.User, m.Context is null ? m.Content : m.Context + "\n\n" + m.Content));
                    break;
                case ChatMessageKinds.Assistant:
                    var contents = new List<AIContent>();
                    if (m.Content.Length > 0)
                    {
                        contents.Add(new TextContent(m.Content));
                    }

                    foreach (var call in m.ToolCalls?.Where(c => answered.Contains(c.Id)) ?? [])
                    {
                        contents.Add(new FunctionCallContent(call.Id, call.Name, Arguments(call.Arguments)));
                    }

                    if (contents.Count > 0)
                    {
                        messages.Add(new ChatMessage(ChatRole.Assistant, contents));
                    }

                    break;
                case ChatMessageKinds.Tool:
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId!, m.Content)]));
                    break;
            }
        }

        return messages;
    }

    private static Dictionary<string, object?> Arguments(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
            : [];
}
