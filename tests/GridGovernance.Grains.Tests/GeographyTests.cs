using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests;

[Collection(GrainCluster.Name)]
public sealed class GeographyTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Import_ValidGrid_DefinesCommunitiesAndCellsAndTheOverviewCountsThem()
    {
        var grid = new TestGrid();

        var result = await grid.ImportAsync(Grains);

        Assert.Equal((2, 4, 4, 0, 0, 1), (result.Communities, result.Cells, result.Added, result.Changed, result.Retired, result.Version));
        var overview = await Eventually.ReturnsAsync(() => Grains.District(grid.District).GetOverviewAsync().AsTask(),
            o => o.Communities.Sum(c => c.Cells) == 4, TimeSpan.FromSeconds(10), "4 cells in the overview");
        Assert.Equal([grid.CommunityA, grid.CommunityB], overview.Communities.Select(c => c.Code));
    }

    [Fact]
    public async Task Import_DryRun_ReportsAndChangesNothing()
    {
        var grid = new TestGrid();

        var result = await Grains.District(grid.District).ImportAsync(new GridImportRequest(grid.GeoJson(), DryRun: true, null), "test");

        Assert.True(result.Outcome.IsOk);
        Assert.False(result.Applied);
        Assert.Equal(4, result.Added);
        Assert.Equal(0, await Grains.District(grid.District).GetVersionAsync());
    }

    [Fact]
    public async Task Import_BadDocument_NamesEachBadFeatureAndChangesNothing()
    {
        var grid = new TestGrid();
        var bad = grid.GeoJson().Replace($"\"code\":\"{grid.A2.Value}\"", $"\"code\":\"{grid.A1.Value}\"", StringComparison.Ordinal);

        var result = await Grains.District(grid.District).ImportAsync(new GridImportRequest(bad, false, null), "test");

        Assert.Equal(OutcomeKind.Invalid, result.Outcome.Kind);
        Assert.Contains(result.Issues, i => i.Problem == "duplicate-code" && i.Code == grid.A1.Value);
        Assert.Equal(0, await Grains.District(grid.District).GetVersionAsync());
    }

    [Fact]
    public async Task Locate_PointInCell_ReturnsCellAndCommunity_AndOutsideIsNoCell()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var locator = Grains.Locator(grid.District);

        var inside = await locator.LocateAsync(TestGrid.Centre(1, 1), 1);
        var outside = await locator.LocateAsync(new GeoPoint(TestGrid.West - 0.05, TestGrid.South), 1);

        Assert.Equal(new CellLocation(grid.B2, grid.CommunityB), inside);
        Assert.Null(outside);
    }

    [Fact]
    public async Task Reimport_BorderMoves_PropertyIsReassignedToTheCellThatNowCoversIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        // A point at 0.75 of A-1's width: in A-1 now, in A-2 once the border moves west to 0.5.
        var point = new GeoPoint(TestGrid.West + 0.75 * TestGrid.Size, TestGrid.South + 0.5 * TestGrid.Size);
        await Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "1 Test Road", point, new Landlord("L", "1"), RiskGrade.Green, null), "test");
        Assert.Equal(grid.A1, (await Grains.Property(id).GetAsync())!.Cell);

        var result = await grid.ImportAsync(Grains, splitColumn: 0.5);

        Assert.Equal((2, 1), (result.Changed, result.Relocated));
        Assert.Equal(grid.A2, (await Grains.Property(id).GetAsync())!.Cell);
        Assert.DoesNotContain(new EntityRef(EntityKind.RentalProperty, id.Value), await Grains.Cell(grid.A1).GetMembersAsync());
        Assert.Contains(new EntityRef(EntityKind.RentalProperty, id.Value), await Grains.Cell(grid.A2).GetMembersAsync());
    }

    [Fact]
    public async Task Register_PointInNoCell_IsHeldByTheDistrictsNoCellHolder_AndPlacedWhenAGridCoversIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        var east = new GeoPoint(TestGrid.West + 2.5 * TestGrid.Size, TestGrid.South + 0.5 * TestGrid.Size);
        await Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "1 Test Road", east, new Landlord("L", "1"), RiskGrade.Green, null), "test");
        Assert.Null((await Grains.Property(id).GetAsync())!.Cell);
        Assert.Contains(new EntityRef(EntityKind.RentalProperty, id.Value), await Grains.Cell(NoCell.For(grid.District)).GetMembersAsync());

        var result = await grid.ImportAsync(Grains, width: 3.0);

        Assert.Equal(1, result.Relocated);
        Assert.Equal(grid.A2, (await Grains.Property(id).GetAsync())!.Cell);
        Assert.Empty(await Grains.Cell(NoCell.For(grid.District)).GetMembersAsync());
    }

    [Fact]
    public async Task Register_UnknownDistrict_IsInvalidNamingTheDistrict()
    {
        var outcome = await Grains.Property(new PropertyId(Guid.NewGuid())).RegisterAsync(
            new RegisterProperty(new DistrictCode("NOGRID"), "1 Test Road", TestGrid.Centre(0, 0), new Landlord("L", "1"), RiskGrade.Green, null), "test");

        Assert.Equal((OutcomeKind.Invalid, "district", "unknown-district"), (outcome.Kind, outcome.Field, outcome.Problem));
    }

    [Fact]
    public async Task Move_ToAPointInAnotherCell_MovesTheMemberAndItsDeadlineEntry()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        await Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "1 Test Road", TestGrid.Centre(0, 0), new Landlord("L", "1"), RiskGrade.Green, null), "test");

        var outcome = await Grains.Property(id).MoveAsync(TestGrid.Centre(1, 1), "test");

        Assert.True(outcome.IsOk, outcome.Detail);
        Assert.Equal((grid.B2, grid.CommunityB), ((await Grains.Property(id).GetAsync())!.Cell!.Value, (await Grains.Property(id).GetAsync())!.Community!.Value));
        Assert.Equal((0, 0), ((await Grains.Cell(grid.A1).GetSummaryAsync())!.Properties, (await Grains.Cell(grid.A1).GetSummaryAsync())!.PendingDeadlines));
        Assert.Equal((1, 1), ((await Grains.Cell(grid.B2).GetSummaryAsync())!.Properties, (await Grains.Cell(grid.B2).GetSummaryAsync())!.PendingDeadlines));
    }

    [Fact]
    public async Task Move_ToInvalidCoordinates_IsInvalidAndChangesNothing()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        await Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "1 Test Road", TestGrid.Centre(0, 0), new Landlord("L", "1"), RiskGrade.Green, null), "test");

        var outcome = await Grains.Property(id).MoveAsync(new GeoPoint(200, 0), "test");

        Assert.Equal((OutcomeKind.Invalid, "location"), (outcome.Kind, outcome.Field));
        Assert.Equal(grid.A1, (await Grains.Property(id).GetAsync())!.Cell);
    }

    [Fact]
    public async Task Worker_AssignedToCells_IsCountedByEachCell_AndReassignmentMovesTheCount()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var worker = Grains.Worker(new WorkerId(Guid.NewGuid()));

        var first = await worker.RegisterAsync("网格员", [grid.A1, grid.A2], "test");
        var again = await worker.RegisterAsync("网格员", [grid.A2, grid.A1], "test");
        var moved = await worker.RegisterAsync("网格员", [grid.B1], "test");

        Assert.True(first.IsOk && again.IsOk && moved.IsOk, first.Detail ?? again.Detail ?? moved.Detail);
        Assert.Equal((0, 0, 1), ((await Grains.Cell(grid.A1).GetSummaryAsync())!.Workers, (await Grains.Cell(grid.A2).GetSummaryAsync())!.Workers, (await Grains.Cell(grid.B1).GetSummaryAsync())!.Workers));
        Assert.Equal([grid.B1], (await worker.GetAsync())!.Cells);
    }

    [Theory]
    [InlineData("bad code", "invalid-code")]
    [InlineData("NO-SUCH-CELL", "unknown-cell")]
    public async Task Worker_InvalidOrUnknownCell_IsInvalidNamingCells(string cell, string problem)
    {
        var outcome = await Grains.Worker(new WorkerId(Guid.NewGuid())).RegisterAsync("网格员", [new CellCode(cell)], "test");

        Assert.Equal((OutcomeKind.Invalid, "cells", problem), (outcome.Kind, outcome.Field, outcome.Problem));
    }
}
