namespace Juxa.Api.Authorization;

public static class AccessEndpointExtensions
{
    /// <summary>Requires <paramref name="access"/>; the policy of the same name is registered in <c>AddJuxaAuthorization</c>.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessRequirement access) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(access.Name).WithMetadata(access);
}
