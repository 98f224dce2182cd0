using Juxa.Api.Authentication;

namespace Juxa.Api.Realtime;

/// <summary>
/// The credential a hub connection opened with, kept (in this process only) to authorize it again while it stays
/// open: the API key or embed token, or the session token and the workspace the connection is in. <see cref="MemberId"/>
/// is the member it acts for (a key's creator, an embed token's minter), so that removing a member can close their
/// connections at once. <see cref="ExpiresAt"/> is when the credential ends by itself (null: never), when its
/// connections are checked again and closed.
/// </summary>
public sealed record HubCredential(CallerKind Kind, string Token, Guid WorkspaceId, Guid? MemberId, DateTimeOffset? ExpiresAt);
