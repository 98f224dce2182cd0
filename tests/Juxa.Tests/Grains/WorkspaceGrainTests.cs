using Juxa.Errors;
using Juxa.Workspaces;

namespace Juxa.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class WorkspaceGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task An_unknown_workspace_is_not_found()
    {
        var error = await Assert.ThrowsAsync<JuxaException>(() => fixture.Grains.GetGrain<IWorkspaceGrain>(Guid.NewGuid()).GetAsync());

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_rename_is_written_through_to_the_database()
    {
        var (workspaceId, _) = await TestWorkspaces.CreateAsync(fixture.Db);

        await fixture.Grains.GetGrain<IWorkspaceGrain>(workspaceId).RenameAsync("  Renamed  ");
        var stored = await new WorkspaceRepository(fixture.Db).GetAsync(workspaceId);

        Assert.Equal("Renamed", stored!.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_name_is_a_validation_error(string name)
    {
        var (workspaceId, _) = await TestWorkspaces.CreateAsync(fixture.Db);

        var error = await Assert.ThrowsAsync<JuxaException>(() => fixture.Grains.GetGrain<IWorkspaceGrain>(workspaceId).RenameAsync(name));

        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Equal(["name"], error.Details!.Keys);
    }
}
