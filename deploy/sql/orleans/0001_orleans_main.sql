-- Orleans ADO.NET providers (Microsoft.Orleans.*.AdoNet 10.4.2, invariant "Npgsql"): the query table.
-- Adapted from dotnet/orleans src/AdoNet/Shared/PostgreSQL-Main.sql (MIT License,
-- Copyright (c) .NET Foundation and Contributors). The NuGet packages do not ship the scripts.
-- Adapted only to be idempotent (CREATE TABLE IF NOT EXISTS); names, types and constraints are upstream's.
--
-- Orleans reads and writes only through the queries stored in this table (looked up by QueryKey at
-- start-up) and binds columns and parameters by name, so the names must stay exactly as upstream.
-- Names are unquoted, as upstream, so PostgreSQL folds them to lower case (orleansquery, querykey, ...).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY(QueryKey)
);
