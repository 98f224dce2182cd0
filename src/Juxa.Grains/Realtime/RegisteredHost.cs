namespace Juxa.Realtime;

/// <summary>A live API host: its process-unique id (for logs) and its hub observer.</summary>
[GenerateSerializer, Immutable, Alias("juxa.RegisteredHost")]
public sealed record RegisteredHost(
    [property: Id(0)] Guid HostId,
    [property: Id(1)] IRealtimeHost Host);
