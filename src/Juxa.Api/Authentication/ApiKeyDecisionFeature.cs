using Juxa.ApiKeys;

namespace Juxa.Api.Authentication;

/// <summary>The key grain's answer for this request, kept for the rate-limit headers and the 429.</summary>
public sealed record ApiKeyDecisionFeature(ApiKeyDecision Decision);
