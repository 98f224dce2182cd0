namespace Juxa.Security;

/// <summary>Workspace member roles.</summary>
public static class MemberRoles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsValid(string? role) => role is Admin or Member;
}
