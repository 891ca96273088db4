using AnnotateHub.Accounts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AnnotateHub.Accounts.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task GivenHostRegisteredItsClockFirst_WhenAccountsAdded_ThenAccountsUseThatClock()
    {
        var clock = new ManualClock();
        var folder = Directory.CreateTempSubdirectory("annotatehub-accounts-");
        try
        {
            var path = Path.Combine(folder.FullName, "annotatehub.db");
            await using (var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<TimeProvider>(clock)
                .AddAnnotateHubAccounts($"Data Source={path};Pooling=False")
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
            {
                await services.GetRequiredService<AccountsDatabase>().MigrateAsync();
                await using var scope = services.CreateAsyncScope();

                var result = await scope.ServiceProvider.GetRequiredService<AccountService>()
                    .CreateUserAsync("clock@example.org", "Clock", TestPasswords.Valid);

                Assert.Equal(ManualClock.DefaultStart, result.Value?.User.CreatedAt);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
