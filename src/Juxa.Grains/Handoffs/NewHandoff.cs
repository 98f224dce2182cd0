namespace Juxa.Handoffs;

/// <summary>A handoff to register. The caller generated the token and puts it only in the handoff URL.</summary>
/// <param name="WorkspaceId">The workspace it was minted in.</param>
/// <param name="UserId">The only user who may consume it: the minting user, or the creator of the minting key.</param>
/// <param name="ApiKeyId">The key that minted it, if a key did.</param>
/// <param name="PayloadJson">The mint body plus <c>"v": 1</c>, as JSON text.</param>
[GenerateSerializer, Immutable, Alias("juxa.NewHandoff")]
public sealed record NewHandoff(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] Guid? ApiKeyId,
    [property: Id(3)] string PayloadJson);
