namespace Juxa.Chat.Tools;

/// <summary>The CRM tools' names, as the model sees them. Read tools run at once; write tools wait for confirmation in chat.</summary>
public static class CrmToolNames
{
    public const string SearchRecords = "search_records";
    public const string GetRecord = "get_record";
    public const string ListTasks = "list_tasks";
    public const string CreateRecord = "create_record";
    public const string UpdateRecord = "update_record";
    public const string CreateTask = "create_task";
    public const string CreateNote = "create_note";

    public static readonly IReadOnlySet<string> Read = new HashSet<string>(StringComparer.Ordinal) { SearchRecords, GetRecord, ListTasks };

    public static readonly IReadOnlySet<string> Write = new HashSet<string>(StringComparer.Ordinal) { CreateRecord, UpdateRecord, CreateTask, CreateNote };

    public static bool IsWrite(string name) => Write.Contains(name);
}
