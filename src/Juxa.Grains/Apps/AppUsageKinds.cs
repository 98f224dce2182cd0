namespace Juxa.Apps;

/// <summary>What model usage in <c>app_usage</c> was spent on.</summary>
public static class AppUsageKinds
{
    public const string OsintResearch = "osint_research";
    public const string AgentMission = "agent_mission";
}
