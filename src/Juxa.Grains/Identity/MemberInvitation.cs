namespace Juxa.Identity;

/// <summary>
/// A new invitation as the member list shows it, with the token that accepts it, which exists only here: the database
/// keeps its hash.
/// </summary>
public sealed record MemberInvitation(WorkspaceMemberEntry Entry, string Token);
