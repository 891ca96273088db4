using System.Diagnostics;
using AnnotateHub.Benchmarks;

// dotnet run -c Release --project tests/AnnotateHub.Benchmarks -- [--quick] [--filter prefix[,prefix...]]
// One line per figure (see Figure.cs), each baseline measured in this run; header lines start with '#'.
var quick = false;
string[]? filter = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--filter" when i + 1 < args.Length:
            filter = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: dotnet run -c Release --project tests/AnnotateHub.Benchmarks -- [--quick] [--filter prefix[,prefix...]]");
            Console.WriteLine("figures: " + string.Join(", ", Suite.All.SelectMany(b => b.Figures)));
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}

bool Wanted(string figure) => filter is null || filter.Any(prefix => figure.StartsWith(prefix, StringComparison.Ordinal));
var selected = Suite.All.Where(b => b.Figures.Any(Wanted)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no figure starts with '{string.Join("' or '", filter ?? [])}'; figures: {string.Join(", ", Suite.All.SelectMany(b => b.Figures))}");
    return 2;
}

using var run = new BenchmarkRun(quick);
foreach (var line in MachineInfo.Header(run))
{
    Console.WriteLine(line);
}

var total = Stopwatch.StartNew();
var failed = false;
foreach (var benchmark in selected)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        var figures = await benchmark.Run(run);
        foreach (var figure in figures.Where(f => Wanted(f.Name)))
        {
            Console.WriteLine(figure);
        }
    }
    catch (Exception exception)
    {
        failed = true;
        Console.WriteLine($"# {benchmark.Name} FAILED: {exception}");
    }

    run.Log($"{benchmark.Name} took {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
}

Console.WriteLine($"# done in {total.Elapsed.TotalSeconds:0} s");
return failed ? 1 : 0;
