using System.Text.RegularExpressions;
using Juxa.Errors;
using Juxa.Text;

namespace Juxa.Apps;

/// <summary>What a catalog entry must satisfy before it is published. Every problem is reported at once, per field.</summary>
public static partial class AppRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxEmbedUrlLength = 2048;

    /// <summary>The validated entry, or a 400 naming every bad field.</summary>
    public static (string Slug, string Name, string Description, AppManifest Manifest) Validate(
        string? slug, string? name, string? description, IReadOnlyList<string>? scopes, string? embedUrl, bool? osintResearch, bool manifestGiven)
    {
        var errors = new Dictionary<string, string[]>();
        if (slug is null || !SlugPattern().IsMatch(slug))
        {
            errors["slug"] = ["slug must be 2 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit."];
        }

        var trimmedName = name?.Trim();
        if (string.IsNullOrEmpty(trimmedName) || trimmedName.Length > MaxNameLength)
        {
            errors["name"] = [$"name must be 1 to {MaxNameLength} characters."];
        }
        else if (DisplayNames.Refusal(trimmedName, "name") is { } refusal)
        {
            errors["name"] = [refusal];
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        if (!manifestGiven)
        {
            errors["manifest"] = ["manifest is required: {scopes, embedUrl, osintResearch?}."];
        }
        else
        {
            if (scopes is not { Count: > 0 } || scopes.Any(s => !AppScopes.ManifestAllowed.Contains(s)))
            {
                errors["manifest.scopes"] = [$"manifest.scopes must be a non-empty list of: {string.Join(", ", AppScopes.ManifestAllowed)}."];
            }

            if (EmbedUrlProblem(embedUrl) is { } problem)
            {
                errors["manifest.embedUrl"] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The app is invalid.", errors);
        }

        return (slug!, trimmedName!, description ?? "", new AppManifest(scopes!.Distinct().ToArray(), embedUrl!, osintResearch ?? false));
    }

    /// <summary>Why the URL cannot be an embed URL, or null when it can: https, or http on a loopback host; no credentials in it.</summary>
    public static string? EmbedUrlProblem(string? embedUrl)
    {
        if (string.IsNullOrWhiteSpace(embedUrl) || embedUrl.Length > MaxEmbedUrlLength || !Uri.TryCreate(embedUrl, UriKind.Absolute, out var uri))
        {
            return $"manifest.embedUrl must be an absolute URL of at most {MaxEmbedUrlLength} characters.";
        }

        // Uri.TryCreate trims surrounding whitespace and escapes some inside, but the string is what is stored and put in
        // the iframe: it must be the URL as validated, so whitespace and control characters are refused (percent-encode them).
        if (embedUrl.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "manifest.embedUrl must not contain spaces or control characters (percent-encode them).";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "manifest.embedUrl must not contain a user name or password.";
        }

        var loopback = uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && loopback)
            ? null
            : "manifest.embedUrl must be https (http is allowed only on localhost, for development).";
    }

    // \z, not $: .NET's $ also matches before a final '\n', which the table's CHECK (and every URL) refuses.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z")]
    private static partial Regex SlugPattern();
}
