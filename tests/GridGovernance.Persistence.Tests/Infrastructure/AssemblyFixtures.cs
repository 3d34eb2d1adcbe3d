// One private PostgreSQL cluster for the whole test run of this assembly; each test creates its own database.
[assembly: AssemblyFixture(typeof(GridGovernance.TestSupport.Hosts.PostgresServer))]
