using System.ComponentModel.DataAnnotations;

namespace Juxa.Handoffs;

/// <summary>Handoff settings, bound from <c>Juxa:Handoff</c>.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Juxa:Handoff";

    /// <summary>How long a minted handoff can be consumed (the contract says about ten minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);
}
