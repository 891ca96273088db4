using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AnnotateHub.Storage;

/// <summary>A stream's head: its version and the hash of its last event (<see cref="EventChain"/>).</summary>
public sealed record ChainHead(string StreamId, long Version, ReadOnlyMemory<byte> Hash);

/// <summary>
/// The outcome of verifying a set of streams (a workspace's documents): intact, with every stream's head and the
/// chain of those heads (<see cref="WorkspaceChain.Fold"/>), or the first broken link (stream, version) and why.
/// </summary>
public sealed record ChainVerification(
    IReadOnlyList<ChainHead> Heads,
    long Events,
    ReadOnlyMemory<byte> HeadsHash,
    string? BrokenStreamId = null,
    long? BrokenVersion = null,
    string? Reason = null)
{
    public bool IsIntact => BrokenStreamId is null;
}

/// <summary>
/// A chain over several streams' heads, so a workspace can seal the state of all its documents at once: whatever is
/// later rewritten, cut off or removed from a sealed stream no longer matches the seal, even when the rewritten stream's
/// own chain was recomputed to look consistent.
/// </summary>
public static class WorkspaceChain
{
    /// <summary>
    /// Hashes the heads in order: <c>h = SHA-256(h || SHA-256(length-prefixed UTF-8 stream id, int64 version, hash))</c>
    /// from 32 zero bytes.
    /// </summary>
    public static byte[] Fold(IEnumerable<ChainHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var chained = EventChain.Genesis.ToArray();
        Span<byte> number = stackalloc byte[8];
        foreach (var head in heads)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var id = Encoding.UTF8.GetBytes(head.StreamId);
            BinaryPrimitives.WriteInt32BigEndian(number, id.Length);
            hash.AppendData(number[..4]);
            hash.AppendData(id);
            BinaryPrimitives.WriteInt64BigEndian(number, head.Version);
            hash.AppendData(number);
            hash.AppendData(head.Hash.Span);
            chained = EventChain.Link(chained, hash.GetHashAndReset());
        }

        return chained;
    }

    /// <summary>
    /// Reads every stream of <paramref name="streamIds"/> from version 1 and checks its chain (<see cref="EventChain.Verify"/>),
    /// then checks each head of <paramref name="sealedHeads"/> (an earlier seal, if any): the stream must still reach that
    /// version, with that hash there. Stops at the first broken link.
    /// </summary>
    public static async Task<ChainVerification> VerifyAsync(
        IEventStore store, IReadOnlyList<string> streamIds, IReadOnlyList<ChainHead>? sealedHeads = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(streamIds);
        var heads = new List<ChainHead>(streamIds.Count);
        var read = new HashSet<string>(StringComparer.Ordinal); // ids only: a stream's events are dropped once checked
        var sealedByStream = (sealedHeads ?? []).ToDictionary(h => h.StreamId, StringComparer.Ordinal);
        long events = 0;
        foreach (var streamId in streamIds)
        {
            var stored = await store.ReadAsync(streamId, 0, null, cancellationToken).ConfigureAwait(false);
            events += stored.Count;
            var check = EventChain.Verify(stored);
            if (!check.IsIntact)
            {
                return new ChainVerification(heads, events, ReadOnlyMemory<byte>.Empty, streamId, check.BrokenAt, check.Reason);
            }

            if (sealedByStream.TryGetValue(streamId, out var seal) && CheckSeal(stored, seal) is { } broken)
            {
                return new ChainVerification(heads, events, ReadOnlyMemory<byte>.Empty, streamId, broken.Version, broken.Reason);
            }

            heads.Add(new ChainHead(streamId, check.HeadVersion, check.HeadHash));
            read.Add(streamId);
        }

        foreach (var seal in sealedHeads ?? [])
        {
            if (!read.Contains(seal.StreamId))
            {
                return new ChainVerification(heads, events, ReadOnlyMemory<byte>.Empty, seal.StreamId, seal.Version,
                    "the stream was sealed but is no longer listed");
            }
        }

        return new ChainVerification(heads, events, Fold(heads));
    }

    private static (long Version, string Reason)? CheckSeal(IReadOnlyList<StoredEvent> stored, ChainHead seal)
    {
        if (seal.Version == 0)
        {
            return null;
        }

        if (stored.Count < seal.Version)
        {
            return (stored.Count + 1, $"the stream ends at version {stored.Count}, but version {seal.Version} was sealed (events were removed)");
        }

        return stored[(int)seal.Version - 1].Hash.Span.SequenceEqual(seal.Hash.Span)
            ? null
            : (seal.Version, "the event differs from the one sealed (the history was rewritten)");
    }
}
