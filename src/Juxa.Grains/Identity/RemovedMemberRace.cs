using Juxa.Errors;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// A write that names the calling member (a key's creator, an embed token's minter, a list's creator, a conversation's
/// or mission's member, an installer, a publisher, an entitlement's requester) checks its foreign key against the member's
/// row; while a removal holds that row it waits, and once the removal commits the check fails. That is the removal
/// winning the race, not a server error: the request is answered as every later one with the same credential is,
/// <c>401</c>, and nothing is written. The API's exception handler applies this to whatever reaches it, from a
/// repository or through a grain call.
/// </summary>
public static class RemovedMemberRace
{
    /// <summary>
    /// The foreign keys to <c>workspace_members</c> of rows written in the caller's own name. Not those naming other
    /// members (a task's assignees, a notification's recipient): a removed assignee is not a removed caller.
    /// </summary>
    public static readonly IReadOnlySet<string> CallerMemberKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "api_keys_created_by_member_id_fkey",
        "embed_tokens_member_id_fkey",
        "lists_created_by_member_id_fkey",
        "chat_conversations_member_id_fkey",
        "agent_missions_member_id_fkey",
        "app_installations_installed_by_member_id_fkey",
        "apps_published_by_member_id_fkey",
        "ecosystem_builder_entitlements_requested_by_member_id_fkey",
    };

    /// <summary>Whether <paramref name="exception"/> is one of <see cref="CallerMemberKeys"/> failing.</summary>
    public static bool Lost(PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation && exception.ConstraintName is { } constraint && CallerMemberKeys.Contains(constraint);

    public static JuxaException Error() =>
        JuxaException.Unauthorized("The member this credential acts for was removed from the workspace while the request ran.");
}
