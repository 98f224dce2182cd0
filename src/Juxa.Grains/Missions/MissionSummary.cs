namespace Juxa.Missions;

/// <summary>A mission in a list: its state and progress, without the steps, log and report.</summary>
public sealed record MissionSummary(
    Guid Id,
    string Title,
    string Status,
    Guid? WorkspaceAppInstallationId,
    int Steps,
    int CompletedSteps,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);
