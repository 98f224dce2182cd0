namespace Juxa.Identity;

/// <summary>
/// The outcome of removing a member or deleting an invitation. <see cref="RevokedKeyHashes"/> are the
/// token hashes of the member's API keys, already revoked in the database by the same transaction;
/// the caller still revokes them through their grains so that cached activations refuse them at once.
/// </summary>
public sealed record MemberRemoval(Guid Id, string Status, IReadOnlyList<byte[]> RevokedKeyHashes);
