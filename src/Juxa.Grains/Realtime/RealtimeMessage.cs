namespace Juxa.Realtime;

/// <summary>An event and the hub groups it goes to. A connection in several of them receives it once.</summary>
[GenerateSerializer, Immutable, Alias("juxa.RealtimeMessage")]
public sealed record RealtimeMessage(
    [property: Id(0)] string[] Groups,
    [property: Id(1)] RealtimeEvent Event);
