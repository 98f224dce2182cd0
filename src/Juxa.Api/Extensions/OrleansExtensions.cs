using Juxa.Hosting;

namespace Juxa.Api.Extensions;

public static class OrleansExtensions
{
    /// <summary>
    /// Co-hosts a silo in this process (default), or with <c>Juxa:Orleans:Mode=Client</c> joins an
    /// existing cluster as a client. The same binary serves both.
    /// </summary>
    public static WebApplicationBuilder AddJuxaOrleans(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (OrleansHostingExtensions.JuxaOrleansOptions(configuration).Mode == OrleansMode.Client)
        {
            builder.UseOrleansClient(client => client.UseJuxaClient());
        }
        else
        {
            builder.UseOrleans(silo => silo.UseJuxaSilo());
        }

        return builder;
    }
}
