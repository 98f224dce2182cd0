namespace Juxa.Missions;

/// <summary>
/// One agent mission, keyed by its id. It works through the mission in the background and keeps a
/// reminder while the mission is unfinished, so a mission whose silo goes away resumes on another.
/// </summary>
public interface IMissionGrain : IGrainWithGuidKey
{
    /// <summary>Creates the mission (queued) and starts working on it.</summary>
    Task<MissionView> StartAsync(NewMission mission);

    /// <summary>The case file as it stands; 404 for a mission of another workspace.</summary>
    Task<MissionView> GetAsync(Guid workspaceId);

    /// <summary>Stops an unfinished mission (cancelled); 409 when it had already finished.</summary>
    Task<MissionView> CancelAsync(Guid workspaceId);
}
