using System.ComponentModel.DataAnnotations;

namespace Juxa.Chat;

/// <summary>Chat limits, bound from <c>Juxa:Chat</c> (environment <c>Juxa__Chat__ToolConfirmationTimeout</c>, ...).</summary>
public sealed class ChatSettings
{
    public const string Section = "Juxa:Chat";

    /// <summary>How long a write tool call waits for <c>POST /chat/tool-confirm</c> before it expires unrun.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00")]
    public TimeSpan ToolConfirmationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest user message, in characters.</summary>
    [Range(1, int.MaxValue)]
    public int MaxMessageChars { get; set; } = 32_000;

    /// <summary>How many of the latest messages go to the model with each round (the whole conversation stays stored).</summary>
    [Range(1, int.MaxValue)]
    public int MaxHistoryMessages { get; set; } = 60;

    /// <summary>Model rounds one reply may take while the model keeps calling read tools; the last one has no tools, so it must answer.</summary>
    [Range(1, int.MaxValue)]
    public int MaxToolRounds { get; set; } = 6;
}
