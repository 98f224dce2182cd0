namespace Juxa.Records.Query;

/// <summary>What one repair of indexed attributes did (<see cref="AttributeIndexRepairer"/>).</summary>
/// <param name="Built">Indexes or statistics objects of flagged attributes that were missing or invalid, built again.</param>
/// <param name="Dropped">Indexes (with their statistics) of attributes that are not flagged, or no longer exist, dropped.</param>
/// <param name="Failed">Flagged attributes whose build failed (their flag is off again), and workspaces that could not be
/// repaired at all; each is logged.</param>
[GenerateSerializer, Immutable, Alias("juxa.AttributeIndexRepair")]
public sealed record AttributeIndexRepair([property: Id(0)] int Built, [property: Id(1)] int Dropped, [property: Id(2)] int Failed)
{
    public static readonly AttributeIndexRepair None = new(0, 0, 0);

    public bool Changed => Built + Dropped + Failed > 0;

    public static AttributeIndexRepair operator +(AttributeIndexRepair a, AttributeIndexRepair b) =>
        new(a.Built + b.Built, a.Dropped + b.Dropped, a.Failed + b.Failed);
}
