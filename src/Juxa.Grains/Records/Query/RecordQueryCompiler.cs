using System.Text.Json;
using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// A compiled record query: <see cref="Where"/> and <see cref="OrderBy"/> go into
/// <c>SELECT … FROM records r WHERE r.workspace_id = $1 AND r.object_id = $2 AND (&lt;Where&gt;) ORDER BY &lt;OrderBy&gt;</c>,
/// and <see cref="Parameters"/> are the values of <c>$firstParameterIndex</c>, <c>$firstParameterIndex + 1</c>, …
/// (the next free index is <c>firstParameterIndex + Parameters.Count</c>).
/// </summary>
public sealed record CompiledQuery(string Where, string OrderBy, IReadOnlyList<object?> Parameters);

/// <summary>Parse → validate → translate, for the filter and sorts of a record query.</summary>
public static class RecordQueryCompiler
{
    /// <summary>The placeholder the caller binds to the workspace id (subqueries across references reuse it).</summary>
    public const string WorkspaceParameter = "$1";

    /// <summary>The placeholder the caller binds to the queried object's id.</summary>
    public const string ObjectParameter = "$2";

    /// <param name="obj">The queried object.</param>
    /// <param name="schema">The workspace schema (targets of record references).</param>
    /// <param name="filter">The request's <c>filter</c>; null, undefined or JSON null: no filter (<c>Where</c> = <c>TRUE</c>).</param>
    /// <param name="sorts">The request's <c>sorts</c>; null, undefined, JSON null or empty: newest first.</param>
    /// <param name="firstParameterIndex">The first placeholder index the compiled query may use (at least 3: <c>$1</c> and <c>$2</c> are reserved).</param>
    /// <exception cref="Juxa.Errors.JuxaException">400 VALIDATION_ERROR naming the request path of the problem.</exception>
    public static CompiledQuery Compile(ObjectDefinition obj, WorkspaceSchema schema, JsonElement? filter, JsonElement? sorts, int firstParameterIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstParameterIndex, 3);

        BoundFilter? boundFilter = null;
        if (filter is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } f)
        {
            boundFilter = FilterValidator.Validate(FilterParser.Parse(f), obj, schema);
        }

        IReadOnlyList<BoundSort> boundSorts = [];
        if (sorts is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } s)
        {
            boundSorts = SortValidator.Validate(SortParser.Parse(s), obj, schema);
        }

        var parameters = new SqlParameters(firstParameterIndex);
        var translator = new SqlTranslator(parameters, WorkspaceParameter);
        var where = translator.Where(boundFilter);
        var orderBy = translator.OrderBy(boundSorts);
        return new CompiledQuery(where, orderBy, parameters.Values.ToList());
    }
}
