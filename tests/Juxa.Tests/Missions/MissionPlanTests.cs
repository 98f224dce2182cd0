using Juxa.Missions;

namespace Juxa.Tests.Missions;

/// <summary>Reading a plan out of a model's answer.</summary>
public sealed class MissionPlanTests
{
    [Theory]
    [InlineData("""{"steps": ["A", "B"]}""")]
    [InlineData("""Here is the plan: ```json {"steps": ["A", "B"]} ```""")]
    [InlineData("""["A", "B"]""")]
    [InlineData("""{"steps": [{"title": "A"}, {"title": "B"}]}""")]
    [InlineData("1. A\n2. B")]
    [InlineData("- A\n\n* B\n")]
    public void Json_and_lists_give_the_same_steps(string answer)
    {
        Assert.Equal(["A", "B"], MissionPlan.Parse(answer, "objective", maxSteps: 6));
    }

    [Fact]
    public void Plans_are_capped_and_never_empty()
    {
        Assert.Equal(["1", "2", "3"], MissionPlan.Parse("""{"steps": ["1", "2", "3", "4", "5"]}""", "objective", maxSteps: 3));
        Assert.Equal(["The objective"], MissionPlan.Parse("", "The objective", maxSteps: 3));
        Assert.Equal(300, MissionPlan.Parse(new string('x', 1000), "o", 3)[0].Length);
    }
}
