using Juxa.Database;
using Juxa.Errors;
using Juxa.Notifications;
using Juxa.Records;
using Juxa.Security;
using Juxa.Tasks;
using Npgsql;

namespace Juxa.Identity;

/// <summary>
/// Invites, re-roles and removes workspace members, and turns invitations (by their token) into memberships.
/// Each change is one transaction. Changes that could leave a workspace without an admin first
/// lock the workspace's admin rows, so two concurrent demotions or removals cannot both pass the
/// last-admin check. The "added" notification is written in the same transaction as the
/// membership, so a member never exists without it; the caller pushes it after commit.
/// </summary>
public sealed class MembershipService(NpgsqlDataSource db, TimeProvider time)
{
    private const string RoleProblem = "role must be admin or member.";

    /// <summary>How long an invitation's token accepts it; after that, inviting the email again sends a new one.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>
    /// Invites an email (replacing its expired invitation): whoever holds the address joins by accepting the returned
    /// token, at sign-up, at login or signed in. An email that already has an account is invited the same way and
    /// answered the same way, so the caller learns nothing about other people's accounts (nor their names), and nobody
    /// is put in a workspace they did not accept. 409 when the email is already a member here, or already has a pending
    /// invitation here: both are on the workspace's own member list.
    /// </summary>
    public async Task<MemberInvitation> InviteAsync(Guid workspaceId, string? email, string? role, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var validEmail = AccountService.ValidateEmail(email, errors);
        var validRole = role ?? MemberRoles.Member;
        if (!MemberRoles.IsValid(validRole))
        {
            errors["role"] = [RoleProblem];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The member request is invalid.", errors);
        }

        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await MemberRepository.HasMemberWithEmailAsync(connection, workspaceId, validEmail!, cancellationToken))
        {
            throw JuxaException.Conflict($"{validEmail} is already a member of this workspace.");
        }

