namespace Juxa.Hosting;

/// <summary>How an API process reaches the grains.</summary>
public enum OrleansMode
{
    /// <summary>The API process hosts a silo itself (one box, the default).</summary>
    CoHosted,

    /// <summary>The API process is an Orleans client of separate <c>Juxa.Silo</c> processes.</summary>
    Client,
}
