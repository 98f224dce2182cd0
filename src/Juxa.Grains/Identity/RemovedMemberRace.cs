using Juxa.Errors;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// A write that names the calling member (a key's creator, an embed token's minter, an installer) checks its foreign key
/// against the member's row; while a removal holds that row it waits, and once the removal commits the check fails. That
/// is the removal winning the race, not a server error: the request is answered as every later one with the same
/// credential is, <c>401</c>, and nothing is written.
/// </summary>
public static class RemovedMemberRace
{
    /// <summary>Whether <paramref name="exception"/> is <paramref name="constraint"/>, a foreign key to <c>workspace_members</c>, failing.</summary>
    public static bool Lost(PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation && exception.ConstraintName == constraint;

    public static JuxaException Error() =>
        JuxaException.Unauthorized("The member this credential acts for was removed from the workspace while the request ran.");
}
