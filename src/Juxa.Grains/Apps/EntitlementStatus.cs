namespace Juxa.Apps;

/// <summary>The states of an ecosystem-builder entitlement request.</summary>
public static class EntitlementStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
