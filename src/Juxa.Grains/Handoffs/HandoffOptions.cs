namespace Juxa.Handoffs;

/// <summary>Handoff settings, bound from <c>Juxa:Handoff</c>.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Juxa:Handoff";

    /// <summary>How long a minted handoff can be consumed (the contract says about ten minutes).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);
}
