"""The encrypted local store: SQLCipher database, migrations, journal, projections."""
