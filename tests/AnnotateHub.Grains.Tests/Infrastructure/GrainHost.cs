using AnnotateHub.Domain;
using AnnotateHub.Runtime;
using AnnotateHub.Storage;
using AnnotateHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Grains.Tests.Infrastructure;

/// <summary>
/// AnnotateHub's grains on the in-process runtime over a real SQLite database file in a fresh temporary folder
/// (deleted on dispose). It can restart the runtime alone, or the runtime and the store together (the same file
/// reopened), and start more runtimes ("nodes") over the same store.
/// </summary>
public sealed class GrainHost : IAsyncDisposable
{
    private readonly Action<DocumentGrainOptions>? _configureDocuments;
    private readonly List<GrainRuntime> _nodes = [];
    private SqliteEventStore? _store;
    private GrainRuntime? _runtime;

    private GrainHost(Action<DocumentGrainOptions>? configureDocuments)
    {
        _configureDocuments = configureDocuments;
        Folder = Path.Combine(Path.GetTempPath(), "annotatehub-grains-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>The temporary folder that holds the database.</summary>
    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "annotatehub.db");

    /// <summary>The clock of the runtime and the grains (event timestamps, idle collection).</summary>
    public ManualClock Clock { get; } = new();

    /// <summary>The open SQLite store (a new instance after <see cref="RestartAsync"/>).</summary>
    public SqliteEventStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>The event store as the grains see it, recording their reads (a new instance after each restart).</summary>
    public RecordingEventStore GrainStore { get; private set; } = null!;

    public GrainRuntime Runtime => _runtime ?? throw new InvalidOperationException("The runtime is not running.");

    public IGrainFactory Grains => Runtime;

    /// <summary>Opens a store on a new database file and starts a runtime over it.</summary>
    public static async Task<GrainHost> StartAsync(Action<DocumentGrainOptions>? configureDocuments = null)
    {
        var host = new GrainHost(configureDocuments);
        try
        {
            await host.OpenStoreAsync();
            host._runtime = host.CreateRuntime();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public IDocumentGrain Document(string documentId) => Runtime.GetGrain<IDocumentGrain>(documentId);

    public IWorkspaceGrain Workspace(string workspaceId) => Runtime.GetGrain<IWorkspaceGrain>(workspaceId);

    public IWorkspaceDirectoryGrain Directory => Runtime.GetGrain<IWorkspaceDirectoryGrain>(IWorkspaceDirectoryGrain.DefaultKey);

    /// <summary>The document's stream version as the store has it.</summary>
    public Task<long> StreamVersionAsync(string documentId) => Store.GetVersionAsync(DocumentStreams.StreamId(documentId));

    /// <summary>The document's events as the store has them.</summary>
    public async Task<IReadOnlyList<DocumentEvent>> StoredEventsAsync(string documentId) =>
        [.. (await Store.ReadAsync(DocumentStreams.StreamId(documentId))).Select(DocumentStreams.FromStored)];

    /// <summary>The document as a full replay of its stored events gives it (no snapshot).</summary>
    public async Task<DocumentState> ReplayAsync(string documentId) => DocumentDecider.Fold(await StoredEventsAsync(documentId));

    /// <summary>Another runtime ("node") over the same store, with its own activations; disposed with the host.</summary>
    public GrainRuntime StartNode()
    {
        var node = CreateRuntime();
        _nodes.Add(node);
        return node;
    }

    /// <summary>Deactivates every activation and disposes the runtime, then starts a new one over the same store.</summary>
    public async Task RestartRuntimeAsync()
    {
        await StopRuntimesAsync();
        _runtime = CreateRuntime();
    }

    /// <summary>Stops the runtime and closes the store, then reopens the same database file and starts a new runtime.</summary>
    public async Task RestartAsync()
    {
        await StopRuntimesAsync();
        await Store.DisposeAsync();
        _store = null;
        await OpenStoreAsync();
        _runtime = CreateRuntime();
    }

    /// <summary>
    /// Copies the database file and its write-ahead log as they are on disk right now and opens a fresh store on
    /// the copy: what a new process would find if this one died at this instant. Dispose it; the copy stays in
    /// <see cref="Folder"/> until the host is disposed.
    /// </summary>
    public async Task<SqliteEventStore> OpenDiskImageAsync()
    {
        var image = Path.Combine(Folder, "image-" + Guid.NewGuid().ToString("N"), "annotatehub.db");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        File.Copy(DatabasePath, image);
        if (File.Exists(DatabasePath + "-wal"))
        {
            File.Copy(DatabasePath + "-wal", image + "-wal");
        }

        return await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = image });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopRuntimesAsync();
        }
        finally
        {
            try
            {
                if (_store is not null)
                {
                    await _store.DisposeAsync();
                    _store = null;
                }
            }
            finally
            {
                if (System.IO.Directory.Exists(Folder))
                {
                    System.IO.Directory.Delete(Folder, recursive: true);
                }
            }
        }
    }

    private async Task OpenStoreAsync()
    {
        _store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions { DataSource = DatabasePath });
        GrainStore = new RecordingEventStore(_store);
    }

    private GrainRuntime CreateRuntime()
    {
        var store = Store;
        var grainStore = GrainStore;
        return GrainRuntime.Create(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IEventStore>(grainStore);
            services.AddSingleton<IGrainStateStore>(store);
            services.AddAnnotateHubGrains(configureDocuments: _configureDocuments);
        });
    }

    private async Task StopRuntimesAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
            _runtime = null;
        }
    }
}
