using System.Text.Json;
using System.Text.Json.Serialization;
using AnnotateHub.Domain;
using AnnotateHub.Storage;

namespace AnnotateHub.Grains;

/// <summary>
/// Verifies a workspace's documents (<see cref="WorkspaceChain"/>) and keeps the workspace's chain of document heads: the
/// stream <c>audit/{workspace id}</c>, one <c>heads-sealed</c> event per seal, chained by the store like every stream.
/// </summary>
[GrainType("workspace-audit")]
public sealed class WorkspaceAuditGrain(IEventStore store, TimeProvider time) : Grain, IWorkspaceAuditGrain
{
    public const string SealStreamPrefix = "audit/";
    public const string SealEventType = "heads-sealed";

    public static string SealStreamId(string workspaceId) => SealStreamPrefix + workspaceId;

    public async Task<AuditVerification> VerifyAsync(bool seal, string actorId)
    {
        var workspaceId = this.GetPrimaryKeyString();
        var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync();
        if (!workspace.Exists)
        {
            throw new DomainException(DomainError.NotFound("workspace-not-found", $"There is no workspace '{workspaceId}'."));
        }

        var sealStream = SealStreamId(workspaceId);
        var seals = await store.ReadAsync(sealStream);
        var sealCheck = EventChain.Verify(seals);
        var result = new AuditVerification { WorkspaceId = workspaceId, Documents = workspace.Documents.Length, Seals = seals.Count };
        if (!sealCheck.IsIntact)
        {
            return result with { BrokenDocumentId = AuditVerification.SealRecord, BrokenVersion = sealCheck.BrokenAt, Reason = sealCheck.Reason };
        }

        SealRecordJson? last = seals.Count == 0 ? null : JsonSerializer.Deserialize(seals[^1].Data.Span, SealJsonContext.Default.SealRecordJson);
        var sealedHeads = last?.Heads.Select(h => new ChainHead(h.Stream, h.Version, Convert.FromHexString(h.Hash))).ToList();
        var streams = workspace.Documents.Select(d => DocumentStreams.StreamId(d.Id)).ToList();
        var verification = await WorkspaceChain.VerifyAsync(store, streams, sealedHeads);
        result = result with { Events = verification.Events, CheckedAgainstSealAt = last?.At };
        if (!verification.IsIntact)
        {
            return result with
            {
                BrokenDocumentId = verification.BrokenStreamId!.StartsWith(DocumentStreams.Prefix, StringComparison.Ordinal)
                    ? verification.BrokenStreamId[DocumentStreams.Prefix.Length..]
                    : verification.BrokenStreamId,
                BrokenVersion = verification.BrokenVersion,
                Reason = verification.Reason,
            };
        }

        var head = Convert.ToHexStringLower(verification.HeadsHash.Span);
        result = result with { WorkspaceHead = head };
        if (!seal || string.Equals(last?.WorkspaceHead, head, StringComparison.Ordinal))
        {
            return result;
        }

        var record = new SealRecordJson(
            time.GetUtcNow(),
            actorId,
            head,
            verification.Heads.Select(h => new SealedHeadJson(h.StreamId, h.Version, Convert.ToHexStringLower(h.Hash.Span))).ToList());
        var data = JsonSerializer.SerializeToUtf8Bytes(record, SealJsonContext.Default.SealRecordJson);
        await store.AppendAsync(sealStream, seals.Count, [new EventData(SealEventType, data)]);
        return result with { Sealed = true, Seals = seals.Count + 1 };
    }
}

/// <summary>One seal as stored: when, by whom, the hash over the heads, and each document stream's head.</summary>
internal sealed record SealRecordJson(DateTimeOffset At, string By, string WorkspaceHead, List<SealedHeadJson> Heads);

internal sealed record SealedHeadJson(string Stream, long Version, string Hash);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SealRecordJson))]
internal sealed partial class SealJsonContext : JsonSerializerContext;
