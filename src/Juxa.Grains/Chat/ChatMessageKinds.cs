namespace Juxa.Chat;

/// <summary>Message roles and statuses as stored and returned (see <see cref="ChatMessageView"/>).</summary>
public static class ChatMessageKinds
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    public const string Complete = "complete";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";

    public const string Ran = "ran";
    public const string Denied = "denied";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
}
