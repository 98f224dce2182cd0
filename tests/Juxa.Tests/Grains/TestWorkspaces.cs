using Juxa.Identity;
using Juxa.Security;
using Juxa.Workspaces;
using Npgsql;

namespace Juxa.Tests.Grains;

/// <summary>Rows the grain tests need, written straight to the database.</summary>
public static class TestWorkspaces
{
    /// <summary>A new workspace with one member of <paramref name="role"/>; returns both ids.</summary>
    public static async Task<(Guid WorkspaceId, Guid MemberId)> CreateAsync(NpgsqlDataSource db, string role = MemberRoles.Admin)
    {
        await using var connection = await db.OpenConnectionAsync();
        var now = DateTimeOffset.UtcNow;
        var user = await UserRepository.InsertAsync(connection, $"g-{Guid.NewGuid():N}@example.com", "Grain Test", "not-a-real-hash", false, now, default);
        var workspace = await WorkspaceRepository.InsertAsync(connection, "Grain test", now, default);
        var member = await MemberRepository.InsertAsync(connection, workspace.Id, user!.Id, role, now, default);
        return (workspace.Id, member);
    }
}
