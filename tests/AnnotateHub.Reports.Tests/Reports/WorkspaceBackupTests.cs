using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Storage;

namespace AnnotateHub.Reports.Tests;

public sealed class WorkspaceBackupTests
{
    private static readonly SampleWorkspace Sample = SampleWorkspace.Build();

    /// <summary>What a fresh store hands back after the restore result is written into it (new recording times).</summary>
    private static IReadOnlyList<DocumentStream> WriteToFreshStore(WorkspaceRestore restore) =>
        [.. restore.Streams.Select(s => new DocumentStream(
            s.DocumentId,
            [.. s.Events.Select((e, i) => new StoredEvent(s.StreamId, i + 1, e.Type, e.Data.ToArray(), DateTimeOffset.UnixEpoch.AddDays(i)))]))];

    [Fact]
    public void GivenAWorkspace_WhenBackedUpRestoredAndBackedUpAgain_ThenTheTwoBackupsAreByteIdentical()
    {
        var first = WorkspaceBackup.Create(Sample.Workspace, Sample.StoredStreams());

        var restore = WorkspaceBackup.Restore(first);
        var second = WorkspaceBackup.Create(restore.Workspace, WriteToFreshStore(restore));

        Assert.Equal(first, second);
    }

    [Fact]
    public void GivenABackup_WhenRestored_ThenEveryEventIsTheStoredBytesAndFoldsToTheSameDocuments()
    {
        var restore = WorkspaceBackup.Restore(WorkspaceBackup.Create(Sample.Workspace, Sample.StoredStreams()));

        Assert.Equal(Sample.Workspace.Name, restore.Workspace.Name);
        Assert.Equal(Sample.Workspace.Settings, restore.Workspace.Settings);
        Assert.Equal(Sample.Workspace.Documents.ToArray(), restore.Workspace.Documents.ToArray());
        Assert.Equal(["document/doc-budget", "document/doc-transcript"], restore.Streams.Select(s => s.StreamId).ToArray());

        var stored = Sample.StoredStreams();
        for (var d = 0; d < stored.Count; d++)
        {
            Assert.Equal(stored[d].Events.Select(e => e.Type), restore.Streams[d].Events.Select(e => e.Type));
            Assert.Equal(stored[d].Events.Select(e => e.Data.ToArray()), restore.Streams[d].Events.Select(e => e.Data.ToArray()));
        }

        var budget = DocumentDecider.Fold(restore.Streams[0].Events.Select(e => DomainJson.DeserializeEvent(e.Type, e.Data.Span)));
        Assert.Equal(DomainJson.SerializeState(Sample.Budget), DomainJson.SerializeState(budget));
    }

    [Fact]
    public void GivenADamagedBackup_WhenRestored_ThenTheErrorSaysWhatIsWrong()
    {
        var backup = Encoding.UTF8.GetString(WorkspaceBackup.Create(Sample.Workspace, Sample.StoredStreams()));

        var notJson = Assert.Throws<BackupFormatException>(() => WorkspaceBackup.Restore("{ not json"u8));
        Assert.Contains("not valid JSON", notJson.Message, StringComparison.Ordinal);

        var otherFormat = Assert.Throws<BackupFormatException>(() => WorkspaceBackup.Restore("{\"format\":\"other\"}"u8));
        Assert.Contains("not an AnnotateHub workspace backup", otherFormat.Message, StringComparison.Ordinal);

        var newer = Assert.Throws<BackupFormatException>(() => WorkspaceBackup.Restore(Encoding.UTF8.GetBytes(backup.Replace("\"version\": 1,", "\"version\": 99,", StringComparison.Ordinal))));
        Assert.Contains("schema version 99", newer.Message, StringComparison.Ordinal);

        var gap = Assert.Throws<BackupFormatException>(() => WorkspaceBackup.Restore(Encoding.UTF8.GetBytes(backup.Replace("\"version\": 2,", "\"version\": 3,", StringComparison.Ordinal))));
        Assert.Contains("where 2 was expected", gap.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<BackupFormatException>(() => WorkspaceBackup.Restore(Encoding.UTF8.GetBytes(backup.Replace("\"type\": \"vote-cast\"", "\"type\": \"vote-stolen\"", StringComparison.Ordinal))));
        Assert.Contains("vote-stolen", unknown.Message, StringComparison.Ordinal);
    }
}
