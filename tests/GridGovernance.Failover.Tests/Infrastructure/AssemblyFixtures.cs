// One private PostgreSQL for the tests that do not restart it; each test makes its own database and cluster.
[assembly: AssemblyFixture(typeof(GridGovernance.TestSupport.Hosts.PostgresServer))]
