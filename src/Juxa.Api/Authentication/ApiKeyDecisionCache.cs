using System.Collections.Concurrent;
using Juxa.ApiKeys;

namespace Juxa.Api.Authentication;

/// <summary>
/// Authorizes API keys for this host. A key with a rate limit is asked of its grain on every request, which counts
/// it in the key's one cluster-wide window. An unlimited key has nothing to count, so its grain's decision is kept
/// here until <see cref="ApiKeyDecision.CacheUntil"/> (seconds), sparing a grain call per request; revoking the key
/// evicts it through this host's observer reference before the revocation returns.
/// </summary>
public sealed class ApiKeyDecisionCache(IGrainFactory grains, TimeProvider time) : IApiKeyDecisionCache
{
    /// <summary>Expired entries are swept every this many stores, so keys that stopped calling do not stay forever.</summary>
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, ApiKeyDecision> _decisions = new(StringComparer.Ordinal);
    private IApiKeyDecisionCache? _reference;
    private object? _referenceLock;
    private long _evictions;
    private int _stores;

    /// <summary>The decision for the key with this hash (lower-case hex SHA-256 of its token), from here if still valid.</summary>
    public ValueTask<ApiKeyDecision> AuthorizeAsync(string keyHash) =>
        _decisions.TryGetValue(keyHash, out var kept) && kept.CacheUntil > time.GetUtcNow()
            ? ValueTask.FromResult(kept)
            : new ValueTask<ApiKeyDecision>(AskGrainAsync(keyHash));

    public Task EvictAsync(string keyHash)
    {
        Interlocked.Increment(ref _evictions);
        _decisions.TryRemove(keyHash, out _);
        return Task.CompletedTask;
    }

    private async Task<ApiKeyDecision> AskGrainAsync(string keyHash)
    {
        var evictionsBefore = Interlocked.Read(ref _evictions);
        var decision = await grains.GetGrain<IApiKeyGrain>(keyHash).AuthorizeForCacheAsync(Reference());
        if (decision.CacheUntil is null)
        {
            _decisions.TryRemove(keyHash, out _);
            return decision;
        }

        // Never kept longer than the grain allows by this host's own clock, whatever the silo's clock says.
        var latest = time.GetUtcNow() + ApiKeyGrain.CacheDecisionsFor;
        if (decision.CacheUntil > latest)
        {
            decision = decision with { CacheUntil = latest };
        }

        _decisions[keyHash] = decision;
        // An eviction may have overtaken the grain's answer (the key revoked right after it decided): then the answer is
        // already stale, so it must not stay. Checked after the store, so that an eviction between the two is seen too.
        if (Interlocked.Read(ref _evictions) != evictionsBefore)
        {
            _decisions.TryRemove(new KeyValuePair<string, ApiKeyDecision>(keyHash, decision));
        }

        if (Interlocked.Increment(ref _stores) % SweepEvery == 0)
        {
            Sweep();
        }

        return decision;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var entry in _decisions)
        {
            if (entry.Value.CacheUntil <= now)
            {
                _decisions.TryRemove(entry);
            }
        }
    }

    /// <summary>Created on first use, once the cluster (or the co-hosted silo) is up. Orleans holds the observer weakly;
    /// this object is a singleton, so it lives as long as the host.</summary>
    private IApiKeyDecisionCache Reference() =>
        LazyInitializer.EnsureInitialized(ref _reference, ref _referenceLock, () => grains.CreateObjectReference<IApiKeyDecisionCache>(this));
}
