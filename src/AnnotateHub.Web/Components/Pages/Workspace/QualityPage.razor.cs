using System.Globalization;
using AnnotateHub.Domain;
using AnnotateHub.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AnnotateHub.Web.Components.Pages.Workspace;

/// <summary>
/// The workspace's agreement statistics (<see cref="QualityService"/>): Krippendorff's alpha, percent agreement, agreement
/// with rulings and disputed rate, for the workspace, each reviewer (with a chart) and each document.
/// </summary>
public sealed partial class QualityPage
{
    private AgreementReport? _report;
    private IReadOnlyDictionary<string, string> _titles = new Dictionary<string, string>();
    private string[] _reviewerLabels = [];
    private List<ChartSeries<double>> _reviewerSeries = [];
    private string? _error;

    [Inject]
    private QualityService Quality { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    protected override async Task OnWorkspaceLoadedAsync()
    {
        try
        {
            _error = null;
            (_report, _titles) = await Quality.AgreementAsync(Current!);
            var reviewers = _report.Reviewers;
            _reviewerLabels = [.. reviewers.Select(r => People.Name(r.UserId))];
            _reviewerSeries =
            [
                new() { Name = "Agrees with others", Data = new ChartData<double>([.. reviewers.Select(r => Hundred(r.WithOthers))]) },
                new() { Name = "Agrees with rulings", Data = new ChartData<double>([.. reviewers.Select(r => Hundred(r.WithRulings))]) },
            ];
        }
        catch (DomainException exception) when (exception.Error.Kind == DomainErrorKind.Forbidden)
        {
            _report = null;
            _error = exception.Message;
        }
    }

    private static double Hundred(Share share) => Math.Round((share.Rate ?? 0) * 100, 1);

    private static string Percent(Share share) =>
        share.Rate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Of(Share share, string what) =>
        share.Of == 0 ? "Nothing to count yet." : $"{share.Count} of {share.Of} {what}.";

    private static string Alpha(double? alpha) => alpha is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string AlphaAttribute(double? alpha) => alpha is { } a ? a.ToString("0.####", CultureInfo.InvariantCulture) : "none";

    private static string AlphaMeaning(double? alpha) => alpha switch
    {
        null => "Needs claims with two or more rated votes, and some variation between verdicts.",
        >= 0.8 => "Reliable agreement (0.8 or more).",
        >= 0.667 => "Tentative agreement (0.667 to 0.8).",
        _ => "Low agreement (below 0.667): compare rationales and calibrate.",
    };
}
