using System.Diagnostics;
using AnnotateHub.Benchmarks;

// dotnet run -c Release --project tests/AnnotateHub.Benchmarks -- [--quick] [--filter prefix]
// One line per figure (see Figure.cs), each baseline measured in this run; header lines start with '#'.
var quick = false;
string? filter = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--filter" when i + 1 < args.Length:
            filter = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: dotnet run -c Release --project tests/AnnotateHub.Benchmarks -- [--quick] [--filter prefix]");
            Console.WriteLine("figures: " + string.Join(", ", Suite.All.SelectMany(b => b.Figures)));
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}

var selected = Suite.All.Where(b => filter is null || b.Figures.Any(f => f.StartsWith(filter, StringComparison.Ordinal))).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no figure starts with '{filter}'; figures: {string.Join(", ", Suite.All.SelectMany(b => b.Figures))}");
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
        foreach (var figure in figures.Where(f => filter is null || f.Name.StartsWith(filter, StringComparison.Ordinal)))
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
