using System.ComponentModel.DataAnnotations;

namespace Juxa.Apps;

/// <summary>App settings, bound from <c>Juxa:Apps</c>.</summary>
public sealed class AppsOptions
{
    public const string Section = "Juxa:Apps";

    /// <summary>How long an embed token lives (the default, 15 minutes, keeps a leaked token's use short).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "3650.00:00:00")]
    public TimeSpan EmbedTokenTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often expired handoffs and embed tokens, and ended sessions, are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "49.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after expiry a handoff or token row is kept (a session's also after its log-out): until then a late
    /// consume gets <c>410 HANDOFF_EXPIRED</c> (clearer than 404) and a late request a precise 401 message.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan PurgeGrace { get; set; } = TimeSpan.FromHours(1);
}
