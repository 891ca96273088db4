using System.Globalization;
using System.Security.Claims;
using System.Text;
using AnnotateHub.Domain;
using AnnotateHub.Reports;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The workspace page's import, one tab per way in: paste text, upload a .txt/.md/.html file (read in chunks, with a
/// progress bar) or fetch a web page server-side (with a Cancel button); each is converted by <see cref="ImportService"/> and shown for
/// confirmation, and only "Create document" creates it. The server re-reads the role at each step: a viewer is
/// refused whatever the page shows, and <see cref="OnRefused"/> lets the page show what the user may do now.
/// </summary>
public sealed partial class ImportPanel : IAsyncDisposable
{
    private const string ModulePath = "./Components/Pages/Workspace/ImportPanel.razor.js";
    private const int ChunkBytes = 32 * 1024;

    /// <summary>The preview shows at most this many characters (all of them are imported); a larger text would slow the page for nothing.</summary>
    private const int MaxShownCharacters = 200_000;

    private static readonly (ImportMode Mode, string Label)[] Modes =
        [(ImportMode.Paste, "Paste text"), (ImportMode.File, "Upload a file"), (ImportMode.Url, "Fetch a web page")];

    private ImportMode _mode = ImportMode.Paste;
    private Work _busy;
    private CancellationTokenSource? _work;
    private string? _status;
    private Focus _focus;

    private string _format = "text";
    private ElementReference _textArea;
    private string? _textError;

    private MudButton? _fileButton;
    private int _fileKey;

    /// <summary>
    /// The file input (by key) that has been on the page through a render already, so its script is wired: marked
    /// <c>data-ready</c>, which a browser test waits for before it chooses a file (a person cannot be that quick).
    /// </summary>
    private int _fileReadyKey = -1;
    private string? _fileName;
    private int _percent;
    private string? _fileError;

    private MudTextField<string>? _urlField;
    private string _url = string.Empty;
    private string? _urlError;

    private ImportPreview? _preview;
    private string _shownText = string.Empty;
    private ElementReference _previewHeading;
    private string _title = string.Empty;
    private string _sourceUrl = string.Empty;
    private bool _sourceFromFetch;
    private string? _titleError;
    private string? _sourceError;
    private string? _formError;

    private IJSObjectReference? _module;
    private bool _disposed;

    /// <summary>The import modes, in the order of their tabs.</summary>
    private enum ImportMode
    {
        Paste = 0,
        File = 1,
        Url = 2,
    }

    private enum Work
    {
        None,
        Converting,
        Reading,
        Fetching,
        Saving,
    }

    private enum Focus
    {
        None,
        Preview,
        Source,
    }

    [Parameter, EditorRequired]
    public string WorkspaceId { get; set; } = string.Empty;

    [Parameter, EditorRequired]
    public ClaimsPrincipal User { get; set; } = new();

    /// <summary>The server refused the import because the user's access changed (the message says why).</summary>
    [Parameter]
    public EventCallback<string> OnRefused { get; set; }

    [Inject]
    private ImportService Imports { get; set; } = default!;

    [Inject]
    private WorkspaceService Workspaces { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private bool Busy => _busy != Work.None;

    private static string MaxTextSize => $"{WorkspaceRules.MaxTextBytes / (1024 * 1024)} MB";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _work?.Cancel();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // the circuit is gone, and the module with it
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_mode == ImportMode.File && _fileReadyKey != _fileKey)
        {
            _fileReadyKey = _fileKey;
            StateHasChanged();
        }

