using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace AnnotateHub.Accounts.Migrations.Postgres;

/// <summary>
/// The ASP.NET Core Data Protection key ring (<c>DataProtectionKey</c>: Id, FriendlyName, Xml), which every node reads,
/// so that a cookie or antiforgery token issued by one node is accepted by the others.
/// </summary>
/// <remarks>Hand-written; judged by <c>PostgresSchemaTests</c> like <see cref="Accounts"/>. Only adds a table.</remarks>
[DbContext(typeof(PostgresAccountsDbContext))]
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
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
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
