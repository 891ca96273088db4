using System.Net;
using System.Text.Json.Nodes;
using AnnotateHub.Domain;
using AnnotateHub.Grains;
using AnnotateHub.Storage.Sqlite;
using AnnotateHub.Web.Admin;
using AnnotateHub.Web.Hosting;
using AnnotateHub.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Web.Tests;

/// <summary>Agreement statistics and the verifiable audit trail, through the API (and <c>admin verify</c>) on a real SQLite file.</summary>
[Collection(ApiCollection.Name)]
public sealed class QualityApiTests(ApiFactory factory)
{
    private const string Text = "The mayor said crime fell 20%. Critics said taxes rose. The council met twice.";

    private sealed record Desk(Team Team, string DocumentId)
    {
        public string Agreement => $"/api/v1/workspaces/{Team.WorkspaceId}/agreement";

        public string Verify => $"/api/v1/workspaces/{Team.WorkspaceId}/audit/verify";

        public string Events => $"/api/v1/workspaces/{Team.WorkspaceId}/audit/events";
    }

    /// <summary>
    /// Three claims: "crime fell" both reviewers false (consensus); "taxes rose" true vs mostly-false (disputed, then ruled
    /// true by the moderator); "met twice" both mixed (consensus).
    /// </summary>
    private async Task<Desk> VotedDeskAsync(string name)
    {
        var team = await Team.CreateAsync(factory, name);
        var documentId = await team.ImportAsync("Council statement", Text);
        async Task<string> ClaimAsync(string exact, string first, string second, string rationale = "Checked too.")
        {
            var claim = await team.AnnotateAsync(documentId, new { exact });
            var url = $"/api/v1/documents/{documentId}/annotations/{claim["id"]!.GetValue<string>()}";
            await team.Reviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = first, rationale = "Checked." });
            await team.SecondReviewer.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"{url}/votes/me", new { verdict = second, rationale });
            return url;
        }

        await ClaimAsync("crime fell 20%", "false", "false");
        var taxes = await ClaimAsync("taxes rose", "true", "mostly-false", "Taxes fell 5% says the budget.");
        await ClaimAsync("met twice", "mixed", "mixed");
        await team.Moderator.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{taxes}/resolution", new { verdict = "true", rationale = "The budget shows it." });
        return new Desk(team, documentId);
    }

    private static double Rate(JsonNode share) => share["rate"]!.GetValue<double>();

    [Fact]
    public async Task GivenVotedClaims_WhenAMemberAsksForAgreement_ThenAlphaPercentRulingsAndDisputesAreReported()
    {
        var desk = await VotedDeskAsync("Agreement desk");

        var agreement = await desk.Team.Viewer.Api.GetJsonAsync(desk.Agreement);

        var workspace = agreement["workspace"]!;
        Assert.Equal(3, workspace["claims"]!.GetValue<int>());
        Assert.Equal(3, workspace["claimsWithTwoVotes"]!.GetValue<int>());
        Assert.Equal(2.0 / 3, Rate(workspace["percentAgreement"]!), 4);
        var expectedAlpha = Krippendorff.Alpha([[1, 1], [5, 2], [3, 3]], MeasurementLevel.Ordinal)!.Value;
        Assert.Equal(Math.Round(expectedAlpha, 4), workspace["alpha"]!.GetValue<double>());
        Assert.Equal(0.5, Rate(workspace["rulingAgreement"]!));
        Assert.Equal(1.0 / 3, Rate(workspace["disputedRate"]!), 4);
        Assert.Equal("Council statement", agreement["documents"]![0]!["title"]!.GetValue<string>());
        var reviewers = agreement["reviewers"]!.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>());
        Assert.Equal(1.0, Rate(reviewers["Rita Reviewer"]!["withRulings"]!));
        Assert.Equal(0.0, Rate(reviewers["Rob Reviewer"]!["withRulings"]!));
        Assert.Equal(3, reviewers["Rob Reviewer"]!["votes"]!.GetValue<int>());
    }

    [Fact]
    public async Task GivenAnOutsiderOrABlindWorkspace_WhenAskingForAgreement_ThenTheAnswerIsAProblemAndNothingLeaks()
    {
        var desk = await VotedDeskAsync("Private agreement desk");
        var outsider = await factory.CreateMemberAsync(await factory.CreateWorkspaceAsync("Elsewhere"), WorkspaceRole.Admin);

        await ApiAssert.ProblemAsync(await outsider.Api.GetAsync(desk.Agreement), HttpStatusCode.NotFound);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var workspace = scope.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IWorkspaceGrain>(desk.Team.WorkspaceId);
            var settings = (await workspace.GetAsync()).Settings;
            await workspace.UpdateSettingsAsync(new Actor(desk.Team.Admin.Id, WorkspaceRole.Admin), settings with { BlindVoting = true });
        }

        await ApiAssert.ProblemAsync(await desk.Team.Reviewer.Api.GetAsync(desk.Agreement), HttpStatusCode.Forbidden);
        await desk.Team.Moderator.Api.GetJsonAsync(desk.Agreement);
    }

    [Fact]
    public async Task GivenOneByteOfAStoredEventChangedInTheDatabaseFile_WhenVerified_ThenTheApiAndTheCliNameTheDocumentAndVersion()
    {
        var desk = await VotedDeskAsync("Tamper desk");
        var before = await desk.Team.Admin.Api.GetJsonAsync(desk.Verify);
        Assert.Equal("intact", before["status"]!.GetValue<string>());
        Assert.Equal(1, before["documents"]!.GetValue<int>());
        await ApiAssert.ProblemAsync(await desk.Team.Moderator.Api.GetAsync(desk.Verify), HttpStatusCode.Forbidden);

        // Rob's rationale on "taxes rose" said 5%: make it say 9%, one byte, in the file.
        var version = await ChangeOneByteOfAVote(desk.DocumentId, "fell 5%", "fell 9%");

        var after = await desk.Team.Admin.Api.GetJsonAsync(desk.Verify);
        Assert.Equal("broken", after["status"]!.GetValue<string>());
        Assert.Equal(desk.DocumentId, after["broken"]!["documentId"]!.GetValue<string>());
        Assert.Equal(version, after["broken"]!["version"]!.GetValue<long>());

        var (exit, stdout) = await CliVerifyAsync(desk.Team.WorkspaceId);
        Assert.Equal(AdminAudit.BrokenExitCode, exit);
        Assert.Contains($"broken at document {desk.DocumentId}, version {version}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASealedWorkspace_WhenTheLastEventsOfADocumentAreRemoved_ThenVerificationCatchesIt()
    {
        var desk = await VotedDeskAsync("Sealed desk");
        var (exit, stdout) = await CliVerifyAsync(desk.Team.WorkspaceId);
        Assert.True(exit == 0, stdout);
        Assert.Contains("sealed the current heads (seal 1)", stdout, StringComparison.Ordinal);
        Assert.EndsWith("intact", stdout.Trim(), StringComparison.Ordinal);

        // Removing the tail of a stream leaves that stream's own chain consistent; only the seal tells.
        var last = await RawAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM events WHERE stream_id = $s AND version = (SELECT max(version) FROM events WHERE stream_id = $s) RETURNING version;";
            command.Parameters.AddWithValue("$s", DocumentStreams.StreamId(desk.DocumentId));
            return (long)command.ExecuteScalar()!;
        });

        var after = await desk.Team.Admin.Api.GetJsonAsync(desk.Verify);
        Assert.Equal("broken", after["status"]!.GetValue<string>());
        Assert.Equal(desk.DocumentId, after["broken"]!["documentId"]!.GetValue<string>());
        Assert.Equal(last, after["broken"]!["version"]!.GetValue<long>());
        Assert.Contains("removed", after["broken"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheScheduledSeal_WhenTheLastEventOfADocumentIsRemovedLater_ThenVerificationCatchesItWithNoAdminHavingVerified()
    {
        var desk = await VotedDeskAsync("Scheduled seal desk");
        var sealer = factory.Services.GetRequiredService<AuditSealer>();

        // every workspace, this one included, is verified and sealed by "system"; heads already sealed are not sealed again
        Assert.True(await sealer.SealAllAsync() >= 1);
        var sealedOnce = await desk.Team.Admin.Api.GetJsonAsync(desk.Verify);
        Assert.Equal(1, sealedOnce["seals"]!.GetValue<long>());
        await sealer.SealAllAsync();
        Assert.Equal(1, (await desk.Team.Admin.Api.GetJsonAsync(desk.Verify))["seals"]!.GetValue<long>());

        var last = await RawAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM events WHERE stream_id = $s AND version = (SELECT max(version) FROM events WHERE stream_id = $s) RETURNING version;";
            command.Parameters.AddWithValue("$s", DocumentStreams.StreamId(desk.DocumentId));
            return (long)command.ExecuteScalar()!;
        });

        var after = await desk.Team.Admin.Api.GetJsonAsync(desk.Verify);
        Assert.Equal("broken", after["status"]!.GetValue<string>());
        Assert.Equal(last, after["broken"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task GivenChanges_WhenAnAdminReadsTheAuditLog_ThenItFiltersByPersonDocumentAndKindAndExportsCsv()
    {
        var desk = await VotedDeskAsync("Audit log desk");

        var votes = await desk.Team.Admin.Api.GetJsonAsync($"{desk.Events}?kind=vote-cast");
        Assert.Equal(6, votes["events"]!.AsArray().Count);
        Assert.All(votes["events"]!.AsArray(), e => Assert.Equal("vote-cast", e!["kind"]!.GetValue<string>()));
        var rulings = await desk.Team.Admin.Api.GetJsonAsync($"{desk.Events}?person={desk.Team.Moderator.Id}&document={desk.DocumentId}");
        var ruling = Assert.Single(rulings["events"]!.AsArray());
        Assert.Equal("Mo Moderator", ruling!["actor"]!.GetValue<string>());
        Assert.Equal("ruled true", ruling["detail"]!.GetValue<string>());

        var csv = await desk.Team.Admin.Api.GetAsync($"{desk.Events}?kind=vote-cast&person={desk.Team.SecondReviewer.Id}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor,actor_id,document,document_id,version,kind,annotation_id,detail", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines[1..], l => Assert.Contains(",Rob Reviewer,", l, StringComparison.Ordinal));

        await ApiAssert.ProblemAsync(await desk.Team.Admin.Api.GetAsync($"{desk.Events}?kind=nonsense"), HttpStatusCode.UnprocessableEntity, "kind-unknown");
        await ApiAssert.ProblemAsync(await desk.Team.Reviewer.Api.GetAsync(desk.Events), HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Changes the stored payload of the document's first event containing <paramref name="from"/> to
    /// <paramref name="to"/> (same length but one byte) directly in the SQLite file, bypassing the store; returns its version.
    /// </summary>
    private Task<long> ChangeOneByteOfAVote(string documentId, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        Assert.Equal(1, from.Zip(to).Count(p => p.First != p.Second));
        return RawAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE events SET data = CAST(replace(CAST(data AS TEXT), $from, $to) AS BLOB)
                WHERE rowid = (SELECT rowid FROM events WHERE stream_id = $s AND instr(CAST(data AS TEXT), $from) > 0 ORDER BY version LIMIT 1)
                RETURNING version;
                """;
            command.Parameters.AddWithValue("$s", DocumentStreams.StreamId(documentId));
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            return (long)command.ExecuteScalar()!;
        });
    }

    private Task<T> RawAsync<T>(Func<SqliteConnection, T> action)
    {
        var store = factory.Services.GetRequiredService<OpenedStore>().Store;
        var path = Assert.IsType<SqliteEventStore>(store).Options.FullPath;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return Task.FromResult(action(connection));
    }

    private async Task<(int Exit, string Out)> CliVerifyAsync(string workspaceId)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        await using var scope = factory.Services.CreateAsyncScope();
        var exit = await AdminAudit.VerifyAsync(scope.ServiceProvider, new Dictionary<string, string> { ["workspace"] = workspaceId }, stdout, stderr);
        return (exit, stdout + stderr.ToString());
    }
}
