using System.Globalization;
using System.Net.Mail;
using Juxa.Database;
using Juxa.Errors;
using Juxa.Notifications;
using Juxa.Schema;
using Juxa.Security;
using Juxa.Text;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Juxa.Identity;

/// <summary>Sign-up and password login.</summary>
public sealed class AccountService(NpgsqlDataSource db, UserRepository users, IPasswordHasher<UserInfo> hasher, TimeProvider time)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    /// <summary>Verified against when the email is unknown, so a login takes as long whether or not the user exists.</summary>
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(null!, "decoy-password-for-timing"));

    /// <summary>
    /// Creates a user, a new workspace and the user's admin membership, and, given an invitation token, accepts
    /// that invitation, in one transaction: a token that accepts nothing (400) creates no account either.
    /// <c>Joined</c> holds the "added" notification of the accepted invitation, for the caller to push.
    /// </summary>
    public async Task<(UserInfo User, WorkspaceInfo Workspace, Guid MemberId, IReadOnlyList<NotificationView> Joined)> SignUpAsync(
        string? email, string? password, string? name, string? workspaceName, string? invitationToken = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var validEmail = ValidateEmail(email, errors);
        ValidatePassword(password, errors);
        if (name is { Length: > 200 })
        {
            errors["name"] = ["name must be at most 200 characters."];
        }
        else if (name?.Trim() is { Length: > 0 } trimmedName && DisplayNames.Refusal(trimmedName, "name") is { } refusal)
        {
            errors["name"] = [refusal];
        }

        string? validWorkspaceName = null;
        try
        {
            validWorkspaceName = WorkspaceGrain.ValidateName(workspaceName, "workspaceName");
        }
        catch (JuxaException e)
        {
            errors["workspaceName"] = [e.Message];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The sign-up request is invalid.", errors);
        }

        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var user = await UserRepository.InsertAsync(connection, validEmail!, name?.Trim(), hasher.HashPassword(null!, password!), false, now, cancellationToken)
            ?? throw JuxaException.Conflict("An account with this email already exists.");
        var workspace = await WorkspaceRepository.InsertAsync(connection, validWorkspaceName!, now, cancellationToken);
        var memberId = await MemberRepository.InsertAsync(connection, workspace.Id, user.Id, MemberRoles.Admin, now, cancellationToken);
        await StandardObjects.SeedAsync(connection, workspace.Id, now, cancellationToken);
        var joined = invitationToken is null ? null : await MembershipService.AcceptInvitationAsync(connection, user, invitationToken, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, workspace, memberId, joined?.Notification is { } notification ? [notification] : []);
    }

    /// <summary>The user whose email and password match; null otherwise (the caller answers 401 without saying which was wrong).</summary>
    public async Task<UserInfo?> VerifyPasswordAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            return null;
        }

        var found = await users.FindForLoginAsync(email, cancellationToken);
        var result = hasher.VerifyHashedPassword(null!, found?.PasswordHash ?? _decoyHash.Value, password);
        return found is { } f && result != PasswordVerificationResult.Failed ? f.User : null;
    }

    /// <summary>
    /// An address as <see cref="MailAddress"/> reads it, whole, without the characters it lets through that no address
    /// needs: control characters (in a quoted local part) and invisible ones (format characters such as bidirectional
    /// overrides and zero-width spaces, line and paragraph separators). Other people know a member by this address,
    /// and "admin@localhost\u202E" or "a\u200B@example.com" would read as someone else's.
    /// </summary>
    public static string? ValidateEmail(string? email, IDictionary<string, string[]> errors)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 320 || trimmed.Any(IsInvisible) || !MailAddress.TryCreate(trimmed, out var address)
            || address.Address != trimmed)
        {
            errors["email"] = ["email must be a valid email address."];
            return null;
        }

        return trimmed;
    }

    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    public static void ValidatePassword(string? password, IDictionary<string, string[]> errors)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"password must be {MinPasswordLength} to {MaxPasswordLength} characters."];
        }
    }
}
