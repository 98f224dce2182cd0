namespace Juxa.Realtime;

/// <summary>Messages a notifier collected in one flush window, oldest first; one observer call per host carries them all.</summary>
[GenerateSerializer, Immutable, Alias("juxa.RealtimeBatch")]
public sealed record RealtimeBatch(
    [property: Id(0)] RealtimeMessage[] Messages);
