namespace Juxa.Records.Values;

/// <summary>
/// A workspace member or API key that an actor-reference value points at. Like <see cref="RecordRef"/>,
/// it is surfaced so the caller can check the actor exists in the workspace before storing the value.
/// </summary>
/// <param name="ActorType">"member" or "api_key".</param>
/// <param name="ActorId">The member id or API key id.</param>
public readonly record struct ActorRef(string ActorType, Guid ActorId);
