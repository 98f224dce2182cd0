namespace Juxa.Missions;

/// <summary>The model tokens a mission has used so far.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MissionUsage")]
public sealed record MissionUsage(
    [property: Id(0)] long PromptTokens,
    [property: Id(1)] long CompletionTokens);
