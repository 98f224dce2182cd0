using System.Text.Json;
using Juxa.Database;

namespace Juxa.Api.Http;

/// <summary>
/// Request JSON that parses but cannot be taken as it is: text PostgreSQL cannot store (a NUL character, an unpaired
/// surrogate escape such as <c>"\ud800"</c>), or a key given twice in one object. Thrown while binding the body, so a
/// request never reaches a grain or the database with it; <see cref="JuxaExceptionHandler"/> answers 400 naming where.
/// </summary>
public sealed class RequestTextException(StorableTextProblem problem) : JsonException(problem.Message)
{
    /// <summary>The error code: <c>VALIDATION_ERROR</c> for unstorable text, <c>INVALID_JSON</c> for a repeated key.</summary>
    public string Code => problem.Code;

    /// <summary>Where inside the bound value the problem is (<c>.title</c>, <c>[2].name</c>); empty when at the value itself.</summary>
    public string RelativePath => problem.RelativePath;
}
