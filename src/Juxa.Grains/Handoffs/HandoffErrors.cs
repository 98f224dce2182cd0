using Juxa.Errors;

namespace Juxa.Handoffs;

/// <summary>The answers to a consume that cannot succeed, each with its own code so a client can tell them apart.</summary>
public static class HandoffErrors
{
    public static JuxaException NotFound() =>
        new(404, ErrorCodes.NotFound, "Handoff not found: the token is unknown, belongs to another workspace, or expired long enough ago to be purged.");

    public static JuxaException Consumed() =>
        new(410, ErrorCodes.HandoffConsumed, "This handoff was already consumed; a handoff opens once. Mint a new one.");

    public static JuxaException Expired() =>
        new(410, ErrorCodes.HandoffExpired, "This handoff has expired. Mint a new one.");
}
