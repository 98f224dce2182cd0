namespace Juxa.Missions;

/// <summary>What a step found, and the tool calls it made on the way.</summary>
public sealed record MissionStepOutcome(string Result, IReadOnlyList<MissionToolCall> ToolCalls);
