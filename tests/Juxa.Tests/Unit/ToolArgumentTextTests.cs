using Juxa.Chat.Tools;

namespace Juxa.Tests.Unit;

public sealed class ToolArgumentTextTests
{
    [Theory]
    [InlineData("""{"query": "a\u0000b"}""", "query")]
    [InlineData("""{"values": {"name": "ok", "job_title": "x\u0000"}}""", "values.job_title")]
    [InlineData("""{"tags": ["fine", "\ud800"]}""", "tags[1]")]
    [InlineData("""{"values": {"bad\u0000key": 1}}""", "values.bad\\u0000key")]
    [InlineData("""{"query": "a", "query": "b"}""", "query")]
    public void Names_the_first_argument_the_database_cannot_take(string arguments, string path)
    {
        var problem = ToolArgumentText.Problem(arguments);

        Assert.NotNull(problem);
        Assert.Contains($"argument '{path}'", problem);
    }

    [Theory]
    [InlineData("""{"query": "plain", "limit": 5, "nested": {"list": [1, "two", null, true]}}""")]
    [InlineData("""{"query": "the escape \\u0000 written as text"}""")]
    [InlineData("""{"query": "a pair: \ud83d\ude00"}""")]
    [InlineData("""not json""")]
    public void Lets_everything_else_through(string arguments) => Assert.Null(ToolArgumentText.Problem(arguments));
}
