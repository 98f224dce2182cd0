using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.Realtime;
using Microsoft.AspNetCore.SignalR;

// Beside the other registration extensions, so that Program.cs and MapJuxaEndpoints need no extra using.
namespace Juxa.Api.Extensions;

public static class RealtimeExtensions
{
    public const string HubPath = "/hubs/notifications";

    /// <summary>
    /// SignalR with the API's JSON conventions, this host's hub observer, and its registration with the cluster; open
    /// connections are authorized again on every call and every minute (<see cref="HubCredentialGuard"/>).
    /// </summary>
    public static IServiceCollection AddJuxaRealtime(this IServiceCollection services)
    {
        services.AddSignalR(options => options.AddFilter<HubCredentialFilter>())
            .AddJsonProtocol(options => JsonDefaults.Configure(options.PayloadSerializerOptions));
        services.AddSingleton<HubCredentialGuard>();
        services.AddHostedService(provider => provider.GetRequiredService<HubCredentialGuard>());
        services.AddSingleton<RealtimeConnections>();
        services.AddSingleton<RealtimeSubscriptions>();
        services.AddSingleton<HubRealtimeHost>();
        services.AddSingleton<HubConnectionCloser>();
        services.AddHostedService<RealtimeHostRegistration>();
        return services;
    }

    /// <summary>The notifications hub; connecting needs read access (a session, or a key with a read scope).</summary>
    public static IEndpointRouteBuilder MapJuxaRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<NotificationsHub>(HubPath).RequireAccess(Access.Read);
        return app;
    }
}
