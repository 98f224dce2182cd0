namespace Juxa.Lists;

/// <summary>
/// The kinds of entries list changes add to a record's activity feed. Changes carry listId, listName
/// and entryId, plus the entry's values (added, removed) or each changed value's old and new form (updated).
/// </summary>
public static class ListActivityKinds
{
    public const string EntryAdded = "list_entry_added";
    public const string EntryUpdated = "list_entry_updated";
    public const string EntryRemoved = "list_entry_removed";

    /// <summary>Every kind a list entry writes, for SQL that picks them out of a feed.</summary>
    public static readonly string[] All = [EntryAdded, EntryUpdated, EntryRemoved];

    /// <summary>Whether an activity entry of this kind is a list entry's.</summary>
    public static bool Contains(string kind) => kind is EntryAdded or EntryUpdated or EntryRemoved;
}
