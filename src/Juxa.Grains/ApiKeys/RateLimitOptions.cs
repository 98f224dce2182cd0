namespace Juxa.ApiKeys;

/// <summary>Per-key request limit. Bound from <c>API_KEY_RATE_LIMIT_PER_MINUTE</c> (the contract's name).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per key per rolling minute; 0 disables the limit. A key may carry its own value.</summary>
    public int PerMinute { get; set; } = 300;
}
