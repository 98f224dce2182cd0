using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/notifications</c>: the calling member's own notifications (contract §Notifications). An API key reads its creator's.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications");
        group.MapGet("", ListNotifications).WithName("ListNotifications").WithSummary("List notifications, newest first (unreadOnly=false, limit=30)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        group.MapPatch("/{notificationId:guid}", MarkRead).WithName("MarkNotificationRead").WithSummary("Mark a notification as read")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);
        group.MapPost("/mark-all-read", MarkAllRead).WithName("MarkAllNotificationsRead").WithSummary("Mark all notifications as read")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<NotificationPage>>> ListNotifications(
        Caller caller, bool? unreadOnly, int? limit, int? offset, NotificationRepository notifications, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset, defaultLimit: 30);
        var (items, total, unread) = await notifications.ListAsync(caller.WorkspaceId, Member(caller), unreadOnly ?? false, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new NotificationPage(items, unread, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<NotificationView>>> MarkRead(Guid notificationId, Caller caller, NotificationRepository notifications, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await notifications.MarkReadAsync(caller.WorkspaceId, Member(caller), notificationId, cancellationToken)
            ?? throw JuxaException.NotFound("Notification")));

    public static async Task<Ok<DataEnvelope<MarkedRead>>> MarkAllRead(Caller caller, NotificationRepository notifications, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(new MarkedRead(await notifications.MarkAllReadAsync(caller.WorkspaceId, Member(caller), cancellationToken))));

    /// <summary>Notifications belong to members; a key whose creator left the workspace has none.</summary>
    private static Guid Member(Caller caller) => caller.MemberId ?? throw JuxaException.Forbidden("This API key acts for no member, so it has no notifications.");
}

public sealed record NotificationPage(IReadOnlyList<NotificationView> Notifications, long Unread, Pagination Pagination);

public sealed record MarkedRead(int Updated);
