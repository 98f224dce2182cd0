namespace Juxa.Missions;

/// <summary>The states of a mission and of its steps.</summary>
public static class MissionStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>A step not begun yet.</summary>
    public const string Pending = "pending";

    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}
