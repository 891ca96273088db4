using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AnnotateHub.EndToEnd.Tests;

/// <summary>
/// Runs the real AnnotateHub web app as a child process on a free loopback port, with its own temporary data
/// folder, and kills it (by process id) on dispose.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppHost(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The Orleans gateway port of this app's silo (what the admin CLI connects to while the app runs).</summary>
    public int GatewayPort { get; private init; }

    /// <summary>Runs the admin CLI against this app's data folder with the app's cluster settings, while the app runs.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAdminAsync(params string[] args) =>
        RunAdminAsync(DataFolder, new Dictionary<string, string> { ["Cluster:GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }, args);

    /// <summary>Runs <c>dotnet AnnotateHub.Web.dll admin …</c> (the real executable) against a data folder.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAdminAsync(string dataFolder, params string[] args) =>
        RunAdminAsync(dataFolder, new Dictionary<string, string>(), args);

    /// <summary>Runs <c>dotnet AnnotateHub.Web.dll admin …</c> against a data folder with extra settings (<c>Section:Key</c>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAdminAsync(string dataFolder, IDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "AnnotateHub.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll());
        start.ArgumentList.Add("admin");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Storage__DataFolder"] = dataFolder;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the admin CLI.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string WebDll()
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "AnnotateHub.Web", "bin", Configuration, "net10.0", "AnnotateHub.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The web app is not built at {dll}; build the solution in {Configuration} first.");
    }

    /// <summary>
    /// Starts the app on <paramref name="dataFolder"/> (a new temporary folder when null) at <paramref name="baseAddress"/>
    /// (a free loopback port when null: pass a stopped host's address and folder to start the same server again).
    /// </summary>
    public static async Task<AppHost> StartAsync(IDictionary<string, string>? settings = null, string? dataFolder = null, Uri? baseAddress = null)
    {
        var projectDir = Path.Combine(RepositoryRoot(), "src", "AnnotateHub.Web");
        var dll = WebDll();

        dataFolder ??= Directory.CreateTempSubdirectory("annotatehub-e2e-").FullName;
        baseAddress ??= new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["Storage__DataFolder"] = dataFolder;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__AnnotateHub"] = "Information";
        start.Environment["Cluster__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gatewayPort = FreePort();
        start.Environment["Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web app.");
        var host = new AppHost(process, baseAddress, dataFolder) { GatewayPort = gatewayPort };
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await host.DisposeAsync(); // never leave a half-started app running behind a failed test
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The password the demo seed printed for <paramref name="email"/> on first run.</summary>
    public string DemoPassword(string email)
    {
        // the app prints the passwords in a block right after its "ready" line, and its output reaches us through an
        // asynchronous reader: give that reader a moment to catch up
        var pattern = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(email) + "\\s+(\\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var match = pattern.Match(Output);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The app printed no demo password for {email} within 15 s. Output:\n{Output}");
            }

            Thread.Sleep(50);
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AnnotateHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AnnotateHub.sln not found above " + AppContext.BaseDirectory);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with code {_process.ExitCode} before it answered. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The web app did not answer 200 on /healthz within {timeout.TotalSeconds} s. Output:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
