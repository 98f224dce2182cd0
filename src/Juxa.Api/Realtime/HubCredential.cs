using Juxa.Api.Authentication;

namespace Juxa.Api.Realtime;

/// <summary>
/// The credential a hub connection opened with, kept (in this process only) to authorize it again while it stays
/// open: the API key or embed token, or the session token and the workspace the connection is in.
/// </summary>
public sealed record HubCredential(CallerKind Kind, string Token, Guid WorkspaceId);
