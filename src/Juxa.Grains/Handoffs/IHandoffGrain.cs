namespace Juxa.Handoffs;

/// <summary>
/// One Juxa Docs handoff, keyed by the lower-case hex SHA-256 of its token. A single activation in
/// the whole cluster serializes every consume of one token, so a handoff is consumed at most once
/// however many hosts race; the database row (consumed_at) keeps that true across restarts.
/// </summary>
public interface IHandoffGrain : IGrainWithStringKey
{
    /// <summary>Registers a new handoff under this grain's hash.</summary>
    Task<MintedHandoff> CreateAsync(NewHandoff handoff);

    /// <summary>Consumes the handoff for this user of this workspace and returns its payload (JSON text); throws 404, 403 or 410 otherwise.</summary>
    Task<string> ConsumeAsync(Guid workspaceId, Guid userId);
}