        var focus = _focus;
        _focus = Focus.None;
        try
        {
            switch (focus)
            {
                case Focus.Preview when _preview is not null:
                    await _previewHeading.FocusAsync();
                    break;
                case Focus.Source when _mode == ImportMode.File:
                    if (_fileButton is not null)
                    {
                        await _fileButton.FocusAsync();
                    }

                    break;
                case Focus.Source when _mode == ImportMode.Url:
                    if (_urlField is not null)
                    {
                        await _urlField.FocusAsync();
                    }

                    break;
                case Focus.Source:
                    await _textArea.FocusAsync();
                    break;
            }
        }
        catch (JSException)
        {
            // the element left the page before it could take focus: nothing to do
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone
        }
    }

    private static string FormatName(string format) => format switch
    {
        "markdown" => "Markdown",
        "html" => "HTML",
        _ => "Plain text",
    };

    private void SetMode(int index)
    {
        var mode = (ImportMode)index;
        if (Busy)
        {
            return;
        }

        if (_mode != mode)
        {
            _fileReadyKey = -1; // a new file input is rendered for the file mode
        }

        _mode = mode;
        _status = null;
    }

    private void Cancel() => _work?.Cancel();

    private async Task PreviewPasteAsync()
    {
        if (Busy)
        {
            return;
        }

        _status = null;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _textError = WorkspaceRules.CheckTextSize(await _module.InvokeAsync<long>("byteLength", _textArea));
            if (_textError is not null)
            {
                return;
            }

            _busy = Work.Converting;
            StateHasChanged();
            var text = await ReadPastedAsync(_module);
            ShowPreview(await Imports.PreviewTextAsync(WorkspaceId, User, text, _format));
        }
        catch (DomainException exception)
        {
            await ShowSourceProblemAsync(exception.Error, message => _textError = message);
        }
        catch (ArgumentOutOfRangeException)
        {
            // the browser sent more than it announced: the stream's own limit stopped it
            _textError = WorkspaceRules.CheckTextSize(WorkspaceRules.MaxTextBytes + 1L);
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone; nothing to show
        }
        finally
        {
            _busy = Work.None;
        }
    }

    private async Task<string> ReadPastedAsync(IJSObjectReference module)
    {
        await using var reference = await module.InvokeAsync<IJSStreamReference>("read", _textArea);
        await using var stream = await reference.OpenReadStreamAsync(maxAllowedSize: WorkspaceRules.MaxTextBytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private async Task FileChosenAsync(InputFileChangeEventArgs e)
    {
        if (Busy)
        {
            return;
        }

        _status = null;
        var file = e.File;
        _fileError = Imports.CheckFile(file.Name, file.Size);
        if (_fileError is not null)
        {
            _fileKey++;
            _focus = Focus.Source;
            return;
        }

        _fileName = file.Name;
        _percent = 0;
        _busy = Work.Reading;
        using var work = _work = new CancellationTokenSource();
        try
        {
            var bytes = await ReadFileAsync(file, work.Token);
            if (bytes is null)
            {
                _fileError = $"\"{file.Name}\" arrived incomplete. Choose it again.";
                return;
            }

            _busy = Work.Converting;
            StateHasChanged();
            ShowPreview(await Imports.PreviewFileAsync(WorkspaceId, User, file.Name, bytes));
        }
        catch (DomainException exception)
        {
            await ShowSourceProblemAsync(exception.Error, message => _fileError = message);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            if (!_disposed)
            {
                _status = $"Upload of {file.Name} cancelled; nothing was imported.";
            }
        }
        catch (IOException exception)
        {
            // the browser stopped sending (the file changed on disk, or was larger than announced)
            _fileError = $"\"{file.Name}\" could not be read ({exception.Message}). Choose it again.";
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone
        }
        finally
        {
            _work = null;
            _busy = Work.None;

            // a new, empty file input: choosing the same file again (after fixing it) must be noticed
            _fileKey++;
            if (_preview is null)
            {
                _focus = Focus.Source;
            }
        }
    }

    /// <summary>Reads the upload in chunks, re-rendering as the percentage grows; null when fewer bytes came than announced.</summary>
    private async Task<byte[]?> ReadFileAsync(IBrowserFile file, CancellationToken cancellationToken)
    {
        var bytes = new byte[file.Size];
        await using var stream = file.OpenReadStream(Imports.MaxFileBytes, cancellationToken);
        var read = 0;
        while (read < bytes.Length)
        {
            var count = await stream.ReadAsync(bytes.AsMemory(read, Math.Min(ChunkBytes, bytes.Length - read)), cancellationToken);
            if (count == 0)
            {
                return null;
            }

            read += count;
            var percent = (int)(read * 100L / bytes.Length);
            if (percent != _percent)
            {
                _percent = percent;
                StateHasChanged();
            }
        }

        return bytes;
    }

    private async Task FetchAsync()
    {
        if (Busy)
        {
            return;
        }

        _status = null;
        _urlError = string.IsNullOrWhiteSpace(_url) ? "Enter the address of the page, e.g. https://example.org/article." : null;
        if (_urlError is not null)
        {
            return;
        }

        _busy = Work.Fetching;
        using var work = _work = new CancellationTokenSource();
        try
        {
            StateHasChanged();
            ShowPreview(await Imports.FetchAsync(WorkspaceId, User, _url.Trim(), work.Token));
        }
        catch (UrlImportException exception)
        {
            _urlError = exception.Message;
        }
        catch (DomainException exception)
        {
            await ShowSourceProblemAsync(exception.Error, message => _urlError = message);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            if (!_disposed)
            {
                _status = "Fetching cancelled; nothing was imported.";
            }
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone
        }
        finally
        {
            _work = null;
            _busy = Work.None;

            // the address field was disabled while fetching, and lost focus: give it back
            if (_preview is null)
            {
                _focus = Focus.Source;
            }
        }
    }

    private void ShowPreview(ImportPreview preview)
    {
        _preview = preview;
        _shownText = Shown(preview);
        _title = preview.SuggestedTitle;

        // a fetched page's address fills in the source; one left from an earlier fetch does not stick to other text
        _sourceUrl = preview.SourceUrl ?? (_sourceFromFetch ? string.Empty : _sourceUrl);
        _sourceFromFetch = preview.SourceUrl is not null;

        _titleError = _sourceError = _formError = null;
        _textError = _fileError = _urlError = null;
        _focus = Focus.Preview;
    }

    private void Back()
    {
        if (Busy)
        {
            return;
        }

        _preview = null;
        _shownText = string.Empty;
        _titleError = _sourceError = _formError = null;
        _focus = Focus.Source;
    }

    private async Task CreateAsync()
    {
        if (Busy || _preview is null)
        {
            return;
        }

        _formError = null;
        _titleError = WorkspaceRules.CheckTitle(_title);
        _sourceError = WorkspaceRules.CheckOptionalWebUrl(_sourceUrl);
        if (_titleError is not null || _sourceError is not null)
        {
            return;
        }

        _busy = Work.Saving;
        try
        {
            StateHasChanged();

            // the confirmed text is stored as it is shown: as plain text (the domain normalises it again, which changes nothing)
            var documentId = await Workspaces.ImportDocumentAsync(WorkspaceId, User, _title, _preview.Text, "text", _sourceUrl);
            Navigation.NavigateTo($"documents/{Uri.EscapeDataString(documentId)}");
        }
        catch (DomainException exception)
        {
            switch (exception.Error.Code)
            {
                case ErrorCodes.TitleRequired or ErrorCodes.TitleTooLong:
                    _titleError = exception.Error.Message;
                    break;
                case ErrorCodes.UrlInvalid:
                    _sourceError = exception.Error.Message;
                    break;
                default:
                    _formError = exception.Error.Message;
                    if (exception.Error.Kind is DomainErrorKind.Forbidden or DomainErrorKind.NotFound)
                    {
                        await OnRefused.InvokeAsync(exception.Error.Message);
                    }

                    break;
            }
        }
        catch (TimeoutException)
        {
            _formError = "The import did not finish in time. Look for the document in the list before you try again.";
        }
        finally
        {
            _busy = Work.None;
        }
    }

    /// <summary>A refusal of the role goes to the page; anything else sits next to the field that caused it.</summary>
    private async Task ShowSourceProblemAsync(DomainError error, Action<string> showNextToField)
    {
        if (error.Kind is DomainErrorKind.Forbidden or DomainErrorKind.NotFound)
        {
            await OnRefused.InvokeAsync(error.Message);
            return;
        }

        showNextToField(error.Message);
    }

    private static string Shown(ImportPreview preview)
    {
        if (preview.Characters <= MaxShownCharacters)
        {
            return preview.Text;
        }

        var end = 0;
        var runes = 0;
        foreach (var rune in preview.Text.EnumerateRunes())
        {
            if (runes++ == MaxShownCharacters)
            {
                break;
            }

            end += rune.Utf16SequenceLength;
        }

        return preview.Text[..end];
    }

    private static string PreviewHint(ImportPreview preview) =>
        preview.Characters <= MaxShownCharacters
            ? "Read-only: this is the text highlights will refer to. To change it, go back and edit the source."
            : $"Read-only. Showing the first {MaxShownCharacters.ToString("N0", CultureInfo.InvariantCulture)} of {preview.Characters.ToString("N0", CultureInfo.InvariantCulture)} characters; all of them will be imported.";

    private static string CharacterCount(int characters) =>
        characters == 1 ? "1 character" : $"{characters.ToString("N0", CultureInfo.InvariantCulture)} characters";
}
