using Juxa.Chat.Tools;

namespace Juxa.Missions;

/// <summary>What the agent is told about a mission, and whom its tools act for (read-only).</summary>
public sealed record MissionBrief(string Title, string Objective, IReadOnlyList<Guid> RecordIds, CrmToolScope Tools);
