using System.ComponentModel.DataAnnotations;

namespace Juxa.Missions;

/// <summary>Mission settings, bound from <c>Juxa:Missions</c>.</summary>
public sealed class MissionOptions
{
    public const string Section = "Juxa:Missions";

    /// <summary>
    /// How often a mission's reminder ticks while it is unfinished. A tick reactivates a mission whose
    /// silo went away and resumes it, so this bounds how long an interrupted mission waits. Below
    /// Orleans' one-minute minimum, the silo's minimum is lowered to match (tests use seconds).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "49.00:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most steps a plan may have.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSteps { get; set; } = 6;

    /// <summary>The most rounds of tool calls in one step; the round after them must answer in text.</summary>
    [Range(0, int.MaxValue)]
    public int MaxToolRoundsPerStep { get; set; } = 4;

    /// <summary>How many times a step may be begun (interrupted runs included) before the mission fails.</summary>
    [Range(1, int.MaxValue)]
    public int MaxAttemptsPerStep { get; set; } = 3;
}
