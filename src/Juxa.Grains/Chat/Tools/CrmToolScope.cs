using Juxa.Records;

namespace Juxa.Chat.Tools;

/// <summary>
/// Whom the CRM tools act for: one workspace, the actor every write is attributed to (a member,
/// or the API key acting for its member), and whether writes are allowed at all. Tools never
/// reach outside this workspace and never do more than this caller could through the API.
/// <see cref="Credential"/> is the bearer credential calling (an API key's id, an embed token's installation id),
/// null for a signed-in session: a bearer credential owns only the conversations it created.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.CrmToolScope")]
public sealed record CrmToolScope(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] Guid? MemberId,
    [property: Id(3)] bool CanWrite,
    [property: Id(4)] Guid? Credential = null);
