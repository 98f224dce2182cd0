using Juxa.Tasks;

namespace Juxa.Identity;

/// <summary>
/// The outcome of removing a member or deleting an invitation. <see cref="RevokedKeyHashes"/> are the
/// token hashes of the member's API keys, already revoked in the database by the same transaction;
/// the caller still revokes them through their grains so that cached activations refuse them at once.
/// <see cref="EmbedTokenHashes"/> are those of the live embed tokens the member minted, deleted with the membership:
/// the caller tells their grains too, which otherwise answer from their copy of the row for up to 30 seconds.
/// <see cref="UnassignedTasks"/> are the tasks the member was taken off, as they are after the removal:
/// the caller publishes each as a task update.
/// </summary>
public sealed record MemberRemoval(
    Guid Id, string Status, IReadOnlyList<byte[]> RevokedKeyHashes, IReadOnlyList<byte[]> EmbedTokenHashes, IReadOnlyList<TaskView> UnassignedTasks);
