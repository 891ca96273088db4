using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AnnotateHub.Accounts.Migrations.Sqlite;

/// <summary>
/// The ASP.NET Core Data Protection key ring (<c>DataProtectionKey</c>: Id, FriendlyName, Xml), so that the keys that
/// sign cookies and antiforgery tokens live in the app's database and survive a restart.
/// </summary>
/// <remarks>Hand-written; judged by <c>SqliteSchemaTests</c> like <see cref="Accounts"/>. Only adds a table.</remarks>
[DbContext(typeof(SqliteAccountsDbContext))]
[Migration("20261203000001_DataProtectionKeys")]
public partial class DataProtectionKeys : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DataProtectionKeys");
    }
}
