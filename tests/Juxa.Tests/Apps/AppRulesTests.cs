using Juxa.Apps;

namespace Juxa.Tests.Apps;

/// <summary>Embed URL rules, without a host.</summary>
public sealed class AppRulesTests
{
    [Theory]
    [InlineData("https://app.example.com/embed", true)]
    [InlineData("http://localhost:5173/embed", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://app.example.com", false)]
    [InlineData("http://localhost.example.com", false)]
    [InlineData("https://user:pass@app.example.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("//app.example.com", false)]
    [InlineData("", false)]
    public void Embed_urls_are_https_or_local_http(string url, bool valid)
    {
        Assert.Equal(valid, AppRules.EmbedUrlProblem(url) is null);
    }
}