        var token = SecretTokens.Generate(SecretTokens.InvitationPrefix);
        var invitation = await InvitationRepository.InsertAsync(
                connection, workspaceId, validEmail!, validRole, SecretTokens.Hash(token), actor, now, now + InvitationLifetime, cancellationToken)
            ?? throw JuxaException.Conflict($"{validEmail} already has a pending invitation to this workspace.");
        await transaction.CommitAsync(cancellationToken);
        return new MemberInvitation(invitation.ToEntry(now), token);
    }

    /// <summary>Changes a member's role, or a pending invitation's. Demoting the workspace's last admin is a 409.</summary>
    public async Task<WorkspaceMemberEntry> ChangeRoleAsync(Guid workspaceId, Guid id, string? role, CancellationToken cancellationToken = default)
    {
        if (!MemberRoles.IsValid(role))
        {
            throw JuxaException.Validation("role", RoleProblem);
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var admins = await MemberRepository.LockAdminsAsync(connection, workspaceId, cancellationToken);
        var current = await MemberRepository.LockAsync(connection, workspaceId, id, cancellationToken);
        WorkspaceMemberEntry entry;
        if (current is null)
        {
            var invitation = await InvitationRepository.UpdateRoleAsync(connection, workspaceId, id, role!, cancellationToken)
                ?? throw JuxaException.NotFound("Workspace member");
            entry = invitation.ToEntry(time.GetUtcNow());
        }
        else
        {
            if (current == MemberRoles.Admin && role != MemberRoles.Admin && IsLastAdmin(admins, id))
            {
                throw JuxaException.Conflict("This member is the workspace's last admin and cannot be demoted. Make another member an admin first.");
            }

            await MemberRepository.UpdateRoleAsync(connection, workspaceId, id, role!, cancellationToken);
            entry = (await MemberRepository.GetEntryAsync(connection, workspaceId, id, cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>How often a removal starts over because tasks were assigned to the member while it waited (see <see cref="RemoveAsync"/>).</summary>
    private const int RemovalAttempts = 5;

    /// <summary>
    /// Removes a member (revoking, in the same transaction, the API keys they created here, and taking them off their
    /// tasks as a task update by <paramref name="actor"/>) or deletes a pending invitation. Removing the workspace's last
    /// admin is a 409. The member's sessions lose the workspace by themselves: a session is only valid while its user is a
    /// member of its workspace. The caller publishes the returned tasks' <c>taskChanged</c> events after the commit.
    /// </summary>
    public async Task<MemberRemoval> RemoveAsync(Guid workspaceId, Guid id, Actor actor, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The member's tasks first, then member rows: a task PATCH locks its task and then (completing it) the members
            // who created its linked records, so locking the member rows first could deadlock with it.
            var lockedTasks = await TaskRepository.LockAssignedToAsync(connection, workspaceId, id, cancellationToken);
            var admins = await MemberRepository.LockAdminsAsync(connection, workspaceId, cancellationToken);
            var current = await MemberRepository.LockAsync(connection, workspaceId, id, cancellationToken);
            MemberRemoval removal;
            if (current is null)
            {
                var invitation = await InvitationRepository.DeleteAsync(connection, workspaceId, id, cancellationToken)
                    ?? throw JuxaException.NotFound("Workspace member");
                removal = new MemberRemoval(id, invitation.ToEntry(time.GetUtcNow()).Status, [], [], []);
            }
            else
            {
                if (current == MemberRoles.Admin && IsLastAdmin(admins, id))
                {
                    throw JuxaException.Conflict("This member is the workspace's last admin and cannot be removed. Make another member an admin first.");
                }

                var now = time.GetUtcNow();
                // Before the delete, whose cascade would drop the assignments with no event, no updatedAt and no activity.
                // With the member's row locked, no task can be assigned to them any more; one assigned since the tasks were
                // locked means starting over, which locks it first.
                if (await TaskRepository.UnassignAsync(connection, workspaceId, id, lockedTasks, actor, now, cancellationToken) is not { } tasks)
                {
                    if (attempt < RemovalAttempts)
                    {
                        continue;
                    }

                    throw JuxaException.Conflict("Tasks kept being assigned to this member while they were removed. Try again.");
                }

                // Before the delete: it sets created_by_member_id to NULL, after which the keys could no longer be found.
                var hashes = await RevokeKeysCreatedByAsync(connection, workspaceId, id, now, cancellationToken);
                var embedTokens = await LiveEmbedTokensOfAsync(connection, id, now, cancellationToken);
                await MemberRepository.DeleteAsync(connection, workspaceId, id, cancellationToken);
                removal = new MemberRemoval(id, MemberStatus.Active, hashes, embedTokens, tasks);
            }

            await transaction.CommitAsync(cancellationToken);
            return removal;
        }
    }

    /// <summary>Accepts an invitation for a user who already exists (at login, or signed in); see the overload.</summary>
    public async Task<InvitationAcceptance> AcceptInvitationAsync(UserInfo user, string? token, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var acceptance = await AcceptInvitationAsync(connection, user, token, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return acceptance;
    }

    /// <summary>
    /// Turns the pending invitation with this token into a membership of the user, with the invited role, and
    /// writes its "added" notification, inside the caller's transaction (sign-up uses the one that creates the
    /// user). The invitation must have been sent to the user's email (case-insensitive): a token alone does not
    /// let another account in. When the user already belongs to the workspace, the invitation just goes away.
    /// Any other token is a 400 at <c>invitationToken</c>, and the caller's transaction must not commit.
    /// </summary>
    public static async Task<InvitationAcceptance> AcceptInvitationAsync(
        NpgsqlConnection connection, UserInfo user, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invitation = string.IsNullOrEmpty(token) || !token.StartsWith(SecretTokens.InvitationPrefix, StringComparison.Ordinal) || token.Length > 200
            ? null
            : await InvitationRepository.TakeAsync(connection, SecretTokens.Hash(token), user.Email, now, cancellationToken);
        if (invitation is null)
        {
            throw JuxaException.Validation("invitationToken",
                "No pending invitation to this email has this token: it was accepted, deleted or expired already, or it was sent to another address.");
        }

        var memberId = await MemberRepository.InsertIfAbsentAsync(connection, invitation.WorkspaceId, user.Id, invitation.Role, now, cancellationToken);
        var notification = memberId is { } id
            ? await NotifyAddedAsync(connection, invitation.WorkspaceId, id, invitation.Role, invitation.InvitedBy, now, cancellationToken)
            : null;
        return new InvitationAcceptance(invitation.WorkspaceId, notification);
    }

    /// <summary>True when <paramref name="memberId"/> is the only admin among the locked admin rows.</summary>
    private static bool IsLastAdmin(List<Guid> admins, Guid memberId) => admins.Count <= 1 && admins.Contains(memberId);

    private static async Task<NotificationView> NotifyAddedAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid memberId, string role, Actor? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspaceName = await connection.Command("SELECT name FROM workspaces WHERE id = $1", workspaceId)
            .FirstOrDefaultAsync(r => r.GetString(0), cancellationToken);
        return await NotificationRepository.InsertAsync(connection, workspaceId, memberId, NotificationKinds.AddedToWorkspace,
            $"You were added to {workspaceName}", $"You joined as {role}.", recordId: null, taskId: null, actor, now, cancellationToken);
    }

    /// <summary>The hashes of the member's live embed tokens, which the member's delete takes with it (ON DELETE CASCADE).</summary>
    private static Task<List<byte[]>> LiveEmbedTokensOfAsync(NpgsqlConnection connection, Guid memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command("SELECT token_hash FROM embed_tokens WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > $2", memberId, now)
            .ListAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken);

    /// <summary>Revokes the member's live keys in this workspace and returns their hashes, for the caller to refresh their grains.</summary>
    private static Task<List<byte[]>> RevokeKeysCreatedByAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command(
                """
                UPDATE api_keys SET revoked_at = $3
                WHERE workspace_id = $1 AND created_by_member_id = $2 AND revoked_at IS NULL
                RETURNING token_hash
                """, workspaceId, memberId, now)
            .ListAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken);
}
