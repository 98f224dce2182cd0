using System.Text.Json;
using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// A compiled record query: <see cref="Where"/> and <see cref="OrderBy"/> go into
/// <c>SELECT … FROM records r WHERE r.workspace_id = $1 AND r.object_id = $2 AND (&lt;Where&gt;) ORDER BY &lt;OrderBy&gt;</c>,
/// and <see cref="Parameters"/> are the values of <c>$firstParameterIndex</c>, <c>$firstParameterIndex + 1</c>, …
/// (the next free index is <c>firstParameterIndex + Parameters.Count</c>).
/// </summary>
/// <param name="Where">The filter's SQL (<c>TRUE</c> without one).</param>
/// <param name="OrderBy">The ORDER BY list, tiebreak included.</param>
/// <param name="Parameters">The values of the placeholders from <c>$firstParameterIndex</c> on.</param>
/// <param name="SortKeys">Select-list expressions of the sort keys (<see cref="SqlTranslator.SortKeys"/>), for the next page's cursor.</param>
/// <param name="After">With a cursor: the keyset predicate a page adds to <see cref="Where"/> (the total leaves it out); otherwise null.</param>
/// <param name="Fingerprint">What a cursor of this query must carry (<see cref="RecordCursor.FingerprintOf"/>).</param>
public sealed record CompiledQuery(
    string Where, string OrderBy, IReadOnlyList<object?> Parameters, IReadOnlyList<string> SortKeys, string? After, string Fingerprint)
{
    /// <summary>The cursor of the page that ends with this row (its <see cref="SortKeys"/> as read back).</summary>
    public string CursorAfter(IReadOnlyList<string?> keys, Guid id) => new RecordCursor(Fingerprint, keys, id).Encode();
}

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
    /// <param name="cursor">The request's <c>cursor</c> (a previous page's <c>nextCursor</c>); null for the first page.</param>
    /// <exception cref="Juxa.Errors.JuxaException">400 VALIDATION_ERROR naming the request path of the problem.</exception>
    public static CompiledQuery Compile(
        ObjectDefinition obj, WorkspaceSchema schema, JsonElement? filter, JsonElement? sorts, int firstParameterIndex, string? cursor = null)
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

        var after = cursor is null ? null : RecordCursor.Decode(cursor);
        var parameters = new SqlParameters(firstParameterIndex);
        var translator = new SqlTranslator(parameters, WorkspaceParameter);
        var where = translator.Where(boundFilter);
        var orderBy = translator.OrderBy(boundSorts);
        var sortKeys = translator.SortKeys(boundSorts);
        var fingerprint = RecordCursor.FingerprintOf(obj.Id, where, orderBy, parameters.Values);
        if (after is not null && after.Fingerprint != fingerprint)
        {
            throw QueryErrors.At("cursor", "This cursor belongs to another object, filter or sort: send the query it came from, or start again without a cursor.");
        }

        var keyset = after is null ? null : translator.After(boundSorts, after.Keys, after.Id);
        return new CompiledQuery(where, orderBy, parameters.Values.ToList(), sortKeys, keyset, fingerprint);
    }
}
