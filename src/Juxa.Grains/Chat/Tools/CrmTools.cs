using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Juxa.Errors;
using Juxa.Realtime;
using Juxa.Text;
using Microsoft.Extensions.AI;

namespace Juxa.Chat.Tools;

/// <summary>
/// The CRM as Microsoft.Extensions.AI tools, bound to a <see cref="CrmToolScope"/>. The same
/// functions serve the chat assistant (which runs write tools only after the user confirms) and
/// agent missions (read tools only). Every call goes through the grains and repositories the
/// API uses, so validation, workspace isolation, activity and live events are the API's own.
/// </summary>
public sealed class CrmTools(CrmToolHandlers handlers)
{
    /// <summary>
    /// The API's JSON conventions for arguments and results. A copy with an explicit resolver: the
    /// function factory freezes the options it is given, which needs one.
    /// </summary>
    private static readonly JsonSerializerOptions ToolJson = new(RealtimeJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>A tool result longer than this is cut, so one call cannot fill the model's context.</summary>
    public const int MaxResultChars = 32_000;

    /// <summary>The read-only tools: search records, get a record, list tasks.</summary>
    public IReadOnlyList<AIFunction> ReadOnly(CrmToolScope scope)
    {
        var bound = new CrmToolHandlers.Bound(handlers, scope);
        return
        [
            Create(bound.SearchRecordsAsync, CrmToolNames.SearchRecords,
                "Search every object's records (people, companies, deals, custom objects) by name, email, domain or phone. Returns the best matches with their ids."),
            Create(bound.GetRecordAsync, CrmToolNames.GetRecord,
                "Get one record with all its attribute values, by id. The object slug is optional."),
            Create(bound.ListTasksAsync, CrmToolNames.ListTasks,
                "List tasks, open ones first by deadline; optionally only those linked to one record, and completed ones only when asked."),
        ];
    }

    /// <summary>Every tool the scope may use: the read tools, plus the write tools when it may write.</summary>
    public IReadOnlyList<AIFunction> For(CrmToolScope scope)
    {
        if (!scope.CanWrite)
        {
            return ReadOnly(scope);
        }

        var bound = new CrmToolHandlers.Bound(handlers, scope);
        return
        [
            .. ReadOnly(scope),
            Create(bound.CreateRecordAsync, CrmToolNames.CreateRecord,
                "Create a record of an object. values maps attribute slugs to values, e.g. {\"name\": \"Jane Doe\", \"email_addresses\": \"jane@example.com\"}. Needs the user's confirmation."),
            Create(bound.UpdateRecordAsync, CrmToolNames.UpdateRecord,
                "Change some attribute values of a record; attributes not given stay as they are. Needs the user's confirmation."),
            Create(bound.CreateTaskAsync, CrmToolNames.CreateTask,
                "Create a task, optionally with a deadline, linked records and assignees (member ids). Needs the user's confirmation."),
            Create(bound.CreateNoteAsync, CrmToolNames.CreateNote,
                "Add a note (markdown or plain text) to a record. Needs the user's confirmation."),
        ];
    }

    /// <summary>
    /// Runs the named tool with the model's JSON arguments. Expected failures (bad arguments, a
    /// record that is not there, a rule the workspace enforces) come back as an error result the
    /// model can read and act on; only cancellation and real faults throw.
    /// </summary>
    public async Task<CrmToolResult> InvokeAsync(CrmToolScope scope, string name, string? argumentsJson, CancellationToken cancellationToken = default)
    {
        if (CrmToolNames.IsWrite(name) && !scope.CanWrite)
        {
            return Error(ErrorCodes.Forbidden, "This caller may not change the CRM.");
        }

        var function = For(scope).FirstOrDefault(f => f.Name == name);
        if (function is null)
        {
            return Error(ErrorCodes.ValidationError, $"There is no tool named '{name}' here.");
        }

        if (argumentsJson is not null && ToolArgumentText.Problem(argumentsJson) is { } problem)
        {
            return Error(ErrorCodes.ValidationError, problem);
        }

        try
        {
            var arguments = new AIFunctionArguments();
            if (!string.IsNullOrWhiteSpace(argumentsJson))
            {
                if (JsonNode.Parse(argumentsJson) is not JsonObject parsed)
                {
                    return Error(ErrorCodes.ValidationError, "The arguments must be a JSON object.");
                }

                foreach (var (key, value) in parsed)
                {
                    arguments[key] = value is null ? null : JsonSerializer.SerializeToElement(value);
                }
            }

            var result = await function.InvokeAsync(arguments, cancellationToken);
            var json = result switch
            {
                JsonElement element => element.GetRawText(),
                null => "null",
                _ => JsonSerializer.Serialize(result, ToolJson),
            };
            return new CrmToolResult(true, json.Length <= MaxResultChars ? json : TextCut.Prefix(json, MaxResultChars) + " …(truncated)");
        }
        catch (JuxaException e)
        {
            return new CrmToolResult(false, JsonSerializer.Serialize(new { error = new { code = e.Code, message = e.Message, details = e.Details } }, RealtimeJson.Options));
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            // Argument binding failed (a missing or mistyped argument): tell the model, which can retry.
            return Error(ErrorCodes.ValidationError, "Invalid arguments: " + e.Message);
        }
    }

    /// <summary>
    /// The result of a call whose arguments the client could not read as JSON (the model cut them short): the tool does not run,
    /// since with no arguments at all it would answer another question (list_tasks of every record instead of one).
    /// </summary>
    public static CrmToolResult UnreadableArguments() => Error(ErrorCodes.ValidationError, "The arguments were not a JSON object.");

    private static CrmToolResult Error(string code, string message) =>
        new(false, JsonSerializer.Serialize(new { error = new { code, message } }, RealtimeJson.Options));

    private static AIFunction Create(Delegate method, string name, string description) =>
        AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name, Description = description, SerializerOptions = ToolJson });
}
